import { PROCEDURE_FIELDS, type ProcedureField, type ProcedureFields } from './procedure-fields';

/** A procedimento defined once by the tavolo regionale, as the rule needs it. */
export interface ProcedureTemplateFields {
  code: string;
  fields: ProcedureFields;
  /** Fields enti may not override (e.g. the legal basis). */
  lockedFields: ProcedureField[];
}

/** An ente's adoption of a template: only what the ente changed is kept (`overrides`). */
export interface ProcedureAdoption {
  id: string;
  enteId: string;
  code: string;
  overrides: Partial<ProcedureFields>;
  responsibleUnitId: string | null;
  substitutePowerHolderId: string | null;
}

/** The record an ente publishes: template fields, with the ente's overrides on top. */
export interface Procedure extends ProcedureFields {
  id: string;
  enteId: string;
  code: string;
  templateCode: string;
  overriddenFields: ProcedureField[];
  lockedFields: ProcedureField[];
  responsibleUnitId: string | null;
  substitutePowerHolderId: string | null;
}

/**
 * Template fields with the ente's overrides on top. A field the template locks after an ente
 * overrode it follows the template again: the lock is the region's decision to make it uniform.
 */
export function effectiveProcedure(
  adoption: ProcedureAdoption,
  template: ProcedureTemplateFields,
): Procedure {
  const overriddenFields = PROCEDURE_FIELDS.filter(
    (field) => field in adoption.overrides && !template.lockedFields.includes(field),
  );
  const overrides = Object.fromEntries(overriddenFields.map((field) => [field, adoption.overrides[field]]));
  return {
    ...template.fields,
    ...overrides,
    id: adoption.id,
    enteId: adoption.enteId,
    code: adoption.code,
    templateCode: template.code,
    overriddenFields,
    lockedFields: template.lockedFields,
    responsibleUnitId: adoption.responsibleUnitId,
    substitutePowerHolderId: adoption.substitutePowerHolderId,
  };
}
