import { randomUUID } from 'node:crypto';
import { http } from '../support/http';
import { NotificationsStack, TRIESTE_IO } from '../support/notifications-stack';

/** Citizens the sandbox's App IO knows (apps/sandbox/src/io/profiles/test-citizens.ts). */
const NOT_ON_IO = 'FRRNNA90E50F081R';
const BLOCKING = 'VRDLCU72S30F081P';
const ON_IO = 'BNCGLI85C55L424K';

describe('App IO messages through the message workflow', () => {
  const stack = new NotificationsStack();
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop());

  const tag = () => randomUUID().slice(0, 8);

  it('delivers to a citizen on IO and records the delivery as processed', async () => {
    const outcome = await stack.send(stack.input(ON_IO, tag()));
    expect(outcome).toMatchObject({ channel: 'io', status: 'processed' });
    expect(await stack.record(outcome.messageId)).toMatchObject({
      channel: 'io',
      status: 'processed',
      io_status: 'PROCESSED',
      profile: 'allowed',
      attempts: 1,
    });
  });

  it('refuses content outside the limits before anything is sent, recording why', async () => {
    const before = await stack.ioCounters();
    const outcome = await stack.send(
      stack.input(ON_IO, tag(), { content: { subject: 'Breve', markdown: 'troppo corto' } }),
    );
    expect(outcome).toMatchObject({ channel: 'none', status: 'rejected' });
    expect(String((await stack.record(outcome.messageId)).failure)).toMatch(
      /^INVALID_MESSAGE_LENGTH: The message subject/,
    );
    expect((await stack.ioCounters()).totals.messages).toBe(before.totals.messages);
  });

  it('falls back to e-mail when the citizen is not on IO', async () => {
    const email = `${tag()}@example.it`;
    const outcome = await stack.send(stack.input(NOT_ON_IO, tag(), { email }));
    expect(outcome).toMatchObject({ channel: 'email', status: 'fallbackSent' });
    expect(await stack.record(outcome.messageId)).toMatchObject({ profile: 'notOnIo', io_message_id: null });
    expect(await stack.mails(email)).toHaveLength(1);
  });

  it('sends nothing to IO when the citizen blocked the service, and falls back to e-mail', async () => {
    const email = `${tag()}@example.it`;
    const before = (await stack.ioCounters()).messages[`${TRIESTE_IO.serviceId}/${BLOCKING}`] ?? 0;
    const outcome = await stack.send(stack.input(BLOCKING, tag(), { email }));
    expect(outcome).toMatchObject({ channel: 'email', status: 'fallbackSent' });
    expect(await stack.record(outcome.messageId)).toMatchObject({ profile: 'blocked', submit_state: 'idle' });
    expect((await stack.ioCounters()).messages[`${TRIESTE_IO.serviceId}/${BLOCKING}`] ?? 0).toBe(before);
    expect(await stack.mails(email)).toHaveLength(1);
  });

  it('records undeliverable when the citizen is not on IO and there is no address', async () => {
    const outcome = await stack.send(stack.input(NOT_ON_IO, tag()));
    expect(outcome).toMatchObject({ channel: 'none', status: 'undeliverable' });
  });

  it('sends once when the same idempotency key is used again, even after the workflow closed', async () => {
    const input = stack.input(ON_IO, tag());
    const first = await stack.send(input);
    const again = await stack.send({
      ...input,
      content: { ...input.content, subject: 'Un oggetto diverso' },
    });
    expect(again.messageId).toBe(first.messageId);
    const rows = (await stack.sql.query('SELECT count(*)::int AS n FROM message WHERE idempotency_key = $1', [
      input.idempotencyKey,
    ])) as { n: number }[];
    expect(rows[0]?.n).toBe(1);
    expect((await stack.ioCounters()).totals.duplicates).toBe(0);
  });

  // Backoffs honour Retry-After with jitter: on a busy 2-core machine (two test files at a time) the
  // faults' retries took over 2 minutes, hence the longer limit.
  it('delivers every message exactly once with 30% 429/5xx and answers dropped after commit', async () => {
    const faults = await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, {
      body: {
        rate5xx: 0.15,
        rate429: 0.15,
        dropResponseAfterCommitRate: 0.2,
        pathPrefixes: ['/api/v1'],
      },
    });
    expect(faults.status).toBe(200);
    try {
      const inputs = Array.from({ length: 30 }, () => stack.input(ON_IO, tag()));
      const outcomes = await Promise.all(inputs.map((input) => stack.send(input)));
      // Every message reached the citizen's inbox at IO, once: a dropped answer is never resent.
      const inbox = (await http('GET', `${stack.sandbox.url}/__sandbox/io/messages?fiscalCode=${ON_IO}`))
        .body as { content: { subject: string } }[];
      for (const input of inputs) {
        const subject = 'subject' in input.content ? input.content.subject : '';
        expect(inbox.filter((message) => message.content.subject === subject)).toHaveLength(1);
      }
      expect((await stack.ioCounters()).totals.duplicates).toBe(0);
      expect(outcomes.every((outcome) => ['processed', 'unconfirmed'].includes(outcome.status))).toBe(true);
      const { faults: injected } = (await http('GET', `${stack.sandbox.url}/__sandbox/counters`)).body;
      expect(injected.injected5xx + injected.injected429).toBeGreaterThan(0);
      expect(injected.droppedResponsesAfterCommit).toBeGreaterThan(0);
    } finally {
      await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, {
        body: { rate5xx: 0, rate429: 0, dropResponseAfterCommitRate: 0 },
      });
    }
  }, 300_000);
});
