import fc from 'fast-check';
import {
  addBusinessDays,
  businessDaysBetween,
  createBusinessCalendar,
  fromEpochDay,
  holidayOn,
  isHoliday,
  isWorkingDay,
  nationalHolidays,
  NATIONAL_BUSINESS_CALENDAR,
  rollToWorkingDay,
  toEpochDay,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const trieste = createBusinessCalendar({ enteHolidays: [{ month: 11, day: 3, name: 'San Giusto' }] });
const saturdayClosed = createBusinessCalendar({ saturdayIsWorkingDay: false });
const calendars = fc.constantFrom(NATIONAL_BUSINESS_CALENDAR, trieste, saturdayClosed);
const date = fc.integer({ min: toEpochDay('2020-01-01'), max: toEpochDay('2040-12-31') }).map(fromEpochDay);

describe('national holidays', () => {
  it('lists the 2026 holidays, San Francesco and Easter Monday included', () => {
    expect(nationalHolidays(2026).map((h) => `${h.date} ${h.name}`)).toEqual([
      '2026-01-01 Capodanno',
      '2026-01-06 Epifania',
      '2026-04-05 Pasqua',
      "2026-04-06 Lunedì dell'Angelo (Pasquetta)",
      '2026-04-25 Festa della Liberazione',
      '2026-05-01 Festa del Lavoro',
      '2026-06-02 Festa della Repubblica',
      '2026-08-15 Assunzione di Maria (Ferragosto)',
      "2026-10-04 San Francesco d'Assisi",
      '2026-11-01 Ognissanti',
      '2026-12-08 Immacolata Concezione',
      '2026-12-25 Natale',
      '2026-12-26 Santo Stefano',
    ]);
  });

  it('counts 4 October only from 2026 (L. 151/2025)', () => {
    expect(nationalHolidays(2025).some((h) => h.date === '2025-10-04')).toBe(false);
    expect(isHoliday('2024-10-04')).toBe(false); // a Friday
    expect(isHoliday('2027-10-04')).toBe(true); // a Monday
    expect(holidayOn('2027-10-04')).toEqual({
      date: '2027-10-04',
      name: "San Francesco d'Assisi",
      kind: 'national',
    });
  });

  it('knows Easter Monday, Sundays and plain days', () => {
    expect(holidayOn('2027-03-29')?.name).toBe("Lunedì dell'Angelo (Pasquetta)");
    expect(holidayOn('2026-11-29')).toEqual({ date: '2026-11-29', name: 'Domenica', kind: 'sunday' });
    expect(holidayOn('2026-11-25')).toBeUndefined();
  });
});

describe('ente holidays', () => {
  it('make San Giusto a holiday in Trieste only', () => {
    expect(holidayOn('2026-11-03', trieste)).toEqual({
      date: '2026-11-03',
      name: 'San Giusto',
      kind: 'ente',
    });
    expect(isWorkingDay('2026-11-03', trieste)).toBe(false);
    expect(isWorkingDay('2026-11-03')).toBe(true);
  });

  it('accept one-off dates and a first year', () => {
    const calendar = createBusinessCalendar({
      enteHolidays: [
        { date: '2026-05-18', name: 'Chiusura straordinaria' },
        { month: 6, day: 24, name: 'San Giovanni', fromYear: 2027 },
      ],
    });
    expect(holidayOn('2026-05-18', calendar)?.kind).toBe('ente');
    expect(isHoliday('2027-05-18', calendar)).toBe(false);
    expect(isHoliday('2026-06-24', calendar)).toBe(false);
    expect(isHoliday('2027-06-24', calendar)).toBe(true);
  });

  it('report the national name when both fall on the same day', () => {
    const calendar = createBusinessCalendar({ enteHolidays: [{ month: 12, day: 8, name: 'Patrono' }] });
    expect(holidayOn('2026-12-08', calendar)?.kind).toBe('national');
  });

  it.each([
    ['a month of 13', { month: 13, day: 1, name: 'x' }],
    ['30 February', { month: 2, day: 30, name: 'x' }],
    ['a fractional day', { month: 2, day: 1.5, name: 'x' }],
    ['no name', { month: 11, day: 3, name: ' ' }],
    ['a malformed date', { date: '03/11/2026', name: 'x' }],
    ['a fractional first year', { month: 11, day: 3, name: 'x', fromYear: 2026.5 }],
  ])('refuse %s', (_, holiday) => {
    expect(() => createBusinessCalendar({ enteHolidays: [holiday as never] })).toThrow(
      withCode('INVALID_CALENDAR'),
    );
  });

  it('refuse a list that is not a list', () => {
    expect(() => createBusinessCalendar({ enteHolidays: 'San Giusto' as never })).toThrow(
      withCode('INVALID_CALENDAR'),
    );
  });

  it('accept 29 February, which then applies in leap years only', () => {
    const calendar = createBusinessCalendar({ enteHolidays: [{ month: 2, day: 29, name: 'Leap day' }] });
    expect(isHoliday('2028-02-29', calendar)).toBe(true);
    expect(holidayOn('2027-02-28', calendar)?.kind).toBe('sunday');
  });
});

describe('working days', () => {
  it('include Saturday unless the ente closes on Saturdays', () => {
    expect(isWorkingDay('2026-11-28')).toBe(true);
    expect(isWorkingDay('2026-11-28', saturdayClosed)).toBe(false);
  });

  it.each([
    ['2026-11-25', NATIONAL_BUSINESS_CALENDAR, '2026-11-25'],
    ['2026-04-05', NATIONAL_BUSINESS_CALENDAR, '2026-04-07'], // Easter Sunday, then Easter Monday
    ['2026-12-25', NATIONAL_BUSINESS_CALENDAR, '2026-12-28'], // Christmas, Santo Stefano (Sat), Sunday
    ['2026-10-03', saturdayClosed, '2026-10-05'], // Saturday, then Sunday 4 October
    ['2026-11-03', trieste, '2026-11-04'],
  ])('roll %s to %s', (from, calendar, expected) => {
    expect(rollToWorkingDay(from, calendar)).toBe(expected);
  });

  it.each([
    ['2026-12-23', 2, NATIONAL_BUSINESS_CALENDAR, '2026-12-28'],
    ['2026-11-25', 0, NATIONAL_BUSINESS_CALENDAR, '2026-11-25'],
    ['2026-11-27', 1, NATIONAL_BUSINESS_CALENDAR, '2026-11-28'],
    ['2026-11-27', 1, saturdayClosed, '2026-11-30'],
    ['2027-10-01', 1, saturdayClosed, '2027-10-05'], // Saturday, Sunday, San Francesco on Monday
    ['2026-11-02', 1, trieste, '2026-11-04'],
    ['2026-12-28', -2, NATIONAL_BUSINESS_CALENDAR, '2026-12-23'],
  ])('%s + %p working days = %s', (from, days, calendar, expected) => {
    expect(addBusinessDays(from, days, calendar)).toBe(expected);
  });

  it('count the working days after the start up to the end', () => {
    expect(businessDaysBetween('2026-12-23', '2026-12-28')).toBe(2);
    expect(businessDaysBetween('2026-12-28', '2026-12-23')).toBe(-2);
    expect(businessDaysBetween('2026-11-25', '2026-11-25')).toBe(0);
    // 364 days after 1 January, 104 weekend days, 6 holidays on weekdays (6/1, 6/4, 1/5, 2/6, 8/12, 25/12).
    expect(businessDaysBetween('2026-01-01', '2026-12-31', saturdayClosed)).toBe(364 - 104 - 6);
  });

  it('refuse bad input', () => {
    expect(() => addBusinessDays('2026-11-25', 1.5)).toThrow(withCode('INVALID_TERM'));
    expect(() => addBusinessDays('2026-11-31', 1)).toThrow(withCode('INVALID_DATE'));
    expect(() => businessDaysBetween('2026-11-25', '26-11-2026')).toThrow(withCode('INVALID_DATE'));
    expect(() => isWorkingDay('2026-02-29')).toThrow(withCode('INVALID_DATE'));
  });

  it('addBusinessDays lands on a working day and businessDaysBetween counts it back', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 300 }), calendars, (start, days, calendar) => {
        const end = addBusinessDays(start, days, calendar);
        expect(isWorkingDay(end, calendar)).toBe(true);
        expect(businessDaysBetween(start, end, calendar)).toBe(days);
        expect(businessDaysBetween(end, start, calendar)).toBe(-days);
      }),
      PROPERTY_RUNS,
    );
  });

  it('going back the same number of working days returns to a working start day', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 300 }), calendars, (start, days, calendar) => {
        const workingStart = rollToWorkingDay(start, calendar);
        expect(addBusinessDays(addBusinessDays(workingStart, days, calendar), -days, calendar)).toBe(
          workingStart,
        );
      }),
      PROPERTY_RUNS,
    );
  });

  it('rollToWorkingDay returns the first working day on or after the date', () => {
    fc.assert(
      fc.property(date, calendars, (start, calendar) => {
        const rolled = rollToWorkingDay(start, calendar);
        expect(isWorkingDay(rolled, calendar)).toBe(true);
        for (let day = toEpochDay(start); day < toEpochDay(rolled); day++) {
          expect(isWorkingDay(fromEpochDay(day), calendar)).toBe(false);
        }
      }),
      PROPERTY_RUNS,
    );
  });
});
