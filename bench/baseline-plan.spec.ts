import type { google, temporal } from '@temporalio/proto';
import { baselinePlan } from './baseline-plan';

type Event = temporal.api.history.v1.IHistoryEvent;
type Seconds = NonNullable<google.protobuf.IDuration['seconds']>;

/** Durations come out of a fetched history as protobuf Longs. */
const seconds = (value: number) => ({ toNumber: () => value }) as unknown as Seconds;

const localActivity = (activityType: string): Event => ({
  markerRecordedEventAttributes: {
    markerName: 'core_local_activity',
    details: { data: { payloads: [{ data: Buffer.from(JSON.stringify({ activity_type: activityType })) }] } },
  },
});

describe(baselinePlan.name, () => {
  it('replays a history in order: activities, local activities, timers, updates, signals and children', async () => {
    const parent: Event[] = [
      { workflowTaskCompletedEventAttributes: {} },
      { activityTaskScheduledEventAttributes: { activityType: { name: 'recordCase' } } },
      localActivity('romeCalendar'),
      { timerStartedEventAttributes: { timerId: '1', startToFireTimeout: { seconds: seconds(259200) } } },
      { workflowExecutionUpdateAcceptedEventAttributes: {} },
      { timerCanceledEventAttributes: { timerId: '1' } },
      {
        timerStartedEventAttributes: {
          timerId: '2',
          startToFireTimeout: { seconds: seconds(2), nanos: 500_000_000 },
        },
      },
      { timerFiredEventAttributes: { timerId: '2' } },
      { upsertWorkflowSearchAttributesEventAttributes: {} },
      { startChildWorkflowExecutionInitiatedEventAttributes: { workflowId: 'payment/1' } },
      { workflowExecutionSignaledEventAttributes: {} },
      { childWorkflowExecutionCompletedEventAttributes: {} },
    ];
    const child: Event[] = [
      { activityTaskScheduledEventAttributes: { activityType: { name: 'recordPaymentState' } } },
      { workflowExecutionUpdateAcceptedEventAttributes: {} },
    ];
    const asked: string[] = [];
    const { plan, counts } = await baselinePlan({ events: parent }, async (id) => {
      asked.push(id);
      return { events: child };
    });

    expect(asked).toEqual(['payment/1']);
    expect(plan).toEqual([
      { kind: 'activity' },
      { kind: 'localActivity' },
      { kind: 'armTimer', ms: 259_200_000 },
      { kind: 'update' },
      { kind: 'cancelTimer' },
      { kind: 'sleep', ms: 2500 },
      { kind: 'startChild', plan: [{ kind: 'activity' }, { kind: 'update' }] },
      { kind: 'signal' },
      { kind: 'awaitChild' },
    ]);
    expect(counts).toEqual({
      events: parent.length + child.length,
      workflowTasks: 1,
      activities: 2,
      localActivities: 1,
      timersFired: 1,
      timersCancelled: 1,
      updates: 2,
      signals: 1,
      children: 1,
      searchAttributeUpserts: 1,
      byType: { recordCase: 1, 'local:romeCalendar': 1, recordPaymentState: 1 },
    });
  });
});
