import { bearer, ENTE_X, ENTE_Y } from '../support/identity';
import { dataOf, firstError, gql } from '../support/graphql';
import { SeededApi } from '../support/seeded-api';

const MARRIAGE = 'MATRIMONIO-CIVILE';

interface Draft {
  id: string;
  revision: number;
  document: string;
  basedOnTemplateVersionId: string | null;
}
interface Version {
  id: string;
  owner: string;
  enteCode: string | null;
  version: number;
  basedOnTemplateVersionId: string | null;
}
interface Diff {
  identical: boolean;
  stepsAdded: { stepId: string }[];
  stepsRemoved: { stepId: string }[];
  stepsChanged: {
    stepId: string;
    fieldsAdded: string[];
    fieldsRemoved: string[];
    changes: { path: string; from: string | null; to: string | null }[];
  }[];
  term: { path: string; from: string | null; to: string | null }[];
}
interface Offer {
  procedureCode: string;
  current: Version;
  basedOn: Version | null;
  offered: Version;
  diff: Diff;
  regionalChanges: Diff | null;
}

type Step = Record<string, unknown> & { id: string };
type Model = { steps: Step[]; term: Record<string, unknown> };

const VERSION = 'id owner enteCode version basedOnTemplateVersionId';
const DIFF =
  'identical stepsAdded { stepId } stepsRemoved { stepId } stepsChanged { stepId fieldsAdded fieldsRemoved changes { path from to } } term { path from to }';

/**
 * Issue 13: a new version of a regional template is offered to every ente that specialised an older
 * one, with the diff against that ente's own version; nothing changes for the ente until its
 * modellers adopt it. Trieste specialised the form, Medea the office and the hall; the region then
 * lengthens the payment term and asks for a witness's fiscal code.
 */
describe('regional template updates offered to the enti that specialised the template', () => {
  const fixture = new SeededApi();
  const as: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    await fixture.start('template-updates');
    as.trieste = await bearer(fixture.issuer, 'modellerX');
    as.region = await bearer(fixture.issuer, 'templateEditor');
    as.medea = {
      authorization: `Bearer ${await fixture.issuer.mint({
        sub: 'admin.medea',
        name: 'Marco',
        familyName: 'Bruno',
        sus_roles: [
          { ente: ENTE_Y, role: 'enteAdmin' },
          { ente: ENTE_Y, role: 'modeller' },
        ],
      })}`,
    };
  }, 120_000);

  afterAll(() => fixture.stop(), 60_000);

  const run = <T>(who: string, query: string, variables: Record<string, unknown> = {}) =>
    gql<T>(fixture.api, query, variables, { as: as[who] });

  /** A draft from `from`, changed by `change`, published; answers the version. */
  async function specialise(
    who: string,
    enteCode: string | null,
    from: 'TEMPLATE' | 'VERSION',
    change: (model: Model) => void,
  ): Promise<Version> {
    const draft = dataOf(
      await run<{ createProcedureDraft: Draft }>(
        who,
        `mutation($i: CreateProcedureDraftInput!) { createProcedureDraft(input: $i) { id revision document } }`,
        { i: { enteCode, procedureCode: MARRIAGE, from } },
      ),
    ).createProcedureDraft;
    const model = JSON.parse(draft.document) as Model;
    change(model);
    const saved = dataOf(
      await run<{ updateProcedureDraft: Draft }>(
        who,
        `mutation($d: ID!, $r: Int!, $doc: String) { updateProcedureDraft(draftId: $d, expectedRevision: $r, document: $doc) { id revision } }`,
        { d: draft.id, r: draft.revision, doc: JSON.stringify(model) },
      ),
    ).updateProcedureDraft;
    const published = await run<{ publishProcedureVersion: Version }>(
      who,
      `mutation($d: ID!, $r: Int) { publishProcedureVersion(draftId: $d, expectedRevision: $r) { ${VERSION} } }`,
      { d: saved.id, r: saved.revision },
    );
    return dataOf(published).publishProcedureVersion;
  }

  const offers = async (who: string, enteCode: string) =>
    dataOf(
      await run<{ templateUpdates: Offer[] }>(
        who,
        `query($e: String!) { templateUpdates(enteCode: $e) { procedureCode current { ${VERSION} } basedOn { ${VERSION} } offered { ${VERSION} } diff { ${DIFF} } regionalChanges { ${DIFF} } } }`,
        { e: enteCode },
      ),
    ).templateUpdates;

  const step = (model: Model, id: string) => model.steps.find((candidate) => candidate.id === id)!;
  const changeOf = (diff: Diff, stepId: string) => diff.stepsChanged.find((one) => one.stepId === stepId);

  let regional1: Version;
  let trieste2: Version;
  let medea1: Version;
  let regional2: Version;

  it('offers nothing while every specialisation is based on the latest regional version', async () => {
    // Trieste adds an interpreter to the form.
    trieste2 = await specialise('trieste', ENTE_X, 'VERSION', (model) => {
      (step(model, 'domanda').fields as unknown[]).push({
        key: 'interpreter.fullName',
        concept: 'person.fullName',
        required: false,
      });
    });
    // Medea, with no hall of its own, celebrates in the council chamber free of charge and checks in
    // its own office.
    const hall = await run(
      'medea',
      `mutation($e: String!, $i: SaveBookingResourceInput!) { saveBookingResource(enteCode: $e, input: $i) { code } }`,
      {
        e: ENTE_Y,
        i: {
          code: 'SALA-CONSILIARE',
          name: 'Sala consiliare',
          calendar: {
            slotMinutes: 60,
            weekly: [{ weekday: 6, opens: '10:00', closes: '12:00' }],
            closedOn: [],
            closedOnHolidays: true,
          },
        },
      },
    );
    expect(hall.errors).toBeUndefined();
    medea1 = await specialise('medea', ENTE_Y, 'TEMPLATE', (model) => {
      step(model, 'prenotazione').resource = 'SALA-CONSILIARE';
      step(model, 'prenotazione').next = 'verifica';
      model.steps = model.steps.filter((candidate) => candidate.id !== 'pagamento');
      step(model, 'pubblicazioni').assignee = { unit: 'UFF-ASC', role: 'operator' };
      step(model, 'verifica').assignee = { unit: 'UFF-ASC', role: 'operator' };
    });
    // Trieste's version 2 specialises the regional version 1, as its version 1 did.
    regional1 = { id: trieste2.basedOnTemplateVersionId! } as Version;
    expect(medea1).toMatchObject({ owner: 'ENTE', enteCode: ENTE_Y, version: 1 });
    expect(medea1.basedOnTemplateVersionId).toBe(regional1.id);
    expect(await offers('trieste', ENTE_X)).toEqual([]);
    expect(await offers('medea', ENTE_Y)).toEqual([]);
  });

  it("offers the region's version 2 to Trieste and to Medea, each with the diff against its own version", async () => {
    regional2 = await specialise('region', null, 'TEMPLATE', (model) => {
      step(model, 'pagamento').dueInDays = 5;
      (step(model, 'domanda').fields as unknown[]).push({
        key: 'witness1.fiscalCode',
        concept: 'person.fiscalCode',
        label: { it: 'Codice fiscale del primo testimone', en: 'First witness, fiscal code' },
        required: false,
      });
    });
    expect(regional2).toMatchObject({ owner: 'TEMPLATE', enteCode: null, version: 2 });

    const [trieste] = await offers('trieste', ENTE_X);
    expect(trieste).toMatchObject({
      procedureCode: MARRIAGE,
      current: { id: trieste2.id, version: 2 },
      basedOn: { id: regional1.id, version: 1 },
      offered: { id: regional2.id, version: 2 },
    });
    // Adopting the region's version as it is would drop Trieste's interpreter.
    expect(changeOf(trieste!.diff, 'domanda')).toMatchObject({
      fieldsAdded: ['witness1.fiscalCode'],
      fieldsRemoved: ['interpreter.fullName'],
    });
    expect(changeOf(trieste!.diff, 'pagamento')!.changes).toEqual([
      { path: 'dueInDays', from: '2', to: '5' },
    ]);
    expect(trieste!.diff.stepsChanged.map((one) => one.stepId)).toEqual(['domanda', 'pagamento']);
    // What the region changed, the same for both enti.
    expect(
      trieste!.regionalChanges!.stepsChanged.map((one) => [one.stepId, one.fieldsAdded, one.fieldsRemoved]),
    ).toEqual([
      ['domanda', ['witness1.fiscalCode'], []],
      ['pagamento', [], []],
    ]);

    const [medea] = await offers('medea', ENTE_Y);
    expect(medea).toMatchObject({ current: { id: medea1.id }, offered: { id: regional2.id } });
    expect(medea!.regionalChanges).toEqual(trieste!.regionalChanges);
    // Medea's diff names its own choices the region's version would undo, and not Trieste's field.
    expect(medea!.diff.stepsAdded).toEqual([{ stepId: 'pagamento' }]);
    expect(medea!.diff.stepsChanged.map((one) => one.stepId)).toEqual([
      'domanda',
      'pubblicazioni',
      'prenotazione',
      'verifica',
    ]);
    expect(changeOf(medea!.diff, 'domanda')).toMatchObject({
      fieldsAdded: ['witness1.fiscalCode'],
      fieldsRemoved: [],
    });
    expect(changeOf(medea!.diff, 'prenotazione')!.changes).toEqual([
      { path: 'next', from: '"verifica"', to: '"pagamento"' },
      { path: 'resource', from: '"SALA-CONSILIARE"', to: '"SALA-MATRIMONI"' },
    ]);
  });

  it('is never forced: each ente keeps its version until its modellers adopt the offer, and then it is gone', async () => {
    const current = async (enteCode: string) =>
      dataOf(
        await run<{ procedureVersions: Version[] }>(
          'trieste',
          `query($e: String) { procedureVersions(procedureCode: "${MARRIAGE}", enteCode: $e) { ${VERSION} } }`,
          { e: enteCode },
        ),
      ).procedureVersions[0]!;
    expect((await current(ENTE_X)).id).toBe(trieste2.id);
    expect((await current(ENTE_Y)).id).toBe(medea1.id);

    // Trieste takes the region's version 2 and puts its interpreter back.
    const trieste3 = await specialise('trieste', ENTE_X, 'TEMPLATE', (model) => {
      (step(model, 'domanda').fields as unknown[]).push({
        key: 'interpreter.fullName',
        concept: 'person.fullName',
        required: false,
      });
    });
    expect(trieste3).toMatchObject({ version: 3, basedOnTemplateVersionId: regional2.id });
    expect(await offers('trieste', ENTE_X)).toEqual([]);
    expect((await offers('medea', ENTE_Y)).map((offer) => offer.offered.id)).toEqual([regional2.id]);
  });

  it("shows an ente's offers only to who models there", async () => {
    const denied = await run('medea', `query { templateUpdates(enteCode: "${ENTE_X}") { procedureCode } }`);
    expect(firstError(denied.errors).code).toBe('FORBIDDEN');
  });
});
