import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { projectRoot } from '@sus/platform';
import { catalogDataSourceOptions, CieReminderRepository, NotificationRepository } from '@sus/catalog';
import {
  cieReminderKey,
  cieReminderRunWorkflowType,
  type CieReminderRunResult,
  type CieReminderRunWorkflow,
  type MessageInput,
} from '@sus/contracts';
import { addDays, civilDateInRome } from '@sus/domain';
import type { Activities } from '../../apps/worker/src/activities';
import { createReminderActivities } from '../../apps/worker/src/activities/reminder.activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { inventedFiscalCode } from '../support/people';
import { createTimeSkippingTemporal, workflowBundle } from '../support/temporal';
import { workflowTracingSinks } from '../../apps/worker/src/observability/tracing';

const ENTE = 'c_l424';
const CARDS = 40;

/**
 * A year of daily runs on the time-skipping server (issue 18 item 4), with the real reminder
 * activities on a real Postgres; the batch that sends a page to IO accepts every reminder at once
 * here (it is tested against the sandbox in cie-reminder-batches.e2e). The Java test server implements no
 * Schedules, and neither a stand-in workflow with one-day timers nor the test's own sleeps gave a
 * usable clock there (docs/decisions.md), so each run is given its day, as an operator re-running a
 * day does; the Schedule's own spec, pause and trigger are tested on the dev server.
 */
describe('identity-card reminders across a simulated year', () => {
  let db: TestDatabase;
  let sql: DataSource;
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    [db, env] = await Promise.all([createTestDatabase(), createTimeSkippingTemporal()]);
    sql = await new DataSource(catalogDataSourceOptions(db.url, 4)).initialize();
  }, 120_000);
  afterAll(async () => {
    await sql?.destroy();
    await env?.teardown();
    await db?.drop();
  });

  it('sends the 90- and the 30-day reminder exactly once per card, each on its day', async () => {
    const reminders = new CieReminderRepository(sql);
    const sent: MessageInput[] = [];
    const activities: Pick<
      Activities,
      'planReminderPage' | 'markRemindersStarted' | 'sendMessageBatch' | 'followIoStatuses'
    > = {
      ...createReminderActivities({
        reminders,
        notifications: new NotificationRepository(sql),
        portalUrl: 'https://portale.example.it',
      }),
      // Every reminder of a page accepted by IO at once; nothing left to follow.
      async sendMessageBatch(messages) {
        sent.push(...messages);
        return { accepted: messages.length, finished: 0, handOver: [] };
      },
      async followIoStatuses() {
        return { processed: 0, handOver: [], pending: 0 };
      },
    };
    const start = civilDateInRome(new Date(await env.currentTimeMs()));
    // Cards from 5 to 356 days from expiry on the first day: some only ever reach the 30-day threshold,
    // some start between the two (the 90-day reminder is caught up on the first run), most reach both.
    const cards = Array.from({ length: CARDS }, (_, index) => ({
      line: index + 2,
      fiscalCode: inventedFiscalCode(index),
      documentNumber: `CA${String(10000 + index)}YR`,
      expiryDate: addDays(start, 5 + index * 9),
      email: null,
    }));
    await reminders.upsertDocuments(ENTE, cards);
    await reminders.saveSettings({
      enteCode: ENTE,
      thresholds: [90, 30],
      serviceCode: null,
      bookingUrl: null,
      updatedBy: 'test',
    });

    const taskQueue = `cie-year-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      sinks: workflowTracingSinks(undefined),
      activities,
    });
    const runIdPrefix = `cie-reminders/${ENTE}-${randomUUID()}`;
    const results = await worker.runUntil(async () => {
      const runs: CieReminderRunResult[] = [];
      for (let day = 0; day < 365; day += 1) {
        const handle = await env.client.workflow.start<CieReminderRunWorkflow>(cieReminderRunWorkflowType, {
          workflowId: `${runIdPrefix}-${day}`,
          taskQueue,
          args: [{ enteCode: ENTE, day: addDays(start, day) }],
        });
        runs.push(await handle.result());
        // RECORD_HISTORIES=1 rewrites the committed history of a run that sends, replayed by every later run.
        if (day === 0 && process.env.RECORD_HISTORIES === '1') {
          writeFileSync(
            join(projectRoot(), 'test/histories/cie-reminder-run.json'),
            `${historyToJSON(await handle.fetchHistory())}\n`,
          );
        }
      }
      return runs;
    });
    const days = results.map((result) => result.today);
    const started = results.map((result) => result.started);

    const expected = cards.flatMap((card) => {
      const daysLeft = 5 + (card.line - 2) * 9;
      const on = (threshold: number) =>
        daysLeft <= threshold ? start : addDays(card.expiryDate, -threshold);
      return [
        ...(daysLeft > 30
          ? [{ key: cieReminderKey(card.documentNumber, card.expiryDate, 90), day: on(90) }]
          : []),
        { key: cieReminderKey(card.documentNumber, card.expiryDate, 30), day: on(30) },
      ];
    });
    // One run a civil day in Rome, every day of the year.
    expect(new Set(days).size).toBe(365);
    expect(started.reduce((sum, n) => sum + n, 0)).toBe(expected.length);
    expect(sent.map((message) => message.idempotencyKey).sort()).toEqual(expected.map((e) => e.key).sort());
    const recorded = (await sql.query(
      `SELECT idempotency_key AS key, run_date::text AS day FROM cie_reminder WHERE ente_code = $1 AND started_at IS NOT NULL`,
      [ENTE],
    )) as { key: string; day: string }[];
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(recorded.sort(byKey)).toEqual([...expected].sort(byKey));
    // Each reminder reached its own citizen, with the booking link.
    for (const message of sent) {
      const card = cards.find((c) => message.idempotencyKey.includes(c.documentNumber))!;
      expect(message.fiscalCode).toBe(card.fiscalCode);
      expect('markdown' in message.content && message.content.markdown).toContain(
        '(https://portale.example.it/prenotazioni/c_l424)',
      );
      // And in English, for a citizen whose App IO profile prefers it.
      expect(message.translations?.en?.markdown).toContain('[book the renewal](https://portale.example.it/');
    }
  }, 900_000);
});
