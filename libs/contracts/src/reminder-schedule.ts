import { cieReminderRunWorkflowType, cieReminderScheduleId, type CieReminderRunInput } from './reminders';

/**
 * The Schedule of an ente's identity-card reminders, the same whoever creates it (the worker at
 * start, the api when an ente configures reminders): daily at `hour` in Rome, one run at a time
 * (a run still going when the next is due makes it wait, not overlap), and a day's run missed by
 * an outage still happens when the server is back within 12 hours. A longer gap is caught up by
 * the rule itself (dueReminderThreshold): the next run sends what is still true.
 */
export function cieReminderSchedule(input: {
  enteCode: string;
  taskQueue: string;
  hour: number;
  paused: boolean;
  note?: string;
}) {
  const scheduleId = cieReminderScheduleId(input.enteCode);
  return {
    scheduleId,
    spec: { calendars: [{ hour: input.hour, minute: 0 }], timezone: 'Europe/Rome' },
    action: {
      type: 'startWorkflow' as const,
      workflowType: cieReminderRunWorkflowType,
      workflowId: scheduleId,
      taskQueue: input.taskQueue,
      args: [{ enteCode: input.enteCode } satisfies CieReminderRunInput],
    },
    policies: { overlap: 'BUFFER_ONE' as const, catchupWindow: '12 hours' as const },
    state: {
      paused: input.paused,
      ...(input.note ? { note: input.note } : {}),
    },
  };
}
