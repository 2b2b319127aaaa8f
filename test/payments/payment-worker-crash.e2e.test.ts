import { assertWorkerBuilt, startWorkerProcess } from '../support/worker-process';
import type { ChildProcess } from 'node:child_process';
import { http } from '../support/http';
import { eventually } from '../support/platform';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';

/** A worker killed with SIGKILL in the middle of 200 payments: after a restart all complete, none twice. */
describe('payments across a worker crash', () => {
  const stack = new PaymentsStack();
  let worker: ChildProcess | undefined;

  let workerDatabaseUrl = '';

  beforeAll(async () => {
    assertWorkerBuilt();
    await stack.start({ withWorker: false });
    // A production worker refuses the repository's development database password.
    workerDatabaseUrl = await stack.db.productionUrl();
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    await stack.stop();
  });

  it('completes all 200 payments once each', async () => {
    // Slow answers keep the worker's calls to pagoPA in flight long enough to kill it mid-call.
    await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, { body: { latencyMs: 300 } });
    worker = startWorkerProcess(stack.env, { production: true, databaseUrl: workerDatabaseUrl });
    const notices = await Promise.all(Array.from({ length: 200 }, () => stack.issue()));

    // Kill it once some, but not all, debt positions exist, while calls are provably in flight.
    const inFlightAtKill = await eventually(async () => {
      const all = (await http('GET', `${stack.sandbox.url}/__sandbox/counters`)).body;
      const created = Object.keys(all.pagopa.debtPositionsCreated).length;
      return created >= 20 && all.faults.inFlight > 0 ? (all.faults.inFlight as number) : undefined;
    }, 'the worker to create some debt positions with more calls in flight');
    worker.kill('SIGKILL');
    expect(inFlightAtKill).toBeGreaterThan(0);
    await new Promise((resolve) => worker!.once('exit', resolve));
    const createdAtCrash = Object.keys((await stack.counters()).debtPositionsCreated).length;
    expect(createdAtCrash).toBeLessThan(200);
    // The slow answers were there to catch calls in flight at the kill; from here on they only
    // stretch the recovery the test waits for.
    await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, { body: { latencyMs: 0 } });

    worker = startWorkerProcess(stack.env, { production: true, databaseUrl: workerDatabaseUrl });
    await Promise.all(notices.map((n) => stack.untilStatus(n, 'published', 180_000)));
    // Several tills at once, as many citizens pay at the same time.
    const tills = 8;
    const answers: number[] = [];
    for (let first = 0; first < notices.length; first += tills)
      for (const answer of await Promise.all(
        notices.slice(first, first + tills).map((n) => stack.payAtPsp(n)),
      ))
        answers.push(answer.status);
    expect(answers).toEqual(notices.map(() => 201));
    await Promise.all(notices.map((n) => stack.untilStatus(n, 'paid', 180_000)));

    // A push answered only once the workflow has applied it may time out while the restarted
    // worker catches up; pagoPA then delivers it again. Wait until every push got its answer.
    const tally = await eventually(
      async () => {
        const counters = await stack.counters();
        const delivered = notices.every(
          (n) => counters.receiptsDelivered[`${TRIESTE.fiscalCode}/${n.slice(1)}`],
        );
        return delivered ? counters : undefined;
      },
      'every receipt push to be answered',
      180_000,
    );
    const duplicates = notices
      .map((n) => ({
        n,
        positions: tally.debtPositionsCreated[`${TRIESTE.fiscalCode}/SUS-${n.slice(1)}`],
        deliveries: tally.receiptsDelivered[`${TRIESTE.fiscalCode}/${n.slice(1)}`],
      }))
      .filter(({ positions, deliveries }) => positions !== 1 || deliveries !== 1);
    expect(duplicates).toEqual([]);
    const events = await stack.sql.query(
      "SELECT count(*)::int AS n FROM payment_event WHERE status = 'paid'",
    );
    expect(events).toEqual([{ n: 200 }]);
  }, 600_000);
});
