import { proxyActivities } from '@temporalio/workflow';
import type { PlatformProbeInput, PlatformProbeResult } from '@sus/contracts';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';

const { recordPlatformProbeStarted, completePlatformProbe } = proxyActivities<Activities>(defaultActivity);

/** Walks the whole chain once: workflow task → activity → Postgres write, twice. */
export async function platformProbeWorkflow(input: PlatformProbeInput): Promise<PlatformProbeResult> {
  await recordPlatformProbeStarted(input);
  const workerIdentity = await completePlatformProbe(input.probeId);
  return { probeId: input.probeId, workerIdentity };
}
