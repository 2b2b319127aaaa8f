import { PlatformProbes1764080000000 } from './1764080000000-platform-probes';
import { Organisations1764100000000 } from './1764100000000-organisations';
import { Catalog1764200000000 } from './1764200000000-catalog';

/** Listed explicitly (not globbed) so they load the same from sources, tests and dist. */
export const migrations = [PlatformProbes1764080000000, Organisations1764100000000, Catalog1764200000000];
