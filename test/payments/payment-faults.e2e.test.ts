import { http } from '../support/http';
import { eventually } from '../support/platform';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';

/** pagoPA on a bad day: 30% of calls fail with 5xx or 429, with latency. Every payment still completes, once. */
describe('payments under injected faults', () => {
  const stack = new PaymentsStack();
  beforeAll(() => stack.start());
  afterAll(() => stack.stop());

  it('completes every payment with exactly one debt position and one applied receipt each', async () => {
    const faults = await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, {
      body: { rate5xx: 0.15, rate429: 0.15, latencyMs: 20 },
    });
    expect(faults.status).toBe(200);

    const notices = await Promise.all(Array.from({ length: 20 }, () => stack.issue()));
    await Promise.all(notices.map((n) => stack.untilStatus(n, 'published', 120_000)));
    for (const n of notices) {
      // The citizen's PSP is not pagoPA-towards-SUS: it is not subject to the injected faults.
      expect((await stack.payAtPsp(n)).status).toBe(201);
    }
    const paid = await Promise.all(notices.map((n) => stack.untilStatus(n, 'paid', 120_000)));
    expect(paid.every((p) => p.history.filter((h) => h.status === 'paid').length === 1)).toBe(true);

    // A payment may reach paid through its own poll of pagoPA before the push of its receipt has been
    // answered (the push waits behind the faults' retries): wait until every push got its answer.
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
    for (const n of notices) {
      expect(tally.debtPositionsCreated[`${TRIESTE.fiscalCode}/SUS-${n.slice(1)}`]).toBe(1);
      expect(tally.receiptsDelivered[`${TRIESTE.fiscalCode}/${n.slice(1)}`]).toBe(1);
    }
    const { faults: injected } = (await http('GET', `${stack.sandbox.url}/__sandbox/counters`)).body;
    expect(injected.injected5xx + injected.injected429).toBeGreaterThan(0);
  }, 300_000);
});
