import { ApiKey } from '../api-keys/api-key.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { PlatformProbe } from '../platform-probes/platform-probe.entity';

export const entities = [PlatformProbe, ApiKey, AuditEntry];
