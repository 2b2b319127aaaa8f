import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { projectRoot } from '@sus/platform';
import {
  bulkIssuanceWorkflowId,
  bulkIssuanceWorkflowType,
  paymentWorkflowId,
  paymentWorkflowType,
  type BulkIssuanceWorkflow,
  type PaymentInput,
  type PaymentWorkflow,
} from '@sus/contracts';
import type { Activities } from '../../apps/worker/src/activities';
import { createLocalTemporal, workflowBundle } from '../support/temporal';

/**
 * The bulk workflow's own logic, with recording stand-ins for its activities (the catalog side is
 * tested end to end): batches in file order, continue-as-new, a payment that already exists
 * counted and not started again. Children are real payment workflows (their activities stand-ins).
 * On the dev server: the payments wait for receipts, which the time-skipping server would skip.
 */
describe(bulkIssuanceWorkflowType, () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createLocalTemporal();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const payment = (n: number, run: string): PaymentInput => {
    const noticeNumber = `3${run}${String(n).padStart(17 - run.length, '0')}`;
    return {
      noticeNumber,
      iuv: noticeNumber.slice(1),
      orgFiscalCode: '00210240321',
      enteCode: 'c_l424',
      companyName: 'Comune di Trieste',
      payer: { type: 'F', fiscalCode: 'RSSMRA85M01H501Q', fullName: 'Mario Rossi' },
      amountCents: 10_000 + n,
      description: `TARI posizione ${n}`,
      dueDate: '2099-06-28',
      expiresAt: '2099-06-28T22:00:00.000Z',
      transfers: [{ amountCents: 10_000 + n, category: '9/0101101IM/', remittanceInformation: `TARI ${n}` }],
      onDue: 'expire',
    };
  };

  it('hands the positions over in batches, continues as new, and starts no payment twice', async () => {
    const run = String(Date.now() % 1_000_000);
    const positions = Array.from({ length: 7 }, (_, index) => ({
      firstLine: 2 + index * 2,
      input: payment(index, run),
    }));
    const batches: number[][] = [];
    let finished = 0;
    const activities: Pick<
      Activities,
      'prepareBulkBatch' | 'recordBulkBatch' | 'finishBulkJob' | 'publishDebtPosition' | 'recordPaymentState'
    > = {
      async prepareBulkBatch({ afterLine, limit }) {
        const batch = positions.filter((position) => position.firstLine > afterLine).slice(0, limit);
        return { payments: batch.map((p) => p.input), firstLines: batch.map((p) => p.firstLine) };
      },
      async recordBulkBatch({ firstLines }) {
        batches.push(firstLines);
      },
      async finishBulkJob() {
        finished++;
      },
      async publishDebtPosition() {
        return 'VALID';
      },
      async recordPaymentState() {},
    };
    const taskQueue = `bulk-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities,
    });
    const jobId = randomUUID();
    const workflowId = bulkIssuanceWorkflowId(jobId);
    const result = await worker.runUntil(async () => {
      // Position 3's payment exists already (an earlier file, an earlier attempt).
      await env.client.workflow.start<PaymentWorkflow>(paymentWorkflowType, {
        workflowId: paymentWorkflowId(positions[3]!.input.noticeNumber),
        taskQueue,
        args: [positions[3]!.input],
      });
      const handle = await env.client.workflow.start<BulkIssuanceWorkflow>(bulkIssuanceWorkflowType, {
        workflowId,
        taskQueue,
        args: [{ jobId, enteCode: 'c_l424', batchSize: 3, batchesPerRun: 2 }],
      });
      const outcome = await handle.result();
      if (process.env.RECORD_HISTORIES === '1') {
        const first = env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId);
        writeFileSync(
          join(projectRoot(), 'test/histories/bulk-issuance-continued-as-new.json'),
          `${historyToJSON(await first.fetchHistory())}\n`,
        );
        writeFileSync(
          join(projectRoot(), 'test/histories/bulk-issuance.json'),
          `${historyToJSON(await env.client.workflow.getHandle(workflowId).fetchHistory())}\n`,
        );
      }
      return outcome;
    });
    expect(result).toEqual({ jobId, afterLine: 14, started: 6, alreadyStarted: 1 });
    expect(batches).toEqual([[2, 4, 6], [8, 10, 12], [14]]);
    expect(finished).toBe(1);
    // One payment workflow per position, each started once (the pre-existing one is the same run).
    const runs = await Promise.all(
      positions.map(async ({ input }) => {
        const description = await env.client.workflow
          .getHandle(paymentWorkflowId(input.noticeNumber))
          .describe();
        return description.status.name;
      }),
    );
    expect(runs).toEqual(Array(7).fill('RUNNING'));
  });
});
