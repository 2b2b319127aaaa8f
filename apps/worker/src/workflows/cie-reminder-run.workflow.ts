import { continueAsNew, patched, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { CieReminderRunWorkflow, PlannedReminder } from '@sus/contracts';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';
import { handOverMessage } from './message-handover';

const { planReminderPage, markRemindersStarted } = proxyActivities<Activities>({
  ...defaultActivity,
  // A page reads and records up to PAGE_SIZE cards.
  startToCloseTimeout: '2 minutes',
});

/**
 * A page of messages at the key's limit takes seconds to minutes (500 at 50 messages/s alone,
 * longer when other enti share the key); the heartbeat says the worker is alive meanwhile, so a
 * killed worker's batch is retried elsewhere within a minute, repeating nothing.
 */
const { sendMessageBatch, followIoStatuses } = proxyActivities<Activities>({
  ...defaultActivity,
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
});

/** Cards read per page; reminders of a page are handed over in slices of START_BATCH. */
const PAGE_SIZE = 500;
const START_BATCH = 100;
/** Pages per run before it continues as new: each reminder adds two events (initiated, started). */
const PAGES_PER_RUN = 4;
/**
 * With batches a page adds a handful of events but about 1 MB of payloads (the planned page and
 * the batch's input, each reminder in two languages), so a run stays well under Temporal's limits.
 */
const BATCH_PAGES_PER_RUN = 8;
/** Statuses read per sweep pass, and how long a run follows them before leaving the rest to tomorrow's. */
const SWEEP_LIMIT = 2_000;
const SWEEP_FOR_MS = 60 * 60 * 1000;
const FIRST_SWEEP_WAIT_MS = 1_000;
const MAX_SWEEP_WAIT_MS = 5 * 60 * 1000;
const REMINDER_KEY_PREFIX = 'cie-reminder/';

/**
 * One daily run of an ente's identity-card expiry reminders, started by the ente's Schedule
 * (`cie-reminders/<ente>`). Pages through the cards due and sends each page's reminders in one
 * batch activity (profile check and submission under the key's shared limit, never twice), while
 * the next page is planned; a reminder that needs more (the e-mail fallback, a lost answer) goes
 * to its own `messageWorkflow`, id `message/<ente>/cie-reminder/…`. After the last page the run
 * follows IO's statuses in sweeps with backoff, instead of one workflow and timer per message.
 * Since `cie-reminder-overlapping-pages` a page's batch starts while the previous page's drains.
 * Runs that started before batches (no `cie-reminder-batches` marker) hand every reminder to its
 * own `messageWorkflow`, as they did. Big enti continue as new.
 */
export const cieReminderRunWorkflow: CieReminderRunWorkflow = async (input) => {
  const batches = patched('cie-reminder-batches');
  // Since this marker a page's batch starts while the previous one drains, so the key does not idle
  // between pages (its last lanes, markRemindersStarted, a workflow task, the next activity).
  const overlapping = batches && patched('cie-reminder-overlapping-pages');
  /** The previous page's batch, still sending; awaited before the one after it starts, and before the run moves on. */
  let sending: Promise<void> | undefined;
  const drain = async () => {
    const previous = sending;
    sending = undefined;
    if (previous !== undefined) await previous;
  };
  let today = input.resume?.today ?? input.day;
  let afterDocument = input.resume?.afterDocument ?? '';
  let started = input.resume?.started ?? 0;
  const pageFrom = (after: string) =>
    planReminderPage({
      enteCode: input.enteCode,
      at: Date.now(),
      ...(today === undefined ? {} : { today }),
      afterDocument: after,
      limit: PAGE_SIZE,
    });
  let prefetched: ReturnType<typeof pageFrom> | undefined;
  for (let pages = 0; ; pages += 1) {
    const pagesPerRun = batches ? BATCH_PAGES_PER_RUN : PAGES_PER_RUN;
    // Never with a page planned ahead: its reminders are recorded, and only this run would send them.
    if (prefetched === undefined && (pages >= pagesPerRun || workflowInfo().continueAsNewSuggested)) {
      // The pages this run sent are counted and marked before the next run takes over.
      await drain();
      // `today` is set once a page was read.
      await continueAsNew<CieReminderRunWorkflow>({
        enteCode: input.enteCode,
        resume: { today: today!, afterDocument, started },
      });
    }
    const page = await (prefetched ?? pageFrom(afterDocument));
    prefetched = undefined;
    today = page.today;
    if (page.paused) {
      await drain();
      return { enteCode: input.enteCode, today, started, paused: true };
    }
    if (batches) {
      // Planning the next page overlaps sending this one: the key's limit, not the database, sets the pace.
      if (page.next !== null && pages + 1 < pagesPerRun && !workflowInfo().continueAsNewSuggested) {
        prefetched = pageFrom(page.next);
      }
      const send = sendPage(input.enteCode, page.reminders).then(() => {
        started += page.reminders.length;
      });
      if (overlapping) {
        // Two batches at most: this one starts now, the one before it finishes first.
        await drain();
        sending = send;
      } else {
        await send;
      }
    } else {
      for (let start = 0; start < page.reminders.length; start += START_BATCH) {
        const batch = page.reminders.slice(start, start + START_BATCH);
        await Promise.all(batch.map(({ message }) => handOverMessage(message)));
        await markRemindersStarted(
          input.enteCode,
          batch.map((reminder) => reminder.idempotencyKey),
        );
        started += batch.length;
      }
    }
    if (page.next === null) {
      await drain();
      if (batches) await followStatuses(input.enteCode);
      return { enteCode: input.enteCode, today, started, paused: false };
    }
    afterDocument = page.next;
  }
};

async function sendPage(enteCode: string, reminders: readonly PlannedReminder[]): Promise<void> {
  if (reminders.length === 0) return;
  const sent = await sendMessageBatch(reminders.map((reminder) => reminder.message));
  await Promise.all(sent.handOver.map((message) => handOverMessage(message)));
  await markRemindersStarted(
    enteCode,
    reminders.map((reminder) => reminder.idempotencyKey),
  );
}

/**
 * Reads IO's statuses of the ente's reminders still open, pass after pass with growing waits,
 * for up to SWEEP_FOR_MS; what IO has not finished by then is followed by the next day's run.
 */
async function followStatuses(enteCode: string): Promise<void> {
  const until = Date.now() + SWEEP_FOR_MS;
  for (let wait = FIRST_SWEEP_WAIT_MS; ;) {
    const pass = await followIoStatuses({ enteCode, keyPrefix: REMINDER_KEY_PREFIX, limit: SWEEP_LIMIT });
    await Promise.all(pass.handOver.map((message) => handOverMessage(message)));
    if (pass.pending === 0 || Date.now() >= until) return;
    // More are waiting than a pass reads, and IO is getting through them: go on at once.
    if (pass.pending > SWEEP_LIMIT && pass.processed > 0) continue;
    await sleep(wait);
    wait = Math.min(wait * 2, MAX_SWEEP_WAIT_MS);
  }
}
