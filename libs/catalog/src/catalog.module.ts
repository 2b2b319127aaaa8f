import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { CaseNumbers } from './cases/case-numbers';
import { Cases } from './cases/cases.repository';
import { Tasks } from './cases/tasks.repository';
import { AUDIT_PSEUDONYM_KEY, AuditLog } from './audit/audit-log';
import { Bookings } from './bookings/bookings.service';
import { ConceptsService } from './concepts/concepts.service';
import { catalogDataSourceOptions } from './database/data-source';
import { EntiService } from './organisations/enti.service';
import { OrgUnitsService } from './organisations/org-units.service';
import { RoleHoldersService } from './organisations/role-holders.service';
import { NotificationRepository } from './notifications/notification.repository';
import { CieReminderRepository } from './notifications/cie-reminder.repository';
import { IdentityDocumentImport } from './notifications/identity-document-import';
import { IuvAllocator } from './payments/iuv-allocator';
import { PaymentIssuance } from './payments/payment-issuance';
import { BulkJobs } from './payments/bulk/bulk-jobs';
import { BulkIssuanceBatches } from './payments/bulk/bulk-issuance-batches';
import { PaymentRepository } from './payments/payment.repository';
import { PlatformProbeRepository } from './platform-probes/platform-probe.repository';
import { ProcedureDrafts } from './modeller/procedure-drafts.service';
import { ProcedureVersions } from './procedures/procedure-versions.service';
import { ProceduresService } from './procedures/procedures.service';
import { PaymentAdoptionService } from './services/payment-adoption.service';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { PaymentStatisticsService } from './reconciliation/payment-statistics.service';
import { ServicesService } from './services/services.service';
import { WorkerHeartbeatRepository } from './workers/worker-heartbeat.repository';

export interface CatalogModuleOptions {
  databaseUrl: string;
  poolSize: number;
  /** Secret of the keyed hash that pseudonymises fiscal codes in the audit log. */
  auditPseudonymKey: string;
  /** 0 lets a process start (and report Postgres down) while the database is away. */
  retryAttempts?: number;
}

/** Every service and repository of the catalog, each provided once for the whole process. */
const catalogProviders = [
  ApiKeyRepository,
  AuditLog,
  BulkJobs,
  BulkIssuanceBatches,
  CaseNumbers,
  Cases,
  Bookings,
  ConceptsService,
  EntiService,
  IuvAllocator,
  NotificationRepository,
  CieReminderRepository,
  IdentityDocumentImport,
  OrgUnitsService,
  PaymentAdoptionService,
  ReconciliationService,
  PaymentStatisticsService,
  PaymentIssuance,
  PaymentRepository,
  PlatformProbeRepository,
  ProcedureDrafts,
  ProcedureVersions,
  ProceduresService,
  RoleHoldersService,
  ServicesService,
  Tasks,
  WorkerHeartbeatRepository,
];

/**
 * The persistence of SUS as one Nest module: the api and the worker import it once at their root
 * and inject whichever catalog service a class needs.
 */
@Module({})
export class CatalogModule {
  static forRoot(options: CatalogModuleOptions): DynamicModule {
    const pseudonymKey: Provider = { provide: AUDIT_PSEUDONYM_KEY, useValue: options.auditPseudonymKey };
    return {
      module: CatalogModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...catalogDataSourceOptions(options.databaseUrl, options.poolSize),
          ...(options.retryAttempts === undefined ? {} : { retryAttempts: options.retryAttempts }),
        }),
      ],
      providers: [pseudonymKey, ...catalogProviders],
      exports: [pseudonymKey, ...catalogProviders],
    };
  }
}
