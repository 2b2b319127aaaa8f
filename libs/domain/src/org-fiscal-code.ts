import { DomainError } from './errors';

/**
 * Check digit of an 11-digit fiscal code of a body (codice fiscale numerico / partita IVA):
 * a Luhn variant over the first ten digits, doubling the even (1-based) positions.
 */
export function orgFiscalCodeCheckDigit(firstTenDigits: string): number {
  if (!/^\d{10}$/.test(firstTenDigits)) {
    throw new DomainError('INVALID_ORG_FISCAL_CODE', 'The check digit needs exactly 10 digits.', {
      input: firstTenDigits,
    });
  }
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = firstTenDigits.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      sum += digit;
    } else {
      const doubled = digit * 2;
      sum += doubled > 9 ? doubled - 9 : doubled;
    }
  }
  return (10 - (sum % 10)) % 10;
}

/** Trimmed; spaces inside are not tolerated because an ente fiscal code is never printed grouped. */
export function parseOrgFiscalCode(input: string): string {
  const code = input.trim();
  if (!/^\d{11}$/.test(code)) {
    throw new DomainError(
      'INVALID_ORG_FISCAL_CODE',
      `An ente fiscal code / partita IVA has exactly 11 digits; got "${code}".`,
      { input },
    );
  }
  const expected = orgFiscalCodeCheckDigit(code.slice(0, 10));
  if (expected !== code.charCodeAt(10) - 48) {
    throw new DomainError(
      'INVALID_ORG_FISCAL_CODE',
      `The check digit of ente fiscal code "${code}" should be ${expected}: check for a mistyped digit.`,
      { input, expectedCheckDigit: expected },
    );
  }
  return code;
}

export function isValidOrgFiscalCode(input: string): boolean {
  try {
    parseOrgFiscalCode(input);
    return true;
  } catch {
    return false;
  }
}
