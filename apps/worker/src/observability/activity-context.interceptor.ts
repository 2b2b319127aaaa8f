import type { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import { histogram, withLogContext } from '@sus/platform';

const activityDuration = histogram(
  'sus_activity_duration_seconds',
  'Activities run by this worker, by type and outcome (Temporal Core adds schedule-to-start and task metrics)',
  ['activity', 'outcome'],
);

/**
 * Runs each activity with its workflow id, run id and type in the log context, so every line it
 * logs (through Nest's logger or pino) names the workflow it works for, and times it.
 */
export class ActivityContextInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: Context) {}

  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const { workflowExecution, activityType } = this.ctx.info;
    const end = activityDuration.startTimer({ activity: activityType });
    return withLogContext(
      { workflowId: workflowExecution?.workflowId, runId: workflowExecution?.runId, activity: activityType },
      async () => {
        try {
          const result = await next(input);
          end({ outcome: 'ok' });
          return result;
        } catch (error) {
          end({ outcome: 'error' });
          throw error;
        }
      },
    );
  }
}
