import { DomainError } from '../errors';
import { CivilDate, fromEpochDay, isoWeekdayOfEpochDay, partsOfEpochDay, toEpochDay } from './civil-date';
import {
  assertValidEnteHoliday,
  EnteHoliday,
  enteHolidayOn,
  Holiday,
  isEnteHolidayParts,
  isNationalHolidayEpochDay,
  nationalHolidayOn,
} from './holidays';

/**
 * Which days count as working days for one ente. Plain data, so it can travel inside a
 * workflow input and be stored with the ente.
 */
export interface BusinessCalendar {
  /** Patron saint and other local closures, e.g. `{ month: 11, day: 3, name: 'San Giusto' }` in Trieste. */
  readonly enteHolidays: readonly EnteHoliday[];
  /**
   * Saturday is a working day in law (only procedural terms roll over a Saturday, art. 155 c.5
   * c.p.c.), so it is one by default; an ente may adopt the roll-over as its policy.
   */
  readonly saturdayIsWorkingDay: boolean;
}

export const NATIONAL_BUSINESS_CALENDAR: BusinessCalendar = Object.freeze({
  enteHolidays: Object.freeze([]),
  saturdayIsWorkingDay: true,
});

export function createBusinessCalendar(options: Partial<BusinessCalendar> = {}): BusinessCalendar {
  const enteHolidays = options.enteHolidays ?? [];
  if (!Array.isArray(enteHolidays)) {
    throw new DomainError('INVALID_CALENDAR', 'enteHolidays must be a list of holidays.', { options });
  }
  enteHolidays.forEach(assertValidEnteHoliday);
  return Object.freeze({
    enteHolidays: Object.freeze([...enteHolidays]),
    saturdayIsWorkingDay: options.saturdayIsWorkingDay ?? true,
  });
}

/** The holiday on `date`: a national holiday, an ente holiday, or a plain Sunday. */
export function holidayOn(
  date: CivilDate,
  calendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
): Holiday | undefined {
  const national = nationalHolidayOn(date);
  if (national !== undefined) return national;
  const local = enteHolidayOn(date, calendar.enteHolidays);
  if (local !== undefined) return local;
  return isoWeekdayOfEpochDay(toEpochDay(date)) === 7
    ? { date, name: 'Domenica', kind: 'sunday' }
    : undefined;
}

export function isHoliday(date: CivilDate, calendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR): boolean {
  return holidayOn(date, calendar) !== undefined;
}

export function isWorkingDay(
  date: CivilDate,
  calendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
): boolean {
  return isWorkingEpochDay(toEpochDay(date), calendar);
}

// Day-by-day loops run on epoch days: no string parsing or formatting per day.
function isWorkingEpochDay(epochDay: number, calendar: BusinessCalendar): boolean {
  const weekday = isoWeekdayOfEpochDay(epochDay);
  if (weekday === 7 || (weekday === 6 && !calendar.saturdayIsWorkingDay)) return false;
  const { year, month, day } = partsOfEpochDay(epochDay);
  return (
    !isNationalHolidayEpochDay(epochDay, year) && !isEnteHolidayParts(year, month, day, calendar.enteHolidays)
  );
}

/** `date` itself when it is a working day, otherwise the first working day after it. */
export function rollToWorkingDay(
  date: CivilDate,
  calendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
): CivilDate {
  let epochDay = toEpochDay(date);
  if (isWorkingEpochDay(epochDay, calendar)) return date;
  do epochDay += 1;
  while (!isWorkingEpochDay(epochDay, calendar));
  return fromEpochDay(epochDay);
}

/**
 * The date `days` working days after `date` (before it when negative). The start day is never
 * counted, as in every Italian term; the result is always a working day unless `days` is 0.
 */
export function addBusinessDays(
  date: CivilDate,
  days: number,
  calendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
): CivilDate {
  if (!Number.isSafeInteger(days)) {
    throw new DomainError('INVALID_TERM', `A number of working days must be a whole number; got ${days}.`, {
      days,
    });
  }
  let epochDay = toEpochDay(date);
  if (days === 0) return date;
  const step = days < 0 ? -1 : 1;
  for (let remaining = Math.abs(days); remaining > 0;) {
    epochDay += step;
    if (isWorkingEpochDay(epochDay, calendar)) remaining -= 1;
  }
  return fromEpochDay(epochDay);
}

/**
 * Working days in the interval after `from` up to and including `to` (negative when `to` is
 * earlier), the inverse of addBusinessDays: `businessDaysBetween(d, addBusinessDays(d, n)) === n`
 * for n >= 0.
 */
export function businessDaysBetween(
  from: CivilDate,
  to: CivilDate,
  calendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
): number {
  const start = toEpochDay(from);
  const end = toEpochDay(to);
  if (end < start) return -businessDaysBetween(to, from, calendar);
  let count = 0;
  for (let epochDay = start + 1; epochDay <= end; epochDay++) {
    if (isWorkingEpochDay(epochDay, calendar)) count += 1;
  }
  return count;
}
