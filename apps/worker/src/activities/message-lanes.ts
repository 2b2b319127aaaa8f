/** Lanes a worker's first batch starts with; later batches start where the previous one ended. */
export const FIRST_LANES = 8;
/** Never fewer lanes than this while work is left, so a saturated key still makes progress. */
export const MIN_LANES = 2;
/**
 * The most lanes a batch runs. At 100 requests/s and a message taking about a second end to end
 * on a loaded machine (Postgres statements and two IO calls), about 100 lanes keep the key at
 * its limit; the cap leaves room for slower machines without flooding the database pool.
 */
export const MAX_LANES = 192;
/**
 * A slot in the key's shared bucket waited for longer than this means the key's limit, not the
 * number of lanes, sets the pace: a lane is closed. A slot free at once means the limit is not
 * reached: a lane is opened. In between, the lanes stay as they are.
 */
export const SATURATED_WAIT_MS = 400;

/**
 * How many messages a batch keeps in flight, driven by the waits the key's shared Postgres token
 * bucket hands out (additive increase, additive decrease): the batch grows until its calls queue
 * behind the key's limit, and shrinks when the queue grows long (other batches, other workers
 * or other enti share the key). So the limit, not a fixed number of lanes, sets the pace.
 */
export class LaneGovernor {
  private target: number;

  constructor(start = FIRST_LANES) {
    this.target = Math.min(MAX_LANES, Math.max(MIN_LANES, Math.round(start)));
  }

  get lanes(): number {
    return this.target;
  }

  /** The wait (ms) the bucket gave one request of this batch. */
  observe(waitMs: number): void {
    if (waitMs <= 0) this.target = Math.min(MAX_LANES, this.target + 1);
    else if (waitMs > SATURATED_WAIT_MS) this.target = Math.max(MIN_LANES, this.target - 1);
  }
}

/**
 * Runs `each` over `items` with as many in flight as the governor says, opening a lane when it
 * asks for more and closing one (after its current item) when it asks for fewer; `onDone` after
 * each item (the activity's heartbeat). The first failure stops new items from starting and is
 * rethrown once the items in flight have settled.
 */
export async function inLanes<T>(
  items: readonly T[],
  each: (item: T) => Promise<void>,
  governor: { readonly lanes: number },
  onDone: (done: number) => void = () => undefined,
): Promise<void> {
  let next = 0;
  let done = 0;
  let active = 0;
  let failure: { error: unknown } | undefined;
  const running: Promise<void>[] = [];
  const lane = async (): Promise<void> => {
    try {
      while (failure === undefined && next < items.length) {
        // Closed when the governor wants fewer; the others carry on.
        if (active > governor.lanes) return;
        const item = items[next++] as T;
        await each(item);
        done += 1;
        onDone(done);
        open();
      }
    } catch (error) {
      failure ??= { error };
    } finally {
      active -= 1;
    }
  };
  const open = () => {
    while (failure === undefined && active < Math.min(governor.lanes, items.length - next)) {
      active += 1;
      running.push(lane());
    }
  };
  open();
  // Lanes opened while waiting join the list: wait until no new one was opened.
  for (let settled = 0; settled < running.length;) {
    const upTo = running.length;
    await Promise.all(running.slice(settled, upTo));
    settled = upTo;
  }
  if (failure !== undefined) throw failure.error;
}
