import { Client, Connection, ScheduleAlreadyRunning, type ScheduleOptions } from '@temporalio/client';
import { temporalConnectionOptions, type temporalEnvironment } from '@sus/platform';
import type { z } from 'zod';

/**
 * Creates each of the schedules that does not exist yet. Creation is refused for an existing id,
 * so any number of workers starting together create each one once, and an existing schedule
 * (paused or not, perhaps changed by an operator) is left as it is. Answers the ids created.
 */
export async function createMissingSchedules(
  temporal: z.infer<typeof temporalEnvironment>,
  schedules: readonly ScheduleOptions[],
): Promise<string[]> {
  if (schedules.length === 0) return [];
  const connection = await Connection.connect(temporalConnectionOptions(temporal));
  try {
    const client = new Client({ connection, namespace: temporal.TEMPORAL_NAMESPACE });
    const created: string[] = [];
    for (const options of schedules) {
      try {
        await client.schedule.create(options);
        created.push(options.scheduleId);
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
    }
    return created;
  } finally {
    await connection.close();
  }
}
