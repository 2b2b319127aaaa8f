import type { temporal } from '@temporalio/proto';
import type { BaselineOp } from './workflows/procedure-baseline.workflow';

type History = temporal.api.history.v1.IHistory;
type Duration =
  { seconds?: number | { toNumber(): number } | null; nanos?: number | null } | null | undefined;

/** What one recorded run cost Temporal: the figures the baseline matches, and a few it does not. */
export interface HistoryCounts {
  events: number;
  workflowTasks: number;
  activities: number;
  localActivities: number;
  timersFired: number;
  timersCancelled: number;
  updates: number;
  signals: number;
  children: number;
  searchAttributeUpserts: number;
  /** Activities (remote and local) by type. */
  byType: Record<string, number>;
}

const millis = (duration: Duration): number => {
  const seconds = duration?.seconds;
  const whole = typeof seconds === 'number' ? seconds : (seconds?.toNumber() ?? 0);
  return whole * 1000 + Math.round((duration?.nanos ?? 0) / 1e6);
};

/**
 * The baseline plan of a recorded history, in history order: every activity, local activity,
 * timer, accepted Update, signal and child workflow becomes a no-op of the same kind. `childOf`
 * gives the history of a child by its workflow id, whose plan is nested the same way.
 */
export async function baselinePlan(
  history: History,
  childOf: (workflowId: string) => Promise<History>,
): Promise<{ plan: BaselineOp[]; counts: HistoryCounts }> {
  const events = history.events ?? [];
  const fired = new Set(
    events.flatMap((event) =>
      event.timerFiredEventAttributes ? [event.timerFiredEventAttributes.timerId ?? ''] : [],
    ),
  );
  const counts: HistoryCounts = {
    events: events.length,
    workflowTasks: 0,
    activities: 0,
    localActivities: 0,
    timersFired: 0,
    timersCancelled: 0,
    updates: 0,
    signals: 0,
    children: 0,
    searchAttributeUpserts: 0,
    byType: {},
  };
  const count = (type: string) => (counts.byType[type] = (counts.byType[type] ?? 0) + 1);
  const plan: BaselineOp[] = [];
  for (const event of events) {
    if (event.workflowTaskCompletedEventAttributes) counts.workflowTasks++;
    else if (event.activityTaskScheduledEventAttributes) {
      counts.activities++;
      count(event.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
      plan.push({ kind: 'activity' });
    } else if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      counts.localActivities++;
      count(`local:${localActivityType(event.markerRecordedEventAttributes)}`);
      plan.push({ kind: 'localActivity' });
    } else if (event.timerStartedEventAttributes) {
      const { timerId, startToFireTimeout } = event.timerStartedEventAttributes;
      const ms = millis(startToFireTimeout as Duration);
      if (fired.has(timerId ?? '')) {
        counts.timersFired++;
        plan.push({ kind: 'sleep', ms });
      } else plan.push({ kind: 'armTimer', ms });
    } else if (event.timerCanceledEventAttributes) {
      counts.timersCancelled++;
      plan.push({ kind: 'cancelTimer' });
    } else if (event.workflowExecutionUpdateAcceptedEventAttributes) {
      counts.updates++;
      plan.push({ kind: 'update' });
    } else if (event.workflowExecutionSignaledEventAttributes) {
      counts.signals++;
      plan.push({ kind: 'signal' });
    } else if (event.startChildWorkflowExecutionInitiatedEventAttributes) {
      counts.children++;
      const child = await baselinePlan(
        await childOf(event.startChildWorkflowExecutionInitiatedEventAttributes.workflowId ?? ''),
        childOf,
      );
      plan.push({ kind: 'startChild', plan: child.plan });
      for (const [key, value] of Object.entries(child.counts))
        if (typeof value === 'number') counts[key as Exclude<keyof HistoryCounts, 'byType'>] += value;
      for (const [type, times] of Object.entries(child.counts.byType))
        counts.byType[type] = (counts.byType[type] ?? 0) + times;
    } else if (
      event.childWorkflowExecutionCompletedEventAttributes ||
      event.childWorkflowExecutionFailedEventAttributes
    ) {
      plan.push({ kind: 'awaitChild' });
    } else if (event.upsertWorkflowSearchAttributesEventAttributes) counts.searchAttributeUpserts++;
  }
  return { plan, counts };
}

/** A local activity's type, from the marker core writes (its `data` payload holds the call's details). */
function localActivityType(marker: temporal.api.history.v1.IMarkerRecordedEventAttributes): string {
  const payload = marker.details?.data?.payloads?.[0]?.data;
  if (!payload) return '?';
  try {
    const data = JSON.parse(Buffer.from(payload).toString('utf8')) as {
      activityType?: string;
      activity_type?: string;
    };
    return data.activityType ?? data.activity_type ?? '?';
  } catch {
    return '?';
  }
}
