import { assertWorkerBuilt, startWorkerProcess } from '../support/worker-process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { http } from '../support/http';
import { eventually } from '../support/platform';
import { NotificationsStack } from '../support/notifications-stack';

const CITIZEN = 'BNCGLI85C55L424K';

/** A worker killed with SIGKILL in the middle of a batch of messages: after a restart none reaches IO twice. */
describe('messages across a worker crash', () => {
  const stack = new NotificationsStack();
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    assertWorkerBuilt();
    await stack.start({ withWorker: false });
  }, 120_000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    await stack.stop();
  });

  it('completes every message, and no message reaches the citizen twice', async () => {
    // Slow answers keep the worker's calls to IO in flight long enough to kill it mid-call.
    await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, {
      body: { latencyMs: 300, pathPrefixes: ['/api/v1'] },
    });
    worker = startWorkerProcess(stack.env);
    const batch = randomUUID().slice(0, 6);
    const inputs = Array.from({ length: 60 }, (_, i) => stack.input(CITIZEN, `${batch}-${i}`));
    const handles = await Promise.all(inputs.map((input) => stack.startMessage(input)));

    const inFlightAtKill = await eventually(
      async () => {
        const all = (await http('GET', `${stack.sandbox.url}/__sandbox/counters`)).body;
        return all.io.totals.messages >= 10 && all.faults.inFlight > 0
          ? (all.faults.inFlight as number)
          : undefined;
      },
      'the worker to send some messages with more calls in flight',
      120_000,
    ); // a worker starts slowly on a loaded machine
    worker.kill('SIGKILL');
    expect(inFlightAtKill).toBeGreaterThan(0);
    await new Promise((resolve) => worker!.once('exit', resolve));

    worker = startWorkerProcess(stack.env);
    const outcomes = await Promise.all(handles.map((handle) => handle.result()));
    const inbox = (await http('GET', `${stack.sandbox.url}/__sandbox/io/messages?fiscalCode=${CITIZEN}`))
      .body as { content: { subject: string } }[];
    const copies = inputs.map((input) => {
      const subject = 'subject' in input.content ? input.content.subject : '';
      return inbox.filter((message) => message.content.subject === subject).length;
    });
    expect(copies.filter((n) => n > 1)).toEqual([]);
    expect((await stack.ioCounters()).totals.duplicates).toBe(0);
    // Processed means it is in the inbox. A call cut by the crash stays unconfirmed and is never
    // resent: at most once is the price of an API without idempotency keys (the sandbox drops a
    // request whose caller vanished during its latency, so these are usually not delivered).
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'processed') expect(copies[i]).toBe(1);
      else expect(outcome.status).toBe('unconfirmed');
    });
    expect(outcomes.filter((outcome) => outcome.status === 'processed').length).toBeGreaterThan(40);
  }, 300_000);
});
