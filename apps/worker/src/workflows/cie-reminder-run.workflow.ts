import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CieReminderRunWorkflow } from '@sus/contracts';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';
import { handOverMessage } from './message-handover';

const { planReminderPage, markRemindersStarted } = proxyActivities<Activities>({
  ...defaultActivity,
  // A page reads and records up to PAGE_SIZE cards.
  startToCloseTimeout: '2 minutes',
});

/** Cards read per page; reminders of a page are handed over in slices of START_BATCH. */
const PAGE_SIZE = 500;
const START_BATCH = 100;
/** Pages per run before it continues as new: each reminder adds two events (initiated, started). */
const PAGES_PER_RUN = 4;

/**
 * One daily run of an ente's identity-card expiry reminders, started by the ente's Schedule
 * (`cie-reminders/<ente>`). Pages through the cards due, hands each reminder to its own
 * `messageWorkflow` (abandoned: the run does not wait for IO), id `message/<ente>/cie-reminder/…`,
 * so a reminder is never sent twice whatever crashes or re-runs happen. Big enti continue as new.
 */
export const cieReminderRunWorkflow: CieReminderRunWorkflow = async (input) => {
  let today = input.resume?.today ?? input.day;
  let afterDocument = input.resume?.afterDocument ?? '';
  let started = input.resume?.started ?? 0;
  for (let pages = 0; ; pages += 1) {
    if (pages >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      // `today` is set once a page was read.
      await continueAsNew<CieReminderRunWorkflow>({
        enteCode: input.enteCode,
        resume: { today: today!, afterDocument, started },
      });
    }
    const page = await planReminderPage({
      enteCode: input.enteCode,
      at: Date.now(),
      ...(today === undefined ? {} : { today }),
      afterDocument,
      limit: PAGE_SIZE,
    });
    today = page.today;
    if (page.paused) return { enteCode: input.enteCode, today, started, paused: true };
    for (let start = 0; start < page.reminders.length; start += START_BATCH) {
      const batch = page.reminders.slice(start, start + START_BATCH);
      await Promise.all(batch.map(({ message }) => handOverMessage(message)));
      await markRemindersStarted(
        input.enteCode,
        batch.map((reminder) => reminder.idempotencyKey),
      );
      started += batch.length;
    }
    if (page.next === null) return { enteCode: input.enteCode, today, started, paused: false };
    afterDocument = page.next;
  }
};
