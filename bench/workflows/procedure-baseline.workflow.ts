import {
  CancellationScope,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';

export interface BaselineActivities {
  noop(step: number): Promise<number>;
}

/**
 * One command of a recorded history, in the order the history holds them: what the bare baseline
 * replays with no-ops so that it pays Temporal the same round-trips as the case it mirrors.
 */
export type BaselineOp =
  | { kind: 'activity' }
  | { kind: 'localActivity' }
  /** A timer that fired: slept in full. */
  | { kind: 'sleep'; ms: number }
  /** A timer started and later cancelled (a wait bounded by a deadline that a message ended first). */
  | { kind: 'armTimer'; ms: number }
  | { kind: 'cancelTimer' }
  /** An Update from a client, answered once the workflow reaches this point. */
  | { kind: 'update' }
  | { kind: 'signal' }
  | { kind: 'startChild'; plan: BaselineOp[] }
  | { kind: 'awaitChild' };

export const baselineUpdate = defineUpdate<number>('baselineStep');
export const baselineSignal = defineSignal('baselineSignal');
/** How far the baseline got: what a polling client would read, as the api's answer() reads the case. */
export const baselineProgressQuery = defineQuery<number>('baselineProgress');

const { noop } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });
const { noop: localNoop } = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '5 seconds' });

/** The id a baseline gives its n-th child, so the driver can reach it without asking. */
export const baselineChildId = (parentId: string, index: number) => `${parentId}/child-${index}`;

/** The bare-Temporal floor for one case: the same activities, timers, messages and children, doing nothing. */
export async function baselineCaseWorkflow(plan: BaselineOp[]): Promise<number> {
  let arrived = 0;
  let consumed = 0;
  let signals = 0;
  let step = 0;
  setHandler(baselineUpdate, async () => {
    const mine = ++arrived;
    // Answered after the workflow moved past it, as the case's Updates are.
    await condition(() => consumed >= mine);
    return mine;
  });
  setHandler(baselineSignal, () => void signals++);
  setHandler(baselineProgressQuery, () => step);

  const armed: CancellationScope[] = [];
  const children: ChildWorkflowHandle<typeof baselineCaseWorkflow>[] = [];
  let started = 0;
  for (const op of plan) {
    switch (op.kind) {
      case 'activity':
        await noop(step++);
        break;
      case 'localActivity':
        await localNoop(step++);
        break;
      case 'sleep':
        await sleep(op.ms);
        break;
      case 'armTimer': {
        const scope = new CancellationScope();
        scope.run(() => sleep(op.ms)).catch(() => undefined);
        armed.push(scope);
        break;
      }
      case 'cancelTimer':
        armed.shift()?.cancel();
        break;
      case 'update':
        await condition(() => arrived > consumed);
        consumed++;
        break;
      case 'signal':
        await condition(() => signals > 0);
        signals--;
        break;
      case 'startChild':
        children.push(
          await startChild(baselineCaseWorkflow, {
            workflowId: baselineChildId(workflowInfo().workflowId, started++),
            args: [op.plan],
          }),
        );
        break;
      case 'awaitChild':
        await children.shift()?.result();
        break;
    }
  }
  await condition(() => consumed >= arrived);
  return step;
}
