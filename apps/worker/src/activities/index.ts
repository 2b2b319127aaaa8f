import type {
  CieReminderRepository,
  NotificationRepository,
  PaymentRepository,
  PlatformProbeRepository,
} from '@sus/catalog';
import { createBulkIssuanceActivities, type BulkIssuancePorts } from './bulk-issuance.activities';
import type { AppIoGateway } from '../adapters/app-io/app-io.client';
import type { DebtPositionGateway } from '../adapters/gpd/gpd.client';
import { createCaseActivities, type CasePorts } from './case.activities';
import type { MailSender } from '../adapters/mail/smtp-mailer';
import { createMessageActivities } from './message.activities';
import { createPaymentActivities } from './payment.activities';
import { createPlatformProbeActivities } from './platform-probe.activities';
import { createReconciliationActivities, type ReconciliationPorts } from './reconciliation.activities';
import { createReminderActivities } from './reminder.activities';
import { createSimulationActivities, type SimulationPorts } from './simulation.activities';

export interface ActivityPorts extends CasePorts, SimulationPorts, ReconciliationPorts, BulkIssuancePorts {
  platformProbes: PlatformProbeRepository;
  workerIdentity: string;
  gpd: DebtPositionGateway;
  payments: PaymentRepository;
  notifications: NotificationRepository;
  appIo: AppIoGateway;
  mail: MailSender;
  /** Requests per second on each App IO service key, shared by all workers. */
  ioRatePerSecond: number;
  reminders: CieReminderRepository;
  /** Where citizens reach SUS's booking pages: reminders link there. */
  portalUrl: string;
}

/** Activities are built over their ports (STYLE: activities-dependency-injection). */
export function createActivities(ports: ActivityPorts) {
  return {
    ...createPlatformProbeActivities(ports),
    ...createPaymentActivities(ports),
    ...createCaseActivities(ports),
    ...createMessageActivities(ports),
    ...createReminderActivities(ports),
    ...createSimulationActivities(ports),
    ...createReconciliationActivities(ports),
    ...createBulkIssuanceActivities(ports),
  };
}

export type Activities = ReturnType<typeof createActivities>;
