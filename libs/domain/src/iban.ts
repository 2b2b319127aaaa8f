import { DomainError } from './errors';

/**
 * IBAN lengths of the SEPA countries (SWIFT IBAN registry), the ones an Italian ente can be
 * paid from or pay to. IBANs of other countries get the generic ISO 13616 checks only.
 */
export const SEPA_IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  VA: 22,
});

// Italian (and San Marino) BBAN: CIN letter, ABI 5 digits, CAB 5 digits, account 12 alphanumerics.
const italianBban = /^[A-Z]\d{10}[A-Z0-9]{12}$/;

/** ISO 7064 MOD 97-10 over the rearranged IBAN, letters as 10..35, digit by digit. */
function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    if (code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else {
      remainder = (remainder * 100 + (code - 55)) % 97;
    }
  }
  return remainder;
}

/**
 * Normalises (drops spaces, upper-cases) and validates an IBAN; returns the electronic form.
 * Throws INVALID_IBAN with the reason.
 */
export function parseIban(input: string): string {
  const iban = typeof input === 'string' ? input.replace(/[\s\u00a0]+/g, '').toUpperCase() : '';
  const fail = (reason: string): never => {
    throw new DomainError('INVALID_IBAN', `"${iban}" is not a valid IBAN: ${reason}.`, { input });
  };
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) {
    return fail('expected 2 letters, 2 check digits and 11 to 30 letters or digits');
  }
  const country = iban.slice(0, 2);
  const expectedLength = SEPA_IBAN_LENGTHS[country];
  if (expectedLength !== undefined && iban.length !== expectedLength) {
    return fail(`an IBAN from ${country} has ${expectedLength} characters, this one has ${iban.length}`);
  }
  if ((country === 'IT' || country === 'SM') && !italianBban.test(iban.slice(4))) {
    return fail(
      'after the check digits expect the CIN letter, ABI and CAB (5 digits each) and a 12-character account',
    );
  }
  // 00, 01 and 99 are congruent to valid values but never issued (ISO 13616 allows 02-98).
  const checkDigits = Number(iban.slice(2, 4));
  if (checkDigits < 2 || checkDigits > 98) {
    return fail(`check digits ${iban.slice(2, 4)} are outside 02-98`);
  }
  if (ibanRemainder(iban) !== 1) {
    return fail('the check digits do not match; check for a mistyped character');
  }
  return iban;
}

export function isValidIban(input: string): boolean {
  try {
    parseIban(input);
    return true;
  } catch {
    return false;
  }
}

/** Paper form: groups of four characters ('IT60 X054 2811 1010 0000 0123 456'). */
export function formatIban(input: string): string {
  return parseIban(input).replace(/(.{4})(?=.)/g, '$1 ');
}
