import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { CatalogError } from '@sus/catalog';
import { projectRoot } from '@sus/platform';
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import {
  applyReceiptUpdate,
  cancelPaymentUpdate,
  lateReceiptWorkflowId,
  receiptReconciliationScheduleId,
  receiptReconciliationWorkflowType,
  type ReceiptReconciliationWorkflow,
  paymentReceiptSignal,
  paymentStateQuery,
  paymentWorkflowId,
  paymentWorkflowType,
  type PaymentInput,
  type PaymentReceipt,
  type PaymentWorkflow,
} from '@sus/contracts';
import type { Activities } from '../../apps/worker/src/activities';
import { createTimeSkippingTemporal, workflowBundle } from '../support/temporal';
import { workflowTracingSinks } from '../../apps/worker/src/observability/tracing';

type Receipt = Omit<PaymentReceipt, 'source'>;
type PaymentActivities = Pick<
  Activities,
  'publishDebtPosition' | 'invalidateDebtPosition' | 'recordPaymentState' | 'findPaidReceipt'
>;

/** The workflow's own logic, with recording stand-ins for the activities (they are tested against the sandbox). */
describe(paymentWorkflowType, () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingTemporal();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const DAY = 24 * 3600 * 1000;

  /** Due dates count from the test server's clock, which earlier tests have skipped ahead. */
  async function inputFor(overrides: Partial<PaymentInput> = {}): Promise<PaymentInput> {
    const now = await env.currentTimeMs();
    const iuv = `01${String(Date.now()).slice(-13)}${Math.floor(Math.random() * 10)}`.slice(0, 17);
    return {
      noticeNumber: `3${iuv}`,
      iuv,
      orgFiscalCode: '00210240321',
      enteCode: 'c_l424',
      companyName: 'Comune di Trieste',
      payer: { type: 'F', fiscalCode: 'RSSMRA85M01H501Q', fullName: 'Mario Rossi' },
      amountCents: 15050,
      description: 'Celebrazione matrimonio - sala',
      dueDate: '2026-12-31',
      expiresAt: new Date(now + 3 * DAY).toISOString(),
      transfers: [{ amountCents: 15050, category: '9/0104102TS/', remittanceInformation: 'Matrimonio' }],
      onDue: 'invalidate',
      receiptPollInterval: '1 day',
      ...overrides,
    };
  }

  interface Behaviour {
    paidOnPoll?: number;
    /** What pagoPA reports when asked to withdraw: money that came in first. */
    paidAtWithdrawal?: Receipt[];
    /** publishDebtPosition throws this on its first attempts. */
    publishFails?: { error: () => Error; times: number };
    /** recordPaymentState throws this on every attempt. */
    recordFails?: () => Error;
    polledAmountCents?: number;
  }

  function stubs(behaviour: Behaviour = {}) {
    const calls: string[] = [];
    const pollTimes: number[] = [];
    let polls = 0;
    let publishAttempts = 0;
    const activities: PaymentActivities = {
      async publishDebtPosition() {
        publishAttempts += 1;
        if (behaviour.publishFails && publishAttempts <= behaviour.publishFails.times) {
          calls.push('publish:refused');
          throw behaviour.publishFails.error();
        }
        calls.push('publish');
        return 'VALID';
      },
      async invalidateDebtPosition() {
        calls.push('invalidate');
        const paid = behaviour.paidAtWithdrawal ?? [];
        return { withdrawn: paid.length === 0, paid };
      },
      async recordPaymentState(change) {
        if (behaviour.recordFails) {
          calls.push('record:refused');
          throw behaviour.recordFails();
        }
        calls.push(`record:${change.status}`);
      },
      async findPaidReceipt(input) {
        polls += 1;
        pollTimes.push(activityInfo().scheduledTimestampMs);
        calls.push('poll');
        if (behaviour.paidOnPoll !== undefined && polls >= behaviour.paidOnPoll) {
          return [
            {
              receiptId: 'rt-polled',
              paymentDate: new Date().toISOString(),
              amountCents: behaviour.polledAmountCents ?? input.amountCents,
            },
          ];
        }
        return [];
      },
    };
    return { calls, activities, pollTimes, attempts: () => publishAttempts };
  }

  async function run<T>(activities: PaymentActivities, body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `payments-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      sinks: workflowTracingSinks(undefined),
      activities,
    });
    return worker.runUntil(body(taskQueue));
  }

  async function eventuallyPublished(handle: {
    query: (q: typeof paymentStateQuery) => Promise<{ status: string }>;
  }) {
    for (let i = 0; i < 100; i++) {
      if ((await handle.query(paymentStateQuery)).status === 'published') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the payment was never published');
  }

  const startPayment = (taskQueue: string, input: PaymentInput) =>
    env.client.workflow.start<PaymentWorkflow>(paymentWorkflowType, {
      workflowId: paymentWorkflowId(input.noticeNumber),
      taskQueue,
      args: [input],
    });

  const executePayment = (taskQueue: string, input: PaymentInput) =>
    env.client.workflow.execute<PaymentWorkflow>(paymentWorkflowType, {
      workflowId: paymentWorkflowId(input.noticeNumber),
      taskQueue,
      args: [input],
    });

  /** RECORD_HISTORIES=1 rewrites the committed history of this path, replayed by every later run. */
  async function record(name: string, handle: WorkflowHandle<PaymentWorkflow>): Promise<void> {
    if (process.env.RECORD_HISTORIES !== '1') return;
    writeFileSync(
      join(projectRoot(), `test/histories/${name}.json`),
      `${historyToJSON(await handle.fetchHistory())}\n`,
    );
  }

  const receipt = (amountCents: number, receiptId = 'rt-1'): Receipt => ({
    receiptId,
    paymentDate: '2026-11-25T10:00:00Z',
    amountCents,
    pspName: 'Tabaccheria',
  });

  const pay = (handle: WorkflowHandle<PaymentWorkflow>, paid: Receipt) =>
    handle.executeUpdate(applyReceiptUpdate, { args: [paid], updateId: paid.receiptId });

  const planOf = (base: PaymentInput, amounts: number[]) =>
    amounts.map((amountCents, i) => ({
      noticeNumber: `9${i + 1}${base.noticeNumber.slice(2)}`,
      iuv: `9${i + 1}${base.iuv.slice(2)}`,
      amountCents,
      dueDate: `2027-0${i + 1}-28`,
    }));

  it('publishes the debt position, becomes paid on the pushed receipt and answers each delivery with what it changed', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor();
    const { state, answers } = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      const answers = [
        await pay(handle, receipt(input.amountCents)),
        // the same receipt again (same update id), and the same money under another id
        await pay(handle, receipt(input.amountCents)),
      ];
      const state = await handle.result();
      await record('payment-paid', handle);
      return { state, answers };
    });
    expect(answers).toEqual([
      { outcome: 'applied', status: 'paid' },
      { outcome: 'applied', status: 'paid' },
    ]);
    expect(state.status).toBe('paid');
    expect(state.receipt).toMatchObject({ receiptId: 'rt-1', source: 'push' });
    expect(state.history.map((h) => h.status)).toEqual(['issued', 'published', 'paid']);
    expect(calls.filter((c) => c.startsWith('record:'))).toEqual([
      'record:issued',
      'record:published',
      'record:paid',
    ]);
  });

  it('answers a second receipt for money already recorded "already recorded", changing nothing', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor({ onDue: 'expire' });
    const answers = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      // Two updates in flight at once: one arrives while the other is being recorded.
      const answers = await Promise.all([
        pay(handle, receipt(input.amountCents, 'rt-a')),
        pay(handle, receipt(input.amountCents, 'rt-b')),
      ]);
      await handle.result();
      return answers;
    });
    expect(answers.map((a) => a.outcome).sort()).toEqual(['alreadyRecorded', 'applied']);
    expect(calls.filter((c) => c === 'record:paid')).toHaveLength(1);
  });

  it('refuses a pushed receipt that contradicts the notice before it touches the history', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor();
    const { refusal, state, events } = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      const refusal = await pay(handle, receipt(input.amountCents - 1, 'rt-wrong')).catch(
        (error: unknown) => error,
      );
      await pay(handle, receipt(input.amountCents, 'rt-right'));
      const state = await handle.result();
      const events = (await handle.fetchHistory()).events ?? [];
      return { refusal, state, events };
    });
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'RECEIPT_AMOUNT_MISMATCH' });
    expect(state.receiptIds).toEqual(['rt-right']);
    // Only the accepted update is in the history.
    expect(events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
    expect(calls).not.toContain('record:failed');
  });

  it('expires at the due date without waiting in real time, and withdraws the notice', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor({ onDue: 'invalidate' });
    const started = Date.now();
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      const state = await handle.result();
      await record('payment-expired', handle);
      return state;
    });
    expect(state.status).toBe('expired');
    expect(calls.filter((c) => c === 'poll').length).toBeGreaterThanOrEqual(2);
    expect(calls.slice(-2)).toEqual(['invalidate', 'record:expired']);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('still accepts a late receipt after expiry while the notice stays payable', async () => {
    const { activities } = stubs();
    const input = await inputFor({ onDue: 'expire', lateReceiptDays: 10 });
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await env.sleep('4 days');
      expect((await handle.query(paymentStateQuery)).status).toBe('expired');
      await pay(handle, receipt(input.amountCents));
      return handle.result();
    });
    expect(state.history.map((h) => h.status)).toEqual(['issued', 'published', 'expired', 'paid']);
  });

  it('makes the notice unpayable at pagoPA when the late window closes', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor({ onDue: 'expire', lateReceiptDays: 2 });
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      const state = await handle.result();
      await record('payment-late-window-closed', handle);
      return state;
    });
    expect(state.status).toBe('expired');
    expect(calls.at(-1)).toBe('invalidate');
  });

  it('records money pagoPA reports when the late window closes, instead of dropping it', async () => {
    const { activities } = stubs({ paidAtWithdrawal: [receipt(15050, 'rt-last-minute')] });
    const input = await inputFor({ onDue: 'expire', lateReceiptDays: 2 });
    const state = await run(activities, (taskQueue) => executePayment(taskQueue, input));
    expect(state.status).toBe('paid');
    expect(state.receipt).toMatchObject({ receiptId: 'rt-last-minute' });
  });

  it('finds a receipt that was never pushed by polling the intermediary', async () => {
    const { activities } = stubs({ paidOnPoll: 2 });
    const input = await inputFor();
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      const state = await handle.result();
      await record('payment-polled', handle);
      return state;
    });
    expect(state.status).toBe('paid');
    expect(state.receipt).toMatchObject({ receiptId: 'rt-polled', source: 'poll' });
  });

  it('jitters its polls, so notices issued together do not poll the intermediary together', async () => {
    const { activities, pollTimes } = stubs();
    const input = await inputFor({ receiptPollInterval: '6 hours' });
    await run(activities, (taskQueue) => executePayment(taskQueue, input));
    const gaps = pollTimes.slice(1).map((at, i) => at - pollTimes[i]!);
    expect(gaps.length).toBeGreaterThan(5);
    // Every gap within ±20% of 6 hours, and not all the same.
    expect(gaps.every((gap) => gap >= 0.8 * 6 * 3600_000 - 1000 && gap <= 1.2 * 6 * 3600_000 + 1000)).toBe(
      true,
    );
    expect(new Set(gaps.map((gap) => Math.round(gap / 60_000))).size).toBeGreaterThan(1);
  });

  it('cancels on request: the published notice is withdrawn and the caller told', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor();
    const { state, outcome } = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      const outcome = await handle.executeUpdate(cancelPaymentUpdate, {
        args: [{ reason: 'pratica ritirata', by: 'staff:operatore.trieste' }],
      });
      const state = await handle.result();
      await record('payment-cancelled', handle);
      return { state, outcome };
    });
    expect(outcome).toEqual({ outcome: 'cancelled', status: 'cancelled' });
    expect(state.history.at(-1)?.detail).toBe('pratica ritirata (by staff:operatore.trieste)');
    expect(calls).toEqual(['record:issued', 'publish', 'record:published', 'invalidate', 'record:cancelled']);
  });

  it('lets money win when pagoPA refuses the withdrawal because the notice was paid meanwhile', async () => {
    const { calls, activities } = stubs({ paidAtWithdrawal: [receipt(15050, 'gpd:SUS-x:iuv')] });
    const input = await inputFor();
    const { state, outcome } = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      const outcome = await handle.executeUpdate(cancelPaymentUpdate, {
        args: [{ reason: 'ritirata', by: 'staff:operatore.trieste' }],
      });
      return { state: await handle.result(), outcome };
    });
    expect(outcome).toMatchObject({ outcome: 'refused', status: 'paid' });
    expect(state.status).toBe('paid');
    expect(calls).not.toContain('record:cancelled');
  });

  it('never cancels a plan with a paid instalment: the cancellation is refused and the plan stays payable', async () => {
    const base = await inputFor({ amountCents: 20000 });
    const instalments = planOf(base, [10000, 10000]);
    const { activities, calls } = stubs({
      paidAtWithdrawal: [{ ...receipt(10000, 'gpd:first'), noticeNumber: instalments[0]!.noticeNumber }],
    });
    const input = { ...base, instalments };
    const { state, outcome } = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      const outcome = await handle.executeUpdate(cancelPaymentUpdate, {
        args: [{ reason: 'ritirata', by: 'staff:operatore.trieste' }],
      });
      expect((await handle.query(paymentStateQuery)).status).toBe('partiallyPaid');
      await pay(handle, { ...receipt(10000, 'rt-second'), noticeNumber: instalments[1]!.noticeNumber });
      return { state: await handle.result(), outcome };
    });
    expect(outcome).toMatchObject({ outcome: 'refused', status: 'partiallyPaid' });
    expect(state.history.map((h) => h.status)).toEqual([
      'issued',
      'published',
      'partiallyPaid',
      'partiallyPaid',
      'paid',
    ]);
    expect(state.history[3]?.detail).toMatch(/cancellation refused/);
    expect(calls).not.toContain('record:cancelled');
  });

  it('refuses to cancel what is no longer cancellable, before it reaches the history', async () => {
    const { activities } = stubs();
    const base = await inputFor({ amountCents: 20000 });
    const instalments = planOf(base, [10000, 10000]);
    const input = { ...base, instalments };
    const refusal = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      await pay(handle, { ...receipt(10000, 'rt-first'), noticeNumber: instalments[0]!.noticeNumber });
      const refusal = await handle
        .executeUpdate(cancelPaymentUpdate, { args: [{ reason: 'x', by: 'staff:y' }] })
        .catch((error: unknown) => error);
      await handle.terminate('test done');
      return refusal;
    });
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'PAYMENT_NOT_CANCELLABLE' });
  });

  it('cancels before publication without touching the intermediary', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor();
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await handle.executeUpdate(cancelPaymentUpdate, {
        args: [{ reason: 'errore di emissione', by: 'staff:x' }],
      });
      return handle.result();
    });
    expect(state.status).toBe('cancelled');
    expect(calls).not.toContain('invalidate');
  });

  it('pays an instalment plan one instalment at a time, ignoring duplicates', async () => {
    const { activities } = stubs();
    const base = await inputFor({ amountCents: 30000 });
    const instalments = planOf(base, [10000, 10000, 10000]);
    const input = { ...base, instalments };
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      const payInstalment = (i: number) =>
        pay(handle, { ...receipt(10000, `rt-${i}`), noticeNumber: instalments[i]!.noticeNumber });
      await payInstalment(0);
      expect(await payInstalment(0)).toEqual({ outcome: 'applied', status: 'partiallyPaid' });
      expect(
        await pay(handle, { ...receipt(10000, 'rt-0-again'), noticeNumber: instalments[0]!.noticeNumber }),
      ).toEqual({ outcome: 'alreadyRecorded', status: 'partiallyPaid' });
      await payInstalment(1);
      await payInstalment(2);
      const result = await handle.result();
      await record('payment-instalments', handle);
      return result;
    });
    expect(state.status).toBe('paid');
    expect(state.paidInstalments).toEqual(instalments.map((i) => i.noticeNumber));
    expect(state.history.map((h) => h.status)).toEqual([
      'issued',
      'published',
      'partiallyPaid',
      'partiallyPaid',
      'paid',
    ]);
    expect(state.history.at(-1)?.detail).toMatch(/^instalment 3 of 3/);
  });

  it('records money for the single payment of a plan already started as a failure staff must settle', async () => {
    const { activities } = stubs();
    const base = await inputFor({ amountCents: 20000 });
    const instalments = planOf(base, [10000, 10000]);
    const input = { ...base, instalments };
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      await pay(handle, { ...receipt(10000, 'rt-first'), noticeNumber: instalments[0]!.noticeNumber });
      await pay(handle, { ...receipt(20000, 'rt-whole'), noticeNumber: input.noticeNumber });
      return handle.result();
    });
    expect(state.status).toBe('failed');
    expect(state.failure).toMatchObject({ code: 'UNEXPECTED_RECEIPT' });
    expect(state.receipt).toMatchObject({ receiptId: 'rt-whole' });
  });

  it('lets the single payment settle a whole plan when no instalment was paid', async () => {
    const { activities } = stubs();
    const base = await inputFor({ amountCents: 30000 });
    const input = { ...base, instalments: planOf(base, [15000, 15000]) };
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      await pay(handle, { ...receipt(30000), noticeNumber: input.noticeNumber });
      return handle.result();
    });
    expect(state.history.map((h) => h.status)).toEqual(['issued', 'published', 'paid']);
  });

  it('records a position pagoPA refuses as failed, with the reason staff read, instead of crashing', async () => {
    const { activities, calls } = stubs({
      publishFails: {
        error: () => ApplicationFailure.nonRetryable('GPD answered 400: IBAN not registered', 'GPD_REJECTED'),
        times: 99,
      },
    });
    const input = await inputFor();
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      const state = await handle.result();
      await record('payment-failed', handle);
      return state;
    });
    expect(state.status).toBe('failed');
    expect(state.failure).toMatchObject({ code: 'GPD_REJECTED', reason: expect.stringContaining('IBAN') });
    expect(calls.filter((c) => c === 'publish:refused')).toHaveLength(1);
    expect(calls.at(-1)).toBe('record:failed');
  });

  it('retries a refused subscription key (a key rotation) until pagoPA takes it again', async () => {
    const behaviour = stubs({
      publishFails: {
        error: () => ApplicationFailure.retryable('GPD answered 401', 'GPD_UNAUTHORIZED'),
        times: 2,
      },
    });
    const input = await inputFor();
    const state = await run(behaviour.activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      await pay(handle, receipt(input.amountCents));
      return handle.result();
    });
    expect(behaviour.attempts()).toBe(3);
    expect(state.status).toBe('paid');
  });

  it('records a polled receipt that contradicts the notice as failed, not as a crash', async () => {
    const { activities } = stubs({ paidOnPoll: 1, polledAmountCents: 1 });
    const input = await inputFor();
    const state = await run(activities, (taskQueue) => executePayment(taskQueue, input));
    expect(state.status).toBe('failed');
    expect(state.failure).toMatchObject({ code: 'RECEIPT_MISMATCH' });
  });

  it('does not retry a rule broken in an activity for ever', async () => {
    const { activities, calls } = stubs({
      recordFails: () => new CatalogError('NOT_FOUND', 'No ente with code "c_xxxx".', 'enteCode'),
    });
    const input = await inputFor();
    const failure = await run(activities, (taskQueue) =>
      executePayment(taskQueue, input).then(
        () => undefined,
        (error: { cause?: { cause?: { type?: string } } }) => error.cause?.cause?.type,
      ),
    );
    expect(failure).toBe('CatalogError');
    expect(calls.filter((c) => c === 'record:refused')).toHaveLength(1);
  });

  it('continues as new before its history grows large, carrying its state, and never publishes twice', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor({
      receiptPollInterval: '1 hour',
      maxHistoryEvents: 60,
      onDue: 'invalidate',
    });
    const { state, firstRun } = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      const state = await handle.result();
      const firstRun = await env.client.workflow
        .getHandle(handle.workflowId, handle.firstExecutionRunId)
        .describe();
      await record(
        'payment-continued-as-new',
        env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId),
      );
      return { state, firstRun };
    });
    expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');
    expect(state.status).toBe('expired');
    expect(state.history.map((h) => h.status)).toEqual(['issued', 'published', 'expired']);
    expect(calls.filter((c) => c === 'publish')).toHaveLength(1);
    expect(calls.filter((c) => c === 'poll').length).toBeGreaterThan(20);
  });

  it('still takes receipts as signals from workflows started before receipts became updates', async () => {
    const { activities } = stubs();
    const input = await inputFor();
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await handle.signal(paymentReceiptSignal, receipt(input.amountCents));
      return handle.result();
    });
    expect(state.status).toBe('paid');
  });
});

describe('lateReceiptWorkflow and receiptReconciliationWorkflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingTemporal();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const found = (paymentNoticeNumber: string, receiptId: string) => ({
    paymentNoticeNumber,
    receipt: {
      receiptId,
      paymentDate: '2026-11-25T10:00:00Z',
      amountCents: 15050,
      source: 'reconciliation' as const,
    },
  });

  it('records each receipt SUS lacks once: to its running payment, or as a late receipt when the payment has closed', async () => {
    const late: string[] = [];
    const payments: string[] = [];
    const running = `3${String(Date.now()).padStart(17, '0')}`.slice(0, 18);
    const closed = `4${String(Date.now()).padStart(17, '0')}`.slice(0, 18);
    const taskQueue = `reconciliation-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      sinks: workflowTracingSinks(undefined),
      activities: {
        async listUnrecordedReceipts() {
          return [found(running, 'rt-running'), found(closed, 'rt-closed')];
        },
        async recordLateReceipt(input: { receipt: { receiptId: string } }) {
          late.push(input.receipt.receiptId);
          return { outcome: 'applied', status: 'paidAfterExpiry' };
        },
        // The running payment: only its message handling matters here.
        async recordPaymentState(change: { status: string }) {
          payments.push(change.status);
        },
        async publishDebtPosition() {
          return 'VALID';
        },
        async findPaidReceipt() {
          return [];
        },
        async invalidateDebtPosition() {
          return { withdrawn: true, paid: [] };
        },
      },
    });
    const { result, state } = await worker.runUntil(async () => {
      const now = await env.currentTimeMs();
      const payment = await env.client.workflow.start<PaymentWorkflow>(paymentWorkflowType, {
        workflowId: paymentWorkflowId(running),
        taskQueue,
        args: [
          {
            noticeNumber: running,
            iuv: running.slice(1),
            orgFiscalCode: '00210240321',
            enteCode: 'c_l424',
            companyName: 'Comune di Trieste',
            payer: { type: 'F', fiscalCode: 'RSSMRA85M01H501Q', fullName: 'Mario Rossi' },
            amountCents: 15050,
            description: 'Celebrazione matrimonio',
            dueDate: '2099-12-31',
            expiresAt: new Date(now + 30 * 24 * 3600_000).toISOString(),
            transfers: [
              { amountCents: 15050, category: '9/0104102TS/', remittanceInformation: 'Matrimonio' },
            ],
            onDue: 'invalidate',
          },
        ],
      });
      const reconciliation = await env.client.workflow.start<ReceiptReconciliationWorkflow>(
        receiptReconciliationWorkflowType,
        {
          workflowId: `${receiptReconciliationScheduleId('c_l424')}/${randomUUID()}`,
          taskQueue,
          args: [{ enteCode: 'c_l424', orgFiscalCode: '00210240321', lookbackDays: 10 }],
        },
      );
      const result = await reconciliation.result();
      const state = await payment.result();
      if (process.env.RECORD_HISTORIES === '1') {
        writeFileSync(
          join(projectRoot(), 'test/histories/receipt-reconciliation.json'),
          `${historyToJSON(await reconciliation.fetchHistory())}\n`,
        );
        const lateRun = env.client.workflow.getHandle(lateReceiptWorkflowId('rt-closed'));
        writeFileSync(
          join(projectRoot(), 'test/histories/late-receipt.json'),
          `${historyToJSON(await lateRun.fetchHistory())}\n`,
        );
      }
      return { result, state };
    });
    expect(result).toEqual({ listed: 2, delivered: ['rt-running', 'rt-closed'] });
    expect(state).toMatchObject({
      status: 'paid',
      receipt: { receiptId: 'rt-running', source: 'reconciliation' },
    });
    expect(late).toEqual(['rt-closed']);
    expect(payments).toEqual(['issued', 'published', 'paid']);
  });
});
