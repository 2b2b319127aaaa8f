import { Module } from '@nestjs/common';
import { ReconciliationResolver } from './reconciliation.resolver';

@Module({ providers: [ReconciliationResolver] })
export class ReconciliationModule {}
