import type { Next, WorkflowClientInterceptor } from '@temporalio/client';
import { histogram } from '@sus/platform';

const clientRequests = histogram(
  'temporal_client_request_duration_seconds',
  "The api's calls to Temporal (start, signal, update, query, …), by operation, workflow or message name and outcome",
  ['operation', 'name', 'outcome'],
);

type Operation =
  | 'start'
  | 'startWithDetails'
  | 'signal'
  | 'signalWithStart'
  | 'startUpdate'
  | 'startUpdateWithStart'
  | 'query'
  | 'terminate'
  | 'cancel'
  | 'describe';

/** The name worth a label: workflow type for starts, the message name for signals, updates and queries. */
const nameOf = (input: Record<string, unknown>): string =>
  String(input.workflowType ?? input.signalName ?? input.updateName ?? input.queryType ?? '');

function timed<K extends Operation>(operation: K) {
  return async (
    input: Parameters<Next<WorkflowClientInterceptor, K>>[0],
    next: Next<WorkflowClientInterceptor, K>,
  ): Promise<Awaited<ReturnType<Next<WorkflowClientInterceptor, K>>>> => {
    const end = clientRequests.startTimer({
      operation,
      name: nameOf(input as unknown as Record<string, unknown>),
    });
    try {
      const result = await (
        next as unknown as (input: unknown) => ReturnType<Next<WorkflowClientInterceptor, K>>
      )(input);
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: (error as Error).name || 'error' });
      throw error;
    }
  };
}

/**
 * Temporal client metrics of the api: the TypeScript client talks gRPC from Node and Temporal's Core
 * runtime does not see its calls, so they are timed here (the worker's come from Core).
 */
export const clientMetricsInterceptor: WorkflowClientInterceptor = {
  start: timed('start'),
  startWithDetails: timed('startWithDetails'),
  signal: timed('signal'),
  signalWithStart: timed('signalWithStart'),
  startUpdate: timed('startUpdate'),
  startUpdateWithStart: timed('startUpdateWithStart'),
  query: timed('query'),
  terminate: timed('terminate'),
  cancel: timed('cancel'),
  describe: timed('describe'),
};
