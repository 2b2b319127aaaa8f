import { ProcedureVersions, systemContext } from '@sus/catalog';
import { model, newProcedure, openCaseStore, staff, TRIESTE, MEDEA, type CaseStore } from './fixtures';

describe(ProcedureVersions.name, () => {
  let store: CaseStore;
  let sut: ProcedureVersions;
  const ctx = systemContext('test');

  beforeAll(async () => {
    store = await openCaseStore();
    sut = store.versions;
  });
  afterAll(() => store?.close());

  const count = async () =>
    Number(
      (
        (await store.dataSource.query('SELECT count(*)::int AS n FROM procedure_version')) as { n: number }[]
      )[0]!.n,
    );

  it('numbers template versions 1, 2, … and keeps the parsed document (defaults filled in)', async () => {
    const code = await newProcedure(store, ctx);
    const first = await sut.publishTemplateVersion(ctx, code, model(code), 'Regione FVG, tavolo regionale');
    const second = await sut.publishTemplateVersion(ctx, code, model(code, 'Seconda'), 'Regione FVG');
    expect(first).toMatchObject({ owner: 'template', procedureCode: code, enteCode: null, version: 1 });
    expect(second.version).toBe(2);
    expect(first.document.term.kind).toBe('calendarDays');
    expect(first.document.steps[0]).toMatchObject({ type: 'form', fields: [{ required: true }] });
    expect(await sut.byId(ctx, first.id)).toEqual(first);
    expect(await sut.byId(ctx, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await sut.byId(ctx, 'not-a-uuid')).toBeNull();
  });

  it("current() takes the ente's latest version, else the template's latest, else null", async () => {
    const code = await newProcedure(store, ctx);
    expect(await sut.current(ctx, TRIESTE, code)).toBeNull();
    const template = await sut.publishTemplateVersion(ctx, code, model(code), 'Regione');
    expect((await sut.current(ctx, TRIESTE, code))?.id).toBe(template.id);
    const template2 = await sut.publishTemplateVersion(ctx, code, model(code, 'v2'), 'Regione');
    expect((await sut.current(ctx, TRIESTE, code))?.id).toBe(template2.id);

    const own = await sut.publishEnteVersion(
      ctx,
      TRIESTE,
      code,
      model(code, 'Trieste'),
      'Ufficio Stato Civile',
    );
    expect(own).toMatchObject({ owner: 'ente', enteCode: TRIESTE, version: 1 });
    // A later template version does not override the ente's own.
    await sut.publishTemplateVersion(ctx, code, model(code, 'v3'), 'Regione');
    expect((await sut.current(ctx, TRIESTE, code))?.id).toBe(own.id);
    expect((await sut.list(ctx, TRIESTE, code)).map((v) => [v.owner, v.version])).toEqual([
      ['ente', 1],
      ['template', 3],
      ['template', 2],
      ['template', 1],
    ]);
    // Medea has not adopted the procedure: nothing to run.
    expect(await sut.current(ctx, MEDEA, code)).toBeNull();
    expect(await sut.list(ctx, MEDEA, code)).toEqual([]);
  });

  it('never hands out the same number to concurrent publishes', async () => {
    const code = await newProcedure(store, ctx);
    const published = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0
          ? sut.publishTemplateVersion(ctx, code, model(code), `editor ${i}`)
          : sut.publishEnteVersion(ctx, TRIESTE, code, model(code), `modeller ${i}`),
      ),
    );
    const numbers = (owner: string) =>
      published
        .filter((v) => v.owner === owner)
        .map((v) => v.version)
        .sort((a, b) => a - b);
    expect(numbers('template')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(numbers('ente')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses an invalid document with every zod issue, and writes nothing', async () => {
    const code = await newProcedure(store, ctx);
    const before = await count();
    const broken = { ...model(code), start: 'Not An Id', steps: [] };
    const error = await sut.publishTemplateVersion(ctx, code, broken, 'Regione').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CatalogError', code: 'INVALID_PROCEDURE_MODEL' });
    const issues = (error as { details: { issues: { path: string }[] } }).details.issues;
    expect(issues.map((issue) => issue.path).sort()).toEqual(['start', 'steps']);
    await expect(sut.publishEnteVersion(ctx, TRIESTE, code, 'not json', 'x')).rejects.toMatchObject({
      code: 'INVALID_PROCEDURE_MODEL',
      field: 'document',
    });
    await expect(sut.publishTemplateVersion(ctx, code, model('OTHER'), 'Regione')).rejects.toMatchObject({
      code: 'INVALID_PROCEDURE_MODEL',
      field: 'document.procedureCode',
    });
    await expect(sut.publishTemplateVersion(ctx, code, model(code), ' ')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'publishedBy',
    });
    await expect(
      sut.publishTemplateVersion(ctx, 'NO-SUCH', model('NO-SUCH'), 'Regione'),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'templateCode',
    });
    await expect(sut.publishEnteVersion(ctx, MEDEA, code, model(code), 'Medea')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'procedureCode',
    });
    expect(await count()).toBe(before);
  });

  it('lets only template editors publish templates and only the ente publish its own versions', async () => {
    const code = await newProcedure(store, ctx);
    const before = await count();
    const triesteModeller = staff('modeller', [{ enteCode: TRIESTE, role: 'modeller' }]);
    const medeaModeller = staff('modeller', [{ enteCode: MEDEA, role: 'modeller' }]);
    const editor = staff('editor', [{ role: 'templateEditor' }]);
    await expect(sut.publishTemplateVersion(triesteModeller, code, model(code), 'x')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      sut.publishEnteVersion(medeaModeller, TRIESTE, code, model(code), 'x'),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(sut.publishEnteVersion(editor, TRIESTE, code, model(code), 'x')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await count()).toBe(before);
    await sut.publishTemplateVersion(editor, code, model(code), 'editor');
    await sut.publishEnteVersion(triesteModeller, TRIESTE, code, model(code), 'modeller');
    expect(await count()).toBe(before + 2);
  });

  it('is immutable in the database: UPDATE and DELETE are refused', async () => {
    const code = await newProcedure(store, ctx);
    const version = await sut.publishTemplateVersion(ctx, code, model(code), 'Regione');
    await expect(
      store.dataSource.query(`UPDATE procedure_version SET published_by = 'someone else' WHERE id = $1`, [
        version.id,
      ]),
    ).rejects.toThrow(/immutable/);
    await expect(
      store.dataSource.query('DELETE FROM procedure_version WHERE id = $1', [version.id]),
    ).rejects.toThrow(/immutable/);
    expect(await sut.byId(ctx, version.id)).toEqual(version);
  });

  it('audits each publication', async () => {
    const code = await newProcedure(store, ctx);
    const version = await sut.publishEnteVersion(ctx, TRIESTE, code, model(code), 'Ufficio Stato Civile');
    const entries = (await store.dataSource.query(
      `SELECT action, ente_code, after FROM audit_log WHERE entity = 'ProcedureVersion' AND entity_id = $1`,
      [version.id],
    )) as { action: string; ente_code: string; after: unknown }[];
    expect(entries).toEqual([
      {
        action: 'procedureVersion.published',
        ente_code: TRIESTE,
        after: { procedureCode: code, owner: 'ente', version: 1 },
      },
    ]);
  });
});
