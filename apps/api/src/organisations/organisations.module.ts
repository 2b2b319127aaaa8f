import { Module } from '@nestjs/common';
import { OrganisationLoadersFactory } from './organisation.loaders';
import { OrganisationsResolver } from './organisations.resolver';
import { OrgUnitsResolver } from './org-units.resolver';
import { RoleHoldersResolver } from './role-holders.resolver';

/** Master data — organisation: enti, their org-unit trees and role holders (DESIGN §2). */
@Module({
  providers: [OrganisationLoadersFactory, OrganisationsResolver, OrgUnitsResolver, RoleHoldersResolver],
})
export class OrganisationsModule {}
