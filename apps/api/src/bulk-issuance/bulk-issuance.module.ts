import { Module } from '@nestjs/common';
import { BulkIssuanceResolver } from './bulk-issuance.resolver';
import { BulkIssuanceService } from './bulk-issuance.service';

@Module({ providers: [BulkIssuanceService, BulkIssuanceResolver], exports: [BulkIssuanceService] })
export class BulkIssuanceModule {}
