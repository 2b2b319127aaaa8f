import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { projectRoot } from '@sus/platform';
import {
  applyReceiptUpdate,
  paymentStateQuery,
  paymentWorkflowId,
  paymentWorkflowType,
  type MessageInput,
  type PaymentInput,
  type PaymentWorkflow,
} from '@sus/contracts';
import type { Activities } from '../../apps/worker/src/activities';
import { createTimeSkippingTemporal, workflowBundle } from '../support/temporal';
import { workflowTracingSinks } from '../../apps/worker/src/observability/tracing';

type StubbedActivities = Pick<
  Activities,
  | 'publishDebtPosition'
  | 'invalidateDebtPosition'
  | 'recordPaymentState'
  | 'findPaidReceipt'
  | 'prepareMessage'
>;

/**
 * The payment's App IO messages (issue 18 item 5): the workflow's own logic, with recording
 * stand-ins for the activities. Its own server: the children it abandons must not outlive into
 * the time skipping of the other payment tests.
 */
describe(`${paymentWorkflowType} messages`, () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingTemporal();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('sends the notice on App IO once published and a confirmation once paid, without waiting for either', async () => {
    const calls: string[] = [];
    const sent: MessageInput[] = [];
    const activities: StubbedActivities = {
      async publishDebtPosition() {
        return 'VALID';
      },
      async invalidateDebtPosition() {
        return { withdrawn: true, paid: [] };
      },
      async recordPaymentState(change) {
        calls.push(`record:${change.status}`);
      },
      async findPaidReceipt() {
        return [];
      },
      // The message workflow's own path is tested against the sandbox (test/notifications); here it ends at once.
      async prepareMessage(message) {
        sent.push(message);
        return { messageId: randomUUID(), outcome: { messageId: 'm', channel: 'io', status: 'processed' } };
      },
    };
    const messages = {
      serviceCode: 'MATRIMONIO-CIVILE',
      notice: { subject: 'Avviso di pagamento', markdown: 'Paghi entro la scadenza.'.padEnd(80, '.') },
      receipt: {
        subject: 'Pagamento ricevuto',
        markdown: 'Grazie, il pagamento è arrivato.'.padEnd(80, '.'),
      },
    };
    const iuv = `01${String(Date.now()).slice(-13)}${Math.floor(Math.random() * 10)}`.slice(0, 17);
    const input: PaymentInput = {
      noticeNumber: `3${iuv}`,
      iuv,
      orgFiscalCode: '00210240321',
      enteCode: 'c_l424',
      companyName: 'Comune di Trieste',
      payer: {
        type: 'F',
        fiscalCode: 'RSSMRA85M01H501Q',
        fullName: 'Mario Rossi',
        email: 'mario@example.it',
      },
      amountCents: 15050,
      description: 'Celebrazione matrimonio - sala',
      dueDate: '2026-12-31',
      expiresAt: new Date((await env.currentTimeMs()) + 3 * 24 * 3600 * 1000).toISOString(),
      transfers: [{ amountCents: 15050, category: '9/0104102TS/', remittanceInformation: 'Matrimonio' }],
      onDue: 'invalidate',
      receiptPollInterval: '1 day',
      messages,
    };
    const taskQueue = `payments-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      sinks: workflowTracingSinks(undefined),
      activities,
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<PaymentWorkflow>(paymentWorkflowType, {
        workflowId: paymentWorkflowId(input.noticeNumber),
        taskQueue,
        args: [input],
      });
      for (let i = 0; i < 100 && (await handle.query(paymentStateQuery)).status !== 'published'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await handle.executeUpdate(applyReceiptUpdate, {
        args: [{ receiptId: 'rt-1', paymentDate: '2026-11-25T10:00:00Z', amountCents: input.amountCents }],
        updateId: 'rt-1',
      });
      await handle.result();
      // RECORD_HISTORIES=1 rewrites the committed history of this path, replayed by every later run.
      if (process.env.RECORD_HISTORIES === '1') {
        writeFileSync(
          join(projectRoot(), 'test/histories/payment-paid-with-messages.json'),
          `${historyToJSON(await handle.fetchHistory())}\n`,
        );
      }
      // The children run on their own (ABANDON): wait for both to have prepared their message.
      for (let i = 0; i < 100 && sent.length < 2; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(sent).toEqual([
      expect.objectContaining({
        enteCode: 'c_l424',
        serviceCode: 'MATRIMONIO-CIVILE',
        fiscalCode: 'RSSMRA85M01H501Q',
        email: 'mario@example.it',
        content: messages.notice,
        paymentData: {
          noticeNumber: input.noticeNumber,
          amountCents: input.amountCents,
          payeeFiscalCode: input.orgFiscalCode,
          dueDate: input.dueDate,
        },
        idempotencyKey: `payment/${input.noticeNumber}/notice`,
      }),
      expect.objectContaining({
        content: messages.receipt,
        idempotencyKey: `payment/${input.noticeNumber}/receipt`,
      }),
    ]);
    expect(sent[1]).not.toHaveProperty('paymentData');
    expect(calls).toEqual(['record:issued', 'record:published', 'record:paid']);
  });
});
