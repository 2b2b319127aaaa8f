import fc from 'fast-check';
import { formatIban, isValidIban, parseIban } from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const digitString = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

/** A well-formed Italian IBAN with all-digit ABI, CAB and account and correct check digits. */
const italianIban = fc
  .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), digitString(22))
  .map(([cin, digits]) => {
    const bban = cin + digits;
    const rearranged = `${bban}IT00`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
    const remainder = [...rearranged].reduce((r, digit) => (r * 10 + Number(digit)) % 97, 0);
    return `IT${String(98 - remainder).padStart(2, '0')}${bban}`;
  });

describe('parseIban', () => {
  it.each([
    ['IT60X0542811101000000123456', 'IT60X0542811101000000123456'],
    ['it60 x054 2811 1010 0000 0123 456', 'IT60X0542811101000000123456'],
    // Wikipedia's example: valid mod 97 (its national CIN is not checked, ISO 13616 does not require it).
    ['IT40 S054 2811 1010 0000 0123 456', 'IT40S0542811101000000123456'],
    ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
    ['GB82 WEST 1234 5698 7654 32', 'GB82WEST12345698765432'],
    ['FR14 2004 1010 0505 0001 3M02 606', 'FR1420041010050500013M02606'],
    ['CH93 0076 2011 6238 5295 7', 'CH9300762011623852957'],
    ['NO93 8601 1117 947', 'NO9386011117947'],
  ])('accepts %s', (input, electronic) => {
    expect(parseIban(input)).toBe(electronic);
    expect(isValidIban(input)).toBe(true);
  });

  it.each([
    ['a wrong check digit', 'IT61X0542811101000000123456', /check digits do not match/],
    ['an Italian IBAN of 26 characters', 'IT60X054281110100000012345', /27 characters/],
    ['an Italian IBAN without CIN letter', 'IT6010542811101000000123456', /CIN letter/],
    ['a letter in the Italian ABI', 'IT60X05428A1101000000123456', /CIN letter/],
    ['check digits 00', 'IT00X0542811101000000123456', /outside 02-98/],
    ['check digits 99', 'DE99370400440532013000', /outside 02-98/],
    ['a German IBAN of 21 characters', 'DE8937040044053201300', /22 characters/],
    ['punctuation', 'IT60-X054-2811-1010-0000-0123-456', /expected 2 letters/],
    ['too short', 'XX12345', /expected 2 letters/],
    ['nothing', '', /expected 2 letters/],
  ])('refuses %s', (_, input, reason) => {
    expect(() => parseIban(input)).toThrow(withCode('INVALID_IBAN'));
    expect(() => parseIban(input)).toThrow(reason);
    expect(isValidIban(input)).toBe(false);
  });

  it('applies only the generic checks to countries outside SEPA', () => {
    expect(isValidIban('BR1800360305000010009795493C1')).toBe(true);
    expect(isValidIban('BR1800360305000010009795493C2')).toBe(false);
  });

  it('refuses non-string input', () => {
    expect(() => parseIban(null as unknown as string)).toThrow(withCode('INVALID_IBAN'));
  });

  it('accepts the IBANs it is given correct check digits for, in any case and grouping', () => {
    fc.assert(
      fc.property(italianIban, (iban) => {
        expect(parseIban(formatIban(iban).toLowerCase())).toBe(iban);
      }),
      PROPERTY_RUNS,
    );
  });

  // A digit change moves the number by d·10^k and a swap by 9·(a-b)·10^k, |d|, |9(a-b)| < 97
  // and 97 is prime, so MOD 97-10 catches both. Letters (CIN) are left alone: a letter becomes
  // two digits and the same bound does not apply to swaps with them.
  it('rejects every single-digit substitution', () => {
    fc.assert(
      fc.property(
        italianIban,
        fc.integer({ min: 2, max: 26 }),
        fc.integer({ min: 1, max: 9 }),
        (iban, index, shift) => {
          fc.pre(index !== 4);
          const corrupted =
            iban.slice(0, index) + String((Number(iban[index]) + shift) % 10) + iban.slice(index + 1);
          expect(isValidIban(corrupted)).toBe(false);
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('rejects every swap of two different adjacent digits', () => {
    fc.assert(
      fc.property(
        italianIban,
        fc.constantFrom(2, ...Array.from({ length: 21 }, (_, i) => i + 5)),
        (iban, index) => {
          fc.pre(iban[index] !== iban[index + 1]);
          const swapped = iban.slice(0, index) + iban[index + 1] + iban[index] + iban.slice(index + 2);
          expect(isValidIban(swapped)).toBe(false);
        },
      ),
      PROPERTY_RUNS,
    );
  });
});

describe('formatIban', () => {
  it('groups by four for paper', () => {
    expect(formatIban('IT60X0542811101000000123456')).toBe('IT60 X054 2811 1010 0000 0123 456');
  });

  it('refuses to format an invalid IBAN', () => {
    expect(() => formatIban('IT61X0542811101000000123456')).toThrow(withCode('INVALID_IBAN'));
  });
});
