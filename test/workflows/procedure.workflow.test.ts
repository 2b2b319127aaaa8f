import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { projectRoot } from '@sus/platform';
import {
  bookSlotUpdate,
  cancelCaseUpdate,
  caseStatusQuery,
  caseWorkflowId,
  decideTaskUpdate,
  paymentWorkflowId,
  procedureWorkflowType,
  submitCaseFormUpdate,
  withdrawCaseUpdate,
  type CaseInput,
  type CaseView,
  type DecideTaskRequest,
  type PaymentInput,
  type PaymentWorkflow,
  type ProcedureWorkflow,
  type StaffRef,
  type TimelineEntry,
} from '@sus/contracts';
import {
  addDays,
  civilDateInRome,
  createBusinessCalendar,
  MARRIAGE_CONCEPTS,
  MARRIAGE_MODEL,
  procedureModelSchema,
  rollToWorkingDay,
  type CivilDate,
  type ProcedureModelInput,
} from '@sus/domain';
import type { Activities } from '../../apps/worker/src/activities';
import {
  createCaseActivities,
  type CaseRecord,
  type CasePorts,
} from '../../apps/worker/src/activities/case.activities';
import { createTimeSkippingTemporal, SEARCH_ATTRIBUTES, workflowBundle } from '../support/temporal';
import { workflowTracingSinks } from '../../apps/worker/src/observability/tracing';

type PaymentActivities = Pick<
  Activities,
  'publishDebtPosition' | 'invalidateDebtPosition' | 'recordPaymentState' | 'findPaidReceipt'
>;

const DAY = 24 * 3600 * 1000;
const MARIO = 'RSSMRA80A01L424F';
const GIULIA = 'BNCGLI85C55L424K';
const SUBSTITUTE = 'Segretario generale del Comune di Trieste';
/** Trieste's calendar: the national holidays and San Giusto (3 November). */
const TRIESTE_CALENDAR = createBusinessCalendar({
  enteHolidays: [{ month: 11, day: 3, name: 'San Giusto' }],
});
const OPERATOR: StaffRef = { ref: 'op-suap', units: ['UFF-SUAP'], roles: ['operator'] };
const STATO_CIVILE: StaffRef = { ref: 'op-stc', units: ['UFF-STC'], roles: ['operator'] };

const text = (it: string) => ({ it, en: it });

/** An istanza di parte: the application, the office's examination, accepted or rejected. */
function istanza(days: number, onSilence: 'provvedimentoEspresso' | 'silenzioAssenso' | 'silenzioRigetto') {
  const model: ProcedureModelInput = {
    schemaVersion: 1,
    procedureCode: 'ISTANZA-PROVA',
    title: text('Istanza di prova'),
    term: { days, kind: 'calendarDays', onSilence, closedBy: 'esame' },
    start: 'domanda',
    steps: [
      {
        id: 'domanda',
        type: 'form',
        title: text('Domanda'),
        fields: [{ key: 'applicant.fullName', concept: 'person.fullName', label: text('Nome e cognome') }],
        next: 'esame',
      },
      {
        id: 'esame',
        type: 'staffTask',
        title: text("Esame dell'istanza"),
        assignee: { unit: 'UFF-SUAP', role: 'operator' },
        outcomes: { approve: 'accolta', reject: 'respinta' },
        allowIntegration: true,
      },
      { id: 'accolta', type: 'end', title: text('Accolta'), conclusion: 'accepted' },
      { id: 'respinta', type: 'end', title: text('Respinta'), conclusion: 'rejected' },
    ],
  };
  return model;
}

/** The hall booked and paid for, nothing else: withdrawal and cancellation compensate both. */
const HALL: ProcedureModelInput = {
  schemaVersion: 1,
  procedureCode: 'SALA-PROVA',
  title: text('Prenotazione sala'),
  term: { days: 30, kind: 'calendarDays', onSilence: 'provvedimentoEspresso' },
  start: 'domanda',
  steps: [
    {
      id: 'domanda',
      type: 'form',
      title: text('Domanda'),
      fields: [{ key: 'applicant.fullName', concept: 'person.fullName', label: text('Nome e cognome') }],
      next: 'prenotazione',
    },
    {
      id: 'prenotazione',
      type: 'booking',
      title: text('Prenotazione'),
      resource: 'SALA-MATRIMONI',
      hold: { days: 2 },
      next: 'pagamento',
    },
    {
      id: 'pagamento',
      type: 'payment',
      title: text('Pagamento'),
      feeIndex: 0,
      dueInDays: 2,
      confirmsBooking: 'prenotazione',
      next: 'fine',
      onExpired: 'prenotazione',
    },
    { id: 'fine', type: 'end', title: text('Fine'), conclusion: 'accepted' },
  ],
};

const MARRIAGE_FORM = {
  'spouse1.givenName': 'Mario',
  'spouse1.familyName': 'Rossi',
  'spouse1.fiscalCode': MARIO,
  'spouse1.birthDate': '1980-01-01',
  'spouse1.residence': 'Via Roma 1, Trieste',
  'spouse2.givenName': 'Giulia',
  'spouse2.familyName': 'Bianchi',
  'spouse2.fiscalCode': GIULIA,
  'spouse2.birthDate': '1985-03-15',
  'spouse2.residence': 'Via Roma 1, Trieste',
  'witness1.fullName': 'Luca Neri',
  'witness2.fullName': 'Sara Verdi',
  rite: 'civile',
  preferredDate: '2028-06-12',
};

/**
 * The interpreter's own logic on the time-skipping server, with in-memory stand-ins for the
 * projection, the bookings and the notices (tested against Postgres elsewhere) and the real
 * `romeCalendar`, so civil days and holidays are the ones production computes.
 */
describe(procedureWorkflowType, () => {
  let env: TestWorkflowEnvironment;
  // A test server of its own for each test: what a test leaves running (a payment child waiting for
  // its due date, a case with months left on its term) has no worker once the test ends, and on a
  // shared server a later test's time skip waited minutes of real time behind it (176 s in CI).
  beforeEach(async () => {
    env = await createTimeSkippingTemporal();
    // The Java test server knows only the search attributes it is told of; the case upserts its status.
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(
        SEARCH_ATTRIBUTES.map((name) => [
          name,
          temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        ]),
      ),
    });
  });
  afterEach(async () => {
    await env?.teardown();
  });

  function fakes() {
    const records: CaseRecord[] = [];
    const slots = new Map<string, { holderRef: string; status: 'held' | 'confirmed' }>();
    const calls: string[] = [];
    const paymentStatus = new Map<string, string>();
    const ports: CasePorts = {
      caseStore: {
        async record(record) {
          records.push(structuredClone(record));
        },
      },
      bookings: {
        async hold(request) {
          const key = `${request.resourceCode}/${request.date}/${request.start}`;
          const taken = slots.get(key);
          if (taken && taken.holderRef !== request.holderRef)
            throw ApplicationFailure.nonRetryable('The slot was just taken: pick another.', 'SLOT_TAKEN');
          slots.set(key, { holderRef: request.holderRef, status: 'held' });
          calls.push(`hold:${key}`);
          return {
            resourceName: 'Sala matrimoni del Municipio',
            date: request.date,
            start: request.start,
            end: '11:00',
          };
        },
        async confirm(holderRef) {
          for (const slot of slots.values()) if (slot.holderRef === holderRef) slot.status = 'confirmed';
          calls.push('confirm');
        },
        async release(holderRef) {
          for (const [key, slot] of slots) if (slot.holderRef === holderRef) slots.delete(key);
          calls.push('release');
        },
      },
      notices: {
        async statusOf(noticeNumber) {
          return paymentStatus.get(noticeNumber) ?? null;
        },
        async prepare(request): Promise<PaymentInput> {
          calls.push(`notice:${request.requestKey}`);
          const iuv = `02${String(Date.now()).slice(-13)}${Math.floor(Math.random() * 10)}`.slice(0, 17);
          return {
            noticeNumber: `3${iuv}`,
            iuv,
            orgFiscalCode: '00210240321',
            enteCode: request.enteCode,
            companyName: 'Comune di Trieste',
            payer: { type: 'F', fiscalCode: request.payer.fiscalCode, fullName: request.payer.fullName },
            amountCents: 15_000,
            description: request.description,
            dueDate: request.dueDate,
            // From the server's time, which the tests skip ahead of the wall clock.
            expiresAt: new Date(activityInfo().scheduledTimestampMs + request.dueInDays * DAY).toISOString(),
            transfers: [{ amountCents: 15_000, category: '9/0104102TS/', remittanceInformation: 'Sala' }],
            onDue: 'invalidate',
          };
        },
      },
    };
    const payments: PaymentActivities = {
      async publishDebtPosition() {
        calls.push('publish');
        return 'VALID';
      },
      async invalidateDebtPosition() {
        calls.push('invalidate');
        return { withdrawn: true, paid: [] };
      },
      async recordPaymentState(change) {
        paymentStatus.set(change.input.noticeNumber, change.status);
        calls.push(`payment:${change.status}`);
      },
      async findPaidReceipt() {
        return [];
      },
    };
    const {
      recordCase,
      holdSlot,
      confirmSlot,
      releaseSlot,
      prepareCaseNotice,
      awaitNoticePayable,
      romeCalendar,
    } = createCaseActivities(ports);
    return {
      records,
      slots,
      calls,
      activities: {
        recordCase,
        holdSlot,
        confirmSlot,
        releaseSlot,
        prepareCaseNotice,
        awaitNoticePayable,
        romeCalendar,
        ...payments,
      },
      /** The timeline as the projection received it, entry by entry. */
      recordedTimeline: (): TimelineEntry[] => records.flatMap((record) => record.entries),
    };
  }

  async function run<T>(
    activities: ReturnType<typeof fakes>['activities'],
    body: (taskQueue: string) => Promise<T>,
  ): Promise<T> {
    const taskQueue = `cases-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      sinks: workflowTracingSinks(undefined),
      activities,
    });
    return worker.runUntil(body(taskQueue));
  }

  async function caseInput(
    model: ProcedureModelInput,
    overrides: Partial<CaseInput> = {},
  ): Promise<CaseInput> {
    return {
      caseId: randomUUID(),
      caseNumber: `T-${randomUUID().slice(0, 8)}`,
      ente: {
        id: randomUUID(),
        code: 'c_l424',
        name: 'Comune di Trieste',
        fiscalCode: '00210240321',
        calendar: TRIESTE_CALENDAR,
      },
      service: {
        code: model.procedureCode,
        name: model.title.it,
        fees: [{ description: 'Sala', amountCents: 15_000 }],
        taxonomyCodes: ['9/0104102TS/'],
        iban: 'IT60X0542811101000000123456',
        appIoServiceId: null,
      },
      procedure: {
        code: model.procedureCode,
        versionId: randomUUID(),
        versionNumber: 1,
        model: procedureModelSchema.parse(model),
        substitutePowerHolder: SUBSTITUTE,
      },
      concepts: Object.fromEntries(MARRIAGE_CONCEPTS.map(({ code, definition }) => [code, definition])),
      applicant: { fiscalCode: MARIO, fullName: 'Mario Rossi', email: null },
      startedAt: new Date(await env.currentTimeMs()).toISOString(),
      ...overrides,
    };
  }

  const startCase = (taskQueue: string, input: CaseInput) =>
    env.client.workflow.start<ProcedureWorkflow>(procedureWorkflowType, {
      workflowId: caseWorkflowId(input.ente.code, input.caseNumber),
      taskQueue,
      args: [input],
    });

  /** Polls the caseStatus query (what the citizen's page shows) until it answers what `ready` wants. */
  async function until(
    handle: WorkflowHandle,
    ready: (view: CaseView) => boolean,
    what: string,
  ): Promise<CaseView> {
    let view: CaseView | undefined;
    for (let i = 0; i < 200; i++) {
      view = await handle.query(caseStatusQuery);
      if (ready(view)) return view;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${what} never happened; the case shows ${JSON.stringify(view?.currentStep)}`);
  }

  const awaiting = (handle: WorkflowHandle, stepId: string, what: string) =>
    until(
      handle,
      (view) => view.currentStep?.id === stepId && view.currentStep.awaiting === what,
      `${stepId}/${what}`,
    );

  const submit = (handle: WorkflowHandle, stepId: string, data: Record<string, unknown>, by = MARIO) =>
    handle.executeUpdate(submitCaseFormUpdate, { args: [{ stepId, data, by: { fiscalCode: by } }] });

  const decide = (handle: WorkflowHandle, request: Omit<DecideTaskRequest, 'by'>, by = OPERATOR) =>
    handle.executeUpdate(decideTaskUpdate, { args: [{ ...request, by }] });

  /** The refusal code an Update got, or undefined when it was accepted. */
  async function refusal(update: Promise<unknown>): Promise<string | undefined> {
    try {
      await update;
      return undefined;
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
        return error.cause.type ?? undefined;
      throw error;
    }
  }

  const today = async (): Promise<CivilDate> => civilDateInRome(new Date(await env.currentTimeMs()));

  /**
   * Skips the server's time to `iso` (time only moves forward). Every date here is derived from the
   * server's clock: awaiting `result()` lets the Java server jump ahead, years once no timer is left.
   */
  async function skipTo(iso: string): Promise<void> {
    const ms = Date.parse(iso) - (await env.currentTimeMs());
    if (ms < 0) throw new Error(`the test server is already past ${iso}`);
    await env.sleep(ms);
  }

  /** Skips whole days and lands around noon in Rome, away from midnight timers. */
  async function skipDays(days: number): Promise<CivilDate> {
    const target = addDays(await today(), days);
    await skipTo(`${target}T11:00:00Z`);
    return target;
  }

  const kinds = (timeline: TimelineEntry[]) => timeline.map((entry) => entry.kind);

  /** RECORD_HISTORIES=1 rewrites the committed history of this path, replayed by every later run. */
  async function record(name: string, handle: WorkflowHandle): Promise<void> {
    if (process.env.RECORD_HISTORIES !== '1') return;
    writeFileSync(
      join(projectRoot(), `test/histories/${name}.json`),
      `${historyToJSON(await handle.fetchHistory())}\n`,
    );
  }

  it('escalates an expired term to the substitute power holder with half the term, rolled past San Giusto, and tells the citizen', async () => {
    // The first year from now whose 3 November is a Wednesday (2027), so the weekdays below hold.
    const now = new Date(await env.currentTimeMs());
    let year = now.getUTCFullYear();
    while (
      Date.parse(`${year}-10-05T08:00:00Z`) <= now.getTime() ||
      new Date(`${year}-11-03`).getUTCDay() !== 3
    )
      year += 1;
    await skipTo(`${year}-10-05T08:00:00Z`);
    const { activities, recordedTimeline } = fakes();
    // 29 days from 5 October end on 3 November, San Giusto: the deadline rolls to the 4th.
    const input = await caseInput(istanza(29, 'provvedimentoEspresso'));
    const { beforeExpiry, escalated, lateAgain, quiet, concluded } = await run(
      activities,
      async (taskQueue) => {
        const handle = await startCase(taskQueue, input);
        await awaiting(handle, 'domanda', 'citizenForm');
        await submit(handle, 'domanda', { 'applicant.fullName': 'Mario Rossi' });
        await awaiting(handle, 'esame', 'staff');
        // The last minute of the deadline: nothing has happened yet.
        await skipTo(`${year}-11-04T22:59:00Z`);
        const beforeExpiry = await handle.query(caseStatusQuery);
        await skipTo(`${year}-11-05T01:00:00Z`);
        const escalated = await until(handle, (view) => view.clock.escalatedTo !== null, 'the escalation');
        // The substitute lets their own term (to the 20th) run out too: recorded once, no second escalation.
        await skipTo(`${year}-11-21T01:00:00Z`);
        const lateAgain = await until(
          handle,
          (view) => view.timeline.filter((entry) => entry.kind === 'termExpired').length === 2,
          "the substitute's expiry",
        );
        await skipTo(`${year}-11-25T12:00:00Z`);
        const quiet = await handle.query(caseStatusQuery);
        // The substitute concludes the case through the same task, late.
        await decide(handle, { stepId: 'esame', outcome: 'approve' });
        const concluded = await handle.result();
        await record('procedure-term-escalated', handle);
        return { beforeExpiry, escalated, lateAgain, quiet, concluded };
      },
    );
    expect(beforeExpiry.clock).toEqual({
      state: 'running',
      receivedOn: `${year}-10-05`,
      deadline: `${year}-11-04`,
      c7Used: false,
      escalatedTo: null,
    });
    expect(kinds(beforeExpiry.timeline)).not.toContain('termExpired');
    // Half of 29 days is 14.5: the holder gets 15, counted from the day of the escalation.
    expect(escalated.clock).toMatchObject({ deadline: `${year}-11-20`, escalatedTo: SUBSTITUTE });
    expect(escalated.status).toBe('waitingStaff');
    const expiry = escalated.timeline.slice(
      escalated.timeline.findIndex((entry) => entry.kind === 'termExpired'),
    );
    expect(expiry.map(({ kind, actor, detail }) => ({ kind, actor, detail }))).toEqual([
      { kind: 'termExpired', actor: 'system', detail: { deadline: `${year}-11-04` } },
      {
        kind: 'escalated',
        actor: 'system',
        detail: { to: SUBSTITUTE, deadline: `${year}-11-20`, termDays: 15 },
      },
      {
        kind: 'messageSent',
        actor: 'system',
        detail: expect.objectContaining({
          subject: `Termine scaduto: la pratica passa a ${SUBSTITUTE}, che la conclude entro il ${year}-11-20`,
        }),
      },
    ]);
    expect(expiry[0]!.at.slice(0, 10)).toBe(`${year}-11-04`); // 00:00 in Rome is 23:00 UTC
    expect(from(lateAgain.timeline, 'messageSent').slice(1)).toEqual([
      { kind: 'termExpired', actor: 'system', detail: { deadline: `${year}-11-20` } },
    ]);
    expect(lateAgain.clock).toMatchObject({ state: 'expired', escalatedTo: SUBSTITUTE });
    expect(quiet.timeline).toHaveLength(lateAgain.timeline.length);
    expect(concluded).toMatchObject({ status: 'accepted', conclusion: 'accepted' });
    expect(concluded.clock.state).toBe('closed');
    expect(kinds(recordedTimeline())).toEqual(kinds(concluded.timeline));
  });

  /** The entries from the first of `kind` on, as the citizen reads them. */
  const from = (timeline: TimelineEntry[], kind: TimelineEntry['kind']) =>
    timeline
      .slice(timeline.findIndex((entry) => entry.kind === kind))
      .map(({ kind: k, actor, detail }) => ({ kind: k, actor, detail }));

  /** The civil day in Rome an entry was written on. */
  const dayOf = (entry: TimelineEntry | undefined) => entry && civilDateInRome(new Date(entry.at));

  it.each([
    ['silenzioAssenso', 'accepted', 'deemedGranted'],
    ['silenzioRigetto', 'rejected', 'deemedRejected'],
  ] as const)(
    'concludes by %s (%s) on the day after the deadline when the office stays silent',
    async (onSilence, conclusion, outcome) => {
      const { activities, recordedTimeline } = fakes();
      const input = await caseInput(istanza(10, onSilence));
      const { view, receivedOn } = await run(activities, async (taskQueue) => {
        const handle = await startCase(taskQueue, input);
        await awaiting(handle, 'domanda', 'citizenForm');
        await submit(handle, 'domanda', { 'applicant.fullName': 'Mario Rossi' });
        const { clock } = await awaiting(handle, 'esame', 'staff');
        // Nobody decides: awaiting the result lets the server skip to the expiry.
        const view = await handle.result();
        await record(
          `procedure-${onSilence === 'silenzioAssenso' ? 'silenzio-assenso' : 'silenzio-rigetto'}`,
          handle,
        );
        return { view, receivedOn: clock.receivedOn! };
      });
      const deadline = rollToWorkingDay(addDays(receivedOn, 10), TRIESTE_CALENDAR);
      expect(view).toMatchObject({ status: conclusion, conclusion, openTask: null });
      expect(view.clock.state).toBe('closed');
      expect(from(view.timeline, 'termExpired')).toEqual([
        { kind: 'termExpired', actor: 'system', detail: { deadline } },
        { kind: 'silenceApplied', actor: 'system', detail: { outcome } },
        { kind: 'concluded', actor: 'system', detail: { conclusion, bySilence: true } },
      ]);
      expect(dayOf(view.timeline.find((entry) => entry.kind === 'termExpired'))).toBe(addDays(deadline, 1));
      expect(kinds(recordedTimeline())).toEqual(kinds(view.timeline));
    },
  );

  it('suspends the term once for missing information (c.7) and carries the remaining days over when the citizen answers', async () => {
    const { activities, recordedTimeline } = fakes();
    const input = await caseInput(istanza(30, 'provvedimentoEspresso'));
    const result = await run(activities, async (taskQueue) => {
      const handle = await startCase(taskQueue, input);
      await awaiting(handle, 'domanda', 'citizenForm');
      await submit(handle, 'domanda', { 'applicant.fullName': 'Mario Rossi' });
      const received = await awaiting(handle, 'esame', 'staff');
      const suspendedOn = await skipDays(5);
      await decide(handle, {
        stepId: 'esame',
        outcome: 'requestIntegration',
        reason: 'Manca la planimetria.',
      });
      const suspended = await until(handle, (view) => view.status === 'suspended', 'the suspension');
      const answeredOn = await skipDays(4);
      const wrongStep = await refusal(submit(handle, 'domanda', { note: 'Allego la planimetria.' }));
      await submit(handle, 'esame', {
        note: 'Allego la planimetria.',
        'applicant.fullName': 'Mario Rossi Bianchi',
      });
      const resumed = await until(handle, (view) => view.clock.state === 'running', 'the resumption');
      const again = await refusal(
        decide(handle, { stepId: 'esame', outcome: 'requestIntegration', reason: 'Manca anche il DURC.' }),
      );
      await decide(handle, { stepId: 'esame', outcome: 'approve' });
      const concluded = await handle.result();
      await record('procedure-integration', handle);
      return { received, suspendedOn, suspended, answeredOn, wrongStep, resumed, again, concluded };
    });
    const receivedOn = result.received.clock.receivedOn!;
    expect(result.received.clock.deadline).toBe(rollToWorkingDay(addDays(receivedOn, 30), TRIESTE_CALENDAR));
    expect(result.suspended.currentStep).toMatchObject({ id: 'esame', awaiting: 'integration' });
    // While it lasts the deadline assumes the full 30 days: the latest the law allows.
    expect(result.suspended.clock).toMatchObject({
      state: 'suspended',
      c7Used: true,
      deadline: rollToWorkingDay(addDays(receivedOn, 60), TRIESTE_CALENDAR),
    });
    expect(result.wrongStep).toBe('WRONG_STEP');
    // Suspended for 4 days: the deadline moves by exactly those.
    const suspendedDays = 4;
    expect(result.answeredOn).toBe(addDays(result.suspendedOn, suspendedDays));
    expect(result.resumed).toMatchObject({
      status: 'waitingStaff',
      currentStep: { id: 'esame', awaiting: 'staff' },
    });
    expect(result.resumed.clock).toMatchObject({
      state: 'running',
      c7Used: true,
      deadline: rollToWorkingDay(addDays(receivedOn, 30 + suspendedDays), TRIESTE_CALENDAR),
    });
    expect(result.again).toBe('INTEGRATION_ALREADY_USED');
    expect(
      from(result.concluded.timeline, 'taskDecided').map(({ kind, actor }) => `${kind} ${actor}`),
    ).toEqual([
      'taskDecided staff:op-suap',
      'integrationRequested staff:op-suap',
      `integrationReceived citizen:${MARIO}`,
      'taskDecided staff:op-suap',
      'stepEntered system',
      'concluded system',
    ]);
    expect(result.concluded).toMatchObject({ status: 'accepted', conclusion: 'accepted' });
    expect(kinds(recordedTimeline())).toEqual(kinds(result.concluded.timeline));
  });

  it('resumes a c.7 suspension by itself after 30 days when the citizen never answers', async () => {
    const { activities } = fakes();
    const input = await caseInput(istanza(30, 'provvedimentoEspresso'));
    const result = await run(activities, async (taskQueue) => {
      const handle = await startCase(taskQueue, input);
      await awaiting(handle, 'domanda', 'citizenForm');
      await submit(handle, 'domanda', { 'applicant.fullName': 'Mario Rossi' });
      const { clock } = await awaiting(handle, 'esame', 'staff');
      const suspendedOn = await skipDays(2);
      await decide(handle, {
        stepId: 'esame',
        outcome: 'requestIntegration',
        reason: 'Manca la planimetria.',
      });
      await until(handle, (view) => view.status === 'suspended', 'the suspension');
      await skipDays(30);
      const stillSuspended = await handle.query(caseStatusQuery);
      await skipDays(1);
      const resumed = await until(handle, (view) => view.clock.state === 'running', 'the resumption');
      const late = await refusal(submit(handle, 'esame', { note: 'Eccola, in ritardo.' }));
      await decide(handle, { stepId: 'esame', outcome: 'approve' });
      const concluded = await handle.result();
      return { receivedOn: clock.receivedOn!, suspendedOn, stillSuspended, resumed, late, concluded };
    });
    expect(result.stillSuspended.clock.state).toBe('suspended');
    expect(result.resumed).toMatchObject({
      status: 'waitingStaff',
      currentStep: { id: 'esame', awaiting: 'staff' },
    });
    // Suspended on day S (day 0, like any start day), it stands still through S + 30 and counts
    // again from S + 31: suspended on 10 March, running again on 10 April.
    expect(from(result.resumed.timeline, 'clockResumed')).toEqual([
      { kind: 'clockResumed', actor: 'system', detail: { on: addDays(result.suspendedOn, 31) } },
    ]);
    expect(result.resumed.clock).toMatchObject({
      state: 'running',
      c7Used: true,
      deadline: rollToWorkingDay(addDays(result.receivedOn, 60), TRIESTE_CALENDAR),
    });
    expect(result.late).toBe('WRONG_STEP');
    expect(result.concluded.conclusion).toBe('accepted');
  });

  it('refuses a rejection without preavviso, and after the preavviso and the observations rejects with the term moved as art. 10-bis says', async () => {
    const { activities, recordedTimeline } = fakes();
    const input = await caseInput(istanza(30, 'provvedimentoEspresso'));
    const result = await run(activities, async (taskQueue) => {
      const handle = await startCase(taskQueue, input);
      await awaiting(handle, 'domanda', 'citizenForm');
      await submit(handle, 'domanda', { 'applicant.fullName': 'Mario Rossi' });
      const { clock } = await awaiting(handle, 'esame', 'staff');
      const preavvisoOn = await skipDays(2);
      const bare = await refusal(
        decide(handle, { stepId: 'esame', outcome: 'reject', reason: 'Requisiti mancanti.' }),
      );
      await decide(handle, { stepId: 'esame', outcome: 'preavvisoRigetto', reason: 'Manca il requisito X.' });
      const suspended = await until(handle, (view) => view.status === 'suspended', 'the preavviso');
      const observedOn = await skipDays(3);
      await submit(handle, 'esame', { note: 'Il requisito X è soddisfatto: vedi allegato.' });
      const observed = await until(
        handle,
        (view) => view.currentStep?.awaiting === 'staff',
        'the observations',
      );
      await decide(handle, {
        stepId: 'esame',
        outcome: 'reject',
        reason: 'Le osservazioni non superano il motivo.',
      });
      const concluded = await handle.result();
      await record('procedure-preavviso', handle);
      return { receivedOn: clock.receivedOn!, preavvisoOn, bare, suspended, observedOn, observed, concluded };
    });
    const { receivedOn } = result;
    expect(result.bare).toBe('PREAVVISO_REQUIRED');
    expect(result.suspended.currentStep).toMatchObject({ id: 'esame', awaiting: 'observations' });
    // No observations yet: the term would count again from the 11th day after the preavviso.
    expect(result.suspended.clock).toMatchObject({
      state: 'suspended',
      c7Used: false,
      deadline: rollToWorkingDay(addDays(receivedOn, 30 + 10), TRIESTE_CALENDAR),
    });
    // Observations 3 days after the preavviso: the term stands still until 10 days after them.
    const standsStill = result.observedOn === addDays(result.preavvisoOn, 3) ? 3 + 10 : NaN;
    expect(result.observed.clock).toMatchObject({
      state: 'suspended',
      deadline: rollToWorkingDay(addDays(receivedOn, 30 + standsStill), TRIESTE_CALENDAR),
    });
    expect(result.concluded).toMatchObject({ status: 'rejected', conclusion: 'rejected' });
    expect(result.concluded.clock.state).toBe('closed');
    expect(
      from(result.concluded.timeline, 'preavvisoSent').map(({ kind, actor }) => `${kind} ${actor}`),
    ).toEqual([
      'preavvisoSent staff:op-suap',
      `observationsFiled citizen:${MARIO}`,
      'taskDecided staff:op-suap',
      'stepEntered system',
      'concluded system',
    ]);
    expect(kinds(recordedTimeline())).toEqual(kinds(result.concluded.timeline));
  });

  it('offers the wedding hall only from the 4th day after the 8-day posting to the 180th, and lets the banns lapse without a booking', async () => {
    const { activities, recordedTimeline, calls } = fakes();
    const input = await caseInput(MARRIAGE_MODEL);
    const result = await run(activities, async (taskQueue) => {
      const handle = await startCase(taskQueue, input);
      await awaiting(handle, 'domanda', 'citizenForm');
      await submit(handle, 'domanda', MARRIAGE_FORM);
      await awaiting(handle, 'pubblicazioni', 'staff');
      await decide(handle, { stepId: 'pubblicazioni', outcome: 'approve' }, STATO_CIVILE);
      await awaiting(handle, 'affissione', 'timer');
      const postedOn = await today();
      await skipDays(7);
      const posting = await handle.query(caseStatusQuery);
      await skipDays(1);
      const booking = await awaiting(handle, 'prenotazione', 'citizenBooking');
      const window = booking.currentStep!.booking!;
      const book = (date: CivilDate, by: string) =>
        refusal(
          handle.executeUpdate(bookSlotUpdate, {
            args: [{ stepId: 'prenotazione', date, start: '10:00', by: { fiscalCode: by } }],
          }),
        );
      const tooEarly = await book(addDays(window.from!, -1), MARIO);
      const tooLate = await book(addDays(window.to!, 1), GIULIA);
      const stranger = await book(window.from!, 'VRDLCU70A01L424X');
      const lapsed = await handle.result();
      await record('procedure-marriage-lapsed', handle);
      return { postedOn, posting, window, tooEarly, tooLate, stranger, lapsed };
    });
    expect(result.posting.currentStep).toMatchObject({ id: 'affissione', awaiting: 'timer' });
    // Posted on day 1 for 8 consecutive days: the posting ends on day 8 (postedOn + 7).
    const postingEnds = addDays(result.postedOn, 7);
    expect(result.window).toEqual({
      resourceCode: 'SALA-MATRIMONI',
      from: addDays(postingEnds, 4),
      to: addDays(postingEnds, 180),
    });
    expect(result.tooEarly).toBe('DATE_OUTSIDE_WINDOW');
    expect(result.tooLate).toBe('DATE_OUTSIDE_WINDOW');
    expect(result.stranger).toBe('NOT_YOUR_CASE');
    expect(calls.filter((call) => call.startsWith('hold:'))).toEqual([]);
    expect(result.lapsed).toMatchObject({ status: 'expired', conclusion: 'expired', booking: null });
    expect(from(result.lapsed.timeline, 'bookingLapsed')).toEqual([
      { kind: 'bookingLapsed', actor: 'system', detail: {} },
      { kind: 'stepEntered', actor: 'system', detail: { type: 'end', visit: 1 } },
      { kind: 'concluded', actor: 'system', detail: { conclusion: 'expired' } },
    ]);
    expect(dayOf(result.lapsed.timeline.find((entry) => entry.kind === 'bookingLapsed'))).toBe(
      addDays(postingEnds, 181),
    );
    expect(kinds(recordedTimeline())).toEqual(kinds(result.lapsed.timeline));
  });

  it.each([
    ['withdrawal by the citizen', 'withdrawn'],
    ['cancellation by staff', 'cancelled'],
  ] as const)(
    'on %s with the notice unpaid and the slot held, cancels the payment, frees the slot and ends %s',
    async (_, conclusion) => {
      const { activities, recordedTimeline, calls, slots, records } = fakes();
      const input = await caseInput(HALL);
      const result = await run(activities, async (taskQueue) => {
        const handle = await startCase(taskQueue, input);
        await awaiting(handle, 'domanda', 'citizenForm');
        await submit(handle, 'domanda', { 'applicant.fullName': 'Mario Rossi' });
        await awaiting(handle, 'prenotazione', 'citizenBooking');
        const bookedOn = await today();
        const date = addDays(bookedOn, 10);
        await handle.executeUpdate(bookSlotUpdate, {
          args: [{ stepId: 'prenotazione', date, start: '10:00', by: { fiscalCode: MARIO } }],
        });
        const unpaid = await awaiting(handle, 'pagamento', 'payment');
        const heldSlots = [...slots.values()];
        const payment = env.client.workflow.getHandle<PaymentWorkflow>(
          paymentWorkflowId(unpaid.payments[0]!.noticeNumber),
        );
        for (let i = 0; i < 100 && !calls.includes('publish'); i++)
          await new Promise((r) => setTimeout(r, 50));
        const stopped =
          conclusion === 'withdrawn'
            ? await handle.executeUpdate(withdrawCaseUpdate, {
                args: [{ by: { fiscalCode: MARIO }, reason: 'Abbiamo scelto un altro giorno.' }],
              })
            : await handle.executeUpdate(cancelCaseUpdate, {
                args: [{ by: OPERATOR, reason: 'Domanda presentata due volte.' }],
              });
        const final = await handle.result();
        const paymentState = await payment.result();
        if (conclusion === 'withdrawn') await record('procedure-withdrawn', handle);
        const upserted = ((await handle.fetchHistory()).events ?? []).flatMap((event) => {
          const payload =
            event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields
              ?.SusCaseStatus;
          return payload?.data ? [JSON.parse(Buffer.from(payload.data).toString('utf8')) as string] : [];
        });
        return { bookedOn, unpaid, heldSlots, stopped, final, paymentState, upserted };
      });
      // Visibility shows the statuses the case rested in (recorded), not every status on the way.
      const rested = records.map((record) => record.view.status);
      expect(result.upserted).toEqual(rested.filter((status, i) => status !== rested[i - 1]));
      expect(result.unpaid.booking).toMatchObject({ status: 'held', start: '10:00' });
      // Due 2 days after it was issued, counted on the case's calendar (the server's, skipped ahead).
      expect(result.unpaid.payments).toMatchObject([
        { stepId: 'pagamento', amountCents: 15_000, status: 'issued', dueDate: addDays(result.bookedOn, 2) },
      ]);
      expect(result.heldSlots).toEqual([
        { holderRef: caseWorkflowId('c_l424', input.caseNumber), status: 'held' },
      ]);
      for (const view of [result.stopped, result.final]) {
        expect(view).toMatchObject({ status: conclusion, conclusion, openTask: null });
        expect(view.booking?.status).toBe('released');
        expect(view.payments.map((p) => p.status)).toEqual(['cancelled']);
      }
      const actor = conclusion === 'withdrawn' ? `citizen:${MARIO}` : 'staff:op-suap';
      expect(from(result.final.timeline, 'slotReleased')).toEqual([
        {
          kind: 'slotReleased',
          actor,
          detail: { reason: conclusion === 'withdrawn' ? 'withdraw' : 'cancel' },
        },
        {
          kind: conclusion,
          actor,
          detail: {
            reason:
              conclusion === 'withdrawn'
                ? 'Abbiamo scelto un altro giorno.'
                : 'Domanda presentata due volte.',
          },
        },
      ]);
      // The child payment got the cancel signal: the notice was withdrawn at the intermediary.
      expect(result.paymentState.status).toBe('cancelled');
      expect(calls).toEqual(expect.arrayContaining(['release', 'invalidate', 'payment:cancelled']));
      expect(calls).not.toContain('confirm');
      expect(slots.size).toBe(0);
      expect(kinds(recordedTimeline())).toEqual(kinds(result.final.timeline));
    },
  );

  it('when nobody pays the notice by its due date, marks it expired, frees the slot and asks for a booking again', async () => {
    const { activities, records, recordedTimeline, calls, slots } = fakes();
    const input = await caseInput(HALL);
    const result = await run(activities, async (taskQueue) => {
      const handle = await startCase(taskQueue, input);
      await awaiting(handle, 'domanda', 'citizenForm');
      await submit(handle, 'domanda', { 'applicant.fullName': 'Mario Rossi' });
      await awaiting(handle, 'prenotazione', 'citizenBooking');
      const bookedOn = await today();
      const date = addDays(bookedOn, 10);
      const book = () =>
        handle.executeUpdate(bookSlotUpdate, {
          args: [{ stepId: 'prenotazione', date, start: '10:00', by: { fiscalCode: MARIO } }],
        });
      await book();
      const unpaid = await awaiting(handle, 'pagamento', 'payment');
      const heldSlots = [...slots.values()];
      // Due 2 days after it was issued: the third day the notice is withdrawn and the case moves on.
      await skipDays(3);
      const again = await until(
        handle,
        (view) =>
          view.currentStep?.id === 'prenotazione' &&
          view.currentStep.visit === 2 &&
          view.currentStep.awaiting === 'citizenBooking',
        'the second booking visit',
      );
      const paymentState = await env.client.workflow
        .getHandle<PaymentWorkflow>(paymentWorkflowId(unpaid.payments[0]!.noticeNumber))
        .result();
      const slotsAfterExpiry = slots.size;
      const rebooked = await book();
      const secondNotice = await until(
        handle,
        (view) =>
          view.currentStep?.id === 'pagamento' &&
          view.currentStep.visit === 2 &&
          view.currentStep.awaiting === 'payment',
        'the second notice',
      );
      await handle.executeUpdate(withdrawCaseUpdate, {
        args: [{ by: { fiscalCode: MARIO }, reason: 'Abbiamo cambiato idea.' }],
      });
      const final = await handle.result();
      await record('procedure-notice-expired', handle);
      return { unpaid, heldSlots, again, paymentState, slotsAfterExpiry, rebooked, secondNotice, final };
    });
    expect(result.unpaid.booking).toMatchObject({ status: 'held', start: '10:00' });
    expect(result.heldSlots).toEqual([
      { holderRef: caseWorkflowId('c_l424', input.caseNumber), status: 'held' },
    ]);
    const noticeNumber = result.unpaid.payments[0]!.noticeNumber;
    // The child withdrew the notice at the intermediary when its due date passed.
    expect(result.paymentState.status).toBe('expired');
    expect(calls).toEqual(expect.arrayContaining(['invalidate', 'payment:expired', 'release']));
    expect(calls).not.toContain('confirm');
    expect(result.slotsAfterExpiry).toBe(0);
    expect(result.again.payments).toEqual([expect.objectContaining({ noticeNumber, status: 'expired' })]);
    expect(result.again.status).toBe('waitingCitizen');
    // The projection is written once the case waits again: the release and the expired notice
    // are in it, and the step that asks again shows no stale booking.
    const released = records.find((record) => record.entries.some((entry) => entry.kind === 'slotReleased'));
    expect(released?.view.currentStep).toMatchObject({
      id: 'prenotazione',
      visit: 2,
      awaiting: 'citizenBooking',
    });
    expect(released?.view.booking).toBeNull();
    expect(released?.view.payments.map((p) => p.status)).toEqual(['expired']);
    expect(result.again.booking).toBeNull();
    expect(from(result.again.timeline, 'paymentExpired')).toEqual([
      { kind: 'paymentExpired', actor: 'system', detail: { noticeNumber, status: 'expired' } },
      { kind: 'slotReleased', actor: 'system', detail: { reason: 'notice not paid in time' } },
      { kind: 'stepEntered', actor: 'system', detail: { type: 'booking', visit: 2 } },
    ]);
    // Booked again: the same slot is held anew and a second notice issued.
    expect(result.rebooked.booking).toMatchObject({ status: 'held', date: result.unpaid.booking!.date });
    expect(calls.filter((call) => call.startsWith('hold:'))).toHaveLength(4);
    expect(result.secondNotice.payments.map((p) => p.status)).toEqual(['expired', 'issued']);
    expect(result.secondNotice.payments[1]!.noticeNumber).not.toBe(noticeNumber);
    expect(result.final.payments.map((p) => p.status)).toEqual(['expired', 'cancelled']);
    expect(result.final).toMatchObject({ status: 'withdrawn', booking: { status: 'released' } });
    expect(slots.size).toBe(0);
    expect(kinds(recordedTimeline())).toEqual(kinds(result.final.timeline));
  });

  it('continues as new when its history grows past the limit and finishes with its state intact', async () => {
    const { activities, recordedTimeline } = fakes();
    const input = await caseInput(istanza(30, 'provvedimentoEspresso'), { maxHistoryEvents: 10 });
    const workflowId = caseWorkflowId(input.ente.code, input.caseNumber);
    const result = await run(activities, async (taskQueue) => {
      const started = await startCase(taskQueue, input);
      const handle = env.client.workflow.getHandle<ProcedureWorkflow>(workflowId);
      await awaiting(handle, 'domanda', 'citizenForm');
      await submit(handle, 'domanda', { 'applicant.fullName': 'Mario Rossi' });
      const waiting = await awaiting(handle, 'esame', 'staff');
      const { runId } = await handle.describe();
      await decide(handle, { stepId: 'esame', outcome: 'approve' });
      const concluded = await handle.result();
      const first = env.client.workflow.getHandle(workflowId, started.firstExecutionRunId);
      // On a loaded machine the test server once answered the first run's history without its closing event: ask
      // again for a few seconds before judging (a run that never continued as new still fails below).
      let firstEvents = (await first.fetchHistory()).events ?? [];
      for (
        let attempt = 0;
        attempt < 50 && !firstEvents.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
        attempt++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        firstEvents = (await first.fetchHistory()).events ?? [];
      }
      await record('procedure-continued-as-new', first);
      return { firstRunId: started.firstExecutionRunId, runId, waiting, concluded, firstEvents };
    });
    expect(result.runId).not.toBe(result.firstRunId);
    expect(result.firstEvents.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    const { concluded } = result;
    expect(concluded).toMatchObject({
      status: 'accepted',
      conclusion: 'accepted',
      caseNumber: input.caseNumber,
    });
    expect(concluded.clock).toMatchObject({ state: 'closed', receivedOn: result.waiting.clock.receivedOn });
    expect(kinds(concluded.timeline)).toEqual([
      'started',
      'stepEntered',
      'formSubmitted',
      'stepEntered',
      'taskOpened',
      'taskDecided',
      'stepEntered',
      'concluded',
    ]);
    expect(concluded.timeline.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Each entry reached the projection once, across the runs.
    expect(recordedTimeline().map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
