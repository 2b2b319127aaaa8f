import { PlatformProbes1764080000000 } from './1764080000000-platform-probes';
import { Identity1764090000000 } from './1764090000000-identity';

/** Listed explicitly (not globbed) so they load the same from sources, tests and dist. */
export const migrations = [PlatformProbes1764080000000, Identity1764090000000];
