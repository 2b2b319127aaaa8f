import { Injectable, Logger } from '@nestjs/common';
import { Client, Connection, ScheduleAlreadyRunning } from '@temporalio/client';
import { CieReminderRepository } from '@sus/catalog';
import { cieReminderSchedule } from '@sus/contracts';
import { WorkerSettings } from '../config';

/**
 * One Temporal Schedule per ente with identity-card reminders configured. The api creates it when
 * an ente configures reminders; the worker makes sure at start, so an ente configured while
 * Temporal was away still gets its runs. Creation is refused for an existing id, so any number of
 * workers starting together create it once, and an existing schedule (paused or not) is left as is.
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
    if (configured.length === 0) return [];
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
      const created: string[] = [];
      for (const ente of configured) {
        const options = cieReminderSchedule({
          enteCode: ente.enteCode,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          hour: config.CIE_REMINDER_HOUR,
          paused: ente.paused,
          ...(ente.pauseNote ? { note: ente.pauseNote } : {}),
        });
        try {
          await client.schedule.create(options);
          created.push(options.scheduleId);
        } catch (error) {
          if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        }
      }
      if (created.length) this.logger.log(`identity-card reminders scheduled for ${created.join(', ')}`);
      return created;
    } finally {
      await connection.close();
    }
  }
}
