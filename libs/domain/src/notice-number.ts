import { DomainError } from './errors';

/** Aux digits SUS can issue: 3 (segregation code, the current standard) and 0 (application code). */
export type IssuableAuxDigit = 0 | 3;

export interface NoticeNumberRequest {
  readonly auxDigit: IssuableAuxDigit;
  /** Aux 0 only: 2-digit code of the ente's payment archive. */
  readonly applicationCode?: string;
  /** Aux 3 only: 2-digit segregation code assigned by PagoPA to the intermediary. */
  readonly segregationCode?: string;
  /** 13 digits, unique over time within the ente. */
  readonly iuvBase: string;
}

export interface IssuedNoticeNumber {
  readonly noticeNumber: string;
  readonly iuv: string;
}

export interface ParsedNoticeNumber {
  /** The 18 digits without spaces. */
  readonly noticeNumber: string;
  readonly auxDigit: number;
  readonly applicationCode?: string;
  readonly segregationCode?: string;
  readonly iuv: string;
  readonly checkDigits: string;
}

/** Remainder mod 93 of a digit string of any length, without BigInt or precision loss. */
function mod93(digits: string): number {
  let remainder = 0;
  for (let i = 0; i < digits.length; i++) {
    remainder = (remainder * 10 + (digits.charCodeAt(i) - 48)) % 93;
  }
  return remainder;
}

/** SACI: the check digits are the first 16 digits of the notice number taken mod 93. */
export function noticeCheckDigits(first16Digits: string): string {
  if (!/^\d{16}$/.test(first16Digits)) {
    throw new DomainError('INVALID_NOTICE_NUMBER', 'Check digits are computed over exactly 16 digits.', {
      input: first16Digits,
    });
  }
  return String(mod93(first16Digits)).padStart(2, '0');
}

function assertTwoDigitCode(value: string | undefined, name: string, auxDigit: number): string {
  if (value === undefined || !/^\d{2}$/.test(value)) {
    throw new DomainError(
      'INVALID_NOTICE_NUMBER',
      `A notice number with aux digit ${auxDigit} needs a 2-digit ${name}; got ${value === undefined ? 'none' : `"${value}"`}.`,
      { auxDigit, [name]: value },
    );
  }
  return value;
}

/** Builds the 18-digit notice number and its IUV (SACI table 2, aux 0 and 3). */
export function buildNoticeNumber(request: NoticeNumberRequest): IssuedNoticeNumber {
  const { auxDigit, applicationCode, segregationCode, iuvBase } = request;
  if (typeof iuvBase !== 'string' || !/^\d{13}$/.test(iuvBase)) {
    throw new DomainError('INVALID_IUV', `The IUV base must be 13 digits; got "${String(iuvBase)}".`, {
      iuvBase,
    });
  }
  if (auxDigit === 3) {
    if (applicationCode !== undefined) {
      throw new DomainError(
        'INVALID_NOTICE_NUMBER',
        'Aux digit 3 uses a segregation code, not an application code.',
        {
          auxDigit,
          applicationCode,
        },
      );
    }
    const segregation = assertTwoDigitCode(segregationCode, 'segregationCode', auxDigit);
    const prefix = `3${segregation}${iuvBase}`;
    const noticeNumber = prefix + noticeCheckDigits(prefix);
    return { noticeNumber, iuv: noticeNumber.slice(1) };
  }
  if (auxDigit === 0) {
    if (segregationCode !== undefined) {
      throw new DomainError(
        'INVALID_NOTICE_NUMBER',
        'Aux digit 0 uses an application code, not a segregation code.',
        {
          auxDigit,
          segregationCode,
        },
      );
    }
    const application = assertTwoDigitCode(applicationCode, 'applicationCode', auxDigit);
    const prefix = `0${application}${iuvBase}`;
    const noticeNumber = prefix + noticeCheckDigits(prefix);
    return { noticeNumber, iuv: noticeNumber.slice(3) };
  }
  throw new DomainError(
    'INVALID_NOTICE_NUMBER',
    `SUS issues notice numbers with aux digit 3 (or 0 for legacy set-ups); got ${String(auxDigit)}.`,
    { auxDigit },
  );
}

/**
 * Reads a notice number as typed or printed ('3012 0260 0000 0001 03'). Accepts aux digits
 * 0, 2 and 3, which all carry mod-93 check digits; aux 1 (legacy, unchecked) is refused.
 */
export function parseNoticeNumber(input: string): ParsedNoticeNumber {
  const noticeNumber = typeof input === 'string' ? input.replace(/[\s\u00a0]+/g, '') : '';
  const fail = (reason: string, details: Record<string, unknown> = {}): never => {
    throw new DomainError(
      'INVALID_NOTICE_NUMBER',
      `"${noticeNumber}" is not a valid notice number: ${reason}.`,
      {
        input,
        ...details,
      },
    );
  };
  if (!/^\d{18}$/.test(noticeNumber)) {
    return fail(`it must have 18 digits; it has ${noticeNumber.length} characters`);
  }
  const auxDigit = Number(noticeNumber.charAt(0));
  if (auxDigit === 1) {
    return fail('aux digit 1 notices carry no check digits and are not supported');
  }
  if (auxDigit > 3) {
    return fail(`the first digit (aux digit) must be 0, 2 or 3, not ${auxDigit}`);
  }
  const checkDigits = noticeNumber.slice(16);
  const expected = noticeCheckDigits(noticeNumber.slice(0, 16));
  if (checkDigits !== expected) {
    return fail(`the last two digits should be ${expected}; check for a mistyped digit`, {
      expectedCheckDigits: expected,
    });
  }
  if (auxDigit === 0) {
    return {
      noticeNumber,
      auxDigit,
      applicationCode: noticeNumber.slice(1, 3),
      iuv: noticeNumber.slice(3),
      checkDigits,
    };
  }
  if (auxDigit === 3) {
    return {
      noticeNumber,
      auxDigit,
      segregationCode: noticeNumber.slice(1, 3),
      iuv: noticeNumber.slice(1),
      checkDigits,
    };
  }
  return { noticeNumber, auxDigit, iuv: noticeNumber.slice(1), checkDigits };
}

export function isValidNoticeNumber(input: string): boolean {
  try {
    parseNoticeNumber(input);
    return true;
  } catch {
    return false;
  }
}

/** As printed on the avviso (AVVISO.CODICE): groups of four, '3012 0260 0000 0001 03'. */
export function formatNoticeNumber(noticeNumber: string): string {
  return parseNoticeNumber(noticeNumber).noticeNumber.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * The notice number of an IUV found in a receipt or a settlement flow. Aux 3 IUVs are 17
 * digits and self-contained; aux 0 IUVs are 15 digits and need the ente's application code.
 * Throws INVALID_IUV when the IUV's check digits do not match.
 */
export function noticeNumberFromIuv(iuv: string, applicationCode?: string): string {
  const fail = (reason: string): never => {
    throw new DomainError('INVALID_IUV', `"${iuv}" is not a valid IUV: ${reason}.`, { iuv, applicationCode });
  };
  let noticeNumber: string;
  if (typeof iuv === 'string' && /^\d{17}$/.test(iuv)) {
    if (applicationCode !== undefined) return fail('a 17-digit IUV has no application code');
    noticeNumber = `3${iuv}`;
  } else if (typeof iuv === 'string' && /^\d{15}$/.test(iuv)) {
    if (applicationCode === undefined || !/^\d{2}$/.test(applicationCode)) {
      return fail('a 15-digit IUV (aux digit 0) needs the 2-digit application code');
    }
    noticeNumber = `0${applicationCode}${iuv}`;
  } else {
    return fail('an IUV has 17 digits (aux digit 3) or 15 digits (aux digit 0)');
  }
  if (noticeCheckDigits(noticeNumber.slice(0, 16)) !== noticeNumber.slice(16)) {
    return fail('its check digits do not match');
  }
  return noticeNumber;
}

/**
 * The IUV base used by pagoPA's own generator: the year and a 9-digit sequence. Any 13 digits
 * unique within the ente are legal; this shape keeps them unique across years.
 */
export function iuvBaseFromSequence(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new DomainError('INVALID_IUV', `The IUV year must have 4 digits; got ${year}.`, { year, sequence });
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999_999_999) {
    throw new DomainError('INVALID_IUV', `The IUV sequence must be 0..999999999; got ${sequence}.`, {
      year,
      sequence,
    });
  }
  return `${year}${String(sequence).padStart(9, '0')}`;
}
