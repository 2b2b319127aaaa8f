import { backoffDelay, DEFAULT_DELIVERY_SETTINGS } from './receipt-delivery';

describe(backoffDelay.name, () => {
  it('doubles from the initial delay at each further attempt and stops at the cap', () => {
    const settings = { ...DEFAULT_DELIVERY_SETTINGS, initialDelayMs: 100, maxDelayMs: 1000 };
    expect([2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, settings))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });
});
