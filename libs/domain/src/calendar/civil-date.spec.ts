import fc from 'fast-check';
import {
  addDays,
  addMonths,
  civilDateInRome,
  compareCivilDates,
  daysBetween,
  formatCivilDate,
  formatItalianDate,
  fromEpochDay,
  isoWeekday,
  isValidCivilDate,
  parseCivilDate,
  startOfNextCivilDayInRome,
  toEpochDay,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });
const DAY_MS = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// 1600-01-01 .. 2400-12-31, wide enough to cross the Gregorian century rules both ways.
const epochDay = fc.integer({ min: toEpochDay('1600-01-01'), max: toEpochDay('2400-12-31') });

describe('parseCivilDate', () => {
  it.each(['2026-11-25', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (date) => {
    expect(parseCivilDate(` ${date} `)).toBe(date);
    expect(isValidCivilDate(date)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-1-01',
    '25/11/2026',
    '2026-11-25T10:00',
    '0000-01-01',
    '',
  ])('refuses %p with INVALID_DATE', (date) => {
    expect(() => parseCivilDate(date)).toThrow(withCode('INVALID_DATE'));
    expect(isValidCivilDate(date)).toBe(false);
  });

  it('refuses non-string input', () => {
    expect(() => parseCivilDate(new Date() as unknown as string)).toThrow(withCode('INVALID_DATE'));
  });

  it('refuses to format a year outside 1-9999', () => {
    expect(() => formatCivilDate({ year: 10000, month: 1, day: 1 })).toThrow(withCode('INVALID_DATE'));
    expect(() => formatCivilDate({ year: 2026, month: 2, day: 29 })).toThrow(withCode('INVALID_DATE'));
  });
});

describe('epoch days', () => {
  it('agree with Date.UTC, weekday included', () => {
    fc.assert(
      fc.property(epochDay, (day) => {
        const date = fromEpochDay(day);
        expect(date).toBe(utcDate(day * DAY_MS));
        expect(toEpochDay(date)).toBe(day);
        expect(isoWeekday(date)).toBe(((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1);
      }),
      PROPERTY_RUNS,
    );
  });

  it('make addDays and daysBetween inverse', () => {
    fc.assert(
      fc.property(epochDay, fc.integer({ min: -5000, max: 5000 }), (day, offset) => {
        const date = fromEpochDay(day);
        const later = addDays(date, offset);
        expect(daysBetween(date, later)).toBe(offset);
        expect(compareCivilDates(later, date)).toBe(Math.sign(offset));
      }),
      PROPERTY_RUNS,
    );
  });

  it('refuses a fractional number of days', () => {
    expect(() => addDays('2026-11-25', 0.5)).toThrow(withCode('INVALID_TERM'));
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-08-31', 12, '2027-08-31'],
    ['2026-05-10', -17, '2024-12-10'],
  ])('%s + %p months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('refuses fractional months', () => {
    expect(() => addMonths('2026-01-31', 1.5)).toThrow(withCode('INVALID_TERM'));
  });
});

describe('civilDateInRome', () => {
  it.each([
    ['2026-01-15T22:59:59Z', '2026-01-15'],
    ['2026-01-15T23:00:00Z', '2026-01-16'], // CET, UTC+1
    ['2026-07-15T21:59:59Z', '2026-07-15'],
    ['2026-07-15T22:00:00Z', '2026-07-16'], // CEST, UTC+2
    ['2026-03-28T23:30:00Z', '2026-03-29'], // the night clocks go forward
    ['2026-10-24T22:30:00Z', '2026-10-25'], // the night clocks go back
    ['2026-12-31T23:00:00Z', '2027-01-01'],
  ])('%s is %s in Italy', (instant, date) => {
    expect(civilDateInRome(new Date(instant))).toBe(date);
  });

  it('is always the UTC date one or two hours later', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect([utcDate(ms + 3_600_000), utcDate(ms + 7_200_000)]).toContain(civilDateInRome(new Date(ms)));
      }),
      PROPERTY_RUNS,
    );
  });

  it('refuses an invalid Date', () => {
    expect(() => civilDateInRome(new Date('not a date'))).toThrow(withCode('INVALID_DATE'));
    expect(() => civilDateInRome('2026-01-01' as unknown as Date)).toThrow(withCode('INVALID_DATE'));
  });
});

describe('startOfNextCivilDayInRome', () => {
  it('ends a winter due date at 23:00 UTC and a summer one at 22:00 UTC', () => {
    expect(startOfNextCivilDayInRome('2026-12-31').toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(startOfNextCivilDayInRome('2026-07-15').toISOString()).toBe('2026-07-15T22:00:00.000Z');
  });

  it('handles the days of the clock change', () => {
    expect(startOfNextCivilDayInRome('2026-03-28').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfNextCivilDayInRome('2026-03-29').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfNextCivilDayInRome('2026-10-25').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('rejects a date that does not exist', () => {
    expect(() => startOfNextCivilDayInRome('2026-02-30')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});

describe('formatItalianDate', () => {
  it('prints day/month/year with two-digit day and month, as notices do', () => {
    expect(formatItalianDate('2027-03-05')).toBe('05/03/2027');
    expect(formatItalianDate('2026-12-31')).toBe('31/12/2026');
  });
});
