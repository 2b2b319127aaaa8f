import fc from 'fast-check';
import { DomainError } from '../errors';
import {
  checkProcedureFields,
  CONCLUSION_TYPES,
  MAX_PROCEDURE_TERM_DAYS,
  START_TYPES,
  TERM_KINDS,
  type ProcedureFields,
} from './procedure-fields';

const valid: ProcedureFields = {
  name: 'Celebrazione matrimonio',
  subjectArea: 'Anagrafe e stato civile',
  startType: 'istanzaDiParte',
  legislation: ['D.P.R. 396/2000'],
  termDays: 3,
  termKind: 'calendarDays',
  conclusionType: 'provvedimentoEspresso',
  transparencyNotice: null,
  deadlines: [],
};

const refusal = (field: string) =>
  expect.objectContaining({ name: 'DomainError', code: 'BAD_USER_INPUT', details: { field } });

describe(checkProcedureFields.name, () => {
  it('normalises a complete template: trimmed texts, blank list items dropped, blank notice null', () => {
    expect(
      checkProcedureFields(
        {
          ...valid,
          name: '  Celebrazione matrimonio ',
          legislation: [' D.P.R. 396/2000 ', '  '],
          deadlines: ['', 'Richiesta almeno 30 giorni prima'],
          transparencyNotice: '   ',
        },
        true,
      ),
    ).toEqual({ ...valid, deadlines: ['Richiesta almeno 30 giorni prima'] });
  });

  it('requires every field of a template but the transparency notice', () => {
    const { transparencyNotice: _notice, ...withoutNotice } = valid;
    expect(checkProcedureFields(withoutNotice, true)).toEqual(withoutNotice);
    const { termKind: _kind, ...withoutKind } = valid;
    expect(() => checkProcedureFields(withoutKind, true)).toThrow(refusal('termKind'));
  });

  it('checks only the fields an override gives; null means not given, except for the notice', () => {
    expect(checkProcedureFields({ termDays: 30 }, false)).toEqual({ termDays: 30 });
    expect(
      checkProcedureFields(
        { name: null, transparencyNotice: null } as unknown as Partial<ProcedureFields>,
        false,
      ),
    ).toEqual({ transparencyNotice: null });
  });

  it('names the first broken field in field order', () => {
    expect(() => checkProcedureFields({ termDays: 0, name: ' ' }, false)).toThrow(refusal('name'));
  });

  it.each([
    ['name', { name: 'x'.repeat(201) }],
    ['subjectArea', { subjectArea: '' }],
    ['startType', { startType: 'spontaneo' }],
    ['termKind', { termKind: 'weeks' }],
    ['conclusionType', { conclusionType: 'silenzio' }],
    ['termDays', { termDays: 0 }],
    ['termDays', { termDays: MAX_PROCEDURE_TERM_DAYS + 1 }],
    ['termDays', { termDays: 2.5 }],
    ['legislation', { legislation: [' '] }],
  ])('refuses a bad %s', (field, input) => {
    expect(() => checkProcedureFields(input as Partial<ProcedureFields>, false)).toThrow(refusal(field));
    expect(() => checkProcedureFields(input as Partial<ProcedureFields>, false)).toThrow(DomainError);
  });

  it('property: a valid template passes, and checking the result again changes nothing', () => {
    const text = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim().length > 0);
    const template = fc.record({
      name: text,
      subjectArea: text,
      startType: fc.constantFrom(...START_TYPES),
      legislation: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }).map((l) => ['L. 241/1990', ...l]),
      termDays: fc.integer({ min: 1, max: MAX_PROCEDURE_TERM_DAYS }),
      termKind: fc.constantFrom(...TERM_KINDS),
      conclusionType: fc.constantFrom(...CONCLUSION_TYPES),
      transparencyNotice: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
      deadlines: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(template, (input) => {
        const checked = checkProcedureFields(input, true);
        expect(checkProcedureFields(checked, true)).toEqual(checked);
      }),
      { numRuns: 1000 },
    );
  });
});
