import fc from 'fast-check';
import {
  effectiveProcedure,
  PROCEDURE_FIELDS,
  type ProcedureField,
  type ProcedureFields,
  type ProcedureRow,
  type ProcedureTemplate,
} from './procedure.entity';

const fields: ProcedureFields = {
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
const template = (lockedFields: ProcedureField[]) =>
  ({ id: 't', code: 'MATRIMONIO-CIVILE', fields, lockedFields }) as unknown as ProcedureTemplate;
const row = (overrides: Partial<ProcedureFields>) =>
  ({
    id: 'p',
    enteId: 'e',
    templateId: 't',
    code: 'MATRIMONIO-CIVILE',
    overrides,
  }) as unknown as ProcedureRow;

describe(effectiveProcedure.name, () => {
  it('puts overrides on top of the template and names them', () => {
    expect(effectiveProcedure(row({ termDays: 5, transparencyNotice: null }), template([]))).toMatchObject({
      termDays: 5,
      name: 'Celebrazione matrimonio',
      overriddenFields: ['termDays', 'transparencyNotice'],
    });
  });

  it('property: a field is the override unless it is not overridden or locked, then the template value', () => {
    const overrides = fc.dictionary(
      fc.constantFrom(...PROCEDURE_FIELDS),
      fc.string({ maxLength: 5 }),
    ) as fc.Arbitrary<Partial<ProcedureFields>>;
    const locked = fc.subarray([...PROCEDURE_FIELDS]);
    fc.assert(
      fc.property(overrides, locked, (given, lockedFields) => {
        const procedure = effectiveProcedure(row(given), template(lockedFields));
        for (const field of PROCEDURE_FIELDS) {
          const own = field in given && !lockedFields.includes(field);
          expect(procedure[field]).toEqual(own ? given[field] : fields[field]);
          expect(procedure.overriddenFields.includes(field)).toBe(own);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
