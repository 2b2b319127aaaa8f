import fc from 'fast-check';
import { isValidOrgFiscalCode, orgFiscalCodeCheckDigit, parseOrgFiscalCode } from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const tenDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 10, maxLength: 10 });
const validOrgCode = tenDigits.map((first) => first + orgFiscalCodeCheckDigit(first));

describe('parseOrgFiscalCode', () => {
  // Cross-checked in reference/pagopa-io.md §8 against independent worked examples and io-app data.
  it.each(['02342520158', '86334519757', '00085240950', '01199250158', '81005750021', '83000390019'])(
    'accepts %s',
    (code) => {
      expect(parseOrgFiscalCode(code)).toBe(code);
      expect(isValidOrgFiscalCode(` ${code} `)).toBe(true);
    },
  );

  it.each([
    ['a wrong check digit', '02342520159'],
    ['10 digits', '0234252015'],
    ['12 digits', '023425201580'],
    ['a letter', '0234252015A'],
    ['inner spaces', '02342 520158'],
    ['a person code', 'RSSMRA85T10A562S'],
    ['nothing', ''],
  ])('refuses %s', (_, input) => {
    expect(() => parseOrgFiscalCode(input)).toThrow(withCode('INVALID_ORG_FISCAL_CODE'));
    expect(isValidOrgFiscalCode(input)).toBe(false);
  });

  it('names the expected check digit', () => {
    expect(() => parseOrgFiscalCode('02342520159')).toThrow(/should be 8/);
  });

  it('refuses to compute a check digit over anything but 10 digits', () => {
    expect(() => orgFiscalCodeCheckDigit('123')).toThrow(withCode('INVALID_ORG_FISCAL_CODE'));
  });

  // Odd positions add the digit, even ones a permutation of 0-9, so a substitution always moves
  // the sum mod 10.
  it('rejects every single-digit substitution', () => {
    fc.assert(
      fc.property(validOrgCode, fc.nat(10), fc.integer({ min: 1, max: 9 }), (code, index, shift) => {
        const corrupted =
          code.slice(0, index) + String((Number(code[index]) + shift) % 10) + code.slice(index + 1);
        expect(isValidOrgFiscalCode(corrupted)).toBe(false);
      }),
      PROPERTY_RUNS,
    );
  });

  // Swapping a and b changes the sum by (f(a)-a) - (f(b)-b), where f is the doubling map; that
  // is 0 mod 10 only for {0, 9}. The same holds for the swap of the last digit with the check digit.
  it('rejects every adjacent swap except 0↔9, which the algorithm cannot see', () => {
    fc.assert(
      fc.property(validOrgCode, fc.nat(9), (code, index) => {
        const [a, b] = [code[index], code[index + 1]];
        fc.pre(a !== b);
        const swapped = code.slice(0, index) + b + a + code.slice(index + 2);
        const undetectable = (a === '0' && b === '9') || (a === '9' && b === '0');
        expect(isValidOrgFiscalCode(swapped)).toBe(undetectable);
      }),
      PROPERTY_RUNS,
    );
  });
});
