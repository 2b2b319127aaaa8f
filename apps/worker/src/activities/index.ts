import type { PaymentRepository, PlatformProbeRepository } from '@sus/catalog';
import type { DebtPositionGateway } from '../adapters/gpd/gpd.client';
import { createCaseActivities, type CasePorts } from './case.activities';
import { createPaymentActivities } from './payment.activities';
import { createPlatformProbeActivities } from './platform-probe.activities';

export interface ActivityPorts extends CasePorts {
  platformProbes: PlatformProbeRepository;
  workerIdentity: string;
  gpd: DebtPositionGateway;
  payments: PaymentRepository;
}

/** Activities are built over their ports (STYLE: activities-dependency-injection). */
export function createActivities(ports: ActivityPorts) {
  return {
    ...createPlatformProbeActivities(ports),
    ...createPaymentActivities(ports),
    ...createCaseActivities(ports),
  };
}

export type Activities = ReturnType<typeof createActivities>;
