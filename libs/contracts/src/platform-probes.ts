/** The workflow type of the end-to-end probe (GraphQL → Temporal → worker → Postgres). */
export const platformProbeWorkflowType = 'platformProbeWorkflow';
export type PlatformProbeWorkflow = (input: PlatformProbeInput) => Promise<PlatformProbeResult>;

export interface PlatformProbeInput {
  probeId: string;
  note: string | null;
}

export interface PlatformProbeResult {
  probeId: string;
  workerIdentity: string;
}

export const platformProbeWorkflowId = (probeId: string): string => `platform-probe/${probeId}`;
