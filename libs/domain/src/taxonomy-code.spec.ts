import fc from 'fast-check';
import { isValidTaxonomyCode, parseTaxonomyCode, TAXONOMY_LEGAL_REASONS } from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });
const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

describe('parseTaxonomyCode', () => {
  it('splits the civil marriage code', () => {
    expect(parseTaxonomyCode('9/0104102TS/')).toEqual({
      code: '9/0104102TS/',
      prefix: '9',
      enteType: '01',
      macroArea: '04',
      serviceType: '102',
      legalReason: 'TS',
    });
  });

  // Codes from the official taxonomy v33 (reference/pagopa-taxonomy-v33.json), one per motive.
  it.each([
    ['9/0101100IM/', 'IM'],
    ['9/0104100TS/', 'TS'],
    ['9/0102102SP/', 'SP'],
    ['9/0102100SA/', 'SA'],
    ['9/0115102AP/', 'AP'],
  ])('accepts %s', (code, legalReason) => {
    expect(parseTaxonomyCode(code).legalReason).toBe(legalReason);
    expect(isValidTaxonomyCode(code)).toBe(true);
  });

  it('normalises blanks and case, and accepts the newer 6/, 7/, 8/ prefixes', () => {
    expect(parseTaxonomyCode(' 9/0101101im/ ').code).toBe('9/0101101IM/');
    expect(parseTaxonomyCode('8/0101101IM/').prefix).toBe('8');
  });

  it.each([
    ['a prefix of 5', '5/0104102TS/', /must start with 9\//],
    ['no prefix', '0104102TS/', /must start with 9\//],
    ['no trailing slash', '9/0104102TS', /expected <prefix>/],
    ['a short service type', '9/010410TS/', /expected <prefix>/],
    ['a letter among the digits', '9/01A4102TS/', /expected <prefix>/],
    ['an unknown motive', '9/0104102XX/', /must be one of IM, TS, SP, SA, AP/],
    ['nothing', '', /must start with 9\//],
  ])('refuses %s', (_, input, reason) => {
    expect(() => parseTaxonomyCode(input)).toThrow(withCode('INVALID_TAXONOMY_CODE'));
    expect(() => parseTaxonomyCode(input)).toThrow(reason);
    expect(isValidTaxonomyCode(input)).toBe(false);
  });

  it('refuses non-string input', () => {
    expect(() => parseTaxonomyCode(9 as unknown as string)).toThrow(withCode('INVALID_TAXONOMY_CODE'));
  });

  it('round-trips every syntactically valid code', () => {
    const parts = fc.record({
      prefix: fc.constantFrom('6', '7', '8', '9'),
      enteType: digits(2),
      macroArea: digits(2),
      serviceType: digits(3),
      legalReason: fc.constantFrom(...TAXONOMY_LEGAL_REASONS),
    });
    fc.assert(
      fc.property(parts, (p) => {
        const code = `${p.prefix}/${p.enteType}${p.macroArea}${p.serviceType}${p.legalReason}/`;
        expect(parseTaxonomyCode(code)).toEqual({ code, ...p });
      }),
      PROPERTY_RUNS,
    );
  });
});
