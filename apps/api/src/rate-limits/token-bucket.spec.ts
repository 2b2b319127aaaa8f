import { TokenBuckets } from './token-bucket';

describe(TokenBuckets.name, () => {
  it('allows a burst up to the capacity, then asks to wait until a token is back', () => {
    let now = 0;
    const sut = new TokenBuckets(60, 3, () => now);
    expect([sut.take('a'), sut.take('a'), sut.take('a')]).toEqual([0, 0, 0]);
    expect(sut.take('a')).toBe(1);
    expect(sut.take('b')).toBe(0);
    now += 1000;
    expect(sut.take('a')).toBe(0);
    expect(sut.take('a')).toBe(1);
  });

  it('forgets the least recently used callers beyond its size', () => {
    const sut = new TokenBuckets(60, 1, () => 0, 2);
    sut.take('a');
    sut.take('b');
    sut.take('c');
    expect(sut.take('a')).toBe(0);
    expect(sut.take('c')).toBe(1);
  });

  it('charges a request of several operations one token each, all or nothing', () => {
    const sut = new TokenBuckets(60, 5, () => 0);
    expect(sut.take('a', 4)).toBe(0);
    expect(sut.take('a', 2)).toBeGreaterThan(0);
    expect(sut.take('a', 1)).toBe(0);
  });
});
