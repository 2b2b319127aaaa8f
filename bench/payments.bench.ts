import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker } from '@temporalio/worker';
import { projectRoot } from '@sus/platform';
import { PaymentsStack } from '../test/support/payments-stack';
import { reportBench } from './bench-result';

/**
 * payments: issue → paid through the whole stack (GraphQL, IUV allocation, workflow, sandbox GPD,
 * PSP payment, receipt push, projection) against a bare Temporal workflow running the same number
 * of no-op activities on the same server. Both in payments per second, same run, same machine.
 */
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 100);
const CONCURRENCY = 20;
/** paymentWorkflow from issue to paid: record issued, publish, record published, record paid. */
const ACTIVITIES_PER_PAYMENT = 4;

async function inBatches<T>(count: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, count - start) }, (_, i) => work(start + i));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

describe('payments benchmark', () => {
  const stack = new PaymentsStack();
  beforeAll(() => stack.start());
  afterAll(() => stack.stop());

  it('measures issue-to-paid throughput against a bare Temporal baseline', async () => {
    // Warm-up, discarded: first GraphQL compile, first workflow, connection pools.
    for (let i = 0; i < 3; i++) {
      const n = await stack.issue();
      await stack.untilStatus(n, 'published');
      await stack.payAtPsp(n);
      await stack.untilStatus(n, 'paid');
    }

    const oursStarted = Date.now();
    await inBatches(PAYMENTS, async () => {
      const n = await stack.issue();
      await stack.untilStatus(n, 'published', 300_000);
      const paid = await stack.payAtPsp(n);
      if (paid.status !== 201) throw new Error(`PSP refused ${n}: ${JSON.stringify(paid.body)}`);
      await stack.untilStatus(n, 'paid', 300_000);
    });
    const oursSeconds = (Date.now() - oursStarted) / 1000;

    const bundle = await bundleWorkflowCode({
      workflowsPath: join(projectRoot(), 'bench/workflows/baseline.workflow.ts'),
      logger: new DefaultLogger('WARN'),
    });
    const connection = await NativeConnection.connect({ address: stack.temporal.address });
    const taskQueue = `baseline-${randomUUID()}`;
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: bundle,
      activities: { noop: async (step: number) => step },
    });
    const baselineSeconds = await worker.runUntil(async () => {
      const started = Date.now();
      await inBatches(PAYMENTS, () =>
        stack.temporal.client.workflow.execute('baselinePaymentWorkflow', {
          taskQueue,
          workflowId: `baseline/${randomUUID()}`,
          args: [ACTIVITIES_PER_PAYMENT],
        }),
      );
      return (Date.now() - started) / 1000;
    });
    await connection.close();

    reportBench({
      ours: PAYMENTS / oursSeconds,
      baseline: PAYMENTS / baselineSeconds,
      unit: 'payments/s',
      detail: { payments: PAYMENTS, concurrency: CONCURRENCY, oursSeconds, baselineSeconds },
    });
  });
});
