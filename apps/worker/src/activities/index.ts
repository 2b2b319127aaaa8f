import type { PlatformProbeRepository } from '@sus/catalog';
import { createPlatformProbeActivities } from './platform-probe.activities';

export interface ActivityPorts {
  platformProbes: PlatformProbeRepository;
  workerIdentity: string;
}

/** Activities are built over their ports (STYLE: activities-dependency-injection). */
export function createActivities(ports: ActivityPorts) {
  return {
    ...createPlatformProbeActivities(ports),
  };
}

export type Activities = ReturnType<typeof createActivities>;
