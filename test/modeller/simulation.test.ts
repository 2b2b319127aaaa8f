import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { simulateProcedureWorkflowType, simulationWorkflowId } from '@sus/contracts';
import {
  addDays,
  civilDateInRome,
  instantInRome,
  rollToWorkingDay,
  createBusinessCalendar,
} from '@sus/domain';
import { bearer, ENTE_X } from '../support/identity';
import { dataOf, firstError, gql } from '../support/graphql';
import { startWorker } from '../support/platform';
import { SeededApi } from '../support/seeded-api';

const MARRIAGE = 'MATRIMONIO-CIVILE';
const TRIESTE_CALENDAR = createBusinessCalendar({
  enteHolidays: [{ month: 11, day: 3, name: 'San Giusto' }],
});

const FORM = {
  'spouse1.givenName': 'Mario',
  'spouse1.familyName': 'Rossi',
  'spouse1.fiscalCode': 'RSSMRA80A01L424F',
  'spouse1.birthDate': '1980-01-01',
  'spouse1.residence': 'Via Roma 1, Trieste',
  'spouse2.givenName': 'Giulia',
  'spouse2.familyName': 'Bianchi',
  'spouse2.fiscalCode': 'BNCGLI85C55L424K',
  'spouse2.birthDate': '1985-03-15',
  'spouse2.residence': 'Via Roma 1, Trieste',
  'witness1.fullName': 'Luca Neri',
  'witness2.fullName': 'Sara Verdi',
  rite: 'civile',
  preferredDate: '2028-06-12',
  'interpreter.fullName': 'Anna Ferrari',
};

interface Simulation {
  status: string;
  conclusion: string | null;
  finished: boolean;
  startedAt: string;
  endedAt: string;
  elapsedMs: number;
  timeline: { at: string; day: string; kind: string; stepId: string | null; detail: string }[];
  clock: { state: string; deadline: string | null; escalatedTo: string | null };
  payments: { stepId: string; dueDate: string; status: string }[];
  refused: { stepId: string; action: string; code: string }[];
}
const SIMULATION = `status conclusion finished startedAt endedAt elapsedMs
  timeline { at day kind stepId detail } clock { state deadline escalatedTo }
  payments { stepId dueDate status } refused { stepId action code }`;

/**
 * Issue 13 through GraphQL: Trieste's modeller simulates a draft of the civil marriage with an
 * added field, where the citizen never pays and where the office never decides. The worker runs
 * each simulation on a time-skipping server of its own; nothing reaches the ente's cases or payments.
 */
describe('simulateProcedure (the process modeller)', () => {
  const fixture = new SeededApi();
  let worker: INestApplicationContext;
  const as: Record<string, Record<string, string>> = {};
  let draftId: string;

  beforeAll(async () => {
    await fixture.start('simulation');
    worker = await startWorker({
      databaseUrl: fixture.db.url,
      temporalAddress: fixture.temporal.address,
      taskQueue: fixture.taskQueue,
      extra: { SIMULATION_SERVERS: '1' },
    });
    as.modeller = await bearer(fixture.issuer, 'modellerX');
    as.operator = await bearer(fixture.issuer, 'operatorX');
    const draft = dataOf(
      await gql<{ createProcedureDraft: { id: string; document: string } }>(
        fixture.api,
        `mutation($i: CreateProcedureDraftInput!) { createProcedureDraft(input: $i) { id document } }`,
        { i: { enteCode: ENTE_X, procedureCode: MARRIAGE, from: 'VERSION' } },
        { as: as.modeller },
      ),
    ).createProcedureDraft;
    const model = JSON.parse(draft.document) as { steps: { id: string; fields?: unknown[] }[] };
    model.steps[0]!.fields!.push({
      key: 'interpreter.fullName',
      concept: 'person.fullName',
      required: false,
    });
    dataOf(
      await gql(
        fixture.api,
        `mutation($d: ID!, $doc: String) { updateProcedureDraft(draftId: $d, expectedRevision: 1, document: $doc) { revision } }`,
        { d: draft.id, doc: JSON.stringify(model) },
        { as: as.modeller },
      ),
    );
    draftId = draft.id;
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await fixture.stop();
  }, 60_000);

  const simulate = (
    script: Record<string, unknown>[],
    options: { startAt?: string; maxDays?: number; who?: string; draft?: string } = {},
  ) =>
    gql<{ simulateProcedure: Simulation }>(
      fixture.api,
      `mutation($d: ID!, $s: [SimulationActionInput!]!, $at: String, $max: Int) {
         simulateProcedure(draftId: $d, script: $s, startAt: $at, maxDays: $max) { ${SIMULATION} } }`,
      { d: options.draft ?? draftId, s: script, at: options.startAt ?? null, max: options.maxDays ?? null },
      { as: as[options.who ?? 'modeller'] },
    );
  const count = async (table: string) =>
    Number(
      ((await fixture.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0]!.n,
    );
  const entry = (result: Simulation, kind: string) => result.timeline.find((one) => one.kind === kind);

  it('a citizen who never pays: the hold ends with the notice, and the case ends as the model says', async () => {
    const before = { cases: await count('procedure_case'), payments: await count('payment') };
    const result = dataOf(
      await simulate(
        [
          { stepId: 'domanda', action: 'SUBMIT_FORM', data: JSON.stringify(FORM) },
          { stepId: 'pubblicazioni', action: 'APPROVE', afterDays: 1 },
          { stepId: 'prenotazione', visit: 1, action: 'BOOK' },
        ],
        { maxDays: 240 },
      ),
    ).simulateProcedure;
    expect(result).toMatchObject({ finished: true, status: 'expired', conclusion: 'expired', refused: [] });
    expect(result.payments).toEqual([expect.objectContaining({ stepId: 'pagamento', status: 'expired' })]);
    expect(entry(result, 'paymentExpired')!.day).toBe(addDays(result.payments[0]!.dueDate, 1));
    expect(entry(result, 'slotReleased')!.detail).toBe(JSON.stringify({ reason: 'notice not paid in time' }));
    expect(result.timeline.at(-1)).toMatchObject({ kind: 'concluded', stepId: 'decaduta' });
    // Over 200 simulated days, in seconds.
    expect(Date.parse(result.endedAt) - Date.parse(result.startedAt)).toBeGreaterThan(180 * 86_400_000);
    // Months run in seconds: how fast is `npm run bench -- simulation`'s to judge (a wall-clock bound
    // here failed on a loaded machine), the test only that the time is reported.
    expect(result.elapsedMs).toBeGreaterThan(0);
    // A simulation is never a case: nothing of the ente's changed.
    expect({ cases: await count('procedure_case'), payments: await count('payment') }).toEqual(before);
  }, 60_000);

  it('staff who never decide: escalation to the substitute power holder on the right working day', async () => {
    // A Thursday at 09:00: the 3-day term ends on Sunday, rolled to Monday; it expires when Tuesday begins.
    let thursday = addDays(civilDateInRome(new Date()), 7);
    while (new Date(`${thursday}T12:00:00Z`).getUTCDay() !== 4) thursday = addDays(thursday, 1);
    const result = dataOf(
      await simulate([{ stepId: 'domanda', action: 'SUBMIT_FORM', data: JSON.stringify(FORM) }], {
        startAt: instantInRome(thursday, 9 * 60).toISOString(),
        maxDays: 14,
      }),
    ).simulateProcedure;
    const deadline = rollToWorkingDay(addDays(thursday, 3), TRIESTE_CALENDAR);
    expect(entry(result, 'formSubmitted')!.day).toBe(thursday);
    expect(JSON.parse(entry(result, 'termExpired')!.detail)).toEqual({ deadline });
    const escalated = entry(result, 'escalated')!;
    expect(escalated.day).toBe(addDays(deadline, 1));
    expect(JSON.parse(escalated.detail)).toMatchObject({ to: 'Segretario comunale', termDays: 2 });
    expect(result).toMatchObject({ finished: false, status: 'waitingStaff', conclusion: null });
    expect(result.clock).toMatchObject({ state: 'expired', escalatedTo: 'Segretario comunale' });
  }, 60_000);

  it("refuses an invalid draft with the validator's messages, staff who do not model, and a simulation in the past", async () => {
    const invalid = dataOf(
      await gql<{ createProcedureDraft: { id: string } }>(
        fixture.api,
        `mutation($i: CreateProcedureDraftInput!) { createProcedureDraft(input: $i) { id } }`,
        { i: { enteCode: ENTE_X, procedureCode: MARRIAGE, from: 'SCRATCH' } },
        { as: as.modeller },
      ),
    ).createProcedureDraft;
    const refused = await simulate([], { draft: invalid.id });
    expect(firstError(refused.errors).code).toBe('INVALID_PROCEDURE_MODEL');
    expect(
      (refused.errors![0]!.extensions!.details as { problems: unknown[] }).problems.length,
    ).toBeGreaterThan(0);
    expect(firstError((await simulate([], { who: 'operator' })).errors).code).toBe('FORBIDDEN');
    expect(firstError((await simulate([], { startAt: '2020-01-01T00:00:00Z' })).errors)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'startAt',
    });
  });

  it('runs at most two simulations of an ente at once', async () => {
    // Two simulations of Trieste still running (their workflows wait for a worker that never comes).
    const busy = await Promise.all(
      [0, 1].map((slot) =>
        fixture.temporal.client.workflow.start(simulateProcedureWorkflowType, {
          workflowId: simulationWorkflowId(ENTE_X, slot),
          taskQueue: `nobody-${randomUUID()}`,
          args: [{}],
        }),
      ),
    );
    try {
      const refused = await simulate([]);
      expect(firstError(refused.errors).code).toBe('SIMULATION_LIMIT');
    } finally {
      await Promise.all(busy.map((handle) => handle.terminate('test over')));
    }
    const again = await simulate([], { maxDays: 3 });
    expect(dataOf(again).simulateProcedure).toMatchObject({ finished: false, status: 'waitingCitizen' });
  }, 60_000);
});
