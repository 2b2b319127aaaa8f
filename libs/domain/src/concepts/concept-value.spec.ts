import fc from 'fast-check';
import { checkConceptValue, CONCEPT_TYPES, type ConceptDefinition, type ConceptType } from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 500 };

function concept(
  type: ConceptType,
  validation: ConceptDefinition['validation'] = {},
  enumValues: string[] = [],
): ConceptDefinition {
  return { type, enumValues, validation, sensitive: false, label: { it: 'Dato', en: 'Datum' }, help: null };
}

describe('checkConceptValue', () => {
  it.each<[ConceptType, unknown, unknown, ConceptDefinition['validation']?, string[]?]>([
    ['text', '  Mario  ', 'Mario'],
    ['address', 'Piazza Unità d’Italia 4, 34121 Trieste', 'Piazza Unità d’Italia 4, 34121 Trieste'],
    ['document', ' prot-2026-0001 ', 'prot-2026-0001'],
    ['number', 3.5, 3.5],
    ['number', ' 3,5 ', 3.5],
    ['number', '-2', -2],
    ['money', 1600, 1600],
    ['money', '051', 51],
    ['date', ' 2024-02-29 ', '2024-02-29'],
    ['boolean', false, false],
    ['boolean', 'true', true],
    ['enum', ' civile ', 'civile', {}, ['civile']],
    ['fiscalCode', ' rssmra85t10a562s ', 'RSSMRA85T10A562S'],
    ['email', ' mario.rossi@example.it ', 'mario.rossi@example.it'],
    ['phone', '+39 040 675 4111', '+390406754111'],
    ['phone', '(040) 675-4111', '0406754111'],
  ])('%s accepts %p as %p', (type, raw, value, ...rest) => {
    // A rest parameter: jest would take a fourth declared parameter for a `done` callback.
    const [validation, enumValues] = rest;
    expect(checkConceptValue(concept(type, validation, enumValues), raw)).toEqual({ ok: true, value });
  });

  it.each<[ConceptType, unknown, string, ConceptDefinition['validation']?, string[]?]>([
    ['text', 42, 'WRONG_TYPE'],
    ['text', 'ab', 'TOO_SHORT', { minLength: 3 }],
    ['text', 'abcd', 'TOO_LONG', { maxLength: 3 }],
    ['text', 'ABC', 'PATTERN_MISMATCH', { pattern: '[a-z]+' }],
    // The pattern must match the whole text, not a part of it.
    ['text', 'abc1', 'PATTERN_MISMATCH', { pattern: '[a-z]+' }],
    ['text', 'abc', 'BROKEN_CONCEPT', { pattern: '([a-z' }],
    ['number', 'tre', 'WRONG_TYPE'],
    ['number', Number.NaN, 'WRONG_TYPE'],
    ['number', Infinity, 'WRONG_TYPE'],
    ['number', 0, 'TOO_SMALL', { minValue: 1 }],
    ['number', 11, 'TOO_LARGE', { maxValue: 10 }],
    ['money', 16.5, 'NOT_INTEGER'],
    ['money', '16,50', 'WRONG_TYPE'],
    ['money', 50, 'TOO_SMALL', { minValue: 51 }],
    ['date', '2026-02-29', 'INVALID_DATE'],
    ['date', '29/02/2024', 'INVALID_DATE'],
    ['date', 20240229, 'WRONG_TYPE'],
    ['date', '1899-12-31', 'DATE_TOO_EARLY', { minDate: '1900-01-01' }],
    ['date', '2027-01-01', 'DATE_TOO_LATE', { maxDate: '2026-12-31' }],
    ['boolean', 'sì', 'WRONG_TYPE'],
    ['enum', 'religioso', 'NOT_ALLOWED_VALUE', {}, ['civile']],
    ['fiscalCode', 'RSSMRA85T10A562X', 'INVALID_FISCAL_CODE'],
    ['email', 'mario.rossi@', 'INVALID_EMAIL'],
    ['email', 'mario rossi@example.it', 'INVALID_EMAIL'],
    ['phone', '040-CALL-ME', 'INVALID_PHONE'],
    ['phone', '12345', 'INVALID_PHONE'],
    ['address', '   ', 'MISSING_VALUE'],
    ['number', null, 'MISSING_VALUE'],
  ])('%s refuses %p with %s', (type, raw, code, ...rest) => {
    const [validation, enumValues] = rest;
    const result = checkConceptValue(concept(type, validation, enumValues), raw);
    expect(result).toEqual({
      ok: false,
      code,
      message: expect.stringMatching(/^Dato: .+/),
      messageEn: expect.stringMatching(/^Datum: .+/),
    });
  });

  it('names the field by the label the form gives it', () => {
    const result = checkConceptValue(concept('fiscalCode'), 'X', { it: 'Codice fiscale del primo nubendo' });
    expect(result).toMatchObject({
      message: expect.stringMatching(/^Codice fiscale del primo nubendo: "X" non è un codice fiscale valido/),
      messageEn: expect.stringMatching(
        /^Codice fiscale del primo nubendo: "X" is not a valid codice fiscale/,
      ),
    });
  });

  it('speaks of money in euro', () => {
    expect(checkConceptValue(concept('money', { maxValue: 1600 }), 1601)).toMatchObject({
      message: 'Dato: il valore massimo è 16.00 €.',
    });
  });

  it('handles every concept type', () => {
    for (const type of CONCEPT_TYPES) {
      expect(checkConceptValue(concept(type), undefined)).toMatchObject({ ok: false, code: 'MISSING_VALUE' });
    }
  });

  it('never accepts a text longer than maxLength, and returns it trimmed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ConceptType>('text', 'address', 'document'),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        fc.integer({ min: 1, max: 20 }),
        (type, raw, maxLength) => {
          const result = checkConceptValue(concept(type, { maxLength }), raw);
          if (result.ok) {
            expect(typeof result.value).toBe('string');
            expect(Array.from(result.value as string).length).toBeLessThanOrEqual(maxLength);
            expect(result.value).toBe(raw.trim());
          } else {
            expect(['TOO_LONG', 'MISSING_VALUE']).toContain(result.code);
          }
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('keeps numbers and money inside their bounds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ConceptType>('number', 'money'),
        fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1000, max: 1000 })),
        fc.integer({ min: -500, max: 0 }),
        fc.integer({ min: 0, max: 500 }),
        (type, raw, minValue, maxValue) => {
          const result = checkConceptValue(concept(type, { minValue, maxValue }), raw);
          if (!result.ok) return;
          const value = result.value as number;
          expect(value).toBeGreaterThanOrEqual(minValue);
          expect(value).toBeLessThanOrEqual(maxValue);
          if (type === 'money') expect(Number.isSafeInteger(value)).toBe(true);
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('accepts exactly the real calendar dates', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          expect(checkConceptValue(concept('date'), iso)).toEqual({ ok: true, value: iso });
        },
      ),
      PROPERTY_RUNS,
    );
  });
});
