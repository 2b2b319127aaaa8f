import { type DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '@sus/catalog';
import { WorkerSettings } from './config';
import { ReceiptReconciliationSchedules } from './temporal/receipt-reconciliation.schedules';
import { TemporalWorkerService } from './temporal/temporal-worker.service';

@Module({})
export class WorkerModule {
  static register(settings: WorkerSettings): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CatalogModule.forRoot({
          databaseUrl: settings.values.DATABASE_URL,
          poolSize: settings.values.DATABASE_POOL_SIZE,
          // Development only: the config refuses production without a key of its own.
          auditPseudonymKey:
            settings.values.AUDIT_PSEUDONYM_KEY ?? 'sus-development-audit-pseudonym-key-not-secret',
        }),
      ],
      providers: [
        { provide: WorkerSettings, useValue: settings },
        ReceiptReconciliationSchedules,
        TemporalWorkerService,
      ],
      exports: [TemporalWorkerService],
    };
  }
}
