import { randomUUID } from 'node:crypto';
import { systemContext, Tasks, type CaseProjection, type OpenTaskInput } from '@sus/catalog';
import { citizen, MEDEA, newCase, openCaseStore, staff, TRIESTE, type CaseStore } from './fixtures';

describe(Tasks.name, () => {
  let store: CaseStore;
  let sut: Tasks;
  const ctx = systemContext('test');
  const anna = staff('anna', [{ enteCode: TRIESTE, role: 'operator' }]);
  const bruno = staff('bruno', [{ enteCode: TRIESTE, role: 'operator' }]);
  const medeaOperator = staff('carla', [{ enteCode: MEDEA, role: 'operator' }]);

  beforeAll(async () => {
    store = await openCaseStore();
    sut = store.tasks;
  });
  afterAll(() => store?.close());

  const projectedCase = async (overrides: Partial<CaseProjection> = {}) => {
    const projection = await newCase(store, ctx, overrides);
    await store.cases.project(ctx, projection);
    return projection;
  };
  const task = (caseId: string, overrides: Partial<OpenTaskInput> = {}): OpenTaskInput => ({
    caseId,
    stepId: 'verifica',
    visit: 1,
    title: 'Verifica della domanda',
    assigneeUnitCode: 'UFF-STC',
    assigneeRole: 'operator',
    ...overrides,
  });
  const taskCount = async () =>
    ((await store.dataSource.query('SELECT count(*)::int AS n FROM case_task')) as { n: number }[])[0]!.n;

  describe('open', () => {
    it('opens one task per visit of a step; opening again returns the same task', async () => {
      const projection = await projectedCase();
      const [first, again] = await Promise.all([
        sut.open(ctx, task(projection.id)),
        sut.open(ctx, task(projection.id)),
      ]);
      expect(again).toEqual(first);
      expect(first).toMatchObject({
        enteCode: TRIESTE,
        caseId: projection.id,
        caseNumber: projection.caseNumber,
        stepId: 'verifica',
        visit: 1,
        status: 'open',
        claimedBy: null,
        outcome: null,
        completedAt: null,
      });
      const second = await sut.open(ctx, task(projection.id, { visit: 2 }));
      expect(second.id).not.toBe(first.id);
      expect(await sut.byId(anna, first.id)).toEqual(first);
    });

    it('refuses bad input and an unknown case, writes nothing, and is the workflow’s alone', async () => {
      const projection = await projectedCase();
      const before = await taskCount();
      const bad: [Partial<OpenTaskInput>, string][] = [
        [{ visit: 0 }, 'visit'],
        [{ stepId: '' }, 'stepId'],
        [{ title: ' ' }, 'title'],
        [{ assigneeUnitCode: null, assigneeRole: null }, 'assigneeUnitCode'],
        [{ caseId: 'nope' }, 'caseId'],
      ];
      for (const [override, field] of bad) {
        await expect(sut.open(ctx, task(projection.id, override))).rejects.toMatchObject({
          code: 'BAD_USER_INPUT',
          field,
        });
      }
      await expect(sut.open(ctx, task(randomUUID()))).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'caseId',
      });
      await expect(sut.open(anna, task(projection.id))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await taskCount()).toBe(before);
    });
  });

  describe('claim', () => {
    it('claims an open task; claiming one’s own again is a no-op; someone else’s names the holder', async () => {
      const projection = await projectedCase();
      const opened = await sut.open(ctx, task(projection.id));
      const claimed = await sut.claim(anna, opened.id, 'staff:anna');
      expect(claimed).toMatchObject({ status: 'claimed', claimedBy: 'staff:anna' });
      expect(await sut.claim(anna, opened.id, 'staff:anna')).toEqual(claimed);
      const error = await sut.claim(bruno, opened.id, 'staff:bruno').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'CatalogError', code: 'TASK_ALREADY_CLAIMED', field: 'taskId' });
      expect((error as Error).message).toContain('staff:anna');
      expect(await sut.byId(anna, opened.id)).toMatchObject({ claimedBy: 'staff:anna' });
    });

    it("shows the claim in the case's view at rest, which the workflow does not record again for a claim", async () => {
      const openTask = {
        stepId: 'verifica',
        visit: 1,
        title: 'Verifica della domanda',
        unit: 'UFF-STC',
        role: 'operator',
        claimedBy: null,
      };
      const base = await newCase(store, ctx);
      const viewAtRest = {
        caseNumber: base.caseNumber,
        enteCode: base.enteCode,
        procedureCode: base.procedureCode,
        versionNumber: base.versionNumber,
        status: 'waitingStaff' as const,
        conclusion: null,
        currentStep: {
          id: 'verifica',
          type: 'staffTask' as const,
          title: 'Verifica',
          visit: 1,
          since: new Date().toISOString(),
          awaiting: 'staff' as const,
        },
        openTask,
        booking: null,
        payments: [
          {
            stepId: 'pagamento',
            noticeNumber: '301000000000000123',
            amountCents: 10_200,
            dueDate: '2027-01-31',
            status: 'paid' as const,
          },
        ],
        clock: {
          state: 'running' as const,
          receivedOn: '2026-12-01',
          deadline: '2026-12-04',
          c7Used: false,
          escalatedTo: null,
        },
        receivedAt: base.receivedAt,
        concludedAt: null,
        revision: 4,
      };
      await store.cases.project(ctx, { ...base, status: 'waitingStaff', revision: 4, viewAtRest });
      const opened = await sut.open(ctx, task(base.id));
      expect((await store.cases.byNumber(anna, TRIESTE, base.caseNumber))?.viewAtRest).toEqual(viewAtRest);
      await sut.claim(anna, opened.id, 'staff:anna');
      expect((await store.cases.byNumber(anna, TRIESTE, base.caseNumber))?.viewAtRest).toEqual({
        ...viewAtRest,
        openTask: { ...openTask, claimedBy: 'staff:anna' },
      });
      // Lists do not carry it.
      const listed = await store.cases.listForStaff(anna, TRIESTE, { text: base.caseNumber }, { first: 5 });
      expect(listed.items.map((item) => item.node.viewAtRest)).toEqual([null]);
    });

    it('lets exactly one of several concurrent claimers win', async () => {
      const projection = await projectedCase();
      const opened = await sut.open(ctx, task(projection.id));
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => sut.claim(anna, opened.id, `staff:person-${i}`)),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code: string }).code),
      ).toEqual(Array.from({ length: 7 }, () => 'TASK_ALREADY_CLAIMED'));
      const audit = (await store.dataSource.query(
        `SELECT action, after FROM audit_log WHERE entity = 'CaseTask' AND entity_id = $1`,
        [opened.id],
      )) as { action: string; after: { claimedBy: string } }[];
      expect(audit).toEqual([
        {
          action: 'caseTask.claimed',
          after: expect.objectContaining({
            claimedBy: (won[0] as PromiseFulfilledResult<{ claimedBy: string }>).value.claimedBy,
          }),
        },
      ]);
    });

    it('refuses staff of another ente, citizens, unknown and closed tasks', async () => {
      const projection = await projectedCase();
      const opened = await sut.open(ctx, task(projection.id));
      await expect(sut.claim(medeaOperator, opened.id, 'staff:carla')).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(sut.claim(citizen(projection.applicantFiscalCode), opened.id, 'x')).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(sut.claim(anna, randomUUID(), 'staff:anna')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(sut.claim(anna, opened.id, ' ')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await sut.byId(anna, opened.id)).toMatchObject({ status: 'open', claimedBy: null });
      await sut.cancelOpen(ctx, projection.id);
      await expect(sut.claim(anna, opened.id, 'staff:anna')).rejects.toMatchObject({ code: 'TASK_NOT_OPEN' });
    });
  });

  describe('complete and cancel', () => {
    it('completes a visit once; a retry keeps the first outcome', async () => {
      const projection = await projectedCase();
      const opened = await sut.open(ctx, task(projection.id));
      await sut.claim(anna, opened.id, 'staff:anna');
      const done = await sut.complete(ctx, projection.id, 'verifica', 1, 'approve');
      expect(done).toMatchObject({ status: 'done', outcome: 'approve', claimedBy: 'staff:anna' });
      expect(done.completedAt).toEqual(expect.any(String));
      expect(await sut.complete(ctx, projection.id, 'verifica', 1, 'reject')).toEqual(done);
      await expect(sut.claim(bruno, opened.id, 'staff:bruno')).rejects.toMatchObject({
        code: 'TASK_NOT_OPEN',
      });
      await expect(sut.complete(ctx, projection.id, 'verifica', 2, 'approve')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(
        sut.complete(medeaOperator, projection.id, 'verifica', 1, 'approve'),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(sut.complete(ctx, projection.id, 'verifica', 1, '')).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'outcome',
      });
    });

    it('cancels the open and claimed tasks of a case only, and a cancelled task cannot be completed', async () => {
      const projection = await projectedCase();
      const other = await projectedCase();
      const open = await sut.open(ctx, task(projection.id));
      const claimed = await sut.open(ctx, task(projection.id, { stepId: 'controllo' }));
      await sut.claim(anna, claimed.id, 'staff:anna');
      const done = await sut.open(ctx, task(projection.id, { stepId: 'firma' }));
      await sut.complete(ctx, projection.id, 'firma', 1, 'approve');
      const untouched = await sut.open(ctx, task(other.id));

      expect(await sut.cancelOpen(ctx, projection.id)).toEqual({ cancelled: 2 });
      expect(await sut.cancelOpen(ctx, projection.id)).toEqual({ cancelled: 0 });
      expect((await sut.byId(anna, open.id))?.status).toBe('cancelled');
      expect((await sut.byId(anna, claimed.id))?.status).toBe('cancelled');
      expect((await sut.byId(anna, done.id))?.status).toBe('done');
      expect((await sut.byId(anna, untouched.id))?.status).toBe('open');
      await expect(sut.complete(ctx, projection.id, 'verifica', 1, 'approve')).rejects.toMatchObject({
        code: 'TASK_NOT_OPEN',
      });
      await expect(sut.cancelOpen(medeaOperator, other.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(sut.cancelOpen(ctx, randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('list', () => {
    it('shows the tasks of the units and roles the person holds, in their ente', async () => {
      const projection = await projectedCase();
      const medeaCase = await projectedCase({ enteCode: MEDEA });
      const unitAndRole = await sut.open(ctx, task(projection.id, { stepId: 's1' }));
      const unitOnly = await sut.open(ctx, task(projection.id, { stepId: 's2', assigneeRole: null }));
      const roleOnly = await sut.open(ctx, task(projection.id, { stepId: 's3', assigneeUnitCode: null }));
      const otherUnit = await sut.open(
        ctx,
        task(projection.id, { stepId: 's4', assigneeUnitCode: 'UFF-ANA' }),
      );
      const medeaTask = await sut.open(ctx, task(medeaCase.id, { stepId: 's5' }));
      const mine = [unitAndRole.id, unitOnly.id, roleOnly.id, otherUnit.id, medeaTask.id];
      const list = async (filters: Partial<Parameters<Tasks['list']>[2]>, who = anna, ente = TRIESTE) =>
        (await sut.list(who, ente, { unitCodes: [], roles: [], ...filters }, { first: 100 })).items
          .map((item) => item.node.id)
          .filter((id) => mine.includes(id))
          // Tasks opened within one millisecond tie on created_at; order is not what this test is about.
          .sort();
      const ids = (...tasks: { id: string }[]) => tasks.map((t) => t.id).sort();

      expect(await list({ unitCodes: ['UFF-STC'], roles: ['operator'] })).toEqual(
        ids(unitAndRole, unitOnly, roleOnly),
      );
      expect(await list({ unitCodes: ['UFF-STC'] })).toEqual([unitOnly.id]);
      expect(await list({ roles: ['operator'] })).toEqual([roleOnly.id]);
      expect(await list({ unitCodes: ['UFF-ANA', 'UFF-STC'], roles: ['operator'] })).toEqual(
        ids(unitAndRole, unitOnly, roleOnly, otherUnit),
      );
      expect(await list({})).toEqual([]);
      expect(await list({ unitCodes: ['UFF-STC'], roles: ['operator'] }, medeaOperator, MEDEA)).toEqual([
        medeaTask.id,
      ]);

      await sut.claim(anna, unitOnly.id, 'staff:anna');
      await sut.complete(ctx, projection.id, 's3', 1, 'approve');
      const all = { unitCodes: ['UFF-STC'], roles: ['operator'] };
      expect(await list({ ...all, mine: 'staff:anna' })).toEqual([unitOnly.id]);
      expect(await list({ ...all, status: ['done'] })).toEqual([roleOnly.id]);
      expect(await list(all)).toEqual(ids(unitAndRole, unitOnly));
    });

    it('pages oldest first and checks access and input', async () => {
      const projection = await projectedCase();
      const unit = `UFF-${randomUUID().slice(0, 6)}`;
      const opened = [];
      for (let visit = 1; visit <= 5; visit += 1)
        opened.push(
          await sut.open(ctx, task(projection.id, { visit, assigneeUnitCode: unit, assigneeRole: null })),
        );
      const seen: { id: string; createdAt: string }[] = [];
      let after: string | null = null;
      do {
        const page: Awaited<ReturnType<Tasks['list']>> = await sut.list(
          anna,
          TRIESTE,
          { unitCodes: [unit], roles: [] },
          { first: 2, after },
        );
        seen.push(...page.items.map((item) => item.node));
        after = page.hasNextPage ? page.items.at(-1)!.cursor : null;
      } while (after);
      // Every task exactly once, oldest first (ties on the same millisecond broken by id).
      expect(seen.map((t) => t.id).sort()).toEqual(opened.map((t) => t.id).sort());
      const keys = seen.map((t) => `${t.createdAt}/${t.id}`);
      expect(keys).toEqual([...keys].sort());

      await expect(
        sut.list(medeaOperator, TRIESTE, { unitCodes: [unit], roles: [] }, { first: 2 }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(
        sut.list(anna, TRIESTE, { unitCodes: [unit], roles: [], status: ['lost' as never] }, { first: 2 }),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'status.0' });
      await expect(
        sut.list(anna, TRIESTE, { unitCodes: [unit], roles: [] }, { first: 2, after: 'garbage' }),
      ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
      await expect(sut.byId(medeaOperator, opened[0]!.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await sut.byId(anna, randomUUID())).toBeNull();
    });
  });
});
