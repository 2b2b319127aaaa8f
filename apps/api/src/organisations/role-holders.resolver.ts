import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RoleHoldersService, type RequestContext, type RoleHolder as RoleHolderRow } from '@sus/catalog';
import { Ctx, type GraphqlContext } from '../request-context/request-context';
import { permitted } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { SetRoleHolderInput } from './dto/set-role-holder.input';
import { Ente } from './models/ente.model';
import { OrgUnit } from './models/org-unit.model';
import { RoleHolder } from './models/role-holder.model';
import { OrganisationLoadersFactory } from './organisation.loaders';

@Resolver(() => RoleHolder)
export class RoleHoldersResolver {
  constructor(
    private readonly roleHolders: RoleHoldersService,
    private readonly loaders: OrganisationLoadersFactory,
  ) {}

  @Mutation(() => RoleHolder)
  @Allow(permitted('ente:admin', { ente: 'input.enteCode' }))
  setRoleHolder(@Ctx() ctx: RequestContext, @Args('input') input: SetRoleHolderInput) {
    return this.roleHolders.set(ctx, input);
  }

  @ResolveField(() => Ente)
  ente(@Parent() holder: RoleHolderRow, @Context() gql: GraphqlContext) {
    return this.loaders.for(gql).ente.load(holder.enteId);
  }

  @ResolveField(() => OrgUnit, {
    nullable: true,
    description: 'Null when the role is held for the whole ente.',
  })
  orgUnit(@Parent() holder: RoleHolderRow, @Context() gql: GraphqlContext) {
    return holder.orgUnitId ? this.loaders.for(gql).orgUnit.load(holder.orgUnitId) : null;
  }
}
