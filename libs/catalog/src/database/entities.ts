import { PlatformProbe } from '../platform-probes/platform-probe.entity';
import { WorkerHeartbeat } from '../workers/worker-heartbeat.entity';

export const entities = [PlatformProbe, WorkerHeartbeat];
