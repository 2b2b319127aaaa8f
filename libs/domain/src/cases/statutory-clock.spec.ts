import fc from 'fast-check';
import {
  addDays,
  appendClockEvent,
  BusinessCalendar,
  ClockEvent,
  ClockStartedEvent,
  ClockState,
  clockState,
  CONCLUSION_TYPES,
  ConclusionType,
  createBusinessCalendar,
  fromEpochDay,
  isWorkingDay,
  NATIONAL_BUSINESS_CALENDAR,
  nextClockTransition,
  rollToWorkingDay,
  substituteTermDays,
  termDeadline,
  TermKind,
  toEpochDay,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 200 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const trieste = createBusinessCalendar({ enteHolidays: [{ month: 11, day: 3, name: 'San Giusto' }] });
const saturdayClosed = createBusinessCalendar({ saturdayIsWorkingDay: false });

function started(
  on: string,
  days = 30,
  onSilence: ConclusionType = 'provvedimentoEspresso',
  calendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
  kind: TermKind = 'calendarDays',
): ClockStartedEvent {
  return { type: 'started', on, actor: 'protocollo', term: { days, kind, onSilence, calendar } };
}

/** Appends each event in turn, as a workflow would. */
function logOf(...events: ClockEvent[]): ClockEvent[] {
  return events.slice(1).reduce((log, event) => appendClockEvent(log, event), [events[0] as ClockEvent]);
}

const staff = 'staff:mario.rossi';
const suspendC7 = (on: string): ClockEvent => ({
  type: 'suspended',
  on,
  actor: staff,
  cause: 'integrationRequest',
  reason: 'Manca la planimetria',
  legalBasis: 'L. 241/1990 art. 2 c.7',
});
const preavviso = (on: string): ClockEvent => ({
  type: 'suspended',
  on,
  actor: staff,
  cause: 'preavvisoRigetto',
});
const integration = (on: string): ClockEvent => ({ type: 'integrationReceived', on, actor: 'citizen' });
const observations = (on: string): ClockEvent => ({ type: 'observationsFiled', on, actor: 'citizen' });
const expired = (on: string): ClockEvent => ({ type: 'expired', on, actor: 'system' });
const escalated = (on: string): ClockEvent => ({ type: 'escalated', on, actor: 'staff:segretario' });
const closed = (on: string, conclusion: 'accepted' | 'rejected' | 'withdrawn' = 'accepted'): ClockEvent => ({
  type: 'closed',
  on,
  actor: staff,
  conclusion,
});

describe('the statutory clock', () => {
  describe('term from receipt', () => {
    it('runs 30 calendar days from the day after receipt', () => {
      const log = logOf(started('2026-03-02'));
      expect(clockState(log, '2026-03-02')).toEqual({
        state: 'running',
        startedOn: '2026-03-02',
        term: { days: 30, kind: 'calendarDays', onSilence: 'provvedimentoEspresso' },
        deadline: '2026-04-01',
        suspendedDays: 0,
        c7Used: false,
        remainingDays: 30,
      });
      expect(clockState(log, '2026-04-01')).toMatchObject({ state: 'running', remainingDays: 0 });
      expect(clockState(log, '2026-04-02')).toMatchObject({ state: 'expired', remainingDays: 0 });
    });

    it.each([
      // Christmas, Santo Stefano (a Saturday) and Sunday follow 25 December.
      ['2026-11-25', 30, '2026-12-28', 'national', NATIONAL_BUSINESS_CALENDAR],
      // 3 November is San Giusto, Trieste's patron saint, a working day elsewhere.
      ['2026-10-04', 30, '2026-11-04', 'Trieste', trieste],
      ['2026-10-04', 30, '2026-11-03', 'national', NATIONAL_BUSINESS_CALENDAR],
      // A Saturday counts unless the ente closes on Saturdays.
      ['2026-11-25', 3, '2026-11-28', 'national', NATIONAL_BUSINESS_CALENDAR],
      ['2026-11-25', 3, '2026-11-30', 'Saturday closed', saturdayClosed],
    ] as const)('received %s, %p days, ends %s (%s calendar)', (on, days, deadline, _, calendar) => {
      expect(clockState(logOf(started(on, days, 'provvedimentoEspresso', calendar)), on).deadline).toBe(
        deadline,
      );
    });

    it('counts working days when the procedure says so', () => {
      const log = logOf(
        started('2026-12-23', 2, 'provvedimentoEspresso', NATIONAL_BUSINESS_CALENDAR, 'businessDays'),
      );
      expect(clockState(log, '2026-12-23')).toMatchObject({ deadline: '2026-12-28', remainingDays: 2 });
    });
  });

  describe('suspension for missing information (art. 2 c.7)', () => {
    it('moves the deadline by the days until the citizen supplies it', () => {
      const log = logOf(started('2026-03-02'), suspendC7('2026-03-10'));
      expect(clockState(log, '2026-03-12')).toMatchObject({
        state: 'suspended',
        c7Used: true,
        suspension: {
          cause: 'integrationRequest',
          since: '2026-03-10',
          until: '2026-04-09',
          resumesOn: '2026-04-10',
        },
        resumesOn: '2026-04-10',
        // Worst case while it lasts: 30 days, 1 May is a holiday.
        deadline: '2026-05-02',
        suspendedDays: 30,
      });
      const resumed = appendClockEvent(log, integration('2026-03-20'));
      expect(clockState(resumed, '2026-03-20')).toEqual({
        state: 'running',
        startedOn: '2026-03-02',
        term: { days: 30, kind: 'calendarDays', onSilence: 'provvedimentoEspresso' },
        deadline: '2026-04-11',
        suspendedDays: 10,
        c7Used: true,
        remainingDays: 22,
      });
    });

    it('resumes by itself after 30 days, and the remaining days carry over', () => {
      const log = logOf(started('2026-03-02'), suspendC7('2026-03-10'));
      expect(nextClockTransition(log)).toEqual({
        type: 'resumed',
        on: '2026-04-10',
        legalBasis: 'L. 241/1990 art. 2 c.7',
        reason: 'The suspension for missing information ended after 30 days.',
      });
      // Derived even before the workflow records it.
      expect(clockState(log, '2026-04-09').state).toBe('suspended');
      expect(clockState(log, '2026-04-10')).toMatchObject({ state: 'running', remainingDays: 22 });
      const resumed = appendClockEvent(log, { ...(nextClockTransition(log) as ClockEvent), actor: 'system' });
      expect(clockState(resumed, '2026-04-10')).toEqual(clockState(log, '2026-04-10'));
      expect(nextClockTransition(resumed)).toMatchObject({ type: 'expired', on: '2026-05-03' });
    });

    it('needs no "resumed" event: a later event finds the clock running', () => {
      const log = logOf(started('2026-03-02'), suspendC7('2026-03-10'), preavviso('2026-04-15'));
      expect(clockState(log, '2026-04-15')).toMatchObject({
        state: 'suspended',
        suspension: { cause: 'preavvisoRigetto', since: '2026-04-15', until: '2026-04-25' },
        // 30 days of c.7 and 10 of 10-bis: 1 April + 40 days.
        deadline: '2026-05-11',
        suspendedDays: 40,
      });
      expect(nextClockTransition(log)).toMatchObject({ type: 'resumed', on: '2026-04-26' });
      expect(() => appendClockEvent(log, { type: 'resumed', on: '2026-04-10', actor: 'system' })).toThrow(
        withCode('CLOCK_EVENT_OUT_OF_ORDER'),
      );
    });

    it('counts a suspension that ran its course as ended once a later event is recorded', () => {
      const log = logOf(started('2026-03-02'), suspendC7('2026-03-10'), expired('2026-05-03'));
      expect(clockState(log, '2026-05-03')).toMatchObject({ state: 'expired', deadline: '2026-05-02' });
      expect(nextClockTransition(log)).toBeUndefined();
    });

    it('refuses the integration once the 30 days are over', () => {
      const log = logOf(started('2026-03-02'), suspendC7('2026-03-10'));
      expect(clockState(appendClockEvent(log, integration('2026-04-09')), '2026-04-09').deadline).toBe(
        '2026-05-02',
      );
      expect(() => appendClockEvent(log, integration('2026-04-10'))).toThrow(withCode('CLOCK_NOT_SUSPENDED'));
    });

    it('is allowed once per case, whatever happened since', () => {
      const log = logOf(
        started('2026-03-02'),
        suspendC7('2026-03-03'),
        integration('2026-03-05'),
        preavviso('2026-03-06'),
        observations('2026-03-07'),
      );
      expect(() => appendClockEvent(log, suspendC7('2026-04-01'))).toThrow(withCode('CLOCK_C7_ALREADY_USED'));
      expect(clockState(log, '2026-04-01').c7Used).toBe(true);
    });
  });

  describe('preavviso di rigetto (art. 10-bis)', () => {
    it('resumes 10 days after the observations', () => {
      const log = logOf(started('2026-03-02'), preavviso('2026-03-10'), observations('2026-03-15'));
      expect(clockState(log, '2026-03-16')).toMatchObject({
        state: 'suspended',
        suspension: {
          since: '2026-03-10',
          observationsFiledOn: '2026-03-15',
          until: '2026-03-25',
          resumesOn: '2026-03-26',
        },
        suspendedDays: 15,
        deadline: '2026-04-16',
        c7Used: false,
      });
      expect(nextClockTransition(log)).toMatchObject({ type: 'resumed', on: '2026-03-26' });
      expect(clockState(log, '2026-03-26').state).toBe('running');
    });

    it('resumes when the 10-day window closes without observations', () => {
      const log = logOf(started('2026-03-02'), preavviso('2026-03-10'));
      expect(clockState(log, '2026-03-20')).toMatchObject({
        state: 'suspended',
        resumesOn: '2026-03-21',
        deadline: '2026-04-11',
      });
      expect(nextClockTransition(log)).toMatchObject({
        type: 'resumed',
        on: '2026-03-21',
        legalBasis: 'L. 241/1990 art. 10-bis',
      });
      // The last day of the window still takes observations.
      expect(clockState(appendClockEvent(log, observations('2026-03-20')), '2026-03-20').deadline).toBe(
        '2026-04-21',
      );
      expect(() => appendClockEvent(log, observations('2026-03-21'))).toThrow(
        withCode('CLOCK_NOT_SUSPENDED'),
      );
    });

    it('forbids the rejection while the applicant may still file observations', () => {
      const log = logOf(started('2026-03-02'), preavviso('2026-03-10'));
      expect(() => appendClockEvent(log, closed('2026-03-15', 'rejected'))).toThrow(
        withCode('CLOCK_OBSERVATIONS_PENDING'),
      );
      expect(clockState(appendClockEvent(log, closed('2026-03-21', 'rejected')), '2026-03-21')).toMatchObject(
        {
          state: 'closed',
          closed: { on: '2026-03-21', conclusion: 'rejected' },
        },
      );
      const answered = appendClockEvent(log, observations('2026-03-12'));
      expect(
        clockState(appendClockEvent(answered, closed('2026-03-13', 'rejected')), '2026-03-13').state,
      ).toBe('closed');
    });

    it('may be given again after the clock resumed, and does not use up c.7', () => {
      const log = logOf(
        started('2026-03-02'),
        preavviso('2026-03-03'),
        { type: 'resumed', on: '2026-03-14', actor: 'system' },
        preavviso('2026-03-20'),
      );
      expect(clockState(log, '2026-03-20')).toMatchObject({
        state: 'suspended',
        suspendedDays: 20,
        c7Used: false,
      });
      expect(() => appendClockEvent(log, suspendC7('2026-03-25'))).toThrow(withCode('CLOCK_SUSPENDED'));
    });
  });

  describe('expiry and silence', () => {
    it('expires the day after the deadline and escalates to half the term, rounded up', () => {
      const log = logOf(started('2026-03-02', 31));
      expect(nextClockTransition(log)).toMatchObject({ type: 'expired', on: '2026-04-03' });
      expect(() => appendClockEvent(log, expired('2026-04-02'))).toThrow(
        withCode('CLOCK_TRANSITION_NOT_DUE'),
      );
      const lapsed = appendClockEvent(log, expired('2026-04-03'));
      expect(nextClockTransition(lapsed)).toBeUndefined();
      expect(clockState(lapsed, '2026-04-05')).toMatchObject({
        state: 'expired',
        deadline: '2026-04-02',
        silence: {
          onSilence: 'provvedimentoEspresso',
          outcome: 'escalationDue',
          since: '2026-04-03',
          substituteTermDays: 16,
        },
      });
      // 16 days from 10 April end on Sunday 26 April.
      const substitute = appendClockEvent(lapsed, escalated('2026-04-10'));
      expect(clockState(substitute, '2026-04-10')).toMatchObject({
        state: 'running',
        deadline: '2026-04-02',
        escalation: { on: '2026-04-10', termDays: 16, deadline: '2026-04-27', suspendedDays: 0 },
        silence: { outcome: 'escalated' },
        remainingDays: 17,
      });
      expect(nextClockTransition(substitute)).toMatchObject({
        type: 'expired',
        on: '2026-04-28',
        legalBasis: 'L. 241/1990 art. 2 c.9-ter',
      });
      expect(clockState(substitute, '2026-04-28')).toMatchObject({
        state: 'expired',
        silence: { outcome: 'substituteTermExpired' },
      });
      expect(() => appendClockEvent(substitute, escalated('2026-04-11'))).toThrow(
        withCode('CLOCK_ESCALATION_NOT_ALLOWED'),
      );
    });

    it('escalates on an expiry that was derived but not recorded', () => {
      const log = logOf(started('2026-03-02'), escalated('2026-04-02'));
      expect(clockState(log, '2026-04-02').escalation).toEqual({
        on: '2026-04-02',
        termDays: 15,
        deadline: '2026-04-17',
        suspendedDays: 0,
      });
    });

    it.each([
      [
        'silenzioAssenso',
        {
          onSilence: 'silenzioAssenso',
          outcome: 'deemedGranted',
          since: '2026-04-02',
          attestationDueDays: 10,
          lateActsIneffective: true,
        },
      ],
      ['silenzioRigetto', { onSilence: 'silenzioRigetto', outcome: 'deemedRejected', since: '2026-04-02' }],
      ['scia', { onSilence: 'scia', outcome: 'consolidated', since: '2026-04-02' }],
    ] as const)('%s: the silence concludes, no escalation', (onSilence, silence) => {
      const log = logOf(started('2026-03-02', 30, onSilence), expired('2026-04-02'));
      expect(clockState(log, '2026-04-02').silence).toEqual(silence);
      expect(() => appendClockEvent(log, escalated('2026-04-03'))).toThrow(
        withCode('CLOCK_ESCALATION_NOT_ALLOWED'),
      );
    });

    it('reports no silence for a case concluded in time, even read later', () => {
      const log = logOf(started('2026-03-02'), closed('2026-03-31'));
      expect(clockState(log, '2026-06-01')).toEqual(
        expect.not.objectContaining({ silence: expect.anything() }),
      );
      expect(clockState(log, '2026-06-01')).toMatchObject({ state: 'closed', remainingDays: 0 });
      expect(nextClockTransition(log)).toBeUndefined();
    });

    it('ends an open suspension on the day the case is concluded', () => {
      const log = logOf(started('2026-03-02'), suspendC7('2026-03-10'), closed('2026-03-15', 'withdrawn'));
      expect(clockState(log, '2026-06-01')).toMatchObject({
        state: 'closed',
        suspendedDays: 5,
        // 1 April + 5 days is Easter Monday.
        deadline: '2026-04-07',
        closed: { on: '2026-03-15', conclusion: 'withdrawn' },
      });
      expect(clockState(log, '2026-06-01')).toEqual(
        expect.not.objectContaining({ suspension: expect.anything() }),
      );
    });

    it('keeps the silence of a case concluded late', () => {
      const log = logOf(started('2026-03-02', 30, 'silenzioAssenso'), closed('2026-04-10'));
      expect(clockState(log, '2026-04-10').silence?.outcome).toBe('deemedGranted');
    });
  });

  describe('refuses what the law forbids', () => {
    const base = logOf(started('2026-03-02'));
    it.each([
      ['a second start', [], started('2026-03-03'), 'CLOCK_ALREADY_STARTED'],
      ['an event before the previous one', [], suspendC7('2026-03-01'), 'CLOCK_EVENT_OUT_OF_ORDER'],
      ['a suspension while suspended', [preavviso('2026-03-05')], preavviso('2026-03-06'), 'CLOCK_SUSPENDED'],
      ['a suspension after the term', [], preavviso('2026-04-02'), 'CLOCK_TERM_EXPIRED'],
      ['anything after closing', [closed('2026-03-05')], preavviso('2026-03-06'), 'CLOCK_CLOSED'],
      ['closing twice', [closed('2026-03-05')], closed('2026-03-06'), 'CLOCK_CLOSED'],
      ['an integration without a c.7 suspension', [], integration('2026-03-05'), 'CLOCK_NOT_SUSPENDED'],
      [
        'an integration during a preavviso',
        [preavviso('2026-03-05')],
        integration('2026-03-06'),
        'CLOCK_NOT_SUSPENDED',
      ],
      [
        'observations without a preavviso',
        [suspendC7('2026-03-05')],
        observations('2026-03-06'),
        'CLOCK_NOT_SUSPENDED',
      ],
      [
        'a resumption while running',
        [],
        { type: 'resumed', on: '2026-03-05', actor: 'system' },
        'CLOCK_NOT_SUSPENDED',
      ],
      [
        'an early resumption',
        [suspendC7('2026-03-05')],
        { type: 'resumed', on: '2026-03-06', actor: 'system' },
        'CLOCK_TRANSITION_NOT_DUE',
      ],
      ['an expiry while suspended', [suspendC7('2026-03-05')], expired('2026-04-02'), 'CLOCK_SUSPENDED'],
      ['an expiry recorded twice', [expired('2026-04-02')], expired('2026-04-03'), 'CLOCK_TERM_EXPIRED'],
      ['an escalation before the term ran out', [], escalated('2026-04-01'), 'CLOCK_TRANSITION_NOT_DUE'],
    ] as const)('%s', (_, before, event, code) => {
      const log = before.reduce<ClockEvent[]>((acc, e) => appendClockEvent(acc, e), base);
      expect(() => appendClockEvent(log, event)).toThrow(withCode(code));
    });

    it('starts only with "started"', () => {
      expect(() => appendClockEvent([], suspendC7('2026-03-02'))).toThrow(withCode('CLOCK_NOT_STARTED'));
      expect(() => clockState([], '2026-03-02')).toThrow(withCode('CLOCK_NOT_STARTED'));
    });

    it.each([
      ['an unknown type', { type: 'paused', on: '2026-03-05', actor: staff }, 'INVALID_CLOCK_EVENT'],
      ['no actor', { type: 'expired', on: '2026-04-02', actor: ' ' }, 'INVALID_CLOCK_EVENT'],
      ['a bad date', { type: 'expired', on: '2026-02-30', actor: staff }, 'INVALID_DATE'],
      [
        'an unknown cause',
        { type: 'suspended', on: '2026-03-05', actor: staff, cause: 'holiday' },
        'INVALID_CLOCK_EVENT',
      ],
      [
        'an unknown conclusion',
        { type: 'closed', on: '2026-03-05', actor: staff, conclusion: 'done' },
        'INVALID_CLOCK_EVENT',
      ],
      [
        'a reason that is not text',
        { type: 'expired', on: '2026-04-02', actor: staff, reason: 3 },
        'INVALID_CLOCK_EVENT',
      ],
    ])('a malformed event: %s', (_, event, code) => {
      expect(() => appendClockEvent(base, event as never)).toThrow(withCode(code));
    });

    it.each([
      ['a term of 0 days', { days: 0, kind: 'calendarDays', onSilence: 'scia' }, 'INVALID_TERM'],
      ['a term over 180 days', { days: 181, kind: 'calendarDays', onSilence: 'scia' }, 'INVALID_TERM'],
      ['a month term', { days: 1, kind: 'months', onSilence: 'scia' }, 'INVALID_TERM'],
      ['an unknown onSilence', { days: 30, kind: 'calendarDays', onSilence: 'maybe' }, 'INVALID_CLOCK_EVENT'],
      [
        'a bad calendar',
        { days: 30, kind: 'calendarDays', onSilence: 'scia', calendar: { enteHolidays: 'x' } },
        'INVALID_CALENDAR',
      ],
    ])('a malformed start: %s', (_, term, code) => {
      const event = {
        type: 'started',
        on: '2026-03-02',
        actor: 'protocollo',
        term: { calendar: NATIONAL_BUSINESS_CALENDAR, ...term },
      };
      expect(() => appendClockEvent([], event as never)).toThrow(withCode(code));
    });

    it('never modifies the log it is given', () => {
      // Built by hand, not through appendClockEvent, so no call has touched it before the copy.
      const log = [started('2026-03-02'), suspendC7('2026-03-05'), integration('2026-03-06')];
      const copy = structuredClone(log);
      expect(appendClockEvent(log, closed('2026-03-07'))).toHaveLength(4);
      expect(() => appendClockEvent(log, suspendC7('2026-03-08'))).toThrow();
      clockState(log, '2026-05-01');
      nextClockTransition(log);
      const concluded = [...log, closed('2026-03-07')];
      const concludedCopy = structuredClone(concluded);
      clockState(concluded, '2026-05-01');
      expect(log).toEqual(copy);
      expect(concluded).toEqual(concludedCopy);
    });

    it('cannot be read before its last event', () => {
      const log = logOf(started('2026-03-02'), suspendC7('2026-03-05'));
      expect(() => clockState(log, '2026-03-04')).toThrow(withCode('CLOCK_EVENT_OUT_OF_ORDER'));
      expect(() => clockState(log, '5 March')).toThrow(withCode('INVALID_DATE'));
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const calendars = fc.constantFrom(NATIONAL_BUSINESS_CALENDAR, trieste, saturdayClosed);
const receipt = fc
  .integer({ min: toEpochDay('2026-01-01'), max: toEpochDay('2040-12-31') })
  .map(fromEpochDay);
const startedEvents = fc
  .record({
    on: receipt,
    days: fc.integer({ min: 1, max: 180 }),
    onSilence: fc.constantFrom(...CONCLUSION_TYPES),
    calendar: calendars,
    kind: fc.constantFrom<TermKind>('calendarDays', 'businessDays'),
  })
  .map(({ on, days, onSilence, calendar, kind }) => started(on, days, onSilence, calendar, kind));
// One move in eight concludes the case, so most logs go on to suspensions, expiry and escalation.
const moves = fc.array(
  fc.record({
    gap: fc.integer({ min: 0, max: 45 }),
    pick: fc.nat(),
    closing: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  }),
  { maxLength: 12 },
);
type Move = { gap: number; pick: number; closing: boolean };

/**
 * A log built from legal moves only, judged by a model of its own (what is suspended, what was
 * used) rather than by appendClockEvent. The automatic transitions due by a move's day are
 * appended first, as the workflow's timer would.
 */
function legalLog(start: ClockStartedEvent, steps: Move[]): ClockEvent[] {
  let log: ClockEvent[] = [start];
  let c7Used = false;
  let escalatedYet = false;
  let suspension: { cause: string; since: string; observed: boolean } | undefined;
  for (const { gap, pick, closing } of steps) {
    const last = log[log.length - 1] as ClockEvent;
    if (last.type === 'closed') break;
    const day = addDays(last.on, gap);
    for (
      let due = nextClockTransition(log);
      due !== undefined && due.on <= day;
      due = nextClockTransition(log)
    ) {
      log = appendClockEvent(log, { ...due, actor: 'system' });
      if (due.type === 'resumed') suspension = undefined;
    }
    const pending = nextClockTransition(log);
    const candidates: ClockEvent[] = [];
    const closings: ClockEvent[] = [];
    const close = (conclusion: 'accepted' | 'rejected' | 'withdrawn'): ClockEvent => ({
      type: 'closed',
      on: day,
      actor: staff,
      conclusion,
    });
    if (suspension !== undefined) {
      const windowOpen = day <= addDays(suspension.since, 10);
      if (suspension.cause === 'integrationRequest') candidates.push(integration(day));
      else if (windowOpen) candidates.push(observations(day));
      closings.push(close('accepted'), close('withdrawn'));
      if (suspension.cause !== 'preavvisoRigetto' || suspension.observed || !windowOpen)
        closings.push(close('rejected'));
    } else if (pending?.type === 'expired') {
      if (!c7Used) candidates.push(suspendC7(day));
      candidates.push(preavviso(day));
      closings.push(close('accepted'), close('rejected'));
    } else {
      if (start.term.onSilence === 'provvedimentoEspresso' && !escalatedYet) candidates.push(escalated(day));
      closings.push(close('accepted'));
    }
    // Nothing to do but wait (e.g. a preavviso whose window has closed): the next move is later.
    const choice = closing ? closings : candidates;
    if (choice.length === 0) continue;
    const event = choice[pick % choice.length] as ClockEvent;
    log = appendClockEvent(log, event);
    if (event.type === 'suspended') {
      suspension = { cause: event.cause, since: day, observed: false };
      if (event.cause === 'integrationRequest') c7Used = true;
    }
    if (event.type === 'integrationReceived' || event.type === 'closed') suspension = undefined;
    if (event.type === 'observationsFiled' && suspension !== undefined) suspension.observed = true;
    if (event.type === 'escalated') escalatedYet = true;
  }
  return log;
}

const legalLogs = fc.tuple(startedEvents, moves).map(([start, steps]) => legalLog(start, steps));
const lastDay = (log: ClockEvent[]) => (log[log.length - 1] as ClockEvent).on;

describe('statutory clock properties', () => {
  it('appending legal moves in order never throws, and every state reads', () => {
    fc.assert(
      fc.property(startedEvents, moves, fc.integer({ min: 0, max: 400 }), (start, steps, later) => {
        const log = legalLog(start, steps);
        const state = clockState(log, addDays(lastDay(log), later));
        expect(['running', 'suspended', 'expired', 'closed']).toContain(state.state);
      }),
      PROPERTY_RUNS,
    );
  });

  it('never puts a deadline on a holiday of the calendar', () => {
    fc.assert(
      fc.property(legalLogs, (log) => {
        const { term } = log[0] as ClockStartedEvent;
        const state = clockState(log, lastDay(log));
        expect(isWorkingDay(state.deadline, term.calendar)).toBe(true);
        if (state.escalation) expect(isWorkingDay(state.escalation.deadline, term.calendar)).toBe(true);
      }),
      PROPERTY_RUNS,
    );
  });

  it('moves the unrolled deadline by exactly the days suspended', () => {
    const suspensions = fc.oneof(
      // c.7 ended by the integration after k days, or by itself after 30.
      fc.integer({ min: 0, max: 31 }).map((k) => ({ cause: 'integrationRequest' as const, k })),
      // 10-bis with observations after k days, or none.
      fc.option(fc.integer({ min: 0, max: 10 })).map((k) => ({ cause: 'preavvisoRigetto' as const, k })),
    );
    fc.assert(
      fc.property(
        receipt,
        fc.integer({ min: 1, max: 180 }),
        calendars,
        fc.double({ min: 0, max: 1, noNaN: true }),
        suspensions,
        (on, days, calendar, at, suspension) => {
          const since = addDays(on, Math.floor(at * days));
          let log = logOf(started(on, days, 'scia', calendar), {
            type: 'suspended',
            on: since,
            actor: staff,
            cause: suspension.cause,
          });
          let k: number;
          if (suspension.cause === 'integrationRequest') {
            k = Math.min(suspension.k, 30);
            if (suspension.k <= 30) log = appendClockEvent(log, integration(addDays(since, k)));
          } else if (suspension.k === null) {
            k = 10;
          } else {
            log = appendClockEvent(log, observations(addDays(since, suspension.k)));
            k = suspension.k + 10;
          }
          const state = clockState(log, addDays(since, 60));
          expect(state.suspendedDays).toBe(k);
          expect(state.deadline).toBe(rollToWorkingDay(addDays(on, days + k), calendar));
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('never accepts a second c.7 suspension', () => {
    fc.assert(
      // The first move, on the day of receipt, takes the first legal candidate: the c.7 suspension.
      fc.property(startedEvents, moves, fc.integer({ min: 0, max: 60 }), (start, steps, gap) => {
        const whole = legalLog(start, [{ gap: 0, pick: 0, closing: false }, ...steps]);
        expect(whole[1]).toMatchObject({ type: 'suspended', cause: 'integrationRequest' });
        // A prefix of a legal log is legal: drop the closing event, if any.
        const log = (whole[whole.length - 1] as ClockEvent).type === 'closed' ? whole.slice(0, -1) : whole;
        expect(() => appendClockEvent(log, suspendC7(addDays(lastDay(log), gap)))).toThrow(
          withCode('CLOCK_C7_ALREADY_USED'),
        );
      }),
      PROPERTY_RUNS,
    );
  });

  it('never lets remainingDays grow while the clock runs', () => {
    fc.assert(
      fc.property(legalLogs, fc.nat(200), fc.nat(200), (log, a, b) => {
        const first = addDays(lastDay(log), Math.min(a, b));
        const second = addDays(lastDay(log), Math.max(a, b));
        const [earlier, later] = [clockState(log, first), clockState(log, second)];
        if (earlier.state === 'running' && later.state === 'running') {
          expect(later.remainingDays).toBeLessThanOrEqual(earlier.remainingDays);
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('gives the substitute power holder ceil(original / 2) days from the escalation', () => {
    fc.assert(
      fc.property(startedEvents, fc.nat(30), (start, delay) => {
        const term = { ...start.term, onSilence: 'provvedimentoEspresso' as const };
        const log = logOf({ ...start, term });
        const due = nextClockTransition(log)?.on as string;
        const on = addDays(due, delay);
        const state = clockState(appendClockEvent(log, escalated(on)), on);
        expect(substituteTermDays(term.days)).toBe(Math.ceil(term.days / 2));
        expect(state.escalation).toEqual({
          on,
          termDays: Math.ceil(term.days / 2),
          deadline: termDeadline(on, { length: Math.ceil(term.days / 2), unit: term.kind }, term.calendar),
          suspendedDays: 0,
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('is a pure function of (log, today)', () => {
    fc.assert(
      fc.property(legalLogs, fc.nat(400), (log, later) => {
        const today = addDays(lastDay(log), later);
        const copy = structuredClone(log);
        const once: ClockState = clockState(log, today);
        expect(clockState(copy, today)).toEqual(once);
        expect(clockState(log, today)).toEqual(once);
        expect(log).toEqual(copy);
      }),
      PROPERTY_RUNS,
    );
  });
});
