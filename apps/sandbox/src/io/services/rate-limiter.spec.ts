import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  let now = 0;
  const sut = () => new RateLimiter(0, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets one second worth of requests through at once, counting down the calls left, then throttles with a delay', () => {
    const limiter = sut();
    const decisions = Array.from({ length: 4 }, () => limiter.take('key-a', 3));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.slice(0, 3).map((d) => (d.allowed ? d.remaining : undefined))).toEqual([2, 1, 0]);
    expect(decisions[3]).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills continuously and keeps keys apart', () => {
    const limiter = sut();
    expect(limiter.take('key-a', 2).allowed).toBe(true);
    expect(limiter.take('key-a', 2).allowed).toBe(true);
    expect(limiter.take('key-a', 2).allowed).toBe(false);
    expect(limiter.take('key-b', 2).allowed).toBe(true);
    now += 500;
    expect(limiter.take('key-a', 2).allowed).toBe(true);
    expect(limiter.take('key-a', 2).allowed).toBe(false);
  });

  it('asks for a longer wait below one request a second, and never limits at rate 0', () => {
    const limiter = sut();
    expect(limiter.take('slow', 0.2).allowed).toBe(true);
    expect(limiter.take('slow', 0.2)).toEqual({ allowed: false, retryAfterSeconds: 5 });
    expect(Array.from({ length: 1000 }, () => limiter.take('free', 0).allowed).every(Boolean)).toBe(true);
  });
});
