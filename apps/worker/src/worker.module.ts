import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  catalogDataSourceOptions,
  PlatformProbeRepository,
  WorkerHeartbeatRepository,
  PaymentRepository,
  AuditLog,
  AUDIT_PSEUDONYM_KEY,
} from '@sus/catalog';
import { WorkerSettings } from './config';
import { TemporalWorkerService } from './temporal/temporal-worker.service';

@Module({})
export class WorkerModule {
  static register(settings: WorkerSettings): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        TypeOrmModule.forRoot(
          catalogDataSourceOptions(settings.values.DATABASE_URL, settings.values.DATABASE_POOL_SIZE),
        ),
      ],
      providers: [
        { provide: WorkerSettings, useValue: settings },
        PlatformProbeRepository,
        WorkerHeartbeatRepository,
        PaymentRepository,
        {
          provide: AUDIT_PSEUDONYM_KEY,
          // Development only: the config refuses production without a key of its own.
          useValue: settings.values.AUDIT_PSEUDONYM_KEY ?? 'sus-development-audit-pseudonym-key-not-secret',
        },
        AuditLog,
        TemporalWorkerService,
      ],
      exports: [TemporalWorkerService],
    };
  }
}
