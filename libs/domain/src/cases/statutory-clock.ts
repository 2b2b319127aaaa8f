import { DomainError, DomainErrorCode } from '../errors';
import {
  BusinessCalendar,
  addBusinessDays,
  businessDaysBetween,
  createBusinessCalendar,
  rollToWorkingDay,
} from '../calendar/business-calendar';
import { addDays, CivilDate, daysBetween, isValidCivilDate } from '../calendar/civil-date';
import {
  CONCLUSION_TYPES,
  ConclusionType,
  MAX_PROCEDURE_TERM_DAYS,
  TERM_KINDS,
  TermKind,
} from '../procedures/procedure-fields';
import { CASE_CONCLUSIONS, CaseConclusion } from './case-status';

/**
 * The statutory clock of one case (L. 241/1990 art. 2, 10-bis, 19, 20; procedure-law.md §1 and
 * §5 points 3-10; docs/statutory-terms.md). What happened is an append-only log of events;
 * every date (deadline, resumption, expiry, the substitute's term) is derived from it, never
 * stored, so a correction is a new event and the history always explains the deadline. Pure:
 * "today" is an argument, so the same code runs in the api and inside a Temporal workflow.
 *
 * Day counting: the day of an event is the dies a quo of what follows it. A term of N days from
 * receipt on R ends on R + N (day R excluded, the last day included); a suspension from S whose
 * last still day is U moves that end by U - S days; the clock counts again from U + 1.
 */

/** art. 2 c.7 (missing information, once per case, at most 30 days) or art. 10-bis (preavviso di rigetto). */
export const SUSPENSION_CAUSES = ['integrationRequest', 'preavvisoRigetto'] as const;
export type SuspensionCause = (typeof SUSPENSION_CAUSES)[number];

export const CLOCK_EVENT_TYPES = [
  'started',
  'suspended',
  'integrationReceived',
  'observationsFiled',
  'resumed',
  'expired',
  'escalated',
  'closed',
] as const;
export type ClockEventType = (typeof CLOCK_EVENT_TYPES)[number];

export const CLOCK_STATUSES = ['running', 'suspended', 'expired', 'closed'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

/** art. 2 c.7: the one suspension for missing information lasts at most 30 days. */
export const INTEGRATION_SUSPENSION_MAX_DAYS = 30;
/** art. 10-bis: the applicant has 10 days to file observations; the term stands still 10 more days after them. */
export const PREAVVISO_OBSERVATION_DAYS = 10;
/** art. 20 c.2-bis: the attestation of silenzio assenso is due within 10 days of the request. */
export const SILENZIO_ASSENSO_ATTESTATION_DAYS = 10;

/** The procedure's term as the case received it (a snapshot: later edits never move it). */
export interface ClockTerm {
  readonly days: number;
  readonly kind: TermKind;
  readonly onSilence: ConclusionType;
  /** The ente's calendar: national holidays plus its own (patron saint), Saturday policy. */
  readonly calendar: BusinessCalendar;
}

interface ClockEventBase {
  /** The day it happened (Europe/Rome civil date), e.g. the protocol date of the application. */
  readonly on: CivilDate;
  /** Who recorded it: a staff account, the citizen, or `system` for the automatic transitions. */
  readonly actor: string;
  readonly reason?: string;
  /** e.g. "L. 241/1990 art. 2 c.7". */
  readonly legalBasis?: string;
}

/** The application was received (art. 2 c.6): day 0 of the term. */
export interface ClockStartedEvent extends ClockEventBase {
  readonly type: 'started';
  readonly term: ClockTerm;
}
/**
 * For a preavviso di rigetto, `on` is the day the applicant received it: the 10 days for
 * observations run "dal ricevimento della comunicazione" (art. 10-bis).
 */
export interface ClockSuspendedEvent extends ClockEventBase {
  readonly type: 'suspended';
  readonly cause: SuspensionCause;
}
/** The citizen supplied what a c.7 request asked for: the suspension ends that day. */
export interface ClockIntegrationReceivedEvent extends ClockEventBase {
  readonly type: 'integrationReceived';
}
/** The applicant's observations on a preavviso di rigetto: the term stands still 10 more days. */
export interface ClockObservationsFiledEvent extends ClockEventBase {
  readonly type: 'observationsFiled';
}
/** A suspension ended by itself (c.7 after 30 days, 10-bis after its window); see nextClockTransition. */
export interface ClockResumedEvent extends ClockEventBase {
  readonly type: 'resumed';
}
export interface ClockExpiredEvent extends ClockEventBase {
  readonly type: 'expired';
}
/** The substitute power holder took the case over (art. 2 c.9-ter), d'ufficio or on request. */
export interface ClockEscalatedEvent extends ClockEventBase {
  readonly type: 'escalated';
}
export interface ClockClosedEvent extends ClockEventBase {
  readonly type: 'closed';
  readonly conclusion: CaseConclusion;
}

export type ClockEvent =
  | ClockStartedEvent
  | ClockSuspendedEvent
  | ClockIntegrationReceivedEvent
  | ClockObservationsFiledEvent
  | ClockResumedEvent
  | ClockExpiredEvent
  | ClockEscalatedEvent
  | ClockClosedEvent;

export interface ClockSuspension {
  readonly cause: SuspensionCause;
  readonly since: CivilDate;
  /** 10-bis: the day of the latest observations, when any were filed. */
  readonly observationsFiledOn?: CivilDate;
  /** Last day the term stands still if nothing else happens (c.7: since + 30 at most). */
  readonly until: CivilDate;
  /** The first day the term counts again: until + 1. */
  readonly resumesOn: CivilDate;
}

export interface ClockEscalation {
  readonly on: CivilDate;
  /** Half the original term, rounded up. */
  readonly termDays: number;
  readonly deadline: CivilDate;
  readonly suspendedDays: number;
}

/** What the procedure's onSilence rule means once the term has run out. */
export type ClockSilence =
  | {
      readonly onSilence: 'provvedimentoEspresso';
      /** escalationDue: hand the case to the substitute power holder and tell the citizen. */
      readonly outcome: 'escalationDue' | 'escalated' | 'substituteTermExpired';
      /** The first day after the term. */
      readonly since: CivilDate;
      readonly substituteTermDays: number;
    }
  | {
      readonly onSilence: 'silenzioAssenso';
      readonly outcome: 'deemedGranted';
      readonly since: CivilDate;
      /** The citizen may ask for an attestation, due within this many days of the request. */
      readonly attestationDueDays: number;
      /** art. 2 c.8-bis: a refusal adopted after the term is ineffective. */
      readonly lateActsIneffective: true;
    }
  | { readonly onSilence: 'silenzioRigetto'; readonly outcome: 'deemedRejected'; readonly since: CivilDate }
  | {
      readonly onSilence: 'scia';
      /** The art. 19 check window is over: only autotutela (art. 21-nonies) remains. */
      readonly outcome: 'consolidated';
      readonly since: CivilDate;
    };

export interface ClockState {
  readonly state: ClockStatus;
  readonly startedOn: CivilDate;
  readonly term: Omit<ClockTerm, 'calendar'>;
  /**
   * Last day of the original term: receipt + term + the days suspended, rolled to the next
   * working day. While a suspension is open it assumes the suspension lasts until `until`.
   */
  readonly deadline: CivilDate;
  /** Days the original term was (or, for an open suspension, will be) suspended. */
  readonly suspendedDays: number;
  /** The c.7 suspension has been used: it never can be again in this case. */
  readonly c7Used: boolean;
  /**
   * Days (of the term's kind) still to run to the current deadline (the substitute's after an
   * escalation): from today while running, from the end of the suspension while suspended.
   */
  readonly remainingDays: number;
  /** The open suspension, when suspended. */
  readonly suspension?: ClockSuspension;
  readonly resumesOn?: CivilDate;
  readonly escalation?: ClockEscalation;
  readonly silence?: ClockSilence;
  readonly closed?: { readonly on: CivilDate; readonly conclusion: CaseConclusion };
}

/** An event the clock produces by itself on a date: the workflow sleeps until `on`, then appends it with an actor. */
export type PendingClockEvent = Omit<ClockResumedEvent, 'actor'> | Omit<ClockExpiredEvent, 'actor'>;

/**
 * Appends `event` to `log` and returns the new log (the input is never modified), or throws a
 * DomainError when the law does not allow the event at that point. The whole log is replayed,
 * so a log from storage or a workflow history is checked too.
 */
export function appendClockEvent(log: readonly ClockEvent[], event: ClockEvent): ClockEvent[] {
  const next = [...log, event];
  replay(next);
  return next;
}

/** The clock as of `today` (not earlier than the last event), derived from the log alone. */
export function clockState(log: readonly ClockEvent[], today: CivilDate): ClockState {
  const fold = replay(log);
  if (!isValidCivilDate(today)) {
    throw new DomainError('INVALID_DATE', `today must be a date as YYYY-MM-DD; got "${String(today)}".`, {
      field: 'today',
    });
  }
  if (today < fold.lastOn) {
    throw new DomainError(
      'CLOCK_EVENT_OUT_OF_ORDER',
      `The clock cannot be read on ${today}: its log already has an event on ${fold.lastOn}.`,
      { today, lastOn: fold.lastOn },
    );
  }
  const open = openSuspension(fold, today);
  const original = phaseFigures(fold, fold.phases[0]);
  const escalationPhase = fold.phases[1];
  const escalation =
    escalationPhase === undefined
      ? undefined
      : {
          on: escalationPhase.start,
          termDays: escalationPhase.units,
          ...phaseFigures(fold, escalationPhase),
        };
  const currentDeadline = escalation?.deadline ?? original.deadline;
  const status = statusOn(fold, today, currentDeadline);
  const remainingFrom = open === undefined ? today : suspensionUntil(open);
  const remainingDays =
    status === 'running' || status === 'suspended'
      ? Math.max(0, countUnits(fold.term, remainingFrom, currentDeadline))
      : 0;
  const { calendar: _calendar, ...term } = fold.term;
  const suspension: ClockSuspension | undefined =
    open === undefined
      ? undefined
      : {
          cause: open.cause,
          since: open.since,
          ...(open.observationsOn === undefined ? {} : { observationsFiledOn: open.observationsOn }),
          until: suspensionUntil(open),
          resumesOn: addDays(suspensionUntil(open), 1),
        };
  return {
    state: status,
    startedOn: fold.startedOn,
    term,
    deadline: original.deadline,
    suspendedDays: original.suspendedDays,
    c7Used: fold.c7Used,
    remainingDays,
    ...(suspension === undefined ? {} : { suspension, resumesOn: suspension.resumesOn }),
    ...(escalation === undefined ? {} : { escalation }),
    ...silenceOf(fold, fold.closed?.on ?? today, original.deadline, escalation),
    ...(fold.closed === undefined ? {} : { closed: fold.closed }),
  };
}

/**
 * The next thing that happens by itself if nobody acts: an open suspension ends (c.7 after 30
 * days, 10-bis 10 days after the observations or when the window closes) or the term runs
 * out. Undefined when nothing will (closed, or expired and waiting for an act such as the
 * escalation). A workflow sets one timer for `on` and appends the event with its actor.
 */
export function nextClockTransition(log: readonly ClockEvent[]): PendingClockEvent | undefined {
  const fold = replay(log);
  if (fold.closed !== undefined) return undefined;
  const phase = currentPhase(fold);
  const last = phase.suspensions.at(-1);
  if (last !== undefined && last.endedOn === undefined) {
    return {
      type: 'resumed',
      on: addDays(automaticEnd(last), 1),
      legalBasis: suspensionLegalBasis(last.cause),
      reason:
        last.cause === 'integrationRequest'
          ? `The suspension for missing information ended after ${INTEGRATION_SUSPENSION_MAX_DAYS} days.`
          : last.observationsOn === undefined
            ? `No observations were filed within ${PREAVVISO_OBSERVATION_DAYS} days of the preavviso di rigetto.`
            : `${PREAVVISO_OBSERVATION_DAYS} days have passed since the observations were filed.`,
    };
  }
  if (phase.expiredRecorded) return undefined;
  return {
    type: 'expired',
    on: addDays(phaseFigures(fold, phase).deadline, 1),
    legalBasis: fold.phases.length > 1 ? 'L. 241/1990 art. 2 c.9-ter' : 'L. 241/1990 art. 2',
    reason:
      fold.phases.length > 1 ? "The substitute power holder's term ran out." : 'The statutory term ran out.',
  };
}

/**
 * The substitute power holder's term (art. 2 c.9-ter): half the original. The law leaves odd
 * terms open; days are whole, and rounding down would give the holder less than half, so it
 * rounds up (31 days → 16). Recorded in docs/statutory-terms.md.
 */
export function substituteTermDays(originalDays: number): number {
  return Math.ceil(originalDays / 2);
}

// ---------------------------------------------------------------------------------------------
// Replay: the log folded into the few facts every answer derives from.

interface Suspension {
  readonly cause: SuspensionCause;
  readonly since: CivilDate;
  observationsOn?: CivilDate;
  /** The last still day when something ended the suspension (integration, close, or a later event). */
  endedOn?: CivilDate;
}

interface Phase {
  readonly start: CivilDate;
  readonly units: number;
  readonly suspensions: Suspension[];
  expiredRecorded: boolean;
}

interface Fold {
  readonly term: ClockTerm;
  readonly startedOn: CivilDate;
  readonly phases: Phase[];
  c7Used: boolean;
  closed?: { on: CivilDate; conclusion: CaseConclusion };
  lastOn: CivilDate;
}

function replay(log: readonly ClockEvent[]): Fold {
  if (!Array.isArray(log) || log.length === 0) {
    throw new DomainError(
      'CLOCK_NOT_STARTED',
      'The clock has no events: its log starts with the "started" event on the day the application was received.',
    );
  }
  const [first, ...rest] = log as [ClockEvent, ...ClockEvent[]];
  assertWellFormed(first, 0);
  if (first.type !== 'started') {
    throw new DomainError(
      'CLOCK_NOT_STARTED',
      `The clock's first event must be "started" (the application received); got "${first.type}".`,
      { index: 0, type: first.type },
    );
  }
  const fold = start(first);
  rest.forEach((event, position) => {
    const index = position + 1;
    assertWellFormed(event, index);
    check(fold, event, index);
    apply(fold, event);
  });
  return fold;
}

function start(event: ClockStartedEvent): Fold {
  const term: ClockTerm = { ...event.term, calendar: createBusinessCalendar(event.term.calendar) };
  return {
    term,
    startedOn: event.on,
    phases: [{ start: event.on, units: term.days, suspensions: [], expiredRecorded: false }],
    c7Used: false,
    lastOn: event.on,
  };
}

function fail(code: DomainErrorCode, message: string, details: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

/** The rules of the law, each event against the clock as it stands on the event's day. */
function check(fold: Fold, event: ClockEvent, index: number): void {
  const on = event.on;
  const details = { index, type: event.type, on };
  if (fold.closed !== undefined) {
    fail(
      'CLOCK_CLOSED',
      `The case was concluded on ${fold.closed.on}: nothing can follow "closed".`,
      details,
    );
  }
  if (on < fold.lastOn) {
    fail(
      'CLOCK_EVENT_OUT_OF_ORDER',
      `A "${event.type}" on ${on} cannot follow an event on ${fold.lastOn}: events are appended in date order.`,
      details,
    );
  }
  const phase = currentPhase(fold);
  const deadline = phaseFigures(fold, phase).deadline;
  const status = statusOn(fold, on, deadline);
  const last = phase.suspensions.at(-1);
  const open = openSuspension(fold, on);
  switch (event.type) {
    case 'started':
      fail(
        'CLOCK_ALREADY_STARTED',
        `The clock started on ${fold.startedOn}; a case has one "started" event.`,
        details,
      );
      break;
    case 'suspended':
      if (event.cause === 'integrationRequest' && fold.c7Used) {
        fail(
          'CLOCK_C7_ALREADY_USED',
          'The term can be suspended for missing information only once per case (L. 241/1990 art. 2 c.7), and it already was.',
          details,
        );
      }
      if (open !== undefined) {
        fail(
          'CLOCK_SUSPENDED',
          `The term is already suspended (${open.cause}) until ${suspensionUntil(open)}; a suspension cannot start while another runs.`,
          details,
        );
      }
      if (status === 'expired') {
        fail(
          'CLOCK_TERM_EXPIRED',
          `The term ran out on ${deadline}: an expired term cannot be suspended.`,
          details,
        );
      }
      break;
    case 'integrationReceived':
      if (open?.cause !== 'integrationRequest') {
        fail(
          'CLOCK_NOT_SUSPENDED',
          last?.cause === 'integrationRequest' && last.endedOn === undefined
            ? `The suspension for missing information ended by itself on ${automaticEnd(last)} after ${INTEGRATION_SUSPENSION_MAX_DAYS} days; the term is running again.`
            : 'The term is not suspended for missing information (art. 2 c.7): there is nothing for the integration to end.',
          details,
        );
      }
      break;
    case 'observationsFiled':
      if (open?.cause !== 'preavvisoRigetto' || on > addDays(open.since, PREAVVISO_OBSERVATION_DAYS)) {
        fail(
          'CLOCK_NOT_SUSPENDED',
          open?.cause === 'preavvisoRigetto'
            ? `The ${PREAVVISO_OBSERVATION_DAYS} days for observations on the preavviso of ${open.since} closed on ${addDays(open.since, PREAVVISO_OBSERVATION_DAYS)}.`
            : 'No preavviso di rigetto (art. 10-bis) is open: observations can be filed only within its 10 days.',
          details,
        );
      }
      break;
    case 'resumed': {
      if (last === undefined || last.endedOn !== undefined) {
        fail('CLOCK_NOT_SUSPENDED', 'The term is not suspended: there is nothing to resume.', details);
      }
      const resumesOn = addDays(automaticEnd(last), 1);
      if (on !== resumesOn) {
        fail(
          'CLOCK_TRANSITION_NOT_DUE',
          `The suspension that started on ${last.since} resumes by itself on ${resumesOn}, not on ${on}.`,
          { ...details, resumesOn },
        );
      }
      break;
    }
    case 'expired':
      if (status === 'suspended') {
        fail('CLOCK_SUSPENDED', 'A suspended term cannot expire.', details);
      }
      if (status === 'running') {
        fail(
          'CLOCK_TRANSITION_NOT_DUE',
          `The term runs until ${deadline} included; it expires on ${addDays(deadline, 1)}.`,
          { ...details, deadline },
        );
      }
      if (phase.expiredRecorded) {
        fail('CLOCK_TERM_EXPIRED', `The expiry of the term of ${deadline} is already recorded.`, details);
      }
      break;
    case 'escalated':
      if (fold.term.onSilence !== 'provvedimentoEspresso') {
        fail(
          'CLOCK_ESCALATION_NOT_ALLOWED',
          `This procedure concludes by ${fold.term.onSilence} when the term runs out: there is no act for a substitute power holder to adopt.`,
          details,
        );
      }
      if (fold.phases.length > 1) {
        fail(
          'CLOCK_ESCALATION_NOT_ALLOWED',
          `The case was already escalated to the substitute power holder on ${phase.start}.`,
          details,
        );
      }
      if (status !== 'expired') {
        fail(
          'CLOCK_TRANSITION_NOT_DUE',
          `The substitute power holder acts only after the term (art. 2 c.9-ter), which runs until ${deadline} included.`,
          { ...details, deadline },
        );
      }
      break;
    case 'closed':
      if (
        event.conclusion === 'rejected' &&
        open?.cause === 'preavvisoRigetto' &&
        open.observationsOn === undefined &&
        on <= addDays(open.since, PREAVVISO_OBSERVATION_DAYS)
      ) {
        fail(
          'CLOCK_OBSERVATIONS_PENDING',
          `The applicant may file observations on the preavviso di rigetto until ${addDays(open.since, PREAVVISO_OBSERVATION_DAYS)} (art. 10-bis): the application cannot be rejected before then.`,
          details,
        );
      }
      break;
  }
}

function apply(fold: Fold, event: ClockEvent): void {
  const phase = currentPhase(fold);
  const last = phase.suspensions.at(-1);
  // A suspension that ran its full course ended by itself, whether or not "resumed" was recorded.
  if (
    event.type !== 'resumed' &&
    last !== undefined &&
    last.endedOn === undefined &&
    event.on > automaticEnd(last)
  ) {
    last.endedOn = automaticEnd(last);
  }
  fold.lastOn = event.on;
  switch (event.type) {
    case 'suspended':
      phase.suspensions.push({ cause: event.cause, since: event.on });
      if (event.cause === 'integrationRequest') fold.c7Used = true;
      break;
    case 'integrationReceived':
      (last as Suspension).endedOn = event.on;
      break;
    case 'observationsFiled':
      (last as Suspension).observationsOn = event.on;
      break;
    case 'resumed':
      (last as Suspension).endedOn = automaticEnd(last as Suspension);
      break;
    case 'expired':
      phase.expiredRecorded = true;
      break;
    case 'escalated':
      fold.phases.push({
        start: event.on,
        units: substituteTermDays(fold.term.days),
        suspensions: [],
        expiredRecorded: false,
      });
      break;
    case 'closed':
      if (last !== undefined && last.endedOn === undefined) last.endedOn = event.on;
      fold.closed = { on: event.on, conclusion: event.conclusion };
      break;
    case 'started':
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Derivations.

function currentPhase(fold: Fold): Phase {
  return fold.phases[fold.phases.length - 1] as Phase;
}

/** The last still day a suspension reaches when nothing ends it earlier. */
function automaticEnd(suspension: Suspension): CivilDate {
  if (suspension.cause === 'integrationRequest') {
    return addDays(suspension.since, INTEGRATION_SUSPENSION_MAX_DAYS);
  }
  // "ricominciano a decorrere dieci giorni dopo la presentazione delle osservazioni o, in
  // mancanza delle stesse, dalla scadenza del termine": the 10th day is the dies a quo.
  return addDays(suspension.observationsOn ?? suspension.since, PREAVVISO_OBSERVATION_DAYS);
}

function suspensionUntil(suspension: Suspension): CivilDate {
  return suspension.endedOn ?? automaticEnd(suspension);
}

function suspensionLegalBasis(cause: SuspensionCause): string {
  return cause === 'integrationRequest' ? 'L. 241/1990 art. 2 c.7' : 'L. 241/1990 art. 10-bis';
}

/** The suspension of the current phase still open on `day`, if any. */
function openSuspension(fold: Fold, day: CivilDate): Suspension | undefined {
  if (fold.closed !== undefined) return undefined;
  const last = currentPhase(fold).suspensions.at(-1);
  return last !== undefined && last.endedOn === undefined && day <= automaticEnd(last) ? last : undefined;
}

function statusOn(fold: Fold, day: CivilDate, currentDeadline: CivilDate): ClockStatus {
  if (fold.closed !== undefined) return 'closed';
  if (openSuspension(fold, day) !== undefined) return 'suspended';
  return day > currentDeadline ? 'expired' : 'running';
}

/** Days of the term's kind after `from` up to and including `to`. */
function countUnits(term: ClockTerm, from: CivilDate, to: CivilDate): number {
  return term.kind === 'businessDays' ? businessDaysBetween(from, to, term.calendar) : daysBetween(from, to);
}

/**
 * The deadline of one phase: its days are consumed in the running stretches between
 * suspensions; what remains runs from the end of the last suspension. A suspension started on
 * a rolled-over deadline (past the nominal end) leaves nothing, never less than nothing.
 */
function phaseFigures(fold: Fold, phase: Phase): { deadline: CivilDate; suspendedDays: number } {
  const { term } = fold;
  let from = phase.start;
  let remaining = phase.units;
  let suspendedDays = 0;
  for (const suspension of phase.suspensions) {
    remaining = Math.max(0, remaining - countUnits(term, from, suspension.since));
    from = suspensionUntil(suspension);
    suspendedDays += daysBetween(suspension.since, from);
  }
  const nominal =
    term.kind === 'businessDays' ? addBusinessDays(from, remaining, term.calendar) : addDays(from, remaining);
  return { deadline: rollToWorkingDay(nominal, term.calendar), suspendedDays };
}

function silenceOf(
  fold: Fold,
  day: CivilDate,
  deadline: CivilDate,
  escalation: ClockEscalation | undefined,
): { silence?: ClockSilence } {
  if (escalation === undefined && day <= deadline) return {};
  const since = addDays(deadline, 1);
  switch (fold.term.onSilence) {
    case 'provvedimentoEspresso':
      return {
        silence: {
          onSilence: 'provvedimentoEspresso',
          outcome:
            escalation === undefined
              ? 'escalationDue'
              : day > escalation.deadline
                ? 'substituteTermExpired'
                : 'escalated',
          since,
          substituteTermDays: substituteTermDays(fold.term.days),
        },
      };
    case 'silenzioAssenso':
      return {
        silence: {
          onSilence: 'silenzioAssenso',
          outcome: 'deemedGranted',
          since,
          attestationDueDays: SILENZIO_ASSENSO_ATTESTATION_DAYS,
          lateActsIneffective: true,
        },
      };
    case 'silenzioRigetto':
      return { silence: { onSilence: 'silenzioRigetto', outcome: 'deemedRejected', since } };
    case 'scia':
      return { silence: { onSilence: 'scia', outcome: 'consolidated', since } };
  }
}

// ---------------------------------------------------------------------------------------------
// Shape: logs arrive from storage and workflow histories as plain data.

function assertWellFormed(event: ClockEvent, index: number): void {
  const bad = (field: string, message: string): never =>
    fail('INVALID_CLOCK_EVENT', `Clock event ${index + 1}: ${message}`, { index, field });
  if (typeof event !== 'object' || event === null) bad('type', 'an event must be an object.');
  if (!CLOCK_EVENT_TYPES.includes(event.type)) {
    bad('type', `"${String(event.type)}" is not a clock event; use one of ${CLOCK_EVENT_TYPES.join(', ')}.`);
  }
  if (!isValidCivilDate(event.on)) {
    fail(
      'INVALID_DATE',
      `Clock event ${index + 1}: "on" must be a date as YYYY-MM-DD; got "${String(event.on)}".`,
      {
        index,
        field: 'on',
      },
    );
  }
  if (typeof event.actor !== 'string' || event.actor.trim() === '') {
    bad('actor', 'every event names who recorded it (actor).');
  }
  for (const field of ['reason', 'legalBasis'] as const) {
    if (event[field] !== undefined && typeof event[field] !== 'string') bad(field, `${field} must be text.`);
  }
  switch (event.type) {
    case 'started': {
      const term = event.term;
      if (
        typeof term !== 'object' ||
        term === null ||
        !Number.isSafeInteger(term.days) ||
        term.days < 1 ||
        term.days > MAX_PROCEDURE_TERM_DAYS
      ) {
        fail(
          'INVALID_TERM',
          `Clock event ${index + 1}: the term is a whole number of days from 1 to ${MAX_PROCEDURE_TERM_DAYS}; got ${String(term?.days)}.`,
          { index, field: 'term.days' },
        );
      }
      if (!TERM_KINDS.includes(term.kind)) {
        fail('INVALID_TERM', `Clock event ${index + 1}: term.kind is one of ${TERM_KINDS.join(', ')}.`, {
          index,
          field: 'term.kind',
        });
      }
      if (!CONCLUSION_TYPES.includes(term.onSilence)) {
        bad('term.onSilence', `term.onSilence is one of ${CONCLUSION_TYPES.join(', ')}.`);
      }
      break;
    }
    case 'suspended':
      if (!SUSPENSION_CAUSES.includes(event.cause)) {
        bad('cause', `a suspension's cause is one of ${SUSPENSION_CAUSES.join(', ')}.`);
      }
      break;
    case 'closed':
      if (!CASE_CONCLUSIONS.includes(event.conclusion)) {
        bad('conclusion', `a conclusion is one of ${CASE_CONCLUSIONS.join(', ')}.`);
      }
      break;
    default:
      break;
  }
}
