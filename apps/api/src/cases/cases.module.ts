import { Module } from '@nestjs/common';
import { CasesResolver } from './cases.resolver';
import { CasesService } from './cases.service';

/** Cases (pratiche) run by the procedure workflow (DESIGN §5): citizens' and staff operations. */
@Module({
  providers: [CasesResolver, CasesService],
})
export class CasesModule {}
