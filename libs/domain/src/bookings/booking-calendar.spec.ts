import fc from 'fast-check';
import {
  addDays,
  bookingCalendarProblems,
  checkBookingCalendar,
  civilDateInRome,
  createBusinessCalendar,
  fromEpochDay,
  holidayOn,
  instantInRome,
  isoWeekday,
  localTimeOfMinutes,
  minuteOfDayInRome,
  minutesOfLocalTime,
  offeredSlot,
  slotInstants,
  slotsBetween,
  toEpochDay,
  type BookingCalendar,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 300 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

/** Trieste's wedding hall (the seed): Mon-Fri 10-12, Sat 10-13, hourly, closed on holidays. */
const hall: BookingCalendar = checkBookingCalendar({
  slotMinutes: 60,
  weekly: [
    ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '10:00', closes: '12:00' })),
    { weekday: 6, opens: '10:00', closes: '13:00' },
  ],
  closedOn: [],
  closedOnHolidays: true,
});
const trieste = createBusinessCalendar({ enteHolidays: [{ month: 11, day: 3, name: 'San Giusto' }] });

const date = fc.integer({ min: toEpochDay('2025-01-01'), max: toEpochDay('2035-12-31') }).map(fromEpochDay);

/** A valid calendar: per weekday, disjoint openings that divide into whole slots. */
const calendarArb: fc.Arbitrary<BookingCalendar> = fc
  .record({
    slotMinutes: fc.constantFrom(15, 20, 30, 45, 60, 90, 120),
    days: fc.array(
      fc.record({
        weekday: fc.integer({ min: 1, max: 7 }),
        startSlot: fc.integer({ min: 0, max: 40 }),
        slots: fc.integer({ min: 1, max: 6 }),
      }),
      { maxLength: 8 },
    ),
    closedOn: fc.array(date, { maxLength: 20 }),
    closedOnHolidays: fc.boolean(),
  })
  .map(({ slotMinutes, days, closedOn, closedOnHolidays }) => {
    const taken = new Map<number, [number, number][]>();
    const weekly = days.flatMap(({ weekday, startSlot, slots }) => {
      const opens = startSlot * slotMinutes;
      const closes = Math.min(opens + slots * slotMinutes, 1440 - (1440 % slotMinutes));
      if (closes <= opens) return [];
      const ranges = taken.get(weekday) ?? [];
      if (ranges.some(([a, b]) => a < closes && opens < b)) return [];
      taken.set(weekday, [...ranges, [opens, closes]]);
      return [{ weekday, opens: localTimeOfMinutes(opens), closes: localTimeOfMinutes(closes) }];
    });
    return checkBookingCalendar({ slotMinutes, weekly, closedOn, closedOnHolidays });
  });

describe('checkBookingCalendar', () => {
  it('normalises openings and closed dates', () => {
    expect(
      checkBookingCalendar({
        slotMinutes: 30,
        weekly: [
          { weekday: 3, opens: '14:00', closes: '15:00' },
          { weekday: 1, opens: '09:00', closes: '10:00' },
          { weekday: 3, opens: '09:00', closes: '10:00' },
        ],
        closedOn: ['2026-12-31', '2026-08-14', '2026-12-31'],
        closedOnHolidays: false,
      }),
    ).toEqual({
      slotMinutes: 30,
      weekly: [
        { weekday: 1, opens: '09:00', closes: '10:00' },
        { weekday: 3, opens: '09:00', closes: '10:00' },
        { weekday: 3, opens: '14:00', closes: '15:00' },
      ],
      closedOn: ['2026-08-14', '2026-12-31'],
      closedOnHolidays: false,
    });
  });

  it('names every field to fix', () => {
    const problems = bookingCalendarProblems({
      slotMinutes: 60,
      weekly: [
        { weekday: 8, opens: '10:00', closes: '12:00' },
        { weekday: 1, opens: '10:00', closes: '12:30' },
        { weekday: 2, opens: '12:00', closes: '10:00' },
        { weekday: 2, opens: '9:00', closes: '25:00' },
        { weekday: 5, opens: '10:00', closes: '12:00' },
        { weekday: 5, opens: '11:00', closes: '13:00' },
      ],
      closedOn: ['2026-02-30'],
      closedOnHolidays: 'yes',
    });
    expect(problems.map((p) => `${p.field} ${p.code}`)).toEqual([
      'weekly.0.weekday BAD_USER_INPUT',
      'weekly.1.closes BAD_USER_INPUT',
      'weekly.2.closes BAD_USER_INPUT',
      'weekly.3.opens BAD_USER_INPUT',
      'weekly.3.closes BAD_USER_INPUT',
      'weekly.5 BAD_USER_INPUT',
      'closedOn.0 INVALID_DATE',
      'closedOnHolidays BAD_USER_INPUT',
    ]);
    expect(problems[1]!.message).toContain('does not divide into 60-minute slots');
  });

  it.each([null, 'x', [], { slotMinutes: 3, weekly: [], closedOn: [], closedOnHolidays: true }])(
    'refuses %p with a typed error naming the field',
    (input) => {
      expect(() => checkBookingCalendar(input)).toThrow(withCode('BAD_USER_INPUT'));
    },
  );

  it('carries the field and all problems in the error', () => {
    try {
      checkBookingCalendar({ slotMinutes: 60, weekly: 'every day', closedOn: [], closedOnHolidays: true });
      throw new Error('expected a DomainError');
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'weekly' } });
    }
  });

  it('accepts every generated calendar again unchanged (normal form is stable)', () => {
    fc.assert(
      fc.property(calendarArb, (calendar) => {
        expect(bookingCalendarProblems(calendar)).toEqual([]);
        expect(checkBookingCalendar(calendar)).toEqual(calendar);
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('slotsBetween', () => {
  it("offers Trieste's hall on weekdays and Saturday, not on holidays or Sundays", () => {
    // 2026-11-02 Mon … 2026-11-08 Sun; 3 November is San Giusto in Trieste.
    const slots = slotsBetween(hall, '2026-11-02', '2026-11-08', trieste);
    expect(slots.map((s) => `${s.date} ${s.start}-${s.end}`)).toEqual([
      '2026-11-02 10:00-11:00',
      '2026-11-02 11:00-12:00',
      '2026-11-04 10:00-11:00',
      '2026-11-04 11:00-12:00',
      '2026-11-05 10:00-11:00',
      '2026-11-05 11:00-12:00',
      '2026-11-06 10:00-11:00',
      '2026-11-06 11:00-12:00',
      '2026-11-07 10:00-11:00',
      '2026-11-07 11:00-12:00',
      '2026-11-07 12:00-13:00',
    ]);
    // Without the ente's holidays San Giusto is an ordinary Tuesday.
    expect(slotsBetween(hall, '2026-11-03', '2026-11-03')).toHaveLength(2);
    // National holidays: 8 December 2026 is a Tuesday.
    expect(slotsBetween(hall, '2026-12-08', '2026-12-08')).toEqual([]);
  });

  it('keeps holidays open when the calendar says so, and closes listed dates', () => {
    const open = checkBookingCalendar({ ...hall, closedOnHolidays: false, closedOn: ['2026-11-04'] });
    expect(slotsBetween(open, '2026-12-08', '2026-12-08')).toHaveLength(2);
    expect(slotsBetween(open, '2026-11-04', '2026-11-04')).toEqual([]);
  });

  it('refuses a reversed or too long range', () => {
    expect(() => slotsBetween(hall, '2026-11-05', '2026-11-04')).toThrow(withCode('INVALID_DATE'));
    expect(() => slotsBetween(hall, '2026-01-01', '2027-01-02')).toThrow(withCode('BAD_USER_INPUT'));
    expect(slotsBetween(hall, '2026-01-01', '2027-01-01').length).toBeGreaterThan(500);
    expect(() => slotsBetween(hall, '2026-02-30', '2026-03-01')).toThrow(withCode('INVALID_DATE'));
  });

  it('offers only slots inside an opening of their weekday, on open days, in order', () => {
    fc.assert(
      fc.property(calendarArb, date, fc.integer({ min: 0, max: 40 }), (calendar, from, length) => {
        const to = addDays(from, length);
        const slots = slotsBetween(calendar, from, to, trieste);
        for (const slot of slots) {
          const start = minutesOfLocalTime(slot.start);
          const end = minutesOfLocalTime(slot.end);
          expect(end - start).toBe(calendar.slotMinutes);
          expect(
            calendar.weekly.some(
              (o) =>
                o.weekday === isoWeekday(slot.date) &&
                minutesOfLocalTime(o.opens) <= start &&
                end <= minutesOfLocalTime(o.closes) &&
                (start - minutesOfLocalTime(o.opens)) % calendar.slotMinutes === 0,
            ),
          ).toBe(true);
          expect(calendar.closedOn).not.toContain(slot.date);
          if (calendar.closedOnHolidays)
            expect(holidayOn(slot.date, trieste)?.kind ?? 'sunday').toBe('sunday');
          expect(offeredSlot(calendar, slot.date, slot.start, trieste)).toEqual(slot);
        }
        const keys = slots.map((s) => `${s.date} ${s.start}`);
        expect([...keys].sort()).toEqual(keys);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      PROPERTY_RUNS,
    );
  });

  it('is the concatenation of its sub-ranges', () => {
    fc.assert(
      fc.property(
        calendarArb,
        date,
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (calendar, from, first, second) => {
          const middle = addDays(from, first);
          const to = addDays(middle, second + 1);
          expect(slotsBetween(calendar, from, to, trieste)).toEqual([
            ...slotsBetween(calendar, from, middle, trieste),
            ...slotsBetween(calendar, addDays(middle, 1), to, trieste),
          ]);
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('offers every grid start of an open day and nothing off the grid', () => {
    fc.assert(
      fc.property(calendarArb, date, fc.integer({ min: 0, max: 1439 }), (calendar, day, minute) => {
        const offered = slotsBetween(calendar, day, day, trieste).some(
          (slot) => slot.start === localTimeOfMinutes(minute),
        );
        expect(offeredSlot(calendar, day, localTimeOfMinutes(minute), trieste) !== undefined).toBe(offered);
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('slotInstants', () => {
  it('converts Italian wall-clock time to UTC in winter and summer', () => {
    expect(slotInstants({ date: '2026-11-07', start: '10:00', end: '11:00' })).toEqual({
      start: new Date('2026-11-07T09:00:00Z'),
      end: new Date('2026-11-07T10:00:00Z'),
    });
    expect(slotInstants({ date: '2026-07-04', start: '10:00', end: '11:00' })).toEqual({
      start: new Date('2026-07-04T08:00:00Z'),
      end: new Date('2026-07-04T09:00:00Z'),
    });
  });

  it('handles the days clocks change (29 March and 25 October 2026)', () => {
    expect(slotInstants({ date: '2026-03-29', start: '01:00', end: '03:00' })).toEqual({
      start: new Date('2026-03-29T00:00:00Z'),
      end: new Date('2026-03-29T01:00:00Z'), // one real hour: 02:00-02:59 never happens
    });
    expect(slotInstants({ date: '2026-10-25', start: '01:00', end: '04:00' })).toEqual({
      start: new Date('2026-10-24T23:00:00Z'),
      end: new Date('2026-10-25T03:00:00Z'), // four real hours: 02:00-02:59 happens twice
    });
    expect(() => instantInRome('2026-03-29', 150)).toThrow(withCode('INVALID_DATE'));
    expect(slotInstants({ date: '2026-12-31', start: '23:00', end: '24:00' }).end).toEqual(
      new Date('2026-12-31T23:00:00Z'),
    );
  });

  it('skips slots that would start in the hour clocks skip', () => {
    const night = checkBookingCalendar({
      slotMinutes: 60,
      weekly: [{ weekday: 7, opens: '01:00', closes: '04:00' }],
      closedOn: [],
      closedOnHolidays: false,
    });
    // 01:00-02:00 and 02:00-03:00 would start or end at a wall-clock time that does not exist.
    expect(slotsBetween(night, '2026-03-29', '2026-03-29').map((s) => s.start)).toEqual(['03:00']);
    expect(slotsBetween(night, '2026-10-25', '2026-10-25').map((s) => s.start)).toEqual([
      '01:00',
      '02:00',
      '03:00',
    ]);
  });

  it('lands on the same Italian date and wall-clock time it was given', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 1439 }), (day, minute) => {
        fc.pre(minute < 120 || minute >= 180);
        const instant = instantInRome(day, minute);
        expect(civilDateInRome(instant)).toBe(day);
        expect(minuteOfDayInRome(instant)).toBe(minute);
        // Italy is UTC+1 or UTC+2.
        const utcMinutes = (instant.getTime() - Date.parse(`${day}T00:00:00Z`)) / 60_000;
        expect([minute - 60, minute - 120]).toContain(utcMinutes);
      }),
      PROPERTY_RUNS,
    );
  });
});
