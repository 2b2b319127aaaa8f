import { FaultInjector } from './fault-injector';

describe(FaultInjector.name, () => {
  const sequence = (...rolls: number[]) => {
    let i = 0;
    return () => rolls[i++ % rolls.length]!;
  };

  it('injects nothing by default', () => {
    const sut = new FaultInjector(sequence(0, 0.5, 0.99));
    expect([sut.draw(), sut.draw(), sut.draw()].map((f) => f.kind)).toEqual(['none', 'none', 'none']);
    expect(sut.counters()).toEqual({
      requests: 3,
      inFlight: 0,
      injected5xx: 0,
      injected429: 0,
      injectedTimeouts: 0,
      droppedResponsesAfterCommit: 0,
    });
  });

  it('splits one draw into 5xx, 429 and timeout slices by their rates', () => {
    const sut = new FaultInjector(sequence(0.05, 0.15, 0.25, 0.35));
    sut.configure({ rate5xx: 0.1, rate429: 0.1, rateTimeout: 0.1, timeoutMs: 500 });
    expect([sut.draw(), sut.draw(), sut.draw(), sut.draw()]).toEqual([
      { kind: '5xx' },
      { kind: '429' },
      { kind: 'timeout', holdMs: 500 },
      { kind: 'none' },
    ]);
    expect(sut.counters()).toMatchObject({ injected5xx: 1, injected429: 1, injectedTimeouts: 1 });
  });

  it('drops the answer of a write after commit in its own slice, and never the answer of a read', () => {
    const sut = new FaultInjector(sequence(0.15, 0.15, 0.5));
    sut.configure({ rate5xx: 0.1, dropResponseAfterCommitRate: 0.1, dropResponseMode: '504' });
    expect(sut.draw({ write: true })).toEqual({ kind: 'dropResponseAfterCommit', mode: '504' });
    expect(sut.draw({ write: false })).toEqual({ kind: 'none' });
    expect(sut.draw({ write: true })).toEqual({ kind: 'none' });
  });

  it('limits faults to the configured path prefixes', () => {
    const sut = new FaultInjector();
    expect(sut.covers('/gpd/debt-positions-service/v1/organizations')).toBe(true);
    sut.configure({ pathPrefixes: ['/api/v1/messages'] });
    expect(sut.covers('/api/v1/messages/RSSMRA80A01L424F')).toBe(true);
    expect(sut.covers('/gpd/debt-positions-service/v1/organizations')).toBe(false);
  });

  it('rejects rates outside 0..1 and keeps the previous settings', () => {
    const sut = new FaultInjector();
    expect(() => sut.configure({ rate5xx: 1.5 })).toThrow();
    expect(sut.current().rate5xx).toBe(0);
  });
});

describe('FaultInjector.entered', () => {
  it('counts a call in flight until its connection closes, once however often it is told', () => {
    const sut = new FaultInjector();
    const left = sut.entered();
    sut.entered();
    expect(sut.counters().inFlight).toBe(2);
    left();
    left();
    expect(sut.counters().inFlight).toBe(1);
  });
});
