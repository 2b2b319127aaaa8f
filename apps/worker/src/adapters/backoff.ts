import { activityInfo } from '@temporalio/activity';

/**
 * Exponential backoff with jitter (1 s doubling to 1 min, each wait drawn in the upper half of its
 * step), so calls refused together by a 429 or an outage do not come back together. Temporal's
 * own retry policy has no jitter, hence an explicit nextRetryDelay.
 */
export function backoffWithJitter(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The backoff for the running activity's attempt (the first, outside an activity). */
export function nextBackoff(): number {
  let attempt = 1;
  try {
    attempt = activityInfo().attempt;
  } catch {
    // not inside an activity (a script or a test calling the adapter directly)
  }
  return backoffWithJitter(attempt);
}
