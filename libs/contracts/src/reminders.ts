import type { MessageInput } from './notifications';

/** The workflow type of one daily run of an ente's identity-card expiry reminders. */
export const cieReminderRunWorkflowType = 'cieReminderRunWorkflow';

/** One Temporal Schedule per ente; its runs carry the same id (one run at a time per ente). */
export const cieReminderScheduleId = (enteCode: string): string => `cie-reminders/${enteCode}`;

/**
 * The idempotency key of one reminder: one message per card (number and expiry date, so a renewed
 * card starts again) and threshold, whatever runs, retries or crashes happen.
 */
export const cieReminderKey = (documentNumber: string, expiryDate: string, thresholdDays: number): string =>
  `cie-reminder/${documentNumber}/${expiryDate}/${thresholdDays}`;

export interface CieReminderRunInput {
  enteCode: string;
  /**
   * The civil day (Europe/Rome, YYYY-MM-DD) the run is for; absent (the Schedule's runs): today by
   * the workflow's clock. Set it to run a day again by hand, e.g. after an outage.
   */
  day?: string;
  /** Set by a run that continued as new: the civil day (Rome) the run is for, and where it stopped. */
  resume?: { today: string; afterDocument: string; started: number };
}

export interface CieReminderRunResult {
  enteCode: string;
  /** The civil day in Rome the run sent reminders for. */
  today: string;
  /** Reminder messages handed to their workflows by this run (across continue-as-new). */
  started: number;
  /** The ente's reminders were paused (or switched off) when the run began: nothing was sent. */
  paused: boolean;
}

/** One reminder the run hands to `messageWorkflow`. */
export interface PlannedReminder {
  idempotencyKey: string;
  message: MessageInput;
}

export type CieReminderRunWorkflow = (input: CieReminderRunInput) => Promise<CieReminderRunResult>;
