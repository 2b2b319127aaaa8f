import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';

export interface PlatformProbeInput {
  probeId: string;
  note: string | null;
}

export interface PlatformProbeResult {
  probeId: string;
  workerIdentity: string;
}

export const platformProbeWorkflowId = (probeId: string): string => `platform-probe/${probeId}`;

const { recordPlatformProbeStarted, completePlatformProbe } = proxyActivities<Activities>(defaultActivity);

/** Walks the whole chain once: workflow task → activity → Postgres write, twice. */
export async function platformProbeWorkflow(input: PlatformProbeInput): Promise<PlatformProbeResult> {
  await recordPlatformProbeStarted(input);
  const workerIdentity = await completePlatformProbe(input.probeId);
  return { probeId: input.probeId, workerIdentity };
}
