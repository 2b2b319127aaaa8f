import { Concept, ConceptUsage, ConceptVersion } from '../concepts/concept.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Booking, BookingResource } from '../bookings/booking.entity';
import { Ente } from '../organisations/ente.entity';
import { IbanAccount } from '../organisations/iban-account.entity';
import { OrgUnit } from '../organisations/org-unit.entity';
import { RoleHolder } from '../organisations/role-holder.entity';
import { ProcedureRow, ProcedureTemplate } from '../procedures/procedure.entity';
import { ProcedureVersionRow } from '../procedures/procedure-version.entity';
import { CaseTaskEntity, CaseTimelineRow, ProcedureCaseRow } from '../cases/case.entity';
import { Service, ServiceType } from '../services/service.entity';
import { PlatformProbe } from '../platform-probes/platform-probe.entity';
import { WorkerHeartbeat } from '../workers/worker-heartbeat.entity';

export const entities = [
  PlatformProbe,
  WorkerHeartbeat,
  Ente,
  IbanAccount,
  OrgUnit,
  RoleHolder,
  Concept,
  ConceptVersion,
  ConceptUsage,
  ProcedureTemplate,
  ProcedureRow,
  ProcedureVersionRow,
  ProcedureCaseRow,
  CaseTimelineRow,
  CaseTaskEntity,
  ServiceType,
  Service,
  ApiKey,
  AuditEntry,
  BookingResource,
  Booking,
];
