import { DomainError } from '../errors';
import { addDays, addMonths, CivilDate } from './civil-date';
import {
  addBusinessDays,
  BusinessCalendar,
  NATIONAL_BUSINESS_CALENDAR,
  rollToWorkingDay,
} from './business-calendar';

export type TermUnit = 'calendarDays' | 'businessDays' | 'months';

/** A statutory term, e.g. `{ length: 30, unit: 'calendarDays' }` (L. 241/1990 art. 2 default). */
export interface TermLength {
  readonly length: number;
  readonly unit: TermUnit;
}

export const TERM_UNITS: readonly TermUnit[] = Object.freeze(['calendarDays', 'businessDays', 'months']);

/**
 * Last day of a term that starts on `startDate` (e.g. the day the application was received).
 * The start day is excluded and the last day included (art. 2963 c.c., art. 155 c.p.c.);
 * holidays inside a calendar-day or month term count, but a term ending on a day that is not
 * a working day moves to the next working day.
 */
export function termDeadline(
  startDate: CivilDate,
  term: TermLength,
  calendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
): CivilDate {
  if (!Number.isSafeInteger(term?.length) || term.length < 0) {
    throw new DomainError(
      'INVALID_TERM',
      `A term length must be a whole number of ${term?.unit ?? 'days'} >= 0; got ${term?.length}.`,
      { term },
    );
  }
  switch (term.unit) {
    case 'calendarDays':
      return rollToWorkingDay(addDays(startDate, term.length), calendar);
    case 'months':
      return rollToWorkingDay(addMonths(startDate, term.length), calendar);
    case 'businessDays':
      return addBusinessDays(startDate, term.length, calendar);
    default:
      throw new DomainError(
        'INVALID_TERM',
        `Unknown term unit "${String((term as { unit: unknown }).unit)}"; use one of ${TERM_UNITS.join(', ')}.`,
        { term },
      );
  }
}
