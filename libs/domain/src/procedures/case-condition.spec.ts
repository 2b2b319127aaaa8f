import fc from 'fast-check';
import {
  caseConditionSchema,
  conditionFields,
  evaluateCondition,
  type CaseCondition,
  type CaseData,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 500 };

const keys = ['rite', 'spouse1.age', 'notes', 'constructor'] as const;
const scalar = fc.oneof(
  fc.constantFrom('civile', 'religioso', ''),
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
);
const data: fc.Arbitrary<CaseData> = fc.dictionary(
  fc.constantFrom(...keys),
  fc.oneof(scalar, fc.constant(null)),
);
const { condition } = fc.letrec<{ condition: CaseCondition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ field: fc.constantFrom(...keys), equals: scalar }),
    fc.record({ field: fc.constantFrom(...keys), in: fc.array(scalar, { minLength: 1, maxLength: 3 }) }),
    fc.record({ field: fc.constantFrom(...keys), present: fc.boolean() }),
    fc.record({ all: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('condition') }),
  ) as fc.Arbitrary<CaseCondition>,
}));

describe('evaluateCondition', () => {
  const case1: CaseData = { rite: 'civile', 'spouse1.age': 30, minor: false, notes: null };

  it.each<[string, CaseCondition, boolean]>([
    ['equals on the same value', { field: 'rite', equals: 'civile' }, true],
    ['equals is strict about types', { field: 'spouse1.age', equals: '30' }, false],
    ['equals false on a false field', { field: 'minor', equals: false }, true],
    ['equals on a missing field', { field: 'other', equals: 'civile' }, false],
    ['in', { field: 'spouse1.age', in: [18, 30] }, true],
    ['in without the value', { field: 'rite', in: ['religioso'] }, false],
    ['present on a value', { field: 'rite', present: true }, true],
    ['a null value is not present', { field: 'notes', present: false }, true],
    ['a missing key is not present', { field: 'other', present: false }, true],
    ['an inherited property is not present', { field: 'constructor', present: true }, false],
    [
      'all',
      {
        all: [
          { field: 'rite', equals: 'civile' },
          { field: 'minor', equals: true },
        ],
      },
      false,
    ],
    [
      'any',
      {
        any: [
          { field: 'rite', equals: 'x' },
          { field: 'minor', equals: false },
        ],
      },
      true,
    ],
    ['not', { not: { field: 'rite', present: true } }, false],
  ])('%s', (_, condition, expected) => {
    expect(caseConditionSchema.parse(condition)).toEqual(condition);
    expect(evaluateCondition(condition, case1)).toBe(expected);
  });

  it('not is the negation', () => {
    fc.assert(
      fc.property(condition, data, (c, d) => {
        expect(evaluateCondition({ not: c }, d)).toBe(!evaluateCondition(c, d));
      }),
      PROPERTY_RUNS,
    );
  });

  it('all and any are conjunction and disjunction of their parts', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), data, (parts, d) => {
        const values = parts.map((part) => evaluateCondition(part, d));
        expect(evaluateCondition({ all: parts }, d)).toBe(values.every(Boolean));
        expect(evaluateCondition({ any: parts }, d)).toBe(values.some(Boolean));
      }),
      PROPERTY_RUNS,
    );
  });

  it('reads only the fields conditionFields names', () => {
    fc.assert(
      fc.property(condition, data, data, (c, d, noise) => {
        const read = new Set(conditionFields(c));
        const unread = Object.fromEntries(Object.entries(noise).map(([key, value]) => [`x.${key}`, value]));
        const kept = Object.fromEntries(Object.entries(d).filter(([key]) => read.has(key)));
        expect(evaluateCondition(c, { ...kept, ...unread })).toBe(evaluateCondition(c, d));
      }),
      PROPERTY_RUNS,
    );
  });
});
