import fc from 'fast-check';
import {
  civilDateInRome,
  fromEpochDay,
  instantInRome,
  romeDateAt,
  romeMidnightOf,
  romeOffsetMinutes,
  toEpochDay,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 2000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });
// From the first year of the EU rule to well past any case running today.
const instant = fc.integer({ min: Date.UTC(1996, 0, 2), max: Date.UTC(2200, 0, 1) });
/** Instants within a few hours of a clock change or of midnight in Rome, where mistakes hide. */
const nearTransition = fc
  .record({
    year: fc.integer({ min: 1996, max: 2199 }),
    month: fc.constantFrom(3, 10),
    minutes: fc.integer({ min: -180, max: 180 }),
  })
  .map(({ year, month, minutes }) => {
    const lastDay = Date.UTC(year, month, 0);
    const lastSunday = lastDay - new Date(lastDay).getUTCDay() * 86_400_000;
    return lastSunday + 3_600_000 + minutes * 60_000;
  });
const rome = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Rome',
  hour12: false,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});
/** Minutes Rome's wall clock is ahead of UTC at `ms`, as the runtime's tz data says. */
function intlOffsetMinutes(ms: number): number {
  const part = (type: string) =>
    Number(rome.formatToParts(new Date(ms)).find((candidate) => candidate.type === type)!.value);
  // Some runtimes print midnight as hour 24.
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour') % 24, part('minute'));
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

describe('romeOffsetMinutes', () => {
  it('agrees with the tz data of the runtime on every instant, and around every clock change', () => {
    fc.assert(
      fc.property(fc.oneof(instant, nearTransition), (ms) => {
        expect(romeOffsetMinutes(ms)).toBe(intlOffsetMinutes(ms));
      }),
      PROPERTY_RUNS,
    );
  });

  it('changes at 01:00 UTC on the last Sundays of March and October', () => {
    expect(romeOffsetMinutes(Date.parse('2027-03-28T00:59:59.999Z'))).toBe(60);
    expect(romeOffsetMinutes(Date.parse('2027-03-28T01:00:00Z'))).toBe(120);
    expect(romeOffsetMinutes(Date.parse('2027-10-31T00:59:59.999Z'))).toBe(120);
    expect(romeOffsetMinutes(Date.parse('2027-10-31T01:00:00Z'))).toBe(60);
  });

  it('refuses instants before the EU rule, and what is not an instant', () => {
    expect(() => romeOffsetMinutes(Date.UTC(1995, 11, 31))).toThrow(withCode('INVALID_DATE'));
    expect(() => romeOffsetMinutes(Number.NaN)).toThrow(withCode('INVALID_DATE'));
  });
});

describe('romeDateAt and romeMidnightOf', () => {
  it("give the civil day and its first instant as the tz-data functions (the romeCalendar activity's) do", () => {
    fc.assert(
      fc.property(fc.oneof(instant, nearTransition), (ms) => {
        const today = romeDateAt(ms);
        expect(today).toBe(civilDateInRome(new Date(ms)));
        expect(romeMidnightOf(today)).toBe(instantInRome(today, 0).getTime());
        expect(romeMidnightOf(today)).toBeLessThanOrEqual(ms);
        expect(romeMidnightOf(fromEpochDay(toEpochDay(today) + 1))).toBeGreaterThan(ms);
      }),
      PROPERTY_RUNS,
    );
  });

  it('starts the days of the clock changes at the right hour', () => {
    expect(new Date(romeMidnightOf('2027-03-28')).toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(new Date(romeMidnightOf('2027-03-29')).toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(new Date(romeMidnightOf('2027-10-31')).toISOString()).toBe('2027-10-30T22:00:00.000Z');
    expect(new Date(romeMidnightOf('2027-11-01')).toISOString()).toBe('2027-10-31T23:00:00.000Z');
  });
});
