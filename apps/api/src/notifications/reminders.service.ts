import { Inject, Injectable, Logger } from '@nestjs/common';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client } from '@temporalio/client';
import {
  AuditLog,
  Bookings,
  CatalogError,
  checkRecord,
  CieReminderRepository,
  EntiService,
  IdentityDocumentImport,
  NotificationRepository,
  type IdentityDocumentImportReport,
  type ReminderSettings,
  type RequestContext,
} from '@sus/catalog';
import { cieReminderSchedule, cieReminderScheduleId } from '@sus/contracts';
import {
  accountReference,
  assertCan,
  can,
  checkReminderThresholds,
  cieBookingUrl,
  DEFAULT_REMINDER_THRESHOLDS,
} from '@sus/domain';
import { ApiSettings } from '../config';
import { TemporalGateway } from '../temporal/temporal.module';
import type { ConfigureRemindersInput } from './dto/configure-reminders.input';
import type { ReminderSchedule } from './models/reminder-schedule.model';

/** The ente's CIE service when the ente names none: the seeded regional service type's code. */
const DEFAULT_CIE_SERVICE_CODE = 'CIE';
/** The bookable resource a reminder links to when the ente names none and has one by this code (Trieste's seed). */
const DEFAULT_CIE_BOOKING_RESOURCE_CODE = 'UFFICIO-CIE';

/**
 * Identity-card expiry reminders: the register extract, the ente's settings (Postgres, read by
 * every run) and its daily Temporal Schedule. Pausing writes Postgres first: a run that starts
 * while the Schedule is being paused still finds the pause and sends nothing.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    private readonly enti: EntiService,
    private readonly bookings: Bookings,
    private readonly reminders: CieReminderRepository,
    private readonly notifications: NotificationRepository,
    private readonly documents: IdentityDocumentImport,
    private readonly audit: AuditLog,
    private readonly temporal: TemporalGateway,
    @Inject(ApiSettings) private readonly settings: ApiSettings,
  ) {}

  importDocuments(ctx: RequestContext, enteCode: string, csv: string): Promise<IdentityDocumentImportReport> {
    return this.documents.import(ctx, enteCode, csv);
  }

  async configure(ctx: RequestContext, input: ConfigureRemindersInput): Promise<ReminderSchedule> {
    const ente = await this.enti.getByCode(ctx, input.enteCode, 'input.enteCode');
    assertCan(ctx, 'ente:admin', ente.ipaCode);
    const thresholds = checkRecord(() =>
      checkReminderThresholds(input.thresholds ?? DEFAULT_REMINDER_THRESHOLDS),
    );
    let serviceCode: string | null = input.serviceCode ?? null;
    if (serviceCode !== null) {
      await this.notifications.resolveSender(ente.ipaCode, serviceCode).catch((error: unknown) => {
        if (error instanceof CatalogError) {
          throw new CatalogError(error.code, error.message, 'input.serviceCode');
        }
        throw error;
      });
    } else {
      const fallback = await this.notifications
        .resolveSender(ente.ipaCode, DEFAULT_CIE_SERVICE_CODE)
        .then(() => DEFAULT_CIE_SERVICE_CODE)
        .catch(() => null);
      serviceCode = fallback;
    }
    const bookingResourceCode = await this.bookingResource(ctx, ente.ipaCode, input.bookingResourceCode);
    const before = await this.reminders.settings(ente.ipaCode);
    const saved = await this.reminders.saveSettings({
      enteCode: ente.ipaCode,
      thresholds,
      serviceCode,
      bookingUrl: input.bookingUrl ?? null,
      bookingResourceCode,
      updatedBy: accountReference(ctx.actor) ?? 'unknown',
    });
    await this.audit.record(ctx, {
      action: 'configureReminders',
      entity: 'ReminderSettings',
      entityId: ente.ipaCode,
      enteCode: ente.ipaCode,
      before: before ? settingsSummary(before) : null,
      after: settingsSummary(saved),
    });
    await this.ensureSchedule(saved);
    return this.describe(saved);
  }

  /**
   * The resource the booking link opens on: the one named, which must be an active resource of the
   * ente; when none is named, the ente's UFFICIO-CIE if it has one; null when the caller says none.
   */
  private async bookingResource(
    ctx: RequestContext,
    enteCode: string,
    requested: string | null | undefined,
  ): Promise<string | null> {
    if (requested === null) return null;
    const code = requested?.trim() ?? DEFAULT_CIE_BOOKING_RESOURCE_CODE;
    const resource = await this.bookings.resourceByCode(ctx, enteCode, code);
    if (resource?.active) return resource.code;
    if (requested === undefined) return null;
    throw new CatalogError(
      'NOT_FOUND',
      `Ente ${enteCode} has no active bookable resource ${code}.`,
      'input.bookingResourceCode',
    );
  }

  async pause(ctx: RequestContext, enteCode: string, note: string | null): Promise<ReminderSchedule> {
    return this.setPaused(ctx, enteCode, true, note);
  }

  async resume(ctx: RequestContext, enteCode: string): Promise<ReminderSchedule> {
    return this.setPaused(ctx, enteCode, false, null);
  }

  /** Null when the ente has not configured reminders. */
  async schedule(ctx: RequestContext, enteCode: string): Promise<ReminderSchedule | null> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    if (!can(ctx.actor, 'messages:read', ente.ipaCode)) assertCan(ctx, 'messages:send', ente.ipaCode);
    const settings = await this.reminders.settings(ente.ipaCode);
    return settings ? this.describe(settings) : null;
  }

  private async setPaused(
    ctx: RequestContext,
    enteCode: string,
    paused: boolean,
    note: string | null,
  ): Promise<ReminderSchedule> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    assertCan(ctx, 'messages:send', ente.ipaCode);
    const saved = await this.reminders.setPaused(
      ente.ipaCode,
      paused,
      note,
      accountReference(ctx.actor) ?? 'unknown',
    );
    if (!saved) {
      throw new CatalogError(
        'NOT_FOUND',
        `Ente ${ente.ipaCode} has no identity-card reminders; configure them first (configureReminders).`,
        'enteCode',
      );
    }
    await this.audit.record(ctx, {
      action: paused ? 'pauseReminders' : 'resumeReminders',
      entity: 'ReminderSettings',
      entityId: ente.ipaCode,
      enteCode: ente.ipaCode,
      after: { paused, note },
    });
    const client = await this.client();
    if (client) {
      const handle = client.schedule.getHandle(cieReminderScheduleId(ente.ipaCode));
      try {
        if (paused) await handle.pause(note ?? 'paused through the api');
        else await handle.unpause('resumed through the api');
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
        await this.ensureSchedule(saved);
      }
    }
    return this.describe(saved);
  }

  /** Creates the Schedule if missing; Temporal away leaves it to the worker's next start. */
  private async ensureSchedule(settings: ReminderSettings): Promise<void> {
    const client = await this.client();
    if (!client) return;
    try {
      await client.schedule.create(
        cieReminderSchedule({
          enteCode: settings.enteCode,
          taskQueue: this.temporal.taskQueue,
          hour: this.settings.values.CIE_REMINDER_HOUR,
          paused: settings.paused,
          ...(settings.pauseNote ? { note: settings.pauseNote } : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }

  private async client(): Promise<Client | undefined> {
    try {
      return await this.temporal.client();
    } catch (error) {
      this.logger.warn(`Temporal unreachable; reminder schedules left to the worker: ${String(error)}`);
      return undefined;
    }
  }

  private async describe(settings: ReminderSettings): Promise<ReminderSchedule> {
    const scheduleId = cieReminderScheduleId(settings.enteCode);
    const counts = await this.reminders.counts(settings.enteCode);
    let scheduled = false;
    let nextRunAt: Date | null = null;
    let lastRunAt: Date | null = null;
    const client = await this.client();
    if (client) {
      try {
        const description = await client.schedule.getHandle(scheduleId).describe();
        scheduled = true;
        nextRunAt = description.state.paused ? null : (description.info.nextActionTimes[0] ?? null);
        lastRunAt = description.info.recentActions.at(-1)?.takenAt ?? null;
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      }
    }
    return {
      enteCode: settings.enteCode,
      scheduleId,
      thresholds: settings.thresholds,
      serviceCode: settings.serviceCode,
      bookingUrl: cieBookingUrl({ ...settings, portalUrl: this.settings.values.PORTAL_PUBLIC_URL }),
      bookingResourceCode: settings.bookingResourceCode,
      paused: settings.paused,
      pauseNote: settings.pauseNote,
      scheduled,
      nextRunAt,
      lastRunAt,
      documents: counts.documents,
      remindersSent: counts.remindersSent,
      lastReminderAt: counts.lastReminderAt ? new Date(counts.lastReminderAt) : null,
      updatedAt: new Date(settings.updatedAt),
    };
  }
}

function settingsSummary(settings: ReminderSettings) {
  return {
    thresholds: settings.thresholds,
    serviceCode: settings.serviceCode,
    bookingUrl: settings.bookingUrl,
    bookingResourceCode: settings.bookingResourceCode,
  };
}
