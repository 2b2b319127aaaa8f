import type { ChildProcess } from 'node:child_process';
import { freePort } from '../support/free-port';
import { eventually } from '../support/platform';
import { PaymentsStack } from '../support/payments-stack';
import { assertWorkerBuilt, startWorkerProcess } from '../support/worker-process';

/** The value of one sample line of a Prometheus text answer, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!wanted.every((pair) => line.includes(pair))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

const scrape = async (url: string): Promise<string> => {
  const answer = await fetch(url);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toContain('text/plain');
  return answer.text();
};

/** Issue 17, item 4: /metrics on the api and on a built worker process, after real payments. */
describe('Prometheus metrics', () => {
  const stack = new PaymentsStack();
  let worker: ChildProcess | undefined;
  let workerMetrics = '';

  beforeAll(async () => {
    assertWorkerBuilt();
    await stack.start({ withWorker: false });
    const port = await freePort();
    workerMetrics = `http://127.0.0.1:${port}/metrics`;
    worker = startWorkerProcess({
      ...stack.env,
      extra: { ...stack.env.extra, WORKER_METRICS_PORT: String(port), WORKER_METRICS_HOST: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    await stack.stop();
  });

  it('counts requests, GraphQL operations, Temporal calls, notices, receipts and activities', async () => {
    const notices = await Promise.all([stack.issue(), stack.issue()]);
    await Promise.all(notices.map((n) => stack.untilStatus(n, 'published', 120_000)));
    expect((await stack.payAtPsp(notices[0]!)).status).toBe(201);
    await stack.untilStatus(notices[0]!, 'paid', 120_000);

    const api = await scrape(`${stack.api.url}/metrics`);
    expect(
      sample(api, 'http_request_duration_seconds_count', { route: '/graphql', status_code: '200' }),
    ).toBeGreaterThan(0);
    expect(sample(api, 'http_request_duration_seconds_count', { route: '/pagopa/receipts' })).toBeGreaterThan(
      0,
    );
    expect(
      sample(api, 'graphql_operation_duration_seconds_count', {
        type: 'mutation',
        field: 'issuePayment',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(api, 'temporal_client_request_duration_seconds_count', {
        name: 'paymentWorkflow',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(api, 'process_cpu_seconds_total', { app: 'api' })).toBeGreaterThan(0);

    const text = await eventually(async () => {
      const scraped = await scrape(workerMetrics);
      return (sample(scraped, 'sus_payment_receipts_applied_total', { kind: 'in-workflow' }) ?? 0) >= 1
        ? scraped
        : undefined;
    }, 'the worker to count the receipt');
    expect(sample(text, 'sus_payment_notices_issued_total', { app: 'worker' })).toBe(2);
    expect(
      sample(text, 'sus_activity_duration_seconds_count', { activity: 'publishDebtPosition', outcome: 'ok' }),
    ).toBe(2);
    // Temporal Core's own worker metrics, merged into the same answer.
    expect(text).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(text).toMatch(/^temporal_activity_execution_latency/m);
  }, 300_000);

  it('an unknown path on the worker metrics port answers 404', async () => {
    expect((await fetch(workerMetrics.replace('/metrics', '/other'))).status).toBe(404);
  });
});
