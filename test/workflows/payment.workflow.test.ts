import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { projectRoot } from '@sus/platform';
import {
  cancelPaymentSignal,
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

  function stubs(behaviour: { paidOnPoll?: number } = {}) {
    const calls: string[] = [];
    let polls = 0;
    const activities: PaymentActivities = {
      async publishDebtPosition() {
        calls.push('publish');
        return 'VALID';
      },
      async invalidateDebtPosition() {
        calls.push('invalidate');
      },
      async recordPaymentState(change) {
        calls.push(`record:${change.status}`);
      },
      async findPaidReceipt(input) {
        polls += 1;
        calls.push('poll');
        if (behaviour.paidOnPoll !== undefined && polls >= behaviour.paidOnPoll) {
          return [
            { receiptId: 'rt-polled', paymentDate: new Date().toISOString(), amountCents: input.amountCents },
          ];
        }
        return [];
      },
    };
    return { calls, activities };
  }

  async function run<T>(activities: PaymentActivities, body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `payments-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
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

  const receipt = (amountCents: number): Omit<PaymentReceipt, 'source'> => ({
    receiptId: 'rt-1',
    paymentDate: '2026-11-25T10:00:00Z',
    amountCents,
    pspName: 'Tabaccheria',
  });

  it('publishes the debt position and becomes paid on the pushed receipt, recording each step once', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor();
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await handle.signal(paymentReceiptSignal, receipt(input.amountCents));
      await handle.signal(paymentReceiptSignal, { ...receipt(input.amountCents), receiptId: 'rt-duplicate' });
      const result = await handle.result();
      if (process.env.RECORD_HISTORIES === '1') {
        writeFileSync(
          join(projectRoot(), 'test/histories/payment-paid.json'),
          `${historyToJSON(await handle.fetchHistory())}\n`,
        );
      }
      return result;
    });
    expect(state.status).toBe('paid');
    expect(state.receipt).toMatchObject({ receiptId: 'rt-1', source: 'push' });
    expect(state.history.map((h) => h.status)).toEqual(['issued', 'published', 'paid']);
    expect(calls).toEqual(['record:issued', 'publish', 'record:published', 'record:paid']);
  });

  it('expires at the due date without waiting in real time, and withdraws the notice', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor({ onDue: 'invalidate' });
    const started = Date.now();
    const state = await run(activities, (taskQueue) =>
      env.client.workflow.execute<PaymentWorkflow>(paymentWorkflowType, {
        workflowId: paymentWorkflowId(input.noticeNumber),
        taskQueue,
        args: [input],
      }),
    );
    expect(state.status).toBe('expired');
    expect(calls.filter((c) => c === 'poll')).toHaveLength(3);
    expect(calls.slice(-2)).toEqual(['invalidate', 'record:expired']);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('still accepts a late receipt after expiry when the notice stays payable', async () => {
    const { activities } = stubs();
    const input = await inputFor({ onDue: 'expire', lateReceiptDays: 10 });
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await env.sleep('4 days');
      expect((await handle.query(paymentStateQuery)).status).toBe('expired');
      await handle.signal(paymentReceiptSignal, receipt(input.amountCents));
      return handle.result();
    });
    expect(state.history.map((h) => h.status)).toEqual(['issued', 'published', 'expired', 'paid']);
  });

  it('finds a receipt that was never pushed by polling the intermediary', async () => {
    const { activities } = stubs({ paidOnPoll: 2 });
    const input = await inputFor();
    const state = await run(activities, (taskQueue) =>
      env.client.workflow.execute<PaymentWorkflow>(paymentWorkflowType, {
        workflowId: paymentWorkflowId(input.noticeNumber),
        taskQueue,
        args: [input],
      }),
    );
    expect(state.status).toBe('paid');
    expect(state.receipt).toMatchObject({ receiptId: 'rt-polled', source: 'poll' });
  });

  it('cancels on request: the published notice is withdrawn at the intermediary', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor();
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await eventuallyPublished(handle);
      await handle.signal(cancelPaymentSignal, { reason: 'pratica ritirata', by: 'operator:trieste' });
      return handle.result();
    });
    expect(state.status).toBe('cancelled');
    expect(state.history.at(-1)?.detail).toBe('pratica ritirata (by operator:trieste)');
    expect(calls).toEqual(['record:issued', 'publish', 'record:published', 'invalidate', 'record:cancelled']);
  });

  it('cancels before publication without touching the intermediary', async () => {
    const { calls, activities } = stubs();
    const input = await inputFor();
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await handle.signal(cancelPaymentSignal, { reason: 'errore di emissione', by: 'operator:trieste' });
      return handle.result();
    });
    expect(state.status).toBe('cancelled');
    expect(calls).not.toContain('invalidate');
  });

  it('pays an instalment plan one instalment at a time, ignoring duplicates and the single payment once started', async () => {
    const { activities } = stubs();
    const base = await inputFor({ amountCents: 30000 });
    const instalments = [1, 2, 3].map((i) => ({
      noticeNumber: `9${i}${base.noticeNumber.slice(2)}`,
      iuv: `9${i}${base.iuv.slice(2)}`,
      amountCents: 10000,
      dueDate: `2027-0${i}-28`,
    }));
    const input = { ...base, instalments };
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      const pay = (noticeNumber: string, amountCents = 10000) =>
        handle.signal(paymentReceiptSignal, {
          ...receipt(amountCents),
          noticeNumber,
          receiptId: `rt-${noticeNumber}`,
        });
      await pay(instalments[0]!.noticeNumber);
      await pay(instalments[0]!.noticeNumber);
      await pay(input.noticeNumber, 30000);
      await pay(instalments[1]!.noticeNumber);
      await pay(instalments[2]!.noticeNumber);
      const result = await handle.result();
      if (process.env.RECORD_HISTORIES === '1') {
        writeFileSync(
          join(projectRoot(), 'test/histories/payment-instalments.json'),
          `${historyToJSON(await handle.fetchHistory())}\n`,
        );
      }
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

  it('lets the single payment settle a whole plan when no instalment was paid', async () => {
    const { activities } = stubs();
    const base = await inputFor({ amountCents: 30000 });
    const input = {
      ...base,
      instalments: [1, 2].map((i) => ({
        noticeNumber: `9${i}${base.noticeNumber.slice(2)}`,
        iuv: `9${i}${base.iuv.slice(2)}`,
        amountCents: 15000,
        dueDate: '2027-01-31',
      })),
    };
    const state = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await handle.signal(paymentReceiptSignal, { ...receipt(30000), noticeNumber: input.noticeNumber });
      return handle.result();
    });
    expect(state.history.map((h) => h.status)).toEqual(['issued', 'published', 'paid']);
  });

  it('fails with a typed, non-retryable error when a receipt pays another amount', async () => {
    const { activities } = stubs();
    const input = await inputFor();
    const outcome = await run(activities, async (taskQueue) => {
      const handle = await startPayment(taskQueue, input);
      await handle.signal(paymentReceiptSignal, receipt(input.amountCents - 1));
      return handle.result().then(
        () => 'completed',
        (error: { cause?: { type?: string } }) => error.cause?.type,
      );
    });
    expect(outcome).toBe('RECEIPT_AMOUNT_MISMATCH');
  });
});
