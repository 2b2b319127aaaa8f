import fc from 'fast-check';
import { CONCEPT_TYPES, incompatibleChanges, isCompatibleChange, type ConceptDefinition } from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };

const base: ConceptDefinition = {
  type: 'text',
  enumValues: [],
  validation: { minLength: 2, maxLength: 50 },
  sensitive: true,
  label: { it: 'Nome', en: 'Name' },
  help: null,
};

const optionalInt = fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null });
const optionalDate = fc.option(
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  { nil: null },
);
const text = fc.string({ maxLength: 20 });
const definition: fc.Arbitrary<ConceptDefinition> = fc.record({
  type: fc.constantFrom(...CONCEPT_TYPES),
  enumValues: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 }),
  validation: fc.record({
    minLength: optionalInt,
    maxLength: optionalInt,
    pattern: fc.option(fc.constantFrom('^[A-Z]+$', '^\\d+$'), { nil: null }),
    minValue: optionalInt,
    maxValue: optionalInt,
    minDate: optionalDate,
    maxDate: optionalDate,
  }),
  sensitive: fc.boolean(),
  label: fc.record({ it: text, en: fc.option(text, { nil: null }) }),
  help: fc.option(fc.record({ it: text, en: fc.option(text, { nil: null }) }), { nil: null }),
});

describe('incompatibleChanges', () => {
  it('lets labels and help text change', () => {
    expect(
      incompatibleChanges(base, {
        ...base,
        label: { it: 'Nome di battesimo', en: 'First name' },
        help: { it: 'Come nel documento', en: null },
      }),
    ).toEqual([]);
  });

  it('refuses a type change', () => {
    expect(incompatibleChanges(base, { ...base, type: 'number' })).toEqual([
      expect.objectContaining({ field: 'type' }),
    ]);
  });

  it('refuses dropping an enum value but allows adding one', () => {
    const rite = { ...base, type: 'enum' as const, enumValues: ['civile', 'concordatario'] };
    expect(incompatibleChanges(rite, { ...rite, enumValues: ['civile'] })).toEqual([
      expect.objectContaining({ field: 'enumValues' }),
    ]);
    expect(isCompatibleChange(rite, { ...rite, enumValues: ['civile', 'concordatario', 'altro'] })).toBe(
      true,
    );
  });

  it('refuses tightening validation and allows loosening it', () => {
    expect(incompatibleChanges(base, { ...base, validation: { minLength: 2, maxLength: 40 } })).toEqual([
      expect.objectContaining({ field: 'validation.maxLength' }),
    ]);
    expect(incompatibleChanges(base, { ...base, validation: { minLength: 3, maxLength: 50 } })).toEqual([
      expect.objectContaining({ field: 'validation.minLength' }),
    ]);
    expect(isCompatibleChange(base, { ...base, validation: { minLength: 1 } })).toBe(true);
    expect(
      incompatibleChanges(base, { ...base, validation: { ...base.validation, pattern: '^[A-Z]+$' } }),
    ).toEqual([expect.objectContaining({ field: 'validation.pattern' })]);
  });

  it('refuses a date range that starts later', () => {
    const date = { ...base, type: 'date' as const, validation: { minDate: '2026-01-01' } };
    expect(incompatibleChanges(date, { ...date, validation: { minDate: '2026-02-01' } })).toEqual([
      expect.objectContaining({ field: 'validation.minDate' }),
    ]);
  });

  it('refuses dropping the personal-data flag but allows adding it', () => {
    expect(incompatibleChanges(base, { ...base, sensitive: false })).toEqual([
      expect.objectContaining({ field: 'sensitive' }),
    ]);
    expect(isCompatibleChange({ ...base, sensitive: false }, base)).toBe(true);
  });

  it('property: every definition is compatible with itself and with any relabelling of itself', () => {
    fc.assert(
      fc.property(definition, text, fc.option(text, { nil: null }), (concept, it, en) => {
        expect(isCompatibleChange(concept, concept)).toBe(true);
        expect(
          isCompatibleChange(concept, { ...concept, label: { it, en }, help: { it: en ?? it, en } }),
        ).toBe(true);
      }),
      PROPERTY_RUNS,
    );
  });

  it('property: compatibility is transitive, so a chain of in-place edits never narrows', () => {
    fc.assert(
      fc.property(definition, definition, definition, (a, b, c) => {
        if (isCompatibleChange(a, b) && isCompatibleChange(b, c)) expect(isCompatibleChange(a, c)).toBe(true);
      }),
      PROPERTY_RUNS,
    );
  });

  it('property: a compatible number change keeps accepting every value accepted before', () => {
    const numeric = definition.map((concept) => ({ ...concept, type: 'number' as const }));
    const accepts = (concept: ConceptDefinition, value: number) =>
      (concept.validation.minValue == null || value >= concept.validation.minValue) &&
      (concept.validation.maxValue == null || value <= concept.validation.maxValue);
    fc.assert(
      fc.property(numeric, numeric, fc.integer({ min: -10, max: 1010 }), (before, after, value) => {
        if (isCompatibleChange(before, after) && accepts(before, value))
          expect(accepts(after, value)).toBe(true);
      }),
      PROPERTY_RUNS,
    );
  });

  it('property: any type change is incompatible', () => {
    fc.assert(
      fc.property(definition, fc.constantFrom(...CONCEPT_TYPES), (concept, type) => {
        fc.pre(type !== concept.type);
        expect(isCompatibleChange(concept, { ...concept, type })).toBe(false);
      }),
      PROPERTY_RUNS,
    );
  });
});
