import { Module } from '@nestjs/common';
import { EntiService, OrgUnitsService, ProceduresService, RoleHoldersService } from '@sus/catalog';
import { CatalogLoadersFactory } from './catalog.loaders';
import { ProceduresResolver } from './procedures.resolver';

/** Master data — procedures: regional templates and their ente specialisations (DESIGN §2). */
@Module({
  providers: [
    EntiService,
    OrgUnitsService,
    RoleHoldersService,
    ProceduresService,
    CatalogLoadersFactory,
    ProceduresResolver,
  ],
  exports: [CatalogLoadersFactory, ProceduresService],
})
export class ProceduresModule {}
