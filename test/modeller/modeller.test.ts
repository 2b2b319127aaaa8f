import type { INestApplicationContext } from '@nestjs/common';
import { bearer, ENTE_X } from '../support/identity';
import { dataOf, firstError, gql, type GraphqlResponse } from '../support/graphql';
import { eventually, startWorker } from '../support/platform';
import { SeededApi } from '../support/seeded-api';

const MARRIAGE = 'MATRIMONIO-CIVILE';

const DRAFT = `id enteCode procedureCode source sourceVersionId basedOnTemplateVersionId revision document status publishedVersionId`;
const VERSION = `id owner procedureCode enteCode version publishedBy basedOnTemplateVersionId`;

interface Draft {
  id: string;
  enteCode: string | null;
  source: string;
  sourceVersionId: string | null;
  basedOnTemplateVersionId: string | null;
  revision: number;
  document: string;
  status: string;
  publishedVersionId: string | null;
}
interface Version {
  id: string;
  owner: string;
  enteCode: string | null;
  version: number;
  publishedBy: string;
  basedOnTemplateVersionId: string | null;
}
interface Problem {
  code: string;
  path: string[];
  stepId: string | null;
  message: string;
  messageEn: string;
}

/** The field Trieste's modeller adds: an interpreter, asked only for a civil rite. */
const INTERPRETER = {
  key: 'interpreter.fullName',
  concept: 'person.fullName',
  label: { it: "Nome e cognome dell'interprete", en: "Interpreter's full name" },
  required: false,
  when: { field: 'rite', equals: 'civile' },
};

/**
 * Issue 13: a modeller of Trieste adds a field to the civil-marriage form through drafts, previews
 * it, has an invalid draft refused with the validator's messages, publishes version 2, and a case
 * started before keeps version 1 while a new case runs version 2. The api on a seeded database,
 * with a worker on the dev server so cases really start.
 */
describe('the process modeller (drafts, validation, preview, publishing, versions, diff)', () => {
  const fixture = new SeededApi();
  let worker: INestApplicationContext;
  const as: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    await fixture.start('modeller');
    worker = await startWorker({
      databaseUrl: fixture.db.url,
      temporalAddress: fixture.temporal.address,
      taskQueue: fixture.taskQueue,
    });
    for (const persona of ['modellerX', 'operatorX', 'citizenA', 'templateEditor'] as const)
      as[persona] = await bearer(fixture.issuer, persona);
    as.medea = {
      authorization: `Bearer ${await fixture.issuer.mint({
        sub: 'admin.medea',
        name: 'Marco',
        familyName: 'Bruno',
        sus_roles: [
          { ente: 'c_f081', role: 'enteAdmin' },
          { ente: 'c_f081', role: 'modeller' },
        ],
      })}`,
    };
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await fixture.stop();
  }, 60_000);

  const run = <T>(who: string, query: string, variables: Record<string, unknown> = {}) =>
    gql<T>(fixture.api, query, variables, { as: as[who] });

  const createDraft = (who: string, input: Record<string, unknown>) =>
    run<{ createProcedureDraft: Draft }>(
      who,
      `mutation($i: CreateProcedureDraftInput!) { createProcedureDraft(input: $i) { ${DRAFT} } }`,
      { i: input },
    );
  const edit = (
    draftId: string,
    expectedRevision: number,
    stepEdit: Record<string, unknown>,
    who = 'modellerX',
  ) =>
    run<{ updateProcedureDraft: Draft }>(
      who,
      `mutation($d: ID!, $r: Int!, $e: StepEditInput) { updateProcedureDraft(draftId: $d, expectedRevision: $r, edit: $e) { ${DRAFT} } }`,
      { d: draftId, r: expectedRevision, e: stepEdit },
    );
  const validate = (draftId: string, who = 'modellerX') =>
    run<{ validateProcedureDraft: { valid: boolean; problems: Problem[] } }>(
      who,
      `query($d: ID!) { validateProcedureDraft(draftId: $d) { valid problems { code path stepId message messageEn } } }`,
      { d: draftId },
    );
  const publish = (draftId: string, expectedRevision?: number) =>
    run<{ publishProcedureVersion: Version }>(
      'modellerX',
      `mutation($d: ID!, $r: Int) { publishProcedureVersion(draftId: $d, expectedRevision: $r) { ${VERSION} } }`,
      { d: draftId, r: expectedRevision ?? null },
    );
  const versions = async () =>
    dataOf(
      await run<{ procedureVersions: Version[] }>(
        'citizenA',
        `query($p: String!, $e: String) { procedureVersions(procedureCode: $p, enteCode: $e) { ${VERSION} } }`,
        { p: MARRIAGE, e: ENTE_X },
      ),
    ).procedureVersions;
  const count = async (table: string) =>
    Number(
      ((await fixture.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n,
    );
  const startCase = async () =>
    dataOf(
      await run<{ startCase: { caseNumber: string; versionNumber: number } }>(
        'citizenA',
        `mutation($e: String!, $s: String!) { startCase(enteCode: $e, serviceCode: $s) { caseNumber versionNumber } }`,
        { e: ENTE_X, s: MARRIAGE },
      ),
    ).startCase;
  const caseOf = async (caseNumber: string) =>
    dataOf(
      await run<{ case: { versionNumber: number; currentStep: { id: string } | null } }>(
        'citizenA',
        `query($e: String!, $n: String!) { case(enteCode: $e, caseNumber: $n) { versionNumber currentStep { id } } }`,
        { e: ENTE_X, n: caseNumber },
      ),
    ).case;

  let draft: Draft;
  let caseBefore: string;
  let published: Version;

  it("starts a draft from Trieste's published version, specialising the regional version 1", async () => {
    const [own, template] = (await versions()).filter((version) => version.version === 1);
    expect(own).toMatchObject({ owner: 'ENTE', enteCode: ENTE_X });
    expect(template).toMatchObject({ owner: 'TEMPLATE', enteCode: null });
    expect(own!.basedOnTemplateVersionId).toBe(template!.id);

    draft = dataOf(
      await createDraft('modellerX', { enteCode: ENTE_X, procedureCode: MARRIAGE, from: 'VERSION' }),
    ).createProcedureDraft;
    expect(draft).toMatchObject({
      enteCode: ENTE_X,
      source: 'VERSION',
      sourceVersionId: own!.id,
      basedOnTemplateVersionId: template!.id,
      revision: 1,
      status: 'OPEN',
    });
    // A case that starts now runs Trieste's version 1: the draft is never run.
    caseBefore = (await startCase()).caseNumber;
    expect((await caseOf(caseBefore)).versionNumber).toBe(1);
  });

  it('adds a field to the form as a step edit, and refuses an edit made on a stale revision', async () => {
    const form = (JSON.parse(draft.document) as { steps: { id: string; fields: unknown[] }[] }).steps.find(
      (step) => step.id === 'domanda',
    )!;
    const changed = { ...form, fields: [...form.fields, INTERPRETER] };
    const saved = await edit(draft.id, 1, {
      kind: 'REPLACE',
      stepId: 'domanda',
      step: JSON.stringify(changed),
    });
    draft = dataOf(saved).updateProcedureDraft;
    expect(draft.revision).toBe(2);
    const fields = (JSON.parse(draft.document) as { steps: { id: string; fields: { key: string }[] }[] })
      .steps[0]!.fields;
    expect(fields.at(-1)).toMatchObject({ key: 'interpreter.fullName' });

    // A colleague's editor still shows revision 1: the save is refused and nothing is written.
    const revisions = await count('procedure_draft_revision');
    const stale = await edit(draft.id, 1, { kind: 'REMOVE', stepId: 'decaduta' });
    expect(firstError(stale.errors)).toMatchObject({ code: 'DRAFT_REVISION_CONFLICT' });
    expect(await count('procedure_draft_revision')).toBe(revisions);
    // Staff who do not model, and another ente's modeller, cannot touch it.
    expect(
      firstError((await edit(draft.id, 2, { kind: 'REMOVE', stepId: 'decaduta' }, 'operatorX')).errors).code,
    ).toBe('FORBIDDEN');
    expect(firstError((await validate(draft.id, 'medea')).errors).code).toBe('NOT_FOUND');
    const audited = (await fixture.dataSource.query(
      `SELECT action, after FROM audit_log WHERE entity = 'ProcedureDraft' AND entity_id = $1 ORDER BY id`,
      [draft.id],
    )) as { action: string; after: { revision?: number } }[];
    expect(audited.map((entry) => entry.action)).toEqual([
      'procedureDraft.created',
      'procedureDraft.updated',
    ]);
    expect(audited[1]!.after.revision).toBe(2);
  });

  it('previews the form from the Business Catalog in Italian and English, with the new field and its condition', async () => {
    const preview = dataOf(
      await run<{
        previewForm: {
          title: { it: string; en: string };
          fields: {
            key: string;
            type: string;
            input: string;
            label: { it: string; en: string };
            help: { it: string; en: string } | null;
            required: boolean;
            options: string[];
            validation: { minLength: number | null; maxLength: number | null };
            condition: string | null;
            conditionText: { it: string; en: string } | null;
          }[];
        };
      }>(
        'modellerX',
        `query($d: ID!) { previewForm(draftId: $d, stepId: "domanda") { title { it en } fields { key type input label { it en } help { it en } required options validation { minLength maxLength } condition conditionText { it en } } } }`,
        { d: draft.id },
      ),
    ).previewForm;
    expect(preview.title).toEqual({
      it: 'Richiesta di pubblicazioni e di matrimonio',
      en: 'Request for banns and wedding',
    });
    expect(preview.fields.find((field) => field.key === 'spouse1.fiscalCode')).toMatchObject({
      type: 'FISCAL_CODE',
      label: { it: 'Codice fiscale del primo nubendo', en: "First spouse's fiscal code" },
      help: { it: 'I 16 caratteri della tessera sanitaria.', en: 'The 16 characters on the health card.' },
      required: true,
    });
    expect(preview.fields.find((field) => field.key === 'rite')).toMatchObject({
      input: 'select',
      options: ['civile'],
    });
    expect(preview.fields.at(-1)).toEqual({
      key: 'interpreter.fullName',
      type: 'TEXT',
      input: 'text',
      label: { it: "Nome e cognome dell'interprete", en: "Interpreter's full name" },
      help: null,
      required: false,
      options: [],
      validation: { minLength: 3, maxLength: 200 },
      condition: JSON.stringify({ field: 'rite', equals: 'civile' }),
      conditionText: { it: '«Rito» è «civile»', en: '«Rite» is «civile»' },
    });
    expect(dataOf(await validate(draft.id)).validateProcedureDraft).toEqual({ valid: true, problems: [] });
  });

  it("refuses to publish an invalid draft with the validator's messages, each with its step and field path", async () => {
    const broken = dataOf(
      await createDraft('modellerX', { enteCode: ENTE_X, procedureCode: MARRIAGE, from: 'VERSION' }),
    ).createProcedureDraft;
    const form = (JSON.parse(broken.document) as { steps: Record<string, unknown>[] }).steps[0]!;
    const wrong = {
      ...form,
      next: 'pubblicazione',
      fields: [...(form.fields as unknown[]), { key: 'spouse1.email', concept: 'person.email' }],
    };
    const saved = dataOf(
      await edit(broken.id, 1, { kind: 'REPLACE', stepId: 'domanda', step: JSON.stringify(wrong) }),
    ).updateProcedureDraft;
    const { valid, problems } = dataOf(await validate(broken.id)).validateProcedureDraft;
    expect(valid).toBe(false);
    const fieldIndex = String((form.fields as unknown[]).length);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'UNKNOWN_STEP', stepId: 'domanda', path: ['steps', '0', 'next'] }),
        expect.objectContaining({
          code: 'UNKNOWN_CONCEPT',
          stepId: 'domanda',
          path: ['steps', '0', 'fields', fieldIndex, 'concept'],
        }),
      ]),
    );
    const before = await count('procedure_version');
    const refused = (await publish(broken.id, saved.revision)) as GraphqlResponse<unknown>;
    expect(firstError(refused.errors).code).toBe('INVALID_PROCEDURE_MODEL');
    expect(refused.errors![0]!.extensions!.details).toEqual({ problems: problems.map(withOptionalStep) });
    expect(await count('procedure_version')).toBe(before);
    const discarded = await run<{ discardProcedureDraft: Draft }>(
      'modellerX',
      `mutation($d: ID!) { discardProcedureDraft(draftId: $d) { status } }`,
      { d: broken.id },
    );
    expect(dataOf(discarded).discardProcedureDraft.status).toBe('DISCARDED');
  });

  it('publishes version 2, immutable and numbered; the draft is closed and cannot be published twice', async () => {
    // Two clicks at once: one version, the other click told the draft is closed.
    const [one, two] = await Promise.all([publish(draft.id, 2), publish(draft.id, 2)]);
    const winner = one.data?.publishProcedureVersion ? one : two;
    const loser = winner === one ? two : one;
    published = dataOf(winner).publishProcedureVersion;
    expect(firstError(loser.errors).code).toBe('DRAFT_NOT_OPEN');
    const [own1] = (await versions()).filter((version) => version.owner === 'ENTE' && version.version === 1);
    expect(published).toMatchObject({
      owner: 'ENTE',
      enteCode: ENTE_X,
      version: 2,
      basedOnTemplateVersionId: own1!.basedOnTemplateVersionId,
    });
    expect((await versions()).map((version) => `${version.owner} ${version.version}`)).toEqual([
      'ENTE 2',
      'ENTE 1',
      'TEMPLATE 1',
    ]);
    const again = await publish(draft.id);
    expect(firstError(again.errors).code).toBe('DRAFT_NOT_OPEN');
    expect(await count('procedure_version')).toBe(3);
    const drafts = dataOf(
      await run<{ procedureDrafts: Draft[] }>(
        'modellerX',
        `query($e: String) { procedureDrafts(enteCode: $e, includeClosed: true) { id status publishedVersionId } }`,
        { e: ENTE_X },
      ),
    ).procedureDrafts;
    expect(drafts.find((one) => one.id === draft.id)).toMatchObject({
      status: 'PUBLISHED',
      publishedVersionId: published.id,
    });
  });

  it('shows what changed between versions 1 and 2: the form step and its new field', async () => {
    const [own1] = (await versions()).filter((version) => version.owner === 'ENTE' && version.version === 1);
    const diff = dataOf(
      await run<{
        procedureVersionDiff: {
          identical: boolean;
          stepsAdded: unknown[];
          stepsRemoved: unknown[];
          stepsChanged: {
            stepId: string;
            fieldsAdded: string[];
            fieldsRemoved: string[];
            changes: unknown[];
          }[];
          term: unknown[];
        };
      }>(
        'citizenA',
        `query($a: ID!, $b: ID!) { procedureVersionDiff(fromVersionId: $a, toVersionId: $b) { identical stepsAdded { stepId } stepsRemoved { stepId } stepsChanged { stepId fieldsAdded fieldsRemoved changes { path } } term { path from to } } }`,
        { a: own1!.id, b: published.id },
      ),
    ).procedureVersionDiff;
    expect(diff).toEqual({
      identical: false,
      stepsAdded: [],
      stepsRemoved: [],
      stepsChanged: [
        { stepId: 'domanda', fieldsAdded: ['interpreter.fullName'], fieldsRemoved: [], changes: [] },
      ],
      term: [],
    });
  });

  it('keeps the case started before on version 1; a new case runs version 2', async () => {
    const before = await eventually(async () => {
      const view = await caseOf(caseBefore);
      return view.currentStep?.id === 'domanda' ? view : undefined;
    }, 'the earlier case at its form');
    expect(before.versionNumber).toBe(1);
    const after = await startCase();
    expect(after.versionNumber).toBe(2);
    expect((await caseOf(caseBefore)).versionNumber).toBe(1);
  });

  it('refuses drafts to staff who do not model and to template editors on an ente', async () => {
    const denied = await createDraft('operatorX', {
      enteCode: ENTE_X,
      procedureCode: MARRIAGE,
      from: 'VERSION',
    });
    expect(firstError(denied.errors).code).toBe('FORBIDDEN');
    const notAdopted = await createDraft('modellerX', {
      enteCode: ENTE_X,
      procedureCode: 'NO-SUCH',
      from: 'VERSION',
    });
    expect(firstError(notAdopted.errors)).toMatchObject({ code: 'NOT_FOUND', field: 'input.procedureCode' });
  });
});

/** The details carry the domain's problems as they are: stepId only where there is one. */
function withOptionalStep(problem: Problem): Record<string, unknown> {
  const { stepId, path, ...rest } = problem;
  const numeric = path.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return stepId === null ? { ...rest, path: numeric } : { ...rest, path: numeric, stepId };
}
