import { Module } from '@nestjs/common';
import { CatalogLoadersFactory } from './catalog.loaders';
import { ProceduresResolver } from './procedures.resolver';

/** Master data — procedures: regional templates and their ente specialisations (DESIGN §2). */
@Module({
  providers: [CatalogLoadersFactory, ProceduresResolver],
  exports: [CatalogLoadersFactory],
})
export class ProceduresModule {}
