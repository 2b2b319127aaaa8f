import { PlatformProbes1764080000000 } from './1764080000000-platform-probes';
import { WorkerHeartbeats1764090000000 } from './1764090000000-worker-heartbeats';
import { IuvAllocation1764095000000 } from './1764095000000-iuv-allocation';
import { Payments1764096000000 } from './1764096000000-payments';
import { PaymentOptions1764097000000 } from './1764097000000-payment-options';
import { Organisations1764100000000 } from './1764100000000-organisations';
import { Catalog1764200000000 } from './1764200000000-catalog';
import { Identity1764110000000 } from './1764110000000-identity';
import { PaymentHardening1764300000000 } from './1764300000000-payment-hardening';
import { ApiKeyExpiry1764310000000 } from './1764310000000-api-key-expiry';
import { EnteHolidays1764415000000 } from './1764415000000-ente-holidays';
import { Cases1764410000000 } from './1764410000000-cases';
import { Bookings1764400000000 } from './1764400000000-bookings';
import { ApplicationRole1764430000000 } from './1764430000000-application-role';
import { CieReminders1764440000000 } from './1764440000000-cie-reminders';
import { Notifications1764420000000 } from './1764420000000-notifications';
import { ProcedureDrafts1764450000000 } from './1764450000000-procedure-drafts';
import { ReminderBatches1764470000001 } from './1764470000001-reminder-batches';
import { BulkIssuance1764490000000 } from './1764490000000-bulk-issuance';
import { PaymentTransfers1764500000001 } from './1764500000001-payment-transfers';
import { Reconciliation1764500000002 } from './1764500000002-reconciliation';
import { CaseViewAtRest1764510000000 } from './1764510000000-case-view-at-rest';

/** Listed explicitly (not globbed) so they load the same from sources, tests and dist. */
export const migrations = [
  PlatformProbes1764080000000,
  WorkerHeartbeats1764090000000,
  IuvAllocation1764095000000,
  Payments1764096000000,
  PaymentOptions1764097000000,
  Organisations1764100000000,
  Identity1764110000000,
  Catalog1764200000000,
  PaymentHardening1764300000000,
  ApiKeyExpiry1764310000000,
  Bookings1764400000000,
  Cases1764410000000,
  EnteHolidays1764415000000,
  Notifications1764420000000,
  ApplicationRole1764430000000,
  CieReminders1764440000000,
  ProcedureDrafts1764450000000,
  ReminderBatches1764470000001,
  BulkIssuance1764490000000,
  PaymentTransfers1764500000001,
  Reconciliation1764500000002,
  CaseViewAtRest1764510000000,
];
