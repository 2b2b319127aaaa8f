import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { OrgUnitsService, type OrgUnit as OrgUnitRow, type RequestContext } from '@sus/catalog';
import { Ctx, type GraphqlContext } from '../request-context/request-context';
import { anonymous, role, scope } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { CreateOrgUnitInput } from './dto/create-org-unit.input';
import { ImportOrgUnitsArgs } from './dto/import-org-units.args';
import { UpdateOrgUnitInput } from './dto/update-org-unit.input';
import { Ente } from './models/ente.model';
import { OrgUnitImportReport } from './models/org-unit-import-report.model';
import { OrgUnit } from './models/org-unit.model';
import { RoleHolder } from './models/role-holder.model';
import { OrganisationLoadersFactory } from './organisation.loaders';

@Resolver(() => OrgUnit)
export class OrgUnitsResolver {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly loaders: OrganisationLoadersFactory,
  ) {}

  @Query(() => [OrgUnit], { description: "The top units of the ente's tree; follow `children` down." })
  @Allow(anonymous)
  orgUnits(@Ctx() ctx: RequestContext, @Args('enteCode') enteCode: string) {
    return this.units.roots(ctx, enteCode);
  }

  @Query(() => OrgUnit, { nullable: true, description: 'One unit of the ente by its code, or null.' })
  @Allow(anonymous)
  orgUnit(@Ctx() ctx: RequestContext, @Args('enteCode') enteCode: string, @Args('code') code: string) {
    return this.units.findByCode(ctx, enteCode, code);
  }

  @Mutation(() => OrgUnitImportReport, {
    description:
      'Imports an HR export: idempotent by externalId; invalid lines are reported, valid ones written.',
  })
  @Allow(
    role('enteAdmin', { ente: 'enteCode' }),
    role('regionalAdmin'),
    scope('catalog:write', { ente: 'enteCode' }),
  )
  importOrgUnits(@Ctx() ctx: RequestContext, @Args() args: ImportOrgUnitsArgs) {
    return this.units.import(ctx, { enteCode: args.enteCode, format: args.format, content: args.content });
  }

  @Mutation(() => OrgUnit)
  @Allow(
    role('enteAdmin', { ente: 'input.enteCode' }),
    role('regionalAdmin'),
    scope('catalog:write', { ente: 'input.enteCode' }),
  )
  createOrgUnit(@Ctx() ctx: RequestContext, @Args('input') input: CreateOrgUnitInput) {
    return this.units.create(ctx, input);
  }

  @Mutation(() => OrgUnit, { description: 'Edits a unit; a new parentId moves it (never under itself).' })
  @Allow(
    role('enteAdmin', { ente: 'input.enteCode' }),
    role('regionalAdmin'),
    scope('catalog:write', { ente: 'input.enteCode' }),
  )
  updateOrgUnit(@Ctx() ctx: RequestContext, @Args('input') input: UpdateOrgUnitInput) {
    return this.units.update(ctx, input);
  }

  @ResolveField(() => [OrgUnit])
  children(@Parent() unit: OrgUnitRow, @Context() gql: GraphqlContext) {
    return this.loaders.for(gql).childrenOfUnit.load(unit.id);
  }

  @ResolveField(() => OrgUnit, { nullable: true })
  parent(@Parent() unit: OrgUnitRow, @Context() gql: GraphqlContext) {
    return unit.parentId ? this.loaders.for(gql).orgUnit.load(unit.parentId) : null;
  }

  @ResolveField(() => Ente)
  ente(@Parent() unit: OrgUnitRow, @Context() gql: GraphqlContext) {
    return this.loaders.for(gql).ente.load(unit.enteId);
  }

  @ResolveField(() => [RoleHolder])
  roleHolders(@Parent() unit: OrgUnitRow, @Context() gql: GraphqlContext) {
    return this.loaders.for(gql).roleHoldersOfUnit.load(unit.id);
  }
}
