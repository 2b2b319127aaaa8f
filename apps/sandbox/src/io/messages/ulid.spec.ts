import { ulid } from './ulid';

describe('ulid', () => {
  it('encodes the time in the first ten characters and 80 random bits in the last sixteen', () => {
    expect(ulid(1469918176385, Buffer.alloc(10))).toBe('01ARYZ6S410000000000000000');
    expect(ulid(0, Buffer.alloc(10, 0xff))).toBe('0000000000ZZZZZZZZZZZZZZZZ');
    expect(ulid()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('sorts by creation time', () => {
    expect(ulid(1_000) < ulid(2_000)).toBe(true);
  });
});
