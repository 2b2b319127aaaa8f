import { Injectable, Logger } from '@nestjs/common';
import { CieReminderRepository } from '@sus/catalog';
import { cieReminderSchedule } from '@sus/contracts';
import { WorkerSettings } from '../config';
import { createMissingSchedules } from './schedules';

/**
 * One Temporal Schedule per ente with identity-card reminders configured. The api creates it when
 * an ente configures reminders; the worker makes sure at start, so an ente configured while
 * Temporal was away still gets its runs.
 */
@Injectable()
export class CieReminderSchedules {
  private readonly logger = new Logger(CieReminderSchedules.name);

  constructor(
    private readonly settings: WorkerSettings,
    private readonly reminders: CieReminderRepository,
  ) {}

  async ensure(): Promise<string[]> {
    const config = this.settings.values;
    const configured = await this.reminders.configuredEnti();
    const created = await createMissingSchedules(
      config,
      configured.map((ente) =>
        cieReminderSchedule({
          enteCode: ente.enteCode,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          hour: config.CIE_REMINDER_HOUR,
          paused: ente.paused,
          ...(ente.pauseNote ? { note: ente.pauseNote } : {}),
        }),
      ),
    );
    if (created.length) this.logger.log(`identity-card reminders scheduled for ${created.join(', ')}`);
    return created;
  }
}
