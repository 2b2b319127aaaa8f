import { DomainError } from '../errors';

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

/** L. 241/1990 art. 2: terms above 180 days are not allowed. */
export const MAX_PROCEDURE_TERM_DAYS = 180;

/**
 * Checks and normalises the procedure fields present in `input`: texts trimmed, blank list
 * items dropped, a blank transparency notice is null. `complete` requires every field but
 * transparencyNotice (a template defines them all; an ente overrides some). The first field,
 * in PROCEDURE_FIELDS order, that breaks a rule throws BAD_USER_INPUT naming it in
 * `details.field`.
 */
export function checkProcedureFields(
  input: Partial<ProcedureFields>,
  complete: boolean,
): Partial<ProcedureFields> {
  const out: Record<string, unknown> = {};
  const fail = (field: ProcedureField, message: string): never => {
    throw new DomainError('BAD_USER_INPUT', message, { field });
  };
  const has = (field: ProcedureField) =>
    input[field] !== undefined && (input[field] !== null || field === 'transparencyNotice');
  for (const field of PROCEDURE_FIELDS) {
    if (!has(field)) {
      if (complete && field !== 'transparencyNotice') fail(field, `${field} is required.`);
      continue;
    }
    const value = input[field];
    switch (field) {
      case 'name':
      case 'subjectArea': {
        const text = String(value).trim();
        if (text.length < 1 || text.length > 200) fail(field, `${field} must have 1 to 200 characters.`);
        out[field] = text;
        break;
      }
      case 'transparencyNotice':
        out[field] = value === null ? null : String(value).trim() || null;
        break;
      case 'startType':
        if (!START_TYPES.includes(value as never))
          fail(field, `startType is one of ${START_TYPES.join(', ')}.`);
        out[field] = value;
        break;
      case 'termKind':
        if (!TERM_KINDS.includes(value as never)) fail(field, `termKind is one of ${TERM_KINDS.join(', ')}.`);
        out[field] = value;
        break;
      case 'conclusionType':
        if (!CONCLUSION_TYPES.includes(value as never))
          fail(field, `conclusionType is one of ${CONCLUSION_TYPES.join(', ')}.`);
        out[field] = value;
        break;
      case 'termDays':
        if (
          !Number.isSafeInteger(value) ||
          (value as number) < 1 ||
          (value as number) > MAX_PROCEDURE_TERM_DAYS
        )
          fail(
            field,
            `termDays is a whole number of days from 1 to ${MAX_PROCEDURE_TERM_DAYS} (L. 241/1990 art. 2).`,
          );
        out[field] = value;
        break;
      case 'legislation':
      case 'deadlines': {
        const list = (value as string[]).map((item) => item.trim()).filter(Boolean);
        if (field === 'legislation' && list.length === 0)
          fail(field, 'At least one legislation reference is required.');
        out[field] = list;
        break;
      }
    }
  }
  return out as Partial<ProcedureFields>;
}
