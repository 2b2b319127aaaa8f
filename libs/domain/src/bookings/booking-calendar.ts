import { holidayOn, NATIONAL_BUSINESS_CALENDAR, type BusinessCalendar } from '../calendar/business-calendar';
import {
  addDays,
  compareCivilDates,
  daysBetween,
  instantInRome,
  isoWeekday,
  isValidCivilDate,
  parseCivilDate,
  type CivilDate,
} from '../calendar/civil-date';
import { DomainError, type DomainErrorCode, type FieldProblem } from '../errors';

/** A wall-clock time in Italy, 'HH:MM' (24-hour). */
export type LocalTime = string;

/** One opening of a weekday, e.g. Saturday 10:00-13:00. */
export interface WeeklyOpening {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  readonly opens: LocalTime;
  readonly closes: LocalTime;
}

/**
 * When a bookable resource (a wedding hall, a counter) can be booked, as plain data stored with the
 * resource. Openings are cut into slots of `slotMinutes` from their opening time, so slots form a
 * fixed grid: two bookings of the same resource and start are the same slot.
 */
export interface BookingCalendar {
  readonly slotMinutes: number;
  readonly weekly: readonly WeeklyOpening[];
  /** One-off closures (works, elections), besides the holidays. */
  readonly closedOn: readonly CivilDate[];
  /** Closed on national holidays and the ente's own (patron saint). */
  readonly closedOnHolidays: boolean;
}

/** A bookable slot in Italian local time. */
export interface BookingSlot {
  readonly date: CivilDate;
  readonly start: LocalTime;
  readonly end: LocalTime;
}

export const MIN_SLOT_MINUTES = 5;
export const MAX_SLOT_MINUTES = 720;
export const MAX_WEEKLY_OPENINGS = 70;
export const MAX_CLOSED_DATES = 1000;
/** The longest range slotsBetween answers: a year and a day, enough for any booking window. */
export const MAX_SLOT_RANGE_DAYS = 366;

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of an 'HH:MM' time ('24:00' = the end of the day, for closing times). */
export function minutesOfLocalTime(time: LocalTime): number {
  if (time === '24:00') return 1440;
  const match = LOCAL_TIME.exec(typeof time === 'string' ? time : '');
  if (match === null) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `Expected a time as HH:MM (00:00-23:59); got "${String(time)}".`,
      {
        input: time,
      },
    );
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

export function localTimeOfMinutes(minutes: number): LocalTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const isLocalTime = (value: unknown, allowEndOfDay: boolean): value is LocalTime =>
  typeof value === 'string' && (LOCAL_TIME.test(value) || (allowEndOfDay && value === '24:00'));

/**
 * Every problem of a calendar typed in by staff, each naming the field to fix (`weekly.2.closes`).
 * An opening must divide into whole slots, and openings of a day must not overlap, so the slot
 * grid is unambiguous.
 */
export function bookingCalendarProblems(input: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string, code: DomainErrorCode = 'BAD_USER_INPUT') =>
    problems.push({ field, code, message });
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    bad('calendar', 'The calendar is an object with slotMinutes, weekly, closedOn and closedOnHolidays.');
    return problems;
  }
  const calendar = input as Record<string, unknown>;
  const slotMinutes = calendar.slotMinutes;
  const slotOk =
    Number.isSafeInteger(slotMinutes) &&
    (slotMinutes as number) >= MIN_SLOT_MINUTES &&
    (slotMinutes as number) <= MAX_SLOT_MINUTES;
  if (!slotOk) {
    bad(
      'slotMinutes',
      `slotMinutes is a whole number of minutes from ${MIN_SLOT_MINUTES} to ${MAX_SLOT_MINUTES}; got ${String(slotMinutes)}.`,
    );
  }

  const weekly = calendar.weekly;
  if (!Array.isArray(weekly)) bad('weekly', 'weekly is a list of openings { weekday, opens, closes }.');
  else if (weekly.length > MAX_WEEKLY_OPENINGS)
    bad('weekly', `A calendar has at most ${MAX_WEEKLY_OPENINGS} weekly openings.`);
  else {
    const valid: { index: number; weekday: number; opens: number; closes: number }[] = [];
    weekly.forEach((opening: unknown, index) => {
      const field = `weekly.${index}`;
      if (opening === null || typeof opening !== 'object') {
        bad(field, 'An opening is { weekday, opens, closes }.');
        return;
      }
      const { weekday, opens, closes } = opening as Record<string, unknown>;
      let ok = true;
      if (!Number.isSafeInteger(weekday) || (weekday as number) < 1 || (weekday as number) > 7) {
        bad(`${field}.weekday`, `weekday is 1 (Monday) to 7 (Sunday); got ${String(weekday)}.`);
        ok = false;
      }
      if (!isLocalTime(opens, false)) {
        bad(`${field}.opens`, `opens is a time as HH:MM (00:00-23:59); got "${String(opens)}".`);
        ok = false;
      }
      if (!isLocalTime(closes, true)) {
        bad(`${field}.closes`, `closes is a time as HH:MM (00:00-24:00); got "${String(closes)}".`);
        ok = false;
      }
      if (!ok) return;
      const from = minutesOfLocalTime(opens as string);
      const to = minutesOfLocalTime(closes as string);
      if (to <= from) {
        bad(
          `${field}.closes`,
          `The opening must close (${String(closes)}) after it opens (${String(opens)}).`,
        );
        return;
      }
      if (slotOk && (to - from) % (slotMinutes as number) !== 0) {
        bad(
          `${field}.closes`,
          `The opening ${String(opens)}-${String(closes)} does not divide into ${String(slotMinutes)}-minute slots; move its closing time.`,
        );
      }
      valid.push({ index, weekday: weekday as number, opens: from, closes: to });
    });
    for (const a of valid) {
      const overlapping = valid.find(
        (b) => b.index < a.index && b.weekday === a.weekday && b.opens < a.closes && a.opens < b.closes,
      );
      if (overlapping) {
        bad(
          `weekly.${a.index}`,
          `This opening overlaps opening ${overlapping.index} on weekday ${a.weekday}; merge or separate them.`,
        );
      }
    }
  }

  const closedOn = calendar.closedOn;
  if (!Array.isArray(closedOn)) bad('closedOn', 'closedOn is a list of dates as YYYY-MM-DD.');
  else if (closedOn.length > MAX_CLOSED_DATES)
    bad('closedOn', `A calendar lists at most ${MAX_CLOSED_DATES} closed dates.`);
  else
    closedOn.forEach((date: unknown, index) => {
      if (typeof date !== 'string' || !isValidCivilDate(date))
        bad(`closedOn.${index}`, `"${String(date)}" is not a date as YYYY-MM-DD.`, 'INVALID_DATE');
    });

  if (typeof calendar.closedOnHolidays !== 'boolean')
    bad('closedOnHolidays', 'closedOnHolidays is true or false.');
  return problems;
}

/**
 * The calendar, normalised (openings by weekday and time, closed dates sorted without repeats),
 * or a DomainError for its first problem, with `details.field` and every problem in
 * `details.problems`.
 */
export function checkBookingCalendar(input: unknown): BookingCalendar {
  const problems = bookingCalendarProblems(input);
  const first = problems[0];
  if (first) throw new DomainError(first.code, first.message, { field: first.field, problems });
  const calendar = input as BookingCalendar;
  return {
    slotMinutes: calendar.slotMinutes,
    weekly: [...calendar.weekly]
      .map(({ weekday, opens, closes }) => ({ weekday, opens, closes }))
      .sort((a, b) => a.weekday - b.weekday || minutesOfLocalTime(a.opens) - minutesOfLocalTime(b.opens)),
    closedOn: [...new Set(calendar.closedOn)].sort(),
    closedOnHolidays: calendar.closedOnHolidays,
  };
}

/** Whether the resource opens at all on `date` (closed dates and, if it says so, holidays). */
function isClosedOn(calendar: BookingCalendar, date: CivilDate, businessCalendar: BusinessCalendar): boolean {
  if (calendar.closedOn.includes(date)) return true;
  if (!calendar.closedOnHolidays) return false;
  // Sundays count as holidays for terms, but a resource open on Sunday says so in `weekly`.
  const holiday = holidayOn(date, businessCalendar);
  return holiday !== undefined && holiday.kind !== 'sunday';
}

/** False for the wall-clock hour skipped when clocks go forward (only 02:xx can be). */
function existsInRome(date: CivilDate, minuteOfDay: number): boolean {
  if (minuteOfDay < 120 || minuteOfDay >= 180) return true;
  try {
    instantInRome(date, minuteOfDay);
    return true;
  } catch {
    return false;
  }
}

function slotsOn(
  calendar: BookingCalendar,
  date: CivilDate,
  businessCalendar: BusinessCalendar,
): BookingSlot[] {
  if (isClosedOn(calendar, date, businessCalendar)) return [];
  const weekday = isoWeekday(date);
  const slots: BookingSlot[] = [];
  for (const opening of calendar.weekly) {
    if (opening.weekday !== weekday) continue;
    const closes = minutesOfLocalTime(opening.closes);
    for (
      let start = minutesOfLocalTime(opening.opens);
      start + calendar.slotMinutes <= closes;
      start += calendar.slotMinutes
    ) {
      if (!existsInRome(date, start) || !existsInRome(date, start + calendar.slotMinutes)) continue;
      slots.push({
        date,
        start: localTimeOfMinutes(start),
        end: localTimeOfMinutes(start + calendar.slotMinutes),
      });
    }
  }
  return slots.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/**
 * The slots from `from` to `to` (both included), in order. `calendar` must have passed
 * checkBookingCalendar; a range longer than MAX_SLOT_RANGE_DAYS is refused.
 */
export function slotsBetween(
  calendar: BookingCalendar,
  from: CivilDate,
  to: CivilDate,
  businessCalendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
): BookingSlot[] {
  parseCivilDate(from);
  parseCivilDate(to);
  const days = daysBetween(from, to);
  if (days < 0) {
    throw new DomainError('INVALID_DATE', `The range must end (${to}) on or after its start (${from}).`, {
      field: 'to',
    });
  }
  if (days >= MAX_SLOT_RANGE_DAYS) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `Ask for at most ${MAX_SLOT_RANGE_DAYS} days of slots at a time.`,
      {
        field: 'to',
      },
    );
  }
  const slots: BookingSlot[] = [];
  for (let date = from; compareCivilDates(date, to) <= 0; date = addDays(date, 1)) {
    slots.push(...slotsOn(calendar, date, businessCalendar));
  }
  return slots;
}

/** The calendar's slot starting at `start` on `date`, or undefined when the calendar offers none. */
export function offeredSlot(
  calendar: BookingCalendar,
  date: CivilDate,
  start: LocalTime,
  businessCalendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
): BookingSlot | undefined {
  if (!isValidCivilDate(date) || !isLocalTime(start, false)) return undefined;
  return slotsOn(calendar, date, businessCalendar).find((slot) => slot.start === start);
}

/**
 * The UTC instants a local slot starts and ends, by the Europe/Rome rules of that day (a slot on
 * either side of a clock change keeps its wall-clock times; its length in real time may differ).
 */
export function slotInstants(slot: BookingSlot): { start: Date; end: Date } {
  return {
    start: instantInRome(slot.date, minutesOfLocalTime(slot.start)),
    end: instantInRome(slot.date, minutesOfLocalTime(slot.end)),
  };
}
