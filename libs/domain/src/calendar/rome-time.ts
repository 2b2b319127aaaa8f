import { DomainError } from '../errors';
import {
  epochDayOf,
  fromEpochDay,
  isoWeekdayOfEpochDay,
  partsOfEpochDay,
  toEpochDay,
  type CivilDate,
} from './civil-date';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/**
 * Since 1996 Italy follows the EU rule (Directive 2000/84/EC and its predecessors): summer time
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. Before,
 * summer time ended in September: the rule below does not hold there, so it is refused.
 */
const FIRST_RULE_YEAR = 1996;

/** The epoch day of the last Sunday of `month` in `year`. */
function lastSundayOf(year: number, month: number): number {
  const lastDay = epochDayOf(year, month + 1, 1) - 1;
  return lastDay - (isoWeekdayOfEpochDay(lastDay) % 7);
}

function yearOfInstant(ms: number): number {
  // The UTC year: the transitions fall at 01:00 UTC in March and October, far from New Year.
  return partsOfEpochDay(Math.floor(ms / DAY_MS)).year;
}

/**
 * Minutes Italy's wall clock is ahead of UTC at `ms` (60 in winter, 120 in summer), by the EU
 * rule written as arithmetic: workflow code may use it (no time-zone data, which a worker's
 * runtime may update between a run and its replay), and it never changes for a past instant.
 */
export function romeOffsetMinutes(ms: number): 60 | 120 {
  if (!Number.isFinite(ms))
    throw new DomainError('INVALID_DATE', 'Expected an instant in milliseconds.', { input: String(ms) });
  const year = yearOfInstant(ms);
  if (year < FIRST_RULE_YEAR)
    throw new DomainError('INVALID_DATE', `Italian summer time is computed from ${FIRST_RULE_YEAR} on.`, {
      input: ms,
    });
  const summerFrom = lastSundayOf(year, 3) * DAY_MS + HOUR_MS;
  const summerUntil = lastSundayOf(year, 10) * DAY_MS + HOUR_MS;
  return ms >= summerFrom && ms < summerUntil ? 120 : 60;
}

/** The civil date in Italy at `ms`: the same answer as `civilDateInRome`, without tz data. */
export function romeDateAt(ms: number): CivilDate {
  return fromEpochDay(Math.floor((ms + romeOffsetMinutes(ms) * MINUTE_MS) / DAY_MS));
}

/**
 * The instant Italy's civil day `date` starts (local midnight), as `instantInRome(date, 0)`:
 * midnight is never inside a transition (they happen at 02:00 and 03:00 local time).
 */
export function romeMidnightOf(date: CivilDate): number {
  const utcMidnight = toEpochDay(date) * DAY_MS;
  // The offset of the evening before, which midnight shares: no transition in between.
  return utcMidnight - romeOffsetMinutes(utcMidnight - 2 * HOUR_MS) * MINUTE_MS;
}
