import type { ActivityOptions } from '@temporalio/workflow';

/** Short database or HTTP calls: retried with backoff until a non-retryable business error. */
export const defaultActivity: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
