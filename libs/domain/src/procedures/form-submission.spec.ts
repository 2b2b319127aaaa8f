import fc from 'fast-check';
import {
  checkFormSubmission,
  formStepSchema,
  isDomainError,
  MARRIAGE_CONCEPTS,
  MARRIAGE_MODEL,
  parseFormSubmission,
  type ConceptDefinition,
  type FormStep,
} from '@sus/domain';

const concepts = new Map(MARRIAGE_CONCEPTS.map(({ code, definition }) => [code, definition]));
const domanda = formStepSchema.parse(MARRIAGE_MODEL.steps.find((step) => step.id === 'domanda'));

const application = {
  'spouse1.givenName': ' Mario ',
  'spouse1.familyName': 'Rossi',
  'spouse1.fiscalCode': 'rssmra85t10a562s',
  'spouse1.birthDate': '1985-12-10',
  'spouse1.residence': 'Via Roma 1, 34121 Trieste',
  'spouse2.givenName': 'Matteo',
  'spouse2.familyName': 'Bosco',
  'spouse2.fiscalCode': 'BSCMTT83A12L719R',
  'spouse2.birthDate': '1983-01-12',
  'spouse2.residence': 'Via Roma 1, 34121 Trieste',
  'witness1.fullName': 'Luca Verdi',
  'witness2.fullName': 'Sara Neri',
  rite: 'civile',
  preferredDate: '2027-06-12',
};

/** A form with a chain of conditions: the second question only if the first is yes, and so on. */
const yesNo: ConceptDefinition = {
  type: 'boolean',
  enumValues: [],
  validation: {},
  sensitive: false,
  label: { it: 'Sì o no', en: 'Yes or no' },
  help: null,
};
const note: ConceptDefinition = { ...yesNo, type: 'text', label: { it: 'Nota', en: null } };
const chainConcepts = new Map([
  ['yesNo', yesNo],
  ['note', note],
]);
const chained: FormStep = formStepSchema.parse({
  id: 'modulo',
  type: 'form',
  title: { it: 'Modulo' },
  fields: [
    { key: 'foreign', concept: 'yesNo' },
    { key: 'nullaOsta', concept: 'yesNo', when: { field: 'foreign', equals: true } },
    { key: 'nullaOstaRef', concept: 'note', when: { field: 'nullaOsta', equals: true } },
    {
      key: 'interpreter',
      concept: 'note',
      required: false,
      when: { field: 'previousAnswer', equals: 'yes' },
    },
  ],
  next: 'fine',
});

describe('checkFormSubmission', () => {
  it('accepts the marriage application and returns its fields normalised', () => {
    const result = checkFormSubmission(domanda, concepts, { ...application, notes: '   ' }, {});
    expect(result).toEqual({
      ok: true,
      data: {
        ...application,
        'spouse1.givenName': 'Mario',
        'spouse1.fiscalCode': 'RSSMRA85T10A562S',
      },
    });
  });

  it('reports every problem: missing required fields, bad values and unknown keys', () => {
    const { rite: _rite, ...withoutRite } = application;
    const result = checkFormSubmission(
      domanda,
      concepts,
      { ...withoutRite, 'spouse2.fiscalCode': 'BSCMTT83A12L719X', preferredDate: '2027-02-30', spouse3: 'x' },
      {},
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          field: 'spouse3',
          code: 'UNKNOWN_FIELD',
          message: 'Il modulo "Richiesta di pubblicazioni e di matrimonio" non ha il campo "spouse3".',
          messageEn: 'Form "Request for banns and wedding" has no field "spouse3".',
        },
        expect.objectContaining({
          field: 'spouse2.fiscalCode',
          code: 'INVALID_FISCAL_CODE',
          message: expect.stringMatching(/^Codice fiscale del secondo nubendo: "BSCMTT83A12L719X" non è/),
        }),
        {
          field: 'rite',
          code: 'REQUIRED',
          message: 'Rito: campo obbligatorio.',
          messageEn: 'Rite: this field is required.',
        },
        expect.objectContaining({ field: 'preferredDate', code: 'INVALID_DATE' }),
      ],
    });
  });

  it('drops fields whose condition does not hold, following a chain of conditions', () => {
    expect(
      checkFormSubmission(chained, chainConcepts, { foreign: false, nullaOsta: true, nullaOstaRef: 'x' }, {}),
    ).toEqual({
      ok: true,
      data: { foreign: false },
    });
    expect(checkFormSubmission(chained, chainConcepts, { foreign: true }, {})).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'nullaOsta', code: 'REQUIRED' })],
    });
    expect(checkFormSubmission(chained, chainConcepts, { foreign: true, nullaOsta: true }, {})).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'nullaOstaRef', code: 'REQUIRED' })],
    });
  });

  it('reads earlier case data in conditions, but not this step’s earlier answers', () => {
    const submitted = { foreign: false, interpreter: ' inglese ' };
    expect(checkFormSubmission(chained, chainConcepts, submitted, { previousAnswer: 'yes' })).toEqual({
      ok: true,
      data: { foreign: false, interpreter: 'inglese' },
    });
    expect(checkFormSubmission(chained, chainConcepts, submitted, { previousAnswer: 'no' })).toEqual({
      ok: true,
      data: { foreign: false },
    });
    // A resubmission replaces the step's answers: the old `foreign: true` asks for nothing now.
    expect(
      checkFormSubmission(chained, chainConcepts, { foreign: false }, { foreign: true, nullaOsta: true }),
    ).toEqual({
      ok: true,
      data: { foreign: false },
    });
  });

  it('refuses a field whose concept the catalogue lacks', () => {
    const result = checkFormSubmission(domanda, new Map(), application, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(new Set(result.problems.map((p) => p.code))).toEqual(new Set(['UNKNOWN_CONCEPT']));
  });

  it('returns only this step’s fields, and only fields the step defines', () => {
    const keys = domanda.fields.map((field) => field.key);
    fc.assert(
      fc.property(fc.subarray(keys), fc.dictionary(fc.string(), fc.string()), (omitted, previous) => {
        const submitted = Object.fromEntries(
          Object.entries(application).filter(([key]) => !omitted.includes(key)),
        );
        const result = checkFormSubmission(domanda, concepts, submitted, previous);
        const requiredOmitted = omitted.filter((key) => key !== 'notes');
        if (requiredOmitted.length > 0) {
          expect(result).toMatchObject({ ok: false });
          if (!result.ok)
            expect(result.problems.map((p) => p.field).sort()).toEqual([...requiredOmitted].sort());
        } else {
          expect(result.ok).toBe(true);
          if (result.ok) for (const key of Object.keys(result.data)) expect(keys).toContain(key);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('parseFormSubmission throws INVALID_FORM_SUBMISSION with every problem', () => {
    expect.assertions(2);
    try {
      parseFormSubmission(domanda, concepts, { rite: 'religioso' }, {});
    } catch (error) {
      expect(isDomainError(error, 'INVALID_FORM_SUBMISSION')).toBe(true);
      expect((error as { details: { stepId: string; problems: unknown[] } }).details).toMatchObject({
        stepId: 'domanda',
        problems: expect.arrayContaining([
          expect.objectContaining({ field: 'rite', code: 'NOT_ALLOWED_VALUE' }),
        ]),
      });
    }
  });
});
