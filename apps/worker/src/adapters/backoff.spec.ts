import fc from 'fast-check';
import { backoffWithJitter } from './backoff';

describe('backoffWithJitter', () => {
  it('doubles from one second to a one-minute ceiling, each wait in the upper half of its step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, roll) => {
          const ceiling = Math.min(60_000, 1000 * 2 ** (attempt - 1));
          const wait = backoffWithJitter(attempt, () => roll);
          expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
          expect(wait).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
    expect(backoffWithJitter(1, () => 0)).toBe(500);
    expect(backoffWithJitter(3, () => 1)).toBe(4000);
  });
});
