import { compareCivilDates, isValidCivilDate } from '../calendar/civil-date';
import type { DomainErrorCode, FieldProblem } from '../errors';

export interface OrgUnitFields {
  externalId?: string | null;
  code: string;
  name: string;
  validFrom?: string | null;
  validTo?: string | null;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,49}$/;

/**
 * The same rules for a unit typed in by hand and for a line of an HR export; an import reports
 * every problem, a single write refuses the first.
 */
export function orgUnitFieldProblems(fields: OrgUnitFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string, code: DomainErrorCode = 'BAD_USER_INPUT') =>
    problems.push({ field, code, message });

  if (fields.externalId !== undefined && fields.externalId !== null) {
    if (fields.externalId.length === 0 || fields.externalId.length > 100) {
      bad('externalId', 'The HR id must have 1 to 100 characters.');
    }
  }
  if (!fields.code) bad('code', 'The unit code is required.');
  else if (!CODE.test(fields.code)) {
    bad(
      'code',
      `Unit code "${fields.code}" must be 1-50 letters, digits or _ . - / and start with a letter or digit.`,
    );
  }
  if (!fields.name?.trim()) bad('name', 'The unit name is required.');
  else if (fields.name.length > 200) bad('name', 'The unit name must have at most 200 characters.');

  for (const field of ['validFrom', 'validTo'] as const) {
    const value = fields[field];
    if (value && !isValidCivilDate(value))
      bad(field, `"${value}" is not a date as YYYY-MM-DD.`, 'INVALID_DATE');
  }
  if (
    fields.validFrom &&
    fields.validTo &&
    isValidCivilDate(fields.validFrom) &&
    isValidCivilDate(fields.validTo) &&
    compareCivilDates(fields.validTo, fields.validFrom) < 0
  ) {
    bad(
      'validTo',
      `The unit cannot end (${fields.validTo}) before it starts (${fields.validFrom}).`,
      'INVALID_DATE',
    );
  }
  return problems;
}
