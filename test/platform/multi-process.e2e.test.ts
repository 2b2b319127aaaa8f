import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '@sus/platform';
import { freePort } from '../support/free-port';
import { gql, dataOf } from '../support/graphql';
import { http } from '../support/http';
import { eventually } from '../support/platform';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';
import { assertWorkerBuilt, startWorkerProcess } from '../support/worker-process';

const PAYMENTS = 24;
/** Production secrets of this test: long, random-looking, none of the repository's development values. */
const NOTICE_LINK_SECRET = 'multi-process-notice-link-secret-0123456789';
const AUDIT_PSEUDONYM_KEY = 'test-audit-pseudonym-key-0123456789abcdef';

/**
 * Issue 17, item 2, in its short form: two built api processes and two built worker processes in
 * production mode on one Postgres and one Temporal server, payments issued through both apis; one
 * api and one worker are killed with SIGKILL while debt positions are being published. The survivors
 * carry every payment to paid exactly once, and the surviving api stays ready. (In production
 * /health/ready shows no per-worker detail, so the loss itself is not visible there: see the README.)
 */
describe('two apis and two workers, one of each killed', () => {
  const stack = new PaymentsStack();
  const processes: ChildProcess[] = [];
  const apis: { url: string; process: ChildProcess }[] = [];
  let workers: ChildProcess[] = [];

  async function startApiProcess(databaseUrl: string): Promise<{ url: string; process: ChildProcess }> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(projectRoot(), 'dist/apps/api/src/main.js')], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        ...stack.env.extra,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: stack.env.temporalAddress,
        TEMPORAL_TASK_QUEUE: stack.env.taskQueue,
        API_HOST: '127.0.0.1',
        API_PORT: String(port),
        API_PUBLIC_URL: 'https://sus.example.it',
        NOTICE_LINK_SECRET,
        AUDIT_PSEUDONYM_KEY,
        RATE_LIMIT_PER_IP: '1000000',
        RATE_LIMIT_PER_CALLER: '1000000',
      },
      stdio: 'ignore',
    });
    processes.push(child);
    const url = `http://127.0.0.1:${port}`;
    await eventually(
      async () => ((await fetch(`${url}/health/live`)).ok ? true : undefined),
      `the api on ${port} to start`,
      120_000,
    );
    return { url, process: child };
  }

  const kill = async (child: ChildProcess) => {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null)
      await new Promise((resolve) => child.once('exit', resolve));
  };

  beforeAll(async () => {
    assertWorkerBuilt();
    await stack.start({ withWorker: false });
    const databaseUrl = await stack.db.productionUrl();
    for (let i = 0; i < 2; i++) {
      const worker = startWorkerProcess(stack.env, { production: true, databaseUrl });
      processes.push(worker);
      workers.push(worker);
    }
    apis.push(await startApiProcess(databaseUrl), await startApiProcess(databaseUrl));
    // pagoPA pushes receipts to the second api (in compose: to the proxy, which skips a dead instance).
    await stack.onboard(`${apis[1]!.url}/pagopa/receipts`);
  }, 240_000);
  afterAll(async () => {
    for (const child of processes)
      if (child.exitCode === null && child.signalCode === null) await kill(child);
    await stack.stop();
  });

  const readiness = async (url: string) =>
    (await http('GET', `${url}/health/ready`)).body as {
      status: string;
      checks: { worker: { status: string; detail?: string } };
    };

  it('completes every payment once after losing an api and a worker mid-load', async () => {
    // In production /health/ready says up or down per check, without details (who polls is not public).
    for (const api of apis)
      await eventually(
        async () => ((await readiness(api.url)).status === 'ready' ? true : undefined),
        'both apis to be ready',
        120_000,
      );

    await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, { body: { latencyMs: 300 } });
    // Spread over both apis, as the proxy does.
    const notices = await Promise.all(
      Array.from({ length: PAYMENTS }, async (_, i) => {
        const answer = await gql<{ issuePayment: string }>(
          apis[i % 2]!,
          'mutation Issue($input: IssuePaymentInput!) { issuePayment(input: $input) }',
          { input: stack.issueInput() },
          { as: stack.headers },
        );
        return dataOf(answer).issuePayment;
      }),
    );
    expect(new Set(notices).size).toBe(PAYMENTS);

    // Kill one api and one worker while some positions exist at pagoPA and calls are in flight.
    await eventually(
      async () => {
        const all = (await http('GET', `${stack.sandbox.url}/__sandbox/counters`)).body;
        const created = Object.keys(all.pagopa.debtPositionsCreated).length;
        return created >= 4 && all.faults.inFlight > 0 ? true : undefined;
      },
      'some debt positions created with more calls in flight',
      120_000,
    );
    await Promise.all([kill(apis[0]!.process), kill(workers[0]!)]);
    workers = workers.slice(1);
    expect((await stack.counters()).debtPositionsCreated).not.toEqual({});
    await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, { body: { latencyMs: 0 } });

    // The surviving api stays ready with one worker left.
    const survivor = apis[1]!;
    expect((await readiness(survivor.url)).status).toBe('ready');

    const status = async (n: string) => {
      const answer = await gql<{ payment: { status: string } | null }>(
        survivor,
        'query P($n: String!) { payment(noticeNumber: $n) { status } }',
        { n },
        { as: stack.headers },
      );
      return dataOf(answer).payment?.status;
    };
    const until = (n: string, wanted: string) =>
      eventually(async () => ((await status(n)) === wanted ? true : undefined), `${n} ${wanted}`, 180_000);
    await Promise.all(notices.map((n) => until(n, 'published')));
    for (const n of notices) expect((await stack.payAtPsp(n)).status).toBe(201);
    await Promise.all(notices.map((n) => until(n, 'paid')));

    const tally = await eventually(
      async () => {
        const counters = await stack.counters();
        return notices.every((n) => counters.receiptsDelivered[`${TRIESTE.fiscalCode}/${n.slice(1)}`])
          ? counters
          : undefined;
      },
      'every receipt push to be answered',
      120_000,
    );
    const notOnce = notices
      .map((n) => ({
        n,
        positions: tally.debtPositionsCreated[`${TRIESTE.fiscalCode}/SUS-${n.slice(1)}`],
        deliveries: tally.receiptsDelivered[`${TRIESTE.fiscalCode}/${n.slice(1)}`],
      }))
      .filter(({ positions, deliveries }) => positions !== 1 || deliveries !== 1);
    expect(notOnce).toEqual([]);
    const paid = await stack.sql.query("SELECT count(*)::int AS n FROM payment_event WHERE status = 'paid'");
    expect(paid).toEqual([{ n: PAYMENTS }]);
  }, 600_000);
});
