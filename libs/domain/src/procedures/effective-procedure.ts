export const START_TYPES = ['istanzaDiParte', 'dUfficio'] as const;
export type StartType = (typeof START_TYPES)[number];

export const TERM_KINDS = ['calendarDays', 'businessDays'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

/** How the procedure ends (L. 241/1990 artt. 2, 19, 20; procedure-law.md §1). */
export const CONCLUSION_TYPES = [
  'provvedimentoEspresso',
  'silenzioAssenso',
  'scia',
  'silenzioRigetto',
] as const;
export type ConclusionType = (typeof CONCLUSION_TYPES)[number];

/** The fields a template defines and an ente may override one by one. */
export interface ProcedureFields {
  name: string;
  subjectArea: string;
  startType: StartType;
  /** e.g. "D.P.R. 396/2000"; at least one. */
  legislation: string[];
  termDays: number;
  termKind: TermKind;
  conclusionType: ConclusionType;
  /** The art. 35 D.Lgs. 33/2013 text published in Amministrazione trasparente. */
  transparencyNotice: string | null;
  /** Other dates the citizen must know, e.g. "Richiesta della sala almeno 30 giorni prima". */
  deadlines: string[];
}
export type ProcedureField = keyof ProcedureFields;
export const PROCEDURE_FIELDS: readonly ProcedureField[] = [
  'name',
  'subjectArea',
  'startType',
  'legislation',
  'termDays',
  'termKind',
  'conclusionType',
  'transparencyNotice',
  'deadlines',
];

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
