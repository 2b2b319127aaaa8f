import fc from 'fast-check';
import {
  addDays,
  createBusinessCalendar,
  fromEpochDay,
  isWorkingDay,
  NATIONAL_BUSINESS_CALENDAR,
  termDeadline,
  toEpochDay,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const trieste = createBusinessCalendar({ enteHolidays: [{ month: 11, day: 3, name: 'San Giusto' }] });
const saturdayClosed = createBusinessCalendar({ saturdayIsWorkingDay: false });

describe('termDeadline', () => {
  it.each([
    // 30 days from 25 November end on Christmas: Santo Stefano (Saturday) and Sunday follow.
    ['2026-11-25', 30, 'calendarDays', NATIONAL_BUSINESS_CALENDAR, '2026-12-28'],
    // The marriage procedure's 3 days, received on the Thursday before Easter.
    ['2026-04-02', 3, 'calendarDays', NATIONAL_BUSINESS_CALENDAR, '2026-04-07'],
    ['2026-11-25', 3, 'calendarDays', NATIONAL_BUSINESS_CALENDAR, '2026-11-28'],
    ['2026-11-25', 3, 'calendarDays', saturdayClosed, '2026-11-30'],
    ['2026-10-04', 30, 'calendarDays', trieste, '2026-11-04'],
    ['2026-10-04', 30, 'calendarDays', NATIONAL_BUSINESS_CALENDAR, '2026-11-03'],
    ['2026-01-31', 1, 'months', NATIONAL_BUSINESS_CALENDAR, '2026-02-28'],
    ['2026-01-31', 1, 'months', saturdayClosed, '2026-03-02'],
    ['2026-12-23', 2, 'businessDays', NATIONAL_BUSINESS_CALENDAR, '2026-12-28'],
    ['2026-12-25', 0, 'calendarDays', NATIONAL_BUSINESS_CALENDAR, '2026-12-28'],
  ] as const)('%s + %p %s = %s', (start, length, unit, calendar, expected) => {
    expect(termDeadline(start, { length, unit }, calendar)).toBe(expected);
  });

  it.each([
    ['a negative length', { length: -1, unit: 'calendarDays' }],
    ['a fractional length', { length: 1.5, unit: 'calendarDays' }],
    ['a missing length', { unit: 'calendarDays' }],
    ['an unknown unit', { length: 3, unit: 'weeks' }],
  ])('refuses %s with INVALID_TERM', (_, term) => {
    expect(() => termDeadline('2026-11-25', term as never)).toThrow(withCode('INVALID_TERM'));
  });

  it('refuses a malformed start date with INVALID_DATE', () => {
    expect(() => termDeadline('2026-11-31', { length: 30, unit: 'calendarDays' })).toThrow(
      withCode('INVALID_DATE'),
    );
  });

  it('ends a calendar-day term on the first working day on or after start + length', () => {
    const calendar = fc.constantFrom(NATIONAL_BUSINESS_CALENDAR, trieste, saturdayClosed);
    const start = fc
      .integer({ min: toEpochDay('2020-01-01'), max: toEpochDay('2040-12-31') })
      .map(fromEpochDay);
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 180 }), calendar, (from, length, cal) => {
        const deadline = termDeadline(from, { length, unit: 'calendarDays' }, cal);
        const nominal = addDays(from, length);
        expect(isWorkingDay(deadline, cal)).toBe(true);
        expect(deadline >= nominal).toBe(true);
        for (let day = toEpochDay(nominal); day < toEpochDay(deadline); day++) {
          expect(isWorkingDay(fromEpochDay(day), cal)).toBe(false);
        }
      }),
      PROPERTY_RUNS,
    );
  });
});
