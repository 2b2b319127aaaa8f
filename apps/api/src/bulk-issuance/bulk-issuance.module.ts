import { Module } from '@nestjs/common';
import { BulkOutputsController } from './bulk-outputs.controller';
import { BulkIssuanceResolver } from './bulk-issuance.resolver';
import { BulkIssuanceService } from './bulk-issuance.service';

@Module({
  controllers: [BulkOutputsController],
  providers: [BulkIssuanceService, BulkIssuanceResolver],
  exports: [BulkIssuanceService],
})
export class BulkIssuanceModule {}
