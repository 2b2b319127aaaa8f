import { DomainError } from '../errors';

/**
 * A civil (wall-calendar) date in ISO form, 'YYYY-MM-DD', with no time and no zone.
 * Statutory terms are counted in whole days of the Italian calendar, so working on plain dates
 * keeps every computation deterministic and immune to DST and server time-zone settings.
 */
export type CivilDate = string;

export interface CivilDateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const civilDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function civilDateParts(date: CivilDate): CivilDateParts {
  const match = civilDatePattern.exec(typeof date === 'string' ? date : '');
  if (match === null) {
    throw new DomainError('INVALID_DATE', `Expected a date as YYYY-MM-DD; got "${String(date)}".`, {
      input: date,
    });
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError('INVALID_DATE', `"${date}" is not a day of the calendar.`, { input: date });
  }
  return { year, month, day };
}

/** Validates and returns the date; trims surrounding blanks so form input can be passed as is. */
export function parseCivilDate(input: string): CivilDate {
  const date = typeof input === 'string' ? input.trim() : input;
  civilDateParts(date);
  return date;
}

export function isValidCivilDate(input: string): boolean {
  try {
    civilDateParts(input);
    return true;
  } catch {
    return false;
  }
}

export function formatCivilDate({ year, month, day }: CivilDateParts): CivilDate {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new DomainError('INVALID_DATE', `Year ${year} is outside 1-9999.`, { year, month, day });
  }
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  civilDateParts(date);
  return date;
}

/**
 * Days since 1970-01-01 (proleptic Gregorian), by H. Hinnant's days_from_civil: integer
 * arithmetic only, so no Date object and no time zone is involved.
 */
export function toEpochDay(date: CivilDate): number {
  const { year, month, day } = civilDateParts(date);
  return epochDayOf(year, month, day);
}

export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function partsOfEpochDay(epochDay: number): CivilDateParts {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function fromEpochDay(epochDay: number): CivilDate {
  return formatCivilDate(partsOfEpochDay(epochDay));
}

export function addDays(date: CivilDate, days: number): CivilDate {
  assertWholeDays(days);
  return fromEpochDay(toEpochDay(date) + days);
}

/** Signed number of days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function compareCivilDates(a: CivilDate, b: CivilDate): -1 | 0 | 1 {
  const difference = daysBetween(b, a);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CivilDate): number {
  return isoWeekdayOfEpochDay(toEpochDay(date));
}

export function isoWeekdayOfEpochDay(epochDay: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/**
 * Same day-number `months` later; when that day does not exist the term ends on the last day
 * of the month (art. 2963 c.c.: 31 January + 1 month = 28/29 February).
 */
export function addMonths(date: CivilDate, months: number): CivilDate {
  assertWholeDays(months, 'months');
  const { year, month, day } = civilDateParts(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatCivilDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

function assertWholeDays(value: number, unit = 'days'): void {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError('INVALID_TERM', `A number of ${unit} must be a whole number; got ${value}.`, {
      value,
    });
  }
}

let romeDateFormat: Intl.DateTimeFormat | undefined;

/**
 * The civil date in Italy at `instant`. Europe/Rome rules come from the runtime's tz data,
 * which is the only reliable source for DST transitions; the output format is fixed by using
 * formatToParts, so the runtime's locale data cannot change it.
 */
export function civilDateInRome(instant: Date): CivilDate {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new DomainError('INVALID_DATE', 'Expected a valid Date instant.', { input: String(instant) });
  }
  romeDateFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  });
  const part = partsOf(romeDateFormat, instant);
  return formatCivilDate({ year: part('year'), month: part('month'), day: part('day') });
}

/**
 * The first instant of the civil day after `date` in Italy: a due date "31 December" ends there.
 */
export function startOfNextCivilDayInRome(date: CivilDate): Date {
  return instantInRome(addDays(parseCivilDate(date), 1), 0);
}

let romeTimeFormat: Intl.DateTimeFormat | undefined;

/** Minutes since local midnight in Italy at `instant` (the wall clock, not the time elapsed). */
export function minuteOfDayInRome(instant: Date): number {
  romeTimeFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Rome',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  });
  const part = partsOf(romeTimeFormat, instant);
  return part('hour') * 60 + part('minute');
}

/** The numeric parts (year, hour, …) a formatter shows for `instant`. */
function partsOf(format: Intl.DateTimeFormat, instant: Date) {
  const parts = format.formatToParts(instant);
  return (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((candidate) => candidate.type === type)?.value);
}

/** dd/mm/yyyy, as Italian notices and messages print dates. */
export function formatItalianDate(date: CivilDate): string {
  const { year, month, day } = civilDateParts(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/**
 * The instant the wall clock in Italy shows `minuteOfDay` minutes past midnight of `date`
 * (1440 = the next midnight). Italy is UTC+1 or UTC+2; the right offset is the one Rome itself
 * agrees with. A time skipped when clocks go forward (02:00-02:59 on the last Sunday of March)
 * does not exist and is refused; a time repeated when they go back is taken at its first (summer)
 * occurrence.
 */
export function instantInRome(date: CivilDate, minuteOfDay: number): Date {
  parseCivilDate(date);
  if (!Number.isSafeInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay > 1440) {
    throw new DomainError('INVALID_DATE', `A time of day is 0 to 1440 minutes; got ${minuteOfDay}.`, {
      minuteOfDay,
    });
  }
  const day = minuteOfDay === 1440 ? addDays(date, 1) : date;
  const minute = minuteOfDay % 1440;
  const clock = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  for (const offset of ['+02:00', '+01:00']) {
    const candidate = new Date(`${day}T${clock}:00${offset}`);
    if (civilDateInRome(candidate) === day && minuteOfDayInRome(candidate) === minute) return candidate;
  }
  throw new DomainError('INVALID_DATE', `${day} ${clock} does not exist in Italy (clocks go forward).`, {
    date: day,
    time: clock,
  });
}
