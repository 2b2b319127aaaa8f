import {
  CIE_REMINDER_TEMPLATE_KEY,
  cieBookingUrl,
  civilDateInRome,
  cieReminderVariables,
  DEFAULT_CIE_REMINDER_TEMPLATE,
  DomainError,
  dueReminderThreshold,
  renderMessage,
  type CivilDate,
  type MessageLocale,
  type MessageTemplateText,
} from '@sus/domain';
import type { CieReminderRepository, NotificationRepository } from '@sus/catalog';
import { cieReminderKey, type PlannedReminder } from '@sus/contracts';

export interface ReminderPorts {
  reminders: CieReminderRepository;
  notifications: NotificationRepository;
  /** Where citizens' browsers reach SUS's booking pages (the portal). */
  portalUrl: string;
}

export interface ReminderPageRequest {
  enteCode: string;
  /** The workflow's clock (ms since epoch): the run's civil day in Rome, unless `today` is set. */
  at: number;
  today?: CivilDate;
  afterDocument: string;
  limit: number;
}

export interface ReminderPage {
  today: CivilDate;
  /** Reminders switched off or paused: the run ends without sending. */
  paused: boolean;
  reminders: PlannedReminder[];
  /** Where the next page starts; null at the end of the cards due. */
  next: string | null;
}

export function createReminderActivities({ reminders, notifications, portalUrl }: ReminderPorts) {
  return {
    /**
     * One page of an ente's daily run: the cards due today (the rule in @sus/domain), each
     * reminder recorded before it is handed over (one row per card, expiry and threshold), plus
     * the reminders an interrupted run recorded but never handed over.
     */
    async planReminderPage(request: ReminderPageRequest): Promise<ReminderPage> {
      const today = request.today ?? civilDateInRome(new Date(request.at));
      const settings = await reminders.settings(request.enteCode);
      if (!settings || settings.paused) return { today, paused: true, reminders: [], next: null };
      const candidates = await reminders.candidates(
        request.enteCode,
        today,
        Math.max(...settings.thresholds),
        request.afterDocument,
        request.limit,
      );
      const template =
        (
          await notifications.findTemplate(
            request.enteCode,
            settings.serviceCode ?? undefined,
            CIE_REMINDER_TEMPLATE_KEY,
          )
        )?.text ?? DEFAULT_CIE_REMINDER_TEMPLATE;
      const bookingUrl = cieBookingUrl({ ...settings, portalUrl });
      const planned: PlannedReminder[] = [];
      for (const card of candidates) {
        const variables = {
          documentNumber: card.documentNumber,
          expiryDate: card.expiryDate,
          today,
          bookingUrl,
        };
        const reminder = (thresholdDays: number, idempotencyKey: string): PlannedReminder => ({
          idempotencyKey,
          message: {
            enteCode: request.enteCode,
            ...(settings.serviceCode ? { serviceCode: settings.serviceCode } : {}),
            fiscalCode: card.fiscalCode,
            locale: 'it',
            content: text(template, variables, 'it'),
            // Sent instead when the citizen's IO profile prefers English. An ente's template
            // written in Italian only stays Italian: its text, not the platform's, is what it chose.
            ...(template.en ? { translations: { en: text(template, variables, 'en') } } : {}),
            ...(card.email ? { email: card.email } : {}),
            idempotencyKey,
            requestedBy: `cie-reminders/${request.enteCode}#${thresholdDays}`,
          },
        });
        for (const pending of card.unstarted)
          planned.push(reminder(pending.thresholdDays, pending.idempotencyKey));
        const due = dueReminderThreshold(card.expiryDate, today, settings.thresholds, card.recorded);
        if (due === null) continue;
        const idempotencyKey = cieReminderKey(card.documentNumber, card.expiryDate, due);
        const recorded = await reminders.recordReminder({
          enteCode: request.enteCode,
          documentNumber: card.documentNumber,
          expiryDate: card.expiryDate,
          thresholdDays: due,
          idempotencyKey,
          fiscalCode: card.fiscalCode,
          runDate: today,
        });
        // Not recorded: a concurrent run took it (and hands it over itself).
        if (recorded) planned.push(reminder(due, idempotencyKey));
      }
      const last = candidates[candidates.length - 1];
      return {
        today,
        paused: false,
        reminders: planned,
        next: candidates.length === request.limit && last ? last.documentNumber : null,
      };
    },

    async markRemindersStarted(enteCode: string, idempotencyKeys: string[]): Promise<void> {
      await reminders.markStarted(enteCode, idempotencyKeys);
    },
  };
}

/**
 * The ente's template, or the platform's when the ente's cannot be rendered for this card (a
 * variable it does not know, a text outside IO's limits): a reminder must not be lost to a typo.
 */
function text(
  template: MessageTemplateText,
  input: Parameters<typeof cieReminderVariables>[0],
  locale: MessageLocale,
) {
  const variables = cieReminderVariables(input);
  try {
    return renderMessage(template, variables, locale);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return renderMessage(DEFAULT_CIE_REMINDER_TEMPLATE, variables, locale);
  }
}
