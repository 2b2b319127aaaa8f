import {
  CivilDate,
  civilDateInRome,
  civilDateParts,
  daysInMonth,
  formatCivilDate,
} from './calendar/civil-date';
import { DomainError } from './errors';
import { orgFiscalCodeCheckDigit } from './org-fiscal-code';

export interface ParsedFiscalCode {
  /** Trimmed, upper case, as written (an omocode keeps its letters). */
  readonly code: string;
  /** 11-digit codes belong to bodies (and to persons' provisional codes), 16-character ones to persons. */
  readonly kind: 'person' | 'organization';
  readonly sex?: 'M' | 'F';
  /** Belfiore code of the comune (or Z… for a foreign country) of birth, digits restored. */
  readonly birthPlaceCode?: string;
  /** YYYY-MM-DD; the code only holds two year digits, see ParseFiscalCodeOptions. */
  readonly birthDate?: CivilDate;
}

export interface ParseFiscalCodeOptions {
  /**
   * The code does not carry the century: a two-digit year is put in the 2000s unless that
   * would make the birth date later than this date, then in the 1900s. Defaults to today in
   * Italy; pass it explicitly where determinism matters.
   */
  readonly referenceDate?: CivilDate;
}

// DM 23/12/1976: value of each character in an odd (1-based) position; even positions use 0-25.
const oddPositionValues = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];
const monthLetters = 'ABCDEHLMPRST';
// Omocodia: a digit replaced by the letter of the same rank, to tell apart people whose codes would collide.
const omocodeLetters = 'LMNPQRSTUV';
const personCodePattern =
  /^[A-Z]{6}[\dLMNPQRSTUV]{2}[ABCDEHLMPRST][\dLMNPQRSTUV]{2}[A-Z][\dLMNPQRSTUV]{3}[A-Z]$/;

function characterRank(character: string): number {
  const code = character.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65;
}

/** Check character of a person's code, computed on the first 15 characters as written. */
export function fiscalCodeCheckCharacter(firstFifteen: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const rank = characterRank(firstFifteen.charAt(i));
    sum += i % 2 === 0 ? (oddPositionValues[rank] ?? 0) : rank;
  }
  return String.fromCharCode(65 + (sum % 26));
}

function restoreDigits(characters: string): string {
  return characters.replace(/[LMNPQRSTUV]/g, (letter) => String(omocodeLetters.indexOf(letter)));
}

/**
 * Parses a codice fiscale: 16 characters for a person (omocodia accepted) or 11 digits for a
 * body. Throws INVALID_FISCAL_CODE saying what is wrong.
 */
export function parseFiscalCode(input: string, options: ParseFiscalCodeOptions = {}): ParsedFiscalCode {
  const code = typeof input === 'string' ? input.trim().toUpperCase() : '';
  const fail = (reason: string, details: Record<string, unknown> = {}): never => {
    throw new DomainError('INVALID_FISCAL_CODE', `"${code}" is not a valid codice fiscale: ${reason}.`, {
      input,
      ...details,
    });
  };

  if (/^\d{11}$/.test(code)) {
    const expected = orgFiscalCodeCheckDigit(code.slice(0, 10));
    if (expected !== Number(code.charAt(10))) {
      fail(`the check digit should be ${expected}; check for a mistyped digit`, {
        expectedCheck: String(expected),
      });
    }
    return { code, kind: 'organization' };
  }
  if (code.length !== 16) {
    return fail(`it must have 16 characters (a person) or 11 digits (a body); it has ${code.length}`);
  }
  if (!personCodePattern.test(code)) {
    return fail(
      'expected 6 letters, 2 digits, a month letter, 2 digits, a letter, 3 digits and a check letter',
    );
  }
  const expectedCheck = fiscalCodeCheckCharacter(code);
  if (code.charAt(15) !== expectedCheck) {
    return fail(`the check character should be ${expectedCheck}; check for a mistyped character`, {
      expectedCheck,
    });
  }

  const yearOfCentury = Number(restoreDigits(code.slice(6, 8)));
  const month = monthLetters.indexOf(code.charAt(8)) + 1;
  const encodedDay = Number(restoreDigits(code.slice(9, 11)));
  const sex = encodedDay > 40 ? 'F' : 'M';
  const day = sex === 'F' ? encodedDay - 40 : encodedDay;
  // 29 February is checked once the century is known (1900 was not a leap year).
  if (day < 1 || day > daysInMonth(2000, month)) {
    return fail(
      `day ${String(encodedDay).padStart(2, '0')} is not a birth day (1-31 for men, 41-71 for women)`,
    );
  }

  const referenceDate = options.referenceDate ?? civilDateInRome(new Date());
  const reference = civilDateParts(referenceDate);
  const recent = 2000 + yearOfCentury;
  const laterThanReference =
    recent > reference.year ||
    (recent === reference.year &&
      (month > reference.month || (month === reference.month && day > reference.day)));
  const year = laterThanReference ? recent - 100 : recent;
  if (day > daysInMonth(year, month)) {
    // Only 29 February can get here: every other month has the same length in every year.
    return fail(`29 February ${year} does not exist`);
  }

  return {
    code,
    kind: 'person',
    sex,
    birthPlaceCode: code.charAt(11) + restoreDigits(code.slice(12, 15)),
    birthDate: formatCivilDate({ year, month, day }),
  };
}

export function isValidFiscalCode(input: string): boolean {
  try {
    parseFiscalCode(input);
    return true;
  } catch {
    return false;
  }
}
