import { formatCaseNumber } from './case-numbers';

describe(formatCaseNumber.name, () => {
  it('pads the counter to six digits after the year', () => {
    expect(formatCaseNumber(2026, 1)).toBe('2026-000001');
    expect(formatCaseNumber(2026, 999999)).toBe('2026-999999');
  });

  it('lets the counter grow past a million rather than wrap', () => {
    expect(formatCaseNumber(2027, 1000000)).toBe('2027-1000000');
  });
});
