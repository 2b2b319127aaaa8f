import { fiscalCodeCheckCharacter } from '@sus/domain';

const LETTERS = 'ABCDEFGHILMNOPRSTUVZ';

/**
 * The n-th invented person's codice fiscale: well formed (check character computed) and distinct
 * for every n below 20³ × 60 = 480,000 (name letters, birth year and day vary with n), so a test
 * or a benchmark can give each of many card holders or payers a citizen of their own.
 */
export function inventedFiscalCode(n: number): string {
  const name = `${LETTERS[n % 20]}${LETTERS[Math.floor(n / 20) % 20]}${LETTERS[Math.floor(n / 400) % 20]}`;
  const year = String(40 + (Math.floor(n / 8000) % 60)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  const firstFifteen = `RSS${name}${year}A${day}L424`;
  return firstFifteen + fiscalCodeCheckCharacter(firstFifteen);
}
