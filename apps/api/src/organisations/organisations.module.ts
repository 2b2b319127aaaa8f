import { Module } from '@nestjs/common';
import { EntiService, OrgUnitsService, RoleHoldersService } from '@sus/catalog';
import { OrganisationLoadersFactory } from './organisation.loaders';
import { OrganisationsResolver } from './organisations.resolver';
import { OrgUnitsResolver } from './org-units.resolver';
import { RoleHoldersResolver } from './role-holders.resolver';

/** Master data — organisation: enti, their org-unit trees and role holders (DESIGN §2). */
@Module({
  providers: [
    EntiService,
    OrgUnitsService,
    RoleHoldersService,
    OrganisationLoadersFactory,
    OrganisationsResolver,
    OrgUnitsResolver,
    RoleHoldersResolver,
  ],
})
export class OrganisationsModule {}
