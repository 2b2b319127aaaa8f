import { DomainError } from '../errors';
import {
  addDays,
  CivilDate,
  civilDateParts,
  daysInMonth,
  formatCivilDate,
  isValidCivilDate,
  toEpochDay,
} from './civil-date';
import { easterSunday } from './easter';

/** A holiday on the same day every year. */
export interface YearlyHoliday {
  readonly month: number;
  readonly day: number;
  readonly name: string;
  /** First year the holiday applies (inclusive); absent = always. */
  readonly fromYear?: number;
}

/** A holiday on one given date (a movable patron feast, a one-off closure decreed by the ente). */
export interface DatedHoliday {
  readonly date: CivilDate;
  readonly name: string;
}

export type EnteHoliday = YearlyHoliday | DatedHoliday;

export interface Holiday {
  readonly date: CivilDate;
  readonly name: string;
  readonly kind: 'sunday' | 'national' | 'ente';
}

/**
 * Fixed-date public holidays of L. 27 maggio 1949 n. 260 art. 2 as amended (L. 54/1977,
 * D.P.R. 792/1985, L. 336/2000). San Francesco d'Assisi (4 October) was added by
 * L. 8 ottobre 2025 n. 151, in force from 1 January 2026. Earlier historical changes are not
 * modelled: SUS computes terms from 2026 onward.
 */
export const ITALIAN_NATIONAL_HOLIDAYS: readonly YearlyHoliday[] = Object.freeze([
  { month: 1, day: 1, name: 'Capodanno' },
  { month: 1, day: 6, name: 'Epifania' },
  { month: 4, day: 25, name: 'Festa della Liberazione' },
  { month: 5, day: 1, name: 'Festa del Lavoro' },
  { month: 6, day: 2, name: 'Festa della Repubblica' },
  { month: 8, day: 15, name: 'Assunzione di Maria (Ferragosto)' },
  { month: 10, day: 4, name: "San Francesco d'Assisi", fromYear: 2026 },
  { month: 11, day: 1, name: 'Ognissanti' },
  { month: 12, day: 8, name: 'Immacolata Concezione' },
  { month: 12, day: 25, name: 'Natale' },
  { month: 12, day: 26, name: 'Santo Stefano' },
]);

export function isDatedHoliday(holiday: EnteHoliday): holiday is DatedHoliday {
  return 'date' in holiday;
}

export function assertValidEnteHoliday(holiday: EnteHoliday): void {
  if (typeof holiday?.name !== 'string' || holiday.name.trim() === '') {
    throw new DomainError('INVALID_CALENDAR', 'Every ente holiday needs a name.', { holiday });
  }
  if (isDatedHoliday(holiday)) {
    if (!isValidCivilDate(holiday.date)) {
      throw new DomainError('INVALID_CALENDAR', `Holiday "${holiday.name}" needs a date as YYYY-MM-DD.`, {
        holiday,
      });
    }
    return;
  }
  const { month, day, fromYear } = holiday;
  // 29 February is accepted: it then only applies in leap years.
  if (
    !Number.isInteger(month) ||
    month < 1 ||
    month > 12 ||
    !Number.isInteger(day) ||
    day < 1 ||
    day > daysInMonth(2000, month)
  ) {
    throw new DomainError('INVALID_CALENDAR', `Holiday "${holiday.name}" has no valid month and day.`, {
      holiday,
    });
  }
  if (fromYear !== undefined && !Number.isInteger(fromYear)) {
    throw new DomainError('INVALID_CALENDAR', `Holiday "${holiday.name}" has an invalid fromYear.`, {
      holiday,
    });
  }
}

function yearlyHolidayApplies(holiday: YearlyHoliday, year: number, month: number, day: number): boolean {
  return (
    holiday.month === month &&
    holiday.day === day &&
    (holiday.fromYear === undefined || year >= holiday.fromYear)
  );
}

/** National holidays (Easter Sunday and Monday included) that are not merely Sundays, in date order. */
export function nationalHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const holidays: Holiday[] = ITALIAN_NATIONAL_HOLIDAYS.filter(
    (holiday) => holiday.fromYear === undefined || year >= holiday.fromYear,
  ).map((holiday) => ({
    date: formatCivilDate({ year, month: holiday.month, day: holiday.day }),
    name: holiday.name,
    kind: 'national' as const,
  }));
  holidays.push({ date: easter, name: 'Pasqua', kind: 'national' });
  holidays.push({ date: addDays(easter, 1), name: "Lunedì dell'Angelo (Pasquetta)", kind: 'national' });
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The national holiday on `date`, if any (Sundays are reported by the calendar, not here). */
export function nationalHolidayOn(date: CivilDate): Holiday | undefined {
  const { year, month, day } = civilDateParts(date);
  const fixed = ITALIAN_NATIONAL_HOLIDAYS.find((holiday) => yearlyHolidayApplies(holiday, year, month, day));
  if (fixed !== undefined) return { date, name: fixed.name, kind: 'national' };
  const easter = easterSunday(year);
  if (date === easter) return { date, name: 'Pasqua', kind: 'national' };
  if (date === addDays(easter, 1)) return { date, name: "Lunedì dell'Angelo (Pasquetta)", kind: 'national' };
  return undefined;
}

const nationalHolidayEpochDays = new Map<number, ReadonlySet<number>>();

/** Fast path for day-by-day loops: is this day (as epoch day) a national holiday of `year`? */
export function isNationalHolidayEpochDay(epochDay: number, year: number): boolean {
  let days = nationalHolidayEpochDays.get(year);
  if (days === undefined) {
    days = new Set(nationalHolidays(year).map((holiday) => toEpochDay(holiday.date)));
    nationalHolidayEpochDays.set(year, days);
  }
  return days.has(epochDay);
}

/** Fast path for day-by-day loops, on already-validated date parts. */
export function isEnteHolidayParts(
  year: number,
  month: number,
  day: number,
  enteHolidays: readonly EnteHoliday[],
): boolean {
  if (enteHolidays.length === 0) return false;
  let isoDate: string | undefined;
  return enteHolidays.some((holiday) => {
    if (!isDatedHoliday(holiday)) return yearlyHolidayApplies(holiday, year, month, day);
    isoDate ??= `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return holiday.date === isoDate;
  });
}

export function enteHolidayOn(date: CivilDate, enteHolidays: readonly EnteHoliday[]): Holiday | undefined {
  const { year, month, day } = civilDateParts(date);
  const match = enteHolidays.find((holiday) =>
    isDatedHoliday(holiday) ? holiday.date === date : yearlyHolidayApplies(holiday, year, month, day),
  );
  return match === undefined ? undefined : { date, name: match.name, kind: 'ente' };
}
