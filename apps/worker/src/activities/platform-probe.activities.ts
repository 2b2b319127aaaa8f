import type { PlatformProbeRepository } from '@sus/catalog';
import type { PlatformProbeInput } from '@sus/contracts';
import { platformProbeWorkflowId } from '@sus/contracts';

export function createPlatformProbeActivities(ports: {
  platformProbes: PlatformProbeRepository;
  workerIdentity: string;
}) {
  return {
    async recordPlatformProbeStarted(input: PlatformProbeInput): Promise<void> {
      await ports.platformProbes.recordStarted({
        id: input.probeId,
        workflowId: platformProbeWorkflowId(input.probeId),
        note: input.note,
      });
    },

    async completePlatformProbe(probeId: string): Promise<string> {
      const probe = await ports.platformProbes.recordCompleted(probeId, ports.workerIdentity);
      return probe.workerIdentity ?? ports.workerIdentity;
    },
  };
}
