import { randomUUID } from 'node:crypto';
import { Cases, systemContext, type CaseProjection } from '@sus/catalog';
import { citizen, MEDEA, newCase, openCaseStore, staff, TRIESTE, type CaseStore } from './fixtures';

describe(Cases.name, () => {
  let store: CaseStore;
  let sut: Cases;
  const ctx = systemContext('test');
  const triesteOperator = staff('op-ts', [{ enteCode: TRIESTE, role: 'operator' }]);
  const medeaOperator = staff('op-md', [{ enteCode: MEDEA, role: 'operator' }]);
  const modeller = staff('mod-ts', [{ enteCode: TRIESTE, role: 'modeller' }]);
  const SPOUSE = 'BNCLCU82B41L424Z';

  beforeAll(async () => {
    store = await openCaseStore();
    sut = store.cases;
  });
  afterAll(() => store?.close());

  const stored = async (id: string) => sut.byId(ctx, id);
  const rowCount = async () =>
    (
      (await store.dataSource.query(
        `SELECT (SELECT count(*) FROM procedure_case)::int AS cases, (SELECT count(*) FROM case_timeline)::int AS timeline`,
      )) as unknown[]
    )[0];

  describe('project', () => {
    it('inserts a case and reads it back by number, with the applicant always among the parties', async () => {
      const projection = await newCase(store, ctx, { partyFiscalCodes: [SPOUSE.toLowerCase()] });
      expect(await sut.project(ctx, projection)).toEqual({ applied: true });
      const view = await sut.byNumber(ctx, TRIESTE, projection.caseNumber);
      expect(view).toMatchObject({
        ...projection,
        partyFiscalCodes: [projection.applicantFiscalCode, SPOUSE],
      });
      expect(view?.updatedAt).toEqual(expect.any(String));
    });

    it('applies only newer revisions: a retried or late activity never moves the case backwards', async () => {
      const projection = await newCase(store, ctx);
      await sut.project(ctx, projection);
      const waitingStaff: CaseProjection = {
        ...projection,
        status: 'waitingStaff',
        currentStepId: 'verifica',
        currentStepType: 'staffTask',
        currentStepTitle: 'Verifica',
        revision: 3,
      };
      expect(await sut.project(ctx, waitingStaff)).toEqual({ applied: true });
      // Revision 2 arrives late, revision 3 is retried: neither changes anything.
      const late = { ...projection, status: 'inProgress' as const, revision: 2 };
      expect(await sut.project(ctx, late)).toEqual({ applied: false });
      expect(await sut.project(ctx, { ...waitingStaff, status: 'accepted' })).toEqual({ applied: false });
      expect(await stored(projection.id)).toMatchObject({ status: 'waitingStaff', revision: 3 });
    });

    it('ends on the highest revision whatever order concurrent writes commit in, the first write included', async () => {
      // Several new cases, each written 20 times at once before any row of it exists: the first
      // writes race to insert (a retried activity beside a slow first attempt does that).
      const projections = await Promise.all(Array.from({ length: 8 }, () => newCase(store, ctx)));
      await Promise.all(
        projections.flatMap((projection) =>
          Array.from({ length: 20 }, (_, i) => i + 1)
            .sort(() => Math.random() - 0.5)
            .map((revision) =>
              sut.project(ctx, { ...projection, revision, currentStepTitle: `rev ${revision}` }),
            ),
        ),
      );
      for (const projection of projections)
        expect(await stored(projection.id)).toMatchObject({ revision: 20, currentStepTitle: 'rev 20' });
    });

    it('audits each change of status or step once', async () => {
      const projection = await newCase(store, ctx);
      await sut.project(ctx, projection);
      await sut.project(ctx, { ...projection, clockState: 'running', revision: 2 }); // no status or step change
      const progressed = { ...projection, status: 'inProgress' as const, revision: 3 };
      await sut.project(ctx, progressed);
      await sut.project(ctx, progressed);
      const entries = (await store.dataSource.query(
        `SELECT action, ente_code, before, after FROM audit_log WHERE entity = 'Case' AND entity_id = $1 ORDER BY id`,
        [projection.id],
      )) as { action: string }[];
      expect(entries).toEqual([
        {
          action: 'case.submitted',
          ente_code: TRIESTE,
          before: null,
          after: { caseNumber: projection.caseNumber, status: 'submitted', stepId: 'domanda' },
        },
        {
          action: 'case.inProgress',
          ente_code: TRIESTE,
          before: { status: 'submitted', stepId: 'domanda' },
          after: { caseNumber: projection.caseNumber, status: 'inProgress', stepId: 'domanda' },
        },
      ]);
    });

    it('refuses bad input with a typed error naming the field, and writes nothing', async () => {
      const projection = await newCase(store, ctx);
      const before = await rowCount();
      const bad: [Partial<CaseProjection>, string][] = [
        [{ status: 'lost' as never }, 'status'],
        [{ conclusion: 'maybe' as never }, 'conclusion'],
        [{ revision: -1 }, 'revision'],
        [{ revision: 1.5 }, 'revision'],
        [{ id: 'x' }, 'id'],
        [{ receivedAt: 'yesterday' }, 'receivedAt'],
        [{ termDeadline: '31/12/2026' }, 'termDeadline'],
        [{ termDeadline: '2026-02-30' }, 'termDeadline'],
        [{ concludedAt: '2026-02-30T10:00:00Z' }, 'concludedAt'],
        [{ applicantName: ' ' }, 'applicantName'],
      ];
      for (const [override, field] of bad) {
        await expect(sut.project(ctx, { ...projection, ...override })).rejects.toMatchObject({
          code: 'INVALID_CASE_PROJECTION',
          field,
        });
      }
      await expect(sut.project(ctx, { ...projection, versionId: randomUUID() })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'versionId',
      });
      await expect(sut.project(ctx, { ...projection, enteCode: 'c_nowhere' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'enteCode',
      });
      expect(await rowCount()).toEqual(before);
    });

    it('keeps each case in its ente: another ente, workflow id or case number clash is refused', async () => {
      const projection = await newCase(store, ctx);
      await sut.project(ctx, projection);
      await expect(sut.project(ctx, { ...projection, enteCode: MEDEA, revision: 9 })).rejects.toMatchObject({
        code: 'INVALID_CASE_PROJECTION',
        field: 'enteCode',
      });
      await expect(sut.project(ctx, { ...projection, id: randomUUID() })).rejects.toMatchObject({
        code: 'DUPLICATE_CODE',
        field: 'workflowId',
      });
      await expect(
        sut.project(ctx, { ...projection, id: randomUUID(), workflowId: `case/${randomUUID()}` }),
      ).rejects.toMatchObject({ code: 'DUPLICATE_CODE', field: 'caseNumber' });
      expect(await stored(projection.id)).toMatchObject({ enteCode: TRIESTE, revision: 1 });
    });

    it('is written by the workflow only', async () => {
      const projection = await newCase(store, ctx);
      const enteAdmin = staff('admin', [{ enteCode: TRIESTE, role: 'enteAdmin' }]);
      await expect(sut.project(enteAdmin, projection)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        sut.appendTimeline(enteAdmin, projection.id, [
          { seq: 0, at: projection.receivedAt, stepId: null, kind: 'x', actor: null },
        ]),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await stored(projection.id)).toBeNull();
    });
  });

  describe('timeline', () => {
    const entry = (seq: number, kind = 'stepStarted') => ({
      seq,
      at: new Date(Date.UTC(2026, 5, 1, 10, seq)).toISOString(),
      stepId: 'domanda',
      kind,
      actor: seq === 1 ? 'citizen:abc' : null,
      detail: { n: seq },
    });

    it('appends in order; re-appending (a retried activity) is a no-op', async () => {
      const projection = await newCase(store, ctx);
      await sut.project(ctx, projection);
      expect(await sut.appendTimeline(ctx, projection.id, [entry(0), entry(1)])).toEqual({ appended: 2 });
      expect(await sut.appendTimeline(ctx, projection.id, [entry(1, 'changed'), entry(2)])).toEqual({
        appended: 1,
      });
      expect(await sut.appendTimeline(ctx, projection.id, [])).toEqual({ appended: 0 });
      expect(await sut.timeline(ctx, projection.id)).toEqual([entry(0), entry(1), entry(2)]);
    });

    it('needs the case, and valid entries; writes nothing otherwise', async () => {
      const projection = await newCase(store, ctx);
      await sut.project(ctx, projection);
      const before = await rowCount();
      await expect(sut.appendTimeline(ctx, randomUUID(), [entry(0)])).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'caseId',
      });
      await expect(
        sut.appendTimeline(ctx, projection.id, [entry(0), { ...entry(1), seq: -1 }]),
      ).rejects.toMatchObject({ code: 'INVALID_CASE_PROJECTION', field: 'entries.1.seq' });
      await expect(sut.appendTimeline(ctx, projection.id, [{ ...entry(0), kind: '' }])).rejects.toMatchObject(
        { field: 'entries.0.kind' },
      );
      expect(await rowCount()).toEqual(before);
    });

    it('is shown to staff of the ente and to the parties only', async () => {
      const projection = await newCase(store, ctx, { partyFiscalCodes: [SPOUSE] });
      await sut.project(ctx, projection);
      await sut.appendTimeline(ctx, projection.id, [entry(0)]);
      expect(await sut.timeline(triesteOperator, projection.id)).toHaveLength(1);
      expect(await sut.timeline(citizen(SPOUSE), projection.id)).toHaveLength(1);
      await expect(sut.timeline(citizen('VRDGPP80A01L424K'), projection.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(sut.timeline(medeaOperator, projection.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(sut.timeline(modeller, projection.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('reading', () => {
    it('byNumber and byId: staff with cases:read in the ente, citizens who are parties', async () => {
      const projection = await newCase(store, ctx, { partyFiscalCodes: [SPOUSE] });
      await sut.project(ctx, projection);
      expect((await sut.byNumber(triesteOperator, TRIESTE, projection.caseNumber))?.id).toBe(projection.id);
      expect((await sut.byNumber(citizen(SPOUSE), TRIESTE, projection.caseNumber))?.id).toBe(projection.id);
      expect((await sut.byId(citizen(projection.applicantFiscalCode), projection.id))?.id).toBe(
        projection.id,
      );
      expect(await sut.byNumber(citizen('VRDGPP80A01L424K'), TRIESTE, projection.caseNumber)).toBeNull();
      expect(await sut.byId(citizen('VRDGPP80A01L424K'), projection.id)).toBeNull();
      await expect(sut.byNumber(medeaOperator, TRIESTE, projection.caseNumber)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(sut.byId(medeaOperator, projection.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      // The same number in another ente is another case (numbers count per ente).
      expect((await sut.byNumber(ctx, MEDEA, projection.caseNumber))?.id).not.toBe(projection.id);
    });

    it('listForStaff filters by status, procedure, step type, text and received dates (days in Rome)', async () => {
      const token = `Filtro${randomUUID().slice(0, 6)}`;
      const make = async (overrides: Partial<CaseProjection>) => {
        const projection = await newCase(store, ctx, { applicantName: `${token} Rossi`, ...overrides });
        await sut.project(ctx, projection);
        return projection;
      };
      // 23:30 UTC on 10 March is 00:30 on 11 March in Rome.
      const a = await make({ receivedAt: '2026-03-10T23:30:00.000Z' });
      const b = await make({
        receivedAt: '2026-03-10T12:00:00.000Z',
        status: 'waitingStaff',
        currentStepType: 'staffTask',
        partyFiscalCodes: [SPOUSE],
      });
      const c = await make({ receivedAt: '2026-03-12T08:00:00.000Z', status: 'waitingPayment' });
      const medea = await make({ enteCode: MEDEA });
      const list = async (filters: Parameters<Cases['listForStaff']>[2]) =>
        (
          await sut.listForStaff(triesteOperator, TRIESTE, { text: token, ...filters }, { first: 50 })
        ).items.map((item) => item.node.id);

      expect(await list({})).toEqual([c.id, a.id, b.id]);
      expect(await list({ status: ['waitingStaff', 'waitingPayment'] })).toEqual([c.id, b.id]);
      expect(await list({ procedureCode: a.procedureCode })).toEqual([a.id]);
      expect(await list({ stepType: 'staffTask' })).toEqual([b.id]);
      expect(await list({ receivedFrom: '2026-03-11', receivedTo: '2026-03-11' })).toEqual([a.id]);
      expect(await list({ receivedTo: '2026-03-10' })).toEqual([b.id]);
      expect(await list({ receivedFrom: '2026-03-10T23:30:00Z' })).toEqual([c.id, a.id]);
      expect(await list({ text: b.caseNumber, receivedTo: '2026-03-10' })).toEqual([b.id]);
      expect(await list({ text: SPOUSE.toLowerCase() })).toContain(b.id);
      expect(await list({ text: `${token.toLowerCase()} ROSSI` })).toHaveLength(3);
      // LIKE wildcards in the text are searched for literally.
      expect(await list({ text: `${token}%` })).toEqual([]);
      expect(await list({ text: '_' })).toEqual([]);
      expect(
        (await sut.listForStaff(medeaOperator, MEDEA, { text: token }, { first: 10 })).items.map(
          (i) => i.node.id,
        ),
      ).toEqual([medea.id]);
    });

    it('listForStaff pages with a keyset cursor and checks its input', async () => {
      const token = `Pagina${randomUUID().slice(0, 6)}`;
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const projection = await newCase(store, ctx, {
          applicantName: `${token} ${i}`,
          receivedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
        });
        await sut.project(ctx, projection);
        ids.unshift(projection.id);
      }
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<Cases['listForStaff']>> = await sut.listForStaff(
          triesteOperator,
          TRIESTE,
          { text: token },
          { first: 2, after },
        );
        seen.push(...page.items.map((item) => item.node.id));
        after = page.hasNextPage ? page.items.at(-1)!.cursor : null;
        pages += 1;
      } while (after);
      expect(seen).toEqual(ids);
      expect(pages).toBe(3);

      await expect(
        sut.listForStaff(triesteOperator, TRIESTE, { status: ['lost' as never] }, { first: 1 }),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'status.0' });
      await expect(
        sut.listForStaff(triesteOperator, TRIESTE, { receivedFrom: '2026-02-30' }, { first: 1 }),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'receivedFrom' });
      await expect(
        sut.listForStaff(triesteOperator, TRIESTE, { receivedTo: 'tomorrow' }, { first: 1 }),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'receivedTo' });
      await expect(
        sut.listForStaff(triesteOperator, TRIESTE, {}, { first: 1, after: 'garbage' }),
      ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
      await expect(sut.listForStaff(medeaOperator, TRIESTE, {}, { first: 1 })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(sut.listForStaff(modeller, TRIESTE, {}, { first: 1 })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it("listForCitizen lists every case the citizen is a party of, in any ente, and nobody else's", async () => {
      const party = `PRT${randomUUID().replace(/-/g, '').slice(0, 13).toUpperCase()}`;
      const asApplicant = await newCase(store, ctx, { applicantFiscalCode: party });
      const asSpouse = await newCase(store, ctx, { enteCode: MEDEA, partyFiscalCodes: [party] });
      const other = await newCase(store, ctx);
      for (const projection of [asApplicant, asSpouse, other]) await sut.project(ctx, projection);
      const page = await sut.listForCitizen(citizen(party), party.toLowerCase(), { first: 10 });
      expect(page.items.map((item) => item.node.id).sort()).toEqual([asApplicant.id, asSpouse.id].sort());
      await expect(sut.listForCitizen(citizen(SPOUSE), party, { first: 10 })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(sut.listForCitizen(triesteOperator, party, { first: 10 })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });
});
