import type { PaymentRepository, PlatformProbeRepository } from '@sus/catalog';
import type { DebtPositionGateway } from '../adapters/gpd/gpd.client';
import { createPaymentActivities } from './payment.activities';
import { createPlatformProbeActivities } from './platform-probe.activities';

export interface ActivityPorts {
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
  };
}

export type Activities = ReturnType<typeof createActivities>;
