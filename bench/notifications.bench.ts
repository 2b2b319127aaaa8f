import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { CieReminderRepository } from '@sus/catalog';
import {
  cieReminderRunWorkflowType,
  type CieReminderRunResult,
  type CieReminderRunWorkflow,
} from '@sus/contracts';
import { addDays, civilDateInRome } from '@sus/domain';
import { http } from '../test/support/http';
import { NotificationsStack, TRIESTE_IO } from '../test/support/notifications-stack';
import { inventedFiscalCode } from '../test/support/people';
import { reportBench } from './bench-result';

/**
 * notifications: REMINDERS identity-card reminders through the workflow path (the ente's daily
 * run: pages of reminders sent in batches, each a profile check and a submission under the shared
 * Postgres token bucket, then IO's statuses swept) against the sandbox's App IO limiting the key to
 * RATE requests per second. Each reminder needs three calls under that one limit (profile,
 * submission, one status read), so the ideal is REMINDERS × 3 / RATE seconds until every reminder
 * is final in SUS's delivery record: the baseline. The issue's 100 s (one call per reminder) and
 * the time until every reminder was in IO's hands (ideal REMINDERS × 2 / RATE) are printed beside it.
 */
const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 10_000);
const RATE = 100;
const CALLS_PER_REMINDER = 3;
const CALLS_TO_HAND_OVER = 2;

describe('notifications benchmark', () => {
  const stack = new NotificationsStack();
  beforeAll(() => stack.start({ ioRatePerSecond: RATE }), 300_000);
  afterAll(() => stack.stop());

  it(
    'sends the reminders at the key limit, each exactly once',
    async () => {
      const reminders = new CieReminderRepository(stack.sql);
      const today = civilDateInRome(new Date());
      const cards = Array.from({ length: REMINDERS }, (_, n) => ({
        line: n + 2,
        fiscalCode: inventedFiscalCode(n),
        documentNumber: `CB${String(n).padStart(6, '0')}BN`,
        expiryDate: addDays(today, 30),
        email: null,
      }));
      for (let start = 0; start < cards.length; start += 1000) {
        await reminders.upsertDocuments(TRIESTE_IO.enteCode, cards.slice(start, start + 1000));
      }
      // Every card holder is on the sandbox's IO (only the seeded citizens are, by default).
      for (let start = 0; start < cards.length; start += 50) {
        await Promise.all(
          cards.slice(start, start + 50).map(async (card) => {
            const put = await http('PUT', `${stack.sandbox.url}/__sandbox/io/profiles/${card.fiscalCode}`, {
              body: { senderAllowedByDefault: true },
            });
            if (put.status !== 200) throw new Error(`sandbox profile ${card.fiscalCode}: ${put.status}`);
          }),
        );
      }
      await reminders.saveSettings({
        enteCode: TRIESTE_IO.enteCode,
        thresholds: [90, 30],
        serviceCode: 'CIE',
        bookingUrl: null,
        updatedBy: 'bench',
      });
      await sleep(2000); // the sandbox's and our buckets are full again after the set-up

      const started = Date.now();
      const run = stack.temporal.client.workflow.execute<CieReminderRunWorkflow>(cieReminderRunWorkflowType, {
        workflowId: `cie-reminders/${TRIESTE_IO.enteCode}-bench-${randomUUID()}`,
        taskQueue: stack.env.taskQueue,
        args: [{ enteCode: TRIESTE_IO.enteCode }],
      });
      let handedOverSeconds: number | undefined;
      let lastReport = Date.now();
      for (;;) {
        const [row] = (await stack.sql.query(
          `SELECT count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS done,
                  count(*) FILTER (WHERE status = 'processed')::int AS processed,
                  count(*) FILTER (WHERE submit_state = 'done')::int AS submitted
             FROM message WHERE ente_code = $1 AND idempotency_key LIKE 'cie-reminder/%'`,
          [TRIESTE_IO.enteCode],
        )) as { done: number; processed: number; submitted: number }[];
        if (handedOverSeconds === undefined && row!.submitted >= REMINDERS)
          handedOverSeconds = (Date.now() - started) / 1000;
        if (row!.done >= REMINDERS) {
          if (row!.processed !== REMINDERS)
            throw new Error(`only ${row!.processed} of ${REMINDERS} processed`);
          break;
        }
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          process.stderr.write(
            `notifications: ${row!.submitted} submitted, ${row!.done} of ${REMINDERS} final after ${Math.round((lastReport - started) / 1000)} s\n`,
          );
        }
        await sleep(250);
      }
      const oursSeconds = (Date.now() - started) / 1000;
      const result = (await run) as CieReminderRunResult;
      const counters = await stack.ioCounters();
      const cieMessages = Object.entries(counters.messages)
        .filter(([key]) => key.startsWith(`${TRIESTE_IO.cieServiceId}/`))
        .reduce((sum, [, count]) => sum + count, 0);
      if (counters.totals.duplicates !== 0 || cieMessages !== REMINDERS) {
        throw new Error(
          `sandbox counted ${cieMessages} messages and ${counters.totals.duplicates} duplicates`,
        );
      }
      const [workflows] = (await stack.sql.query(
        `SELECT count(*)::int AS n FROM cie_reminder WHERE ente_code = $1 AND started_at IS NOT NULL`,
        [TRIESTE_IO.enteCode],
      )) as { n: number }[];

      const idealSeconds = (REMINDERS * CALLS_PER_REMINDER) / RATE;
      const idealHandOverSeconds = (REMINDERS * CALLS_TO_HAND_OVER) / RATE;
      reportBench({
        ours: oursSeconds,
        baseline: idealSeconds,
        unit: 's',
        detail: {
          reminders: REMINDERS,
          rateLimitPerSecond: RATE,
          oursSeconds,
          idealSeconds,
          handedOverSeconds,
          idealHandOverSeconds,
          issueIdealOneCallSeconds: REMINDERS / RATE,
          runStarted: result.started,
          recordedAndStarted: workflows?.n,
          duplicates: counters.totals.duplicates,
        },
      });
      console.log(
        `notifications detail: ${REMINDERS} reminders final in ${oursSeconds.toFixed(1)} s (ideal ${idealSeconds} s: ${CALLS_PER_REMINDER} calls each at ${RATE}/s), ` +
          `all in IO's hands after ${handedOverSeconds?.toFixed(1)} s (ideal ${idealHandOverSeconds} s, ratio ${((handedOverSeconds ?? 0) / idealHandOverSeconds).toFixed(2)}), ` +
          `${(oursSeconds / (REMINDERS / RATE)).toFixed(2)}x the issue's ${REMINDERS / RATE} s for one call each; ${counters.totals.duplicates} duplicates`,
      );
    },
    45 * 60_000,
  );
});
