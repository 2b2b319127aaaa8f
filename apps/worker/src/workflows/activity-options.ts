import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Failures no retry can fix: the intermediary refusing a position (400/404/422), a receipt that
 * contradicts its notice, our own input or catalog rules. Everything else (5xx, 429, timeouts,
 * a subscription key being rotated) is retried with backoff for as long as it takes: a payment
 * must outlive an outage of the intermediary.
 */
export const NON_RETRYABLE_ACTIVITY_ERRORS = [
  'GPD_REJECTED',
  'GPD_DUPLICATE_IUV',
  'FDR_REJECTED',
  'APP_IO_REJECTED',
  'INVALID_INPUT',
  'CatalogError',
  'DomainError',
];

/**
 * Short database or HTTP calls. The GPD client gives up on one call after 15 s, inside the 30 s
 * an attempt may take, so an attempt never outlives its own HTTP request; a late commit of a
 * timed-out attempt cannot move a status back (the projection only accepts newer steps).
 */
export const defaultActivity: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_ACTIVITY_ERRORS,
  },
};
