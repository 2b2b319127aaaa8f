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
 * Postgres token bucket, then IO's statuses swept) against the sandbox's App IO limiting each key
 * to RATE requests per second, as the real IO's API gateway does for every call of the Services
 * API (profiles, messages, statuses alike: docs/decisions.md).
 *
 * Ours: from the run's start until every reminder is in IO's hands (accepted, recorded in SUS).
 * Baseline, measured in the same run: a bare client (fetch, no SUS, no Temporal, its own IO
 * service with the same limit) making the calls IO's contract requires before a message is in its
 * hands (the profile check, then the submission) for as many messages, as fast as the limit
 * allows. The status sweep that follows is off that path; the time until every reminder is final
 * in the delivery record, and the issue's 100 s (one call each), are printed beside the ratio.
 */
const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 10_000);
const RATE = 100;
/** The calls IO's contract requires before a message is in its hands: the profile check and the submission. */
const CALLS_TO_HAND_OVER = 2;
/** The bare client's own App IO service in the sandbox (not SUS's), so its messages are counted apart. */
const BASELINE_IO = { serviceId: '01BENCHBASELINE00000000001', key: 'key-io-bench-baseline-0001' };
/** Requests the bare client keeps in flight: far more than one second's worth of the limit needs. */
const BASELINE_LANES = 64;

/**
 * The bare client: for each citizen the profile check and, when the service may write, the
 * submission, every request started on the next free slot of a pacer at the key's limit (the
 * sandbox's bucket, like IO's gateway, answers 429 to anything faster); a 429 waits the delay it names and
 * goes again. Returns the seconds until IO accepted every message.
 */
async function bareClient(ioUrl: string, fiscalCodes: readonly string[]): Promise<number> {
  let nextSlot = Date.now();
  const slot = async () => {
    const at = Math.max(Date.now(), nextSlot);
    nextSlot = at + 1000 / RATE;
    if (at > Date.now()) await sleep(at - Date.now());
  };
  const call = async (path: string, body: unknown): Promise<{ status: number; body: unknown }> => {
    for (;;) {
      await slot();
      const response = await fetch(`${ioUrl}${path}`, {
        method: 'POST',
        headers: { 'Ocp-Apim-Subscription-Key': BASELINE_IO.key, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = { status: response.status, body: await response.json().catch(() => undefined) };
      if (answer.status !== 429) return answer;
      // IO's gateway names its retry header x-rate-limit-retry-after.
      await sleep(Number(response.headers.get('x-rate-limit-retry-after') ?? '1') * 1000);
    }
  };
  const started = Date.now();
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < fiscalCodes.length; index = next++) {
      const fiscalCode = fiscalCodes[index] as string;
      const profile = await call('/profiles', { fiscal_code: fiscalCode });
      if (profile.status !== 200 || (profile.body as { sender_allowed?: boolean }).sender_allowed !== true)
        throw new Error(`bare client: profile ${fiscalCode} answered ${profile.status}`);
      const submitted = await call('/messages', {
        fiscal_code: fiscalCode,
        content: {
          subject: `Carta d'identità in scadenza (${index})`,
          markdown:
            'La sua carta di identità elettronica scade tra 30 giorni. Prenoti un appuntamento presso ' +
            "l'ufficio anagrafe del Comune per il rinnovo del documento.",
        },
      });
      if (submitted.status !== 201)
        throw new Error(`bare client: message ${fiscalCode} answered ${submitted.status}`);
    }
  };
  await Promise.all(Array.from({ length: BASELINE_LANES }, lane));
  return (Date.now() - started) / 1000;
}

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
      const registered = await http(
        'PUT',
        `${stack.sandbox.url}/__sandbox/io/services/${BASELINE_IO.serviceId}`,
        {
          body: {
            name: 'Bare client (benchmark baseline)',
            organizationFiscalCode: TRIESTE_IO.fiscalCode,
            subscriptionKeys: [BASELINE_IO.key],
            rateLimitPerSecond: RATE,
          },
        },
      );
      if (registered.status !== 200) throw new Error(`sandbox baseline service: ${registered.status}`);
      await sleep(2000); // the sandbox's bucket is full again after the set-up
      const baselineSeconds = await bareClient(
        `${stack.sandbox.url}/api/v1`,
        cards.map((card) => card.fiscalCode),
      );
      process.stderr.write(
        `notifications: bare client ${REMINDERS} messages in ${baselineSeconds.toFixed(1)} s\n`,
      );
      await sleep(2000); // the sandbox's and our buckets are full again

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
      const finalSeconds = (Date.now() - started) / 1000;
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

      const idealHandOverSeconds = (REMINDERS * CALLS_TO_HAND_OVER) / RATE;
      const baselineMessages = Object.entries(counters.messages)
        .filter(([key]) => key.startsWith(`${BASELINE_IO.serviceId}/`))
        .reduce((sum, [, count]) => sum + count, 0);
      if (baselineMessages !== REMINDERS)
        throw new Error(`the bare client sent ${baselineMessages} messages`);
      const handedOver = handedOverSeconds as number;
      reportBench({
        ours: handedOver,
        baseline: baselineSeconds,
        unit: 's',
        detail: {
          reminders: REMINDERS,
          rateLimitPerSecond: RATE,
          handedOverSeconds: handedOver,
          baselineSeconds,
          idealHandOverSeconds,
          finalSeconds,
          issueIdealOneCallSeconds: REMINDERS / RATE,
          runStarted: result.started,
          recordedAndStarted: workflows?.n,
          susRequests: counters.requestsPerKey[TRIESTE_IO.cieKey],
          susThrottled: counters.throttledPerKey[TRIESTE_IO.cieKey] ?? 0,
          baselineThrottled: counters.throttledPerKey[BASELINE_IO.key] ?? 0,
          duplicates: counters.totals.duplicates,
        },
      });
      console.log(
        `notifications detail: ${REMINDERS} reminders in IO's hands after ${handedOver.toFixed(1)} s, the bare client's after ${baselineSeconds.toFixed(1)} s ` +
          `(ideal ${idealHandOverSeconds} s: ${CALLS_TO_HAND_OVER} calls each at ${RATE}/s); all final in SUS after ${finalSeconds.toFixed(1)} s (statuses swept after the hand-over); ` +
          `${(handedOver / (REMINDERS / RATE)).toFixed(2)}x the issue's ${REMINDERS / RATE} s for one call each; ` +
          `${counters.requestsPerKey[TRIESTE_IO.cieKey]} SUS requests, ${counters.throttledPerKey[TRIESTE_IO.cieKey] ?? 0} answered 429; ${counters.totals.duplicates} duplicates`,
      );
    },
    45 * 60_000,
  );
});
