import { PlatformProbes1764080000000 } from './1764080000000-platform-probes';
import { Organisations1764100000000 } from './1764100000000-organisations';
import { Identity1764110000000 } from './1764110000000-identity';

/** Listed explicitly (not globbed) so they load the same from sources, tests and dist. */
export const migrations = [PlatformProbes1764080000000, Organisations1764100000000, Identity1764110000000];
