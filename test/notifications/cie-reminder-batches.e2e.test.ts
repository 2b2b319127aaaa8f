import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CieReminderRepository } from '@sus/catalog';
import {
  cieReminderRunWorkflowType,
  messageWorkflowId,
  type CieReminderRunResult,
  type CieReminderRunWorkflow,
} from '@sus/contracts';
import { addDays, civilDateInRome } from '@sus/domain';
import { http } from '../support/http';
import { eventually } from '../support/platform';
import { NotificationsStack, TRIESTE_IO } from '../support/notifications-stack';
import { inventedFiscalCode } from '../support/people';
import { assertWorkerBuilt, startWorkerProcess } from '../support/worker-process';

const ENTE = TRIESTE_IO.enteCode;

interface Card {
  line: number;
  fiscalCode: string;
  documentNumber: string;
  expiryDate: string;
  email: string | null;
}

/** `count` cards expiring in 30 days, each holder a citizen of their own from `first` on, all on IO. */
async function cardsOnIo(stack: NotificationsStack, first: number, count: number): Promise<Card[]> {
  const today = civilDateInRome(new Date());
  const tag = randomUUID().replace(/\D/g, '').padEnd(4, '3').slice(0, 4);
  const cards = Array.from({ length: count }, (_, n) => ({
    line: n + 2,
    fiscalCode: inventedFiscalCode(first + n),
    documentNumber: `CB${tag}${String(n).padStart(4, '0')}`,
    expiryDate: addDays(today, 30),
    email: null,
  }));
  for (let start = 0; start < cards.length; start += 50) {
    await Promise.all(
      cards
        .slice(start, start + 50)
        .map((card) => onIo(stack, card.fiscalCode, { senderAllowedByDefault: true })),
    );
  }
  return cards;
}

async function onIo(stack: NotificationsStack, fiscalCode: string, profile: Record<string, unknown>) {
  const put = await http('PUT', `${stack.sandbox.url}/__sandbox/io/profiles/${fiscalCode}`, {
    body: profile,
  });
  if (put.status !== 200) throw new Error(`sandbox profile ${fiscalCode}: ${put.status}`);
}

async function configure(stack: NotificationsStack, bookingResourceCode: string | null = null) {
  await new CieReminderRepository(stack.sql).saveSettings({
    enteCode: ENTE,
    thresholds: [90, 30],
    serviceCode: 'CIE',
    bookingUrl: null,
    bookingResourceCode,
    updatedBy: 'test',
  });
}

function run(stack: NotificationsStack, day?: string): Promise<CieReminderRunResult> {
  return stack.temporal.client.workflow.execute<CieReminderRunWorkflow>(cieReminderRunWorkflowType, {
    workflowId: `cie-reminders/${ENTE}-test-${randomUUID()}`,
    taskQueue: stack.env.taskQueue,
    args: [{ enteCode: ENTE, ...(day ? { day } : {}) }],
  });
}

async function recordsOf(stack: NotificationsStack, cards: readonly Card[]) {
  return (await stack.sql.query(
    `SELECT m.fiscal_code, m.status, m.channel, m.locale, m.subject, m.markdown, m.idempotency_key
       FROM message m JOIN cie_reminder r ON r.ente_code = m.ente_code AND r.idempotency_key = m.idempotency_key
      WHERE m.ente_code = $1 AND r.document_number = ANY($2)`,
    [ENTE, cards.map((card) => card.documentNumber)],
  )) as {
    fiscal_code: string;
    status: string;
    channel: string;
    locale: string;
    subject: string;
    markdown: string;
    idempotency_key: string;
  }[];
}

async function hasOwnWorkflow(stack: NotificationsStack, idempotencyKey: string): Promise<boolean> {
  try {
    await stack.temporal.client.workflow.getHandle(messageWorkflowId(ENTE, idempotencyKey)).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

async function inbox(stack: NotificationsStack, fiscalCode: string) {
  return (await http('GET', `${stack.sandbox.url}/__sandbox/io/messages?fiscalCode=${fiscalCode}`)).body as {
    content: { subject: string; markdown: string };
  }[];
}

/**
 * The daily reminder run sending in batches (issue 18 item 4 and its benchmark): a page's reminders
 * go to IO from one activity under the key's shared limit, their statuses are swept, and only the
 * reminders that need more (the e-mail fallback) get a workflow of their own. Sandbox over HTTP,
 * Temporal dev server, real worker.
 */
describe('identity-card reminders in batches', () => {
  const stack = new NotificationsStack();
  beforeAll(() => stack.start({ ioRatePerSecond: 100 }), 180_000);
  afterAll(() => stack.stop());

  it('sends a run of more than a page once each, in the citizen’s language, with the fallback where IO cannot deliver', async () => {
    const cards = await cardsOnIo(stack, 1_000, 520);
    // Four holders IO cannot serve as usual, and one who reads English.
    const [notOnIo, blocked, rejected, english] = cards.slice(0, 4) as [Card, Card, Card, Card];
    await http('DELETE', `${stack.sandbox.url}/__sandbox/io/profiles/${notOnIo.fiscalCode}`);
    notOnIo.email = 'non.su.io@example.it';
    await onIo(stack, blocked.fiscalCode, { senderAllowed: { [TRIESTE_IO.cieServiceId]: false } });
    rejected.email = 'respinto@example.it';
    await onIo(stack, english.fiscalCode, { preferredLanguages: ['de_DE', 'en_GB', 'it_IT'] });
    await http('PUT', `${stack.sandbox.url}/__sandbox/io/delivery`, {
      body: {
        processingDelayMs: 200,
        rules: [{ fiscalCode: rejected.fiscalCode, status: 'REJECTED' }],
        failedRate: 0,
        throttledRate: 0,
      },
    });
    await new CieReminderRepository(stack.sql).upsertDocuments(ENTE, cards);
    await configure(stack, 'UFFICIO-CIE');

    const result = await run(stack);
    expect(result).toMatchObject({ started: cards.length, paused: false });

    // The run ends once IO's statuses are swept; the fallbacks finish in their own workflows.
    const records = await eventually(
      async () => {
        const rows = await recordsOf(stack, cards);
        return rows.length === cards.length &&
          rows.every((row) => row.status !== 'accepted' && row.status !== 'pending')
          ? rows
          : undefined;
      },
      'every reminder to reach its final status',
      60_000,
    );
    const byCitizen = new Map(records.map((row) => [row.fiscal_code, row]));
    expect(byCitizen.get(notOnIo.fiscalCode)).toMatchObject({ channel: 'email', status: 'fallbackSent' });
    expect(byCitizen.get(blocked.fiscalCode)).toMatchObject({ channel: 'none', status: 'undeliverable' });
    expect(byCitizen.get(rejected.fiscalCode)).toMatchObject({ channel: 'email', status: 'fallbackSent' });
    expect(records.filter((row) => row.status === 'processed')).toHaveLength(cards.length - 3);
    expect(await stack.mails(notOnIo.email)).toHaveLength(1);
    expect(await stack.mails(rejected.email)).toHaveLength(1);

    // The citizen preferring English got it in English; the others in Italian, with the link to
    // the identity-card office's slots.
    const [englishMessage] = await inbox(stack, english.fiscalCode);
    expect(englishMessage?.content.subject).toMatch(/^Your identity card expires on /);
    expect(byCitizen.get(english.fiscalCode)).toMatchObject({ locale: 'en' });
    const [italian] = await inbox(stack, cards[10]!.fiscalCode);
    expect(italian?.content.subject).toMatch(/^La tua carta di identità scade il /);
    expect(italian?.content.markdown).toContain(
      '(https://portale.example.it/prenotazioni/c_l424/servizio/CIE?risorsa=UFFICIO-CIE)',
    );

    // Once each at IO, and a workflow of its own only for a reminder that needed the fallback.
    const counters = await stack.ioCounters();
    expect(counters.totals.duplicates).toBe(0);
    expect(
      cards.map((card) => card.fiscalCode).filter((code) => (byCitizen.get(code)?.channel ?? '') === 'io')
        .length,
    ).toBe(cards.length - 3);
    expect(await hasOwnWorkflow(stack, byCitizen.get(cards[10]!.fiscalCode)!.idempotency_key)).toBe(false);
    expect(await hasOwnWorkflow(stack, byCitizen.get(english.fiscalCode)!.idempotency_key)).toBe(false);
    expect(await hasOwnWorkflow(stack, byCitizen.get(notOnIo.fiscalCode)!.idempotency_key)).toBe(true);
    expect(await hasOwnWorkflow(stack, byCitizen.get(rejected.fiscalCode)!.idempotency_key)).toBe(true);

    // The same day again sends nothing: every reminder is recorded.
    const before = (await stack.ioCounters()).totals.messages;
    expect(await run(stack, result.today)).toMatchObject({ started: 0 });
    expect((await stack.ioCounters()).totals.messages).toBe(before);
  }, 300_000);
});

/** A worker killed with SIGKILL in the middle of a batch: after a restart no reminder reaches IO twice. */
describe('identity-card reminders across a worker crash mid-batch', () => {
  const stack = new NotificationsStack();
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    assertWorkerBuilt();
    await stack.start({ withWorker: false, ioRatePerSecond: 100 });
  }, 180_000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    await stack.stop();
  });

  it('finishes the run after a restart, and no citizen gets a reminder twice', async () => {
    const cards = await cardsOnIo(stack, 5_000, 200);
    await new CieReminderRepository(stack.sql).upsertDocuments(ENTE, cards);
    await configure(stack);
    // Slow answers keep calls in flight long enough to kill the worker in the middle of them.
    await http('PUT', `${stack.sandbox.url}/__sandbox/faults`, {
      body: { latencyMs: 300, pathPrefixes: ['/api/v1'] },
    });
    worker = startWorkerProcess(stack.env);
    const handle = await stack.temporal.client.workflow.start<CieReminderRunWorkflow>(
      cieReminderRunWorkflowType,
      {
        workflowId: `cie-reminders/${ENTE}-crash-${randomUUID()}`,
        taskQueue: stack.env.taskQueue,
        args: [{ enteCode: ENTE }],
      },
    );
    const inFlightAtKill = await eventually(
      async () => {
        const all = (await http('GET', `${stack.sandbox.url}/__sandbox/counters`)).body;
        return all.io.totals.messages >= 20 && all.faults.inFlight > 0
          ? (all.faults.inFlight as number)
          : undefined;
      },
      'the worker to send some reminders with more calls in flight',
      120_000,
    );
    worker.kill('SIGKILL');
    expect(inFlightAtKill).toBeGreaterThan(0);
    await new Promise((resolve) => worker!.once('exit', resolve));
    // A statement the worker sent just before it died may still commit: let Postgres finish it.
    await sleep(1_000);
    // The submissions the crash cut: marked in flight before their request left, answer never recorded.
    const cut = (
      (await stack.sql.query(
        `SELECT fiscal_code FROM message WHERE ente_code = $1 AND submit_state = 'inFlight' AND fiscal_code = ANY($2)`,
        [ENTE, cards.map((card) => card.fiscalCode)],
      )) as { fiscal_code: string }[]
    ).map((row) => row.fiscal_code);

    worker = startWorkerProcess(stack.env);
    // The batch is retried once its heartbeat times out (a minute), and repeats nothing.
    await expect(handle.result()).resolves.toMatchObject({ started: cards.length });
    const records = await eventually(
      async () => {
        const rows = await recordsOf(stack, cards);
        return rows.length === cards.length &&
          rows.every((row) => row.status !== 'accepted' && row.status !== 'pending')
          ? rows
          : undefined;
      },
      'every reminder to reach its final status',
      120_000,
    );

    expect((await stack.ioCounters()).totals.duplicates).toBe(0);
    for (const card of cards) {
      const copies = (await inbox(stack, card.fiscalCode)).length;
      const record = records.find((row) => row.fiscal_code === card.fiscalCode)!;
      // At most once: a submission cut by the crash is `unconfirmed`, never sent again.
      if (record.status === 'processed') expect(copies).toBe(1);
      else {
        expect(record.status).toBe('unconfirmed');
        expect(copies).toBeLessThanOrEqual(1);
      }
    }
    // Exactly the submissions the crash cut are `unconfirmed` (how many depends on how many were
    // in flight: the key's rate times IO's answer time); every other reminder was processed.
    expect(
      records
        .filter((row) => row.status === 'unconfirmed')
        .map((row) => row.fiscal_code)
        .sort(),
    ).toEqual([...cut].sort());
    expect(records.filter((row) => row.status === 'processed')).toHaveLength(cards.length - cut.length);
  }, 420_000);
});
