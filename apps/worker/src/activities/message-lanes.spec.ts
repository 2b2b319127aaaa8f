import { setTimeout as sleep } from 'node:timers/promises';
import { FIRST_LANES, inLanes, LaneGovernor, MAX_LANES, MIN_LANES, SATURATED_WAIT_MS } from './message-lanes';

describe(LaneGovernor.name, () => {
  it('opens a lane for each slot free at once, up to the cap', () => {
    const sut = new LaneGovernor();
    expect(sut.lanes).toBe(FIRST_LANES);
    for (let n = 0; n < 10; n += 1) sut.observe(0);
    expect(sut.lanes).toBe(FIRST_LANES + 10);
    for (let n = 0; n < 1000; n += 1) sut.observe(0);
    expect(sut.lanes).toBe(MAX_LANES);
  });

  it('closes a lane for each long wait, never below the floor, and holds on short waits', () => {
    const sut = new LaneGovernor(20);
    sut.observe(SATURATED_WAIT_MS);
    expect(sut.lanes).toBe(20);
    sut.observe(SATURATED_WAIT_MS + 1);
    expect(sut.lanes).toBe(19);
    for (let n = 0; n < 100; n += 1) sut.observe(5_000);
    expect(sut.lanes).toBe(MIN_LANES);
  });
});

describe(inLanes.name, () => {
  it('runs every item once, as many at a time as the governor says while it changes its mind', async () => {
    const governor = { lanes: 2 };
    const seen: number[] = [];
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 60 }, (_, n) => n);
    await inLanes(
      items,
      async (item) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await sleep(1);
        seen.push(item);
        inFlight -= 1;
        // Wider after the first ten, narrower after forty.
        if (seen.length === 10) governor.lanes = 6;
        if (seen.length === 40) governor.lanes = 1;
      },
      governor,
    );
    expect([...seen].sort((a, b) => a - b)).toEqual(items);
    expect(most).toBe(6);
  });

  it('starts nothing after a failure and rethrows it once the items in flight settle', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = inLanes(
      Array.from({ length: 50 }, (_, n) => n),
      async (item) => {
        started.push(item);
        await sleep(item === 3 ? 1 : 5);
        settled += 1;
        if (item === 3) throw new Error('database down');
      },
      { lanes: 4 },
    );
    await expect(run).rejects.toThrow('database down');
    expect(settled).toBe(started.length);
    expect(started.length).toBeLessThan(10);
  });
});
