import { type DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '@sus/catalog';
import { WorkerSettings } from './config';
import { CieReminderSchedules } from './temporal/cie-reminder.schedules';
import { ReceiptReconciliationSchedules } from './temporal/receipt-reconciliation.schedules';
import { SettlementFlowPullSchedules } from './temporal/settlement-flow-pull.schedules';
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
          auditPseudonymKey: settings.auditPseudonymKey,
        }),
      ],
      providers: [
        { provide: WorkerSettings, useValue: settings },
        ReceiptReconciliationSchedules,
        CieReminderSchedules,
        SettlementFlowPullSchedules,
        TemporalWorkerService,
      ],
      exports: [TemporalWorkerService],
    };
  }
}
