import fc from 'fast-check';
import {
  effectiveProcedure,
  type ProcedureAdoption,
  type ProcedureTemplateFields,
} from './effective-procedure';
import { PROCEDURE_FIELDS, type ProcedureField, type ProcedureFields } from './procedure-fields';

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
const template = (lockedFields: ProcedureField[]): ProcedureTemplateFields => ({
  code: 'MATRIMONIO-CIVILE',
  fields,
  lockedFields,
});
const row = (overrides: Partial<ProcedureFields>): ProcedureAdoption => ({
  id: 'p',
  enteId: 'e',
  code: 'MATRIMONIO-CIVILE',
  overrides,
  responsibleUnitId: null,
  substitutePowerHolderId: null,
});

/** Any value an override may hold, well-typed or not: the rule must not look at values. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
);

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

  it('property: a field the template locks always has the template value, whatever the ente overrode', () => {
    const overrides = fc.dictionary(fc.constantFrom(...PROCEDURE_FIELDS), anyValue) as fc.Arbitrary<
      Partial<ProcedureFields>
    >;
    fc.assert(
      fc.property(overrides, fc.subarray([...PROCEDURE_FIELDS], { minLength: 1 }), (given, lockedFields) => {
        const procedure = effectiveProcedure(row(given), template(lockedFields));
        for (const field of lockedFields) {
          expect(procedure[field]).toEqual(fields[field]);
          expect(procedure.overriddenFields).not.toContain(field);
        }
        expect(procedure.lockedFields).toEqual(lockedFields);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps who the procedure belongs to from the adoption and the code of its template', () => {
    expect(
      effectiveProcedure(
        { ...row({}), responsibleUnitId: 'u', substitutePowerHolderId: 'h' },
        { ...template([]), code: 'T' },
      ),
    ).toMatchObject({
      id: 'p',
      enteId: 'e',
      code: 'MATRIMONIO-CIVILE',
      templateCode: 'T',
      responsibleUnitId: 'u',
      substitutePowerHolderId: 'h',
    });
  });
});
