import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { EntiService, type Ente as EnteRow, type RequestContext } from '@sus/catalog';
import { toGlobalId } from '../node/global-id';
import { pageInfoOf } from '../pagination/page-info.model';
import { Ctx, type GraphqlContext } from '../request-context/request-context';
import { anonymous, permitted } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { EntiArgs } from './dto/enti.args';
import { SaveEnteInput } from './dto/save-ente.input';
import { Ente, EnteConnection } from './models/ente.model';
import { IbanAccount } from './models/iban-account.model';
import { OrgUnit } from './models/org-unit.model';
import { RoleHolder } from './models/role-holder.model';
import { OrganisationLoadersFactory } from './organisation.loaders';

@Resolver(() => Ente)
export class OrganisationsResolver {
  constructor(
    private readonly entiService: EntiService,
    private readonly loaders: OrganisationLoadersFactory,
  ) {}

  @Query(() => EnteConnection, { description: 'Enti by name, a page at a time (Relay cursor pagination).' })
  @Allow(anonymous)
  async enti(@Ctx() ctx: RequestContext, @Args() args: EntiArgs): Promise<EnteConnection> {
    const page = await this.entiService.list(
      ctx,
      { type: args.type ?? null, regionCode: args.regionCode ?? null },
      { first: args.first, after: args.after ?? null },
    );
    return { edges: page.items as EnteConnection['edges'], pageInfo: pageInfoOf(page) };
  }

  @Query(() => Ente, { nullable: true, description: 'The ente with this IPA code (e.g. c_l424), or null.' })
  @Allow(anonymous)
  ente(@Ctx() ctx: RequestContext, @Args('code') code: string) {
    return this.entiService.findByCode(ctx, code);
  }

  @Mutation(() => Ente, { description: 'Creates or updates an ente by IPA code, with its IBAN accounts.' })
  @Allow(permitted('ente:admin', { ente: 'input.ipaCode' }))
  saveEnte(@Ctx() ctx: RequestContext, @Args('input') input: SaveEnteInput) {
    return this.entiService.save(ctx, {
      ...input,
      // GraphQL null on a list means "not given" here: keeping accounts is safer than wiping them.
      appIoServiceIds: input.appIoServiceIds ?? undefined,
      ibanAccounts: input.ibanAccounts ?? undefined,
    });
  }

  @ResolveField('id', () => ID)
  globalId(@Parent() ente: EnteRow) {
    return toGlobalId('Ente', ente.id);
  }

  @ResolveField(() => Ente, { nullable: true, description: 'The region a comune or unione belongs to.' })
  region(@Parent() ente: EnteRow, @Context() gql: GraphqlContext) {
    return ente.regionId ? this.loaders.for(gql).ente.load(ente.regionId) : null;
  }

  @ResolveField(() => [IbanAccount], { description: 'Default account first.' })
  ibanAccounts(@Parent() ente: EnteRow, @Context() gql: GraphqlContext) {
    return this.loaders.for(gql).ibanAccountsOfEnte.load(ente.id);
  }

  @ResolveField(() => [RoleHolder], { description: 'Roles held for the whole ente (not for one unit).' })
  roleHolders(@Parent() ente: EnteRow, @Context() gql: GraphqlContext) {
    return this.loaders.for(gql).roleHoldersOfEnte.load(ente.id);
  }

  @ResolveField(() => [OrgUnit], { description: "The top units of the ente's tree; follow `children` down." })
  orgUnits(@Parent() ente: EnteRow, @Context() gql: GraphqlContext) {
    return this.loaders.for(gql).rootUnitsOfEnte.load(ente.id);
  }
}
