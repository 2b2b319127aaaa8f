import { anonymous, catalogWriters } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  ProceduresService,
  type Procedure as ProcedureRecord,
  type RequestContext,
  type UpdateProcedureInput as UpdateProcedureValues,
} from '@sus/catalog';
import { toGlobalId } from '../node/global-id';
import { OrgUnit } from '../organisations/models/org-unit.model';
import { RoleHolder } from '../organisations/models/role-holder.model';
import { pageInfoOf } from '../pagination/page-info.model';
import { Ctx, type GraphqlContext } from '../request-context/request-context';
import { CatalogLoadersFactory } from './catalog.loaders';
import { ProceduresArgs } from './dto/procedures.args';
import { UpdateProcedureInput } from './dto/update-procedure.input';
import { Procedure, ProcedureConnection, ProcedureField, ProcedureTemplate } from './models/procedure.model';

// In these fields null means "clear"; elsewhere GraphQL null means "not given".
const CLEARABLE = new Set(['transparencyNotice', 'responsibleUnitCode', 'substitutePowerHolderId']);

export function givenFields<T extends object>(input: T, clearable: ReadonlySet<string>): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(
      ([key, value]) => value !== undefined && (value !== null || clearable.has(key)),
    ),
  ) as Partial<T>;
}

@Resolver(() => Procedure)
export class ProceduresResolver {
  constructor(
    private readonly procedureService: ProceduresService,
    private readonly loaders: CatalogLoadersFactory,
  ) {}

  @Allow(anonymous)
  @Query(() => ProcedureConnection, {
    description: "The ente's procedures by code (Relay cursor pagination).",
  })
  async procedures(@Ctx() ctx: RequestContext, @Args() args: ProceduresArgs): Promise<ProcedureConnection> {
    const page = await this.procedureService.list(ctx, args.enteCode, {
      first: args.first,
      after: args.after ?? null,
    });
    return { edges: page.items as unknown as ProcedureConnection['edges'], pageInfo: pageInfoOf(page) };
  }

  @Allow(anonymous)
  @Query(() => [ProcedureTemplate], { description: 'The procedure templates enti can adopt, by code.' })
  async procedureTemplates(@Ctx() ctx: RequestContext): Promise<ProcedureTemplate[]> {
    const templates = await this.procedureService.listTemplates(ctx);
    return templates.map((template) => ({
      ...(template.fields as unknown as ProcedureTemplate),
      code: template.code,
      lockedFields: template.lockedFields as ProcedureField[],
      substitutePowerTitle: template.substitutePowerTitle,
    }));
  }

  @Allow(anonymous)
  @Query(() => Procedure, { nullable: true, description: "One of the ente's procedures, or null." })
  procedure(@Ctx() ctx: RequestContext, @Args('enteCode') enteCode: string, @Args('code') code: string) {
    return this.procedureService.findByCode(ctx, enteCode, code);
  }

  @Allow(...catalogWriters())
  @Mutation(() => Procedure, {
    description: 'The ente adopts a regional procedure template (no overrides yet).',
  })
  adoptProcedure(
    @Ctx() ctx: RequestContext,
    @Args('enteCode') enteCode: string,
    @Args('templateCode') templateCode: string,
  ) {
    return this.procedureService.adopt(ctx, enteCode, templateCode);
  }

  @Allow(...catalogWriters())
  @Mutation(() => Procedure, {
    description:
      'Sets overrides on the fields given; a field the template locks fails with TEMPLATE_FIELD_LOCKED.',
  })
  updateProcedure(
    @Ctx() ctx: RequestContext,
    @Args('enteCode') enteCode: string,
    @Args('code') code: string,
    @Args('input') input: UpdateProcedureInput,
  ) {
    return this.procedureService.update(
      ctx,
      enteCode,
      code,
      givenFields(input, CLEARABLE) as UpdateProcedureValues,
    );
  }

  @Allow(...catalogWriters())
  @Mutation(() => Procedure, {
    description: "Drops the ente's override: the field follows the template again.",
  })
  resetProcedureField(
    @Ctx() ctx: RequestContext,
    @Args('enteCode') enteCode: string,
    @Args('code') code: string,
    @Args('field', { type: () => ProcedureField }) field: ProcedureField,
  ) {
    return this.procedureService.resetField(ctx, enteCode, code, field);
  }

  @ResolveField('id', () => ID)
  globalId(@Parent() procedure: ProcedureRecord) {
    return toGlobalId('Procedure', procedure.id);
  }

  @ResolveField(() => OrgUnit, { nullable: true, description: 'Unità organizzativa responsabile.' })
  responsibleUnit(@Parent() procedure: ProcedureRecord, @Context() gql: GraphqlContext) {
    return procedure.responsibleUnitId
      ? this.loaders.for(gql).orgUnit.load(procedure.responsibleUnitId)
      : null;
  }

  @ResolveField(() => RoleHolder, { nullable: true, description: 'Titolare del potere sostitutivo.' })
  substitutePowerHolder(@Parent() procedure: ProcedureRecord, @Context() gql: GraphqlContext) {
    return procedure.substitutePowerHolderId
      ? this.loaders.for(gql).roleHolder.load(procedure.substitutePowerHolderId)
      : null;
  }
}
