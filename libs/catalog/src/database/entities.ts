import { PlatformProbe } from '../platform-probes/platform-probe.entity';

export const entities = [PlatformProbe];
