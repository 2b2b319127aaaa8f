import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { CieReminderRepository } from '@sus/catalog';
import {
  cieReminderRunWorkflowType,
  type CieReminderRunResult,
  type CieReminderRunWorkflow,
} from '@sus/contracts';
import { addDays, civilDateInRome } from '@sus/domain';
import { AppIoClient } from '../apps/worker/src/adapters/app-io/app-io.client';
import { http } from '../test/support/http';
import { NotificationsStack, TRIESTE_IO } from '../test/support/notifications-stack';
import { inventedFiscalCode } from '../test/support/people';
import { reportBench } from './bench-result';

/**
 * notifications: REMINDERS identity-card reminders through the workflow path (the ente's daily
 * run, one messageWorkflow per reminder: profile check, submission, status poll, all under the
 * shared Postgres token bucket) against the sandbox's App IO limiting the key to RATE requests per
 * second. Baseline, same run and same sandbox: a bare App IO client doing the same three calls per
 * message, paced exactly at the limit, with no Temporal and no Postgres. The ideal the limit
 * allows for one call per message (REMINDERS / RATE s) is printed beside it.
 */
const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 10_000);
const RATE = 100;
const CALLS_PER_MESSAGE = 3;
const MARKDOWN =
  'La tua carta di identità elettronica scade tra 30 giorni. Per rinnovarla prenota un appuntamento allo sportello anagrafe.';

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

      const started = Date.now();
      const run = await stack.temporal.client.workflow.execute<CieReminderRunWorkflow>(
        cieReminderRunWorkflowType,
        {
          workflowId: `cie-reminders/${TRIESTE_IO.enteCode}-bench-${randomUUID()}`,
          taskQueue: stack.env.taskQueue,
          args: [{ enteCode: TRIESTE_IO.enteCode }],
        },
      );
      let done: number;
      let lastReport = Date.now();
      for (;;) {
        const [row] = (await stack.sql.query(
          `SELECT count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS done,
                count(*) FILTER (WHERE status = 'processed')::int AS processed
           FROM message WHERE ente_code = $1 AND idempotency_key LIKE 'cie-reminder/%'`,
          [TRIESTE_IO.enteCode],
        )) as { done: number; processed: number }[];
        done = row!.done;
        if (done >= REMINDERS) {
          if (row!.processed !== REMINDERS)
            throw new Error(`only ${row!.processed} of ${REMINDERS} processed`);
          break;
        }
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          process.stderr.write(
            `notifications: ${done} of ${REMINDERS} delivered after ${Math.round((lastReport - started) / 1000)} s\n`,
          );
        }
        await sleep(1000);
      }
      const oursSeconds = (Date.now() - started) / 1000;
      const counters = await stack.ioCounters();
      const cieMessages = Object.entries(counters.messages)
        .filter(([key]) => key.startsWith(`${TRIESTE_IO.cieServiceId}/`))
        .reduce((sum, [, count]) => sum + count, 0);
      if (counters.totals.duplicates !== 0 || cieMessages !== REMINDERS) {
        throw new Error(
          `sandbox counted ${cieMessages} messages and ${counters.totals.duplicates} duplicates`,
        );
      }

      // The bare client: the same calls per message, each at its slot of the limit, nothing else.
      const io = new AppIoClient({
        baseUrl: `${stack.sandbox.url}/api/v1`,
        subscriptionKeys: { [TRIESTE_IO.cieServiceId]: TRIESTE_IO.cieKey },
      });
      await sleep(2000); // the sandbox's bucket refills after our run
      const baselineStarted = Date.now();
      let slot = 0;
      /** A bare client still honours IO's 429 (its bucket and our pacing drift apart by a few ms). */
      const retrying = async <T>(call: () => Promise<T>): Promise<T> => {
        for (;;) {
          try {
            return await call();
          } catch (error) {
            if (!String(error).includes('429')) throw error;
            await atSlot();
          }
        }
      };
      const atSlot = async () => {
        const at = baselineStarted + (slot++ * 1000) / RATE;
        const wait = at - Date.now();
        if (wait > 0) await sleep(wait);
      };
      await Promise.all(
        cards.map(async (card, n) => {
          await atSlot();
          await retrying(() => io.profile(TRIESTE_IO.cieServiceId, card.fiscalCode));
          await atSlot();
          const message = {
            fiscal_code: card.fiscalCode,
            content: { subject: `Promemoria di prova ${n}`, markdown: MARKDOWN },
          };
          let submitted = await io.submit(TRIESTE_IO.cieServiceId, message);
          while (submitted.outcome === 'notStored') {
            await atSlot();
            submitted = await io.submit(TRIESTE_IO.cieServiceId, message);
          }
          if (submitted.outcome !== 'accepted')
            throw new Error(`baseline submission ${n}: ${submitted.outcome}`);
          await atSlot();
          await retrying(() => io.status(TRIESTE_IO.cieServiceId, card.fiscalCode, submitted.ioMessageId));
        }),
      );
      const baselineSeconds = (Date.now() - baselineStarted) / 1000;

      reportBench({
        ours: oursSeconds,
        baseline: baselineSeconds,
        unit: 's',
        detail: {
          reminders: REMINDERS,
          rateLimitPerSecond: RATE,
          callsPerMessage: CALLS_PER_MESSAGE,
          idealOneCallPerMessageSeconds: REMINDERS / RATE,
          idealSameCallsSeconds: (REMINDERS * CALLS_PER_MESSAGE) / RATE,
          oursSeconds,
          baselineSeconds,
          runStarted: (run as CieReminderRunResult).started,
          duplicates: counters.totals.duplicates,
        },
      });
      console.log(
        `notifications detail: ${REMINDERS} reminders, ${done} delivered, 0 duplicates; ideal ${REMINDERS / RATE} s for one call per message, ${(REMINDERS * CALLS_PER_MESSAGE) / RATE} s for the ${CALLS_PER_MESSAGE} calls each makes`,
      );
    },
    45 * 60_000,
  );
});
