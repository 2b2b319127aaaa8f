import type { CaseState, CaseValue, CaseView, TimelineKind } from '@sus/contracts';
import {
  appendClockEvent,
  clockState,
  compareCivilDates,
  nextClockTransition,
  type BusinessCalendar,
  type CaseConclusion,
  type CivilDate,
  type ClockEvent,
  type ClockTerm,
  type ProcedureModel,
  type SuspensionCause,
} from '@sus/domain';

type Note = (kind: TimelineKind, actor: string, detail?: Record<string, CaseValue>) => void;
export type RomeCalendar = (request: {
  dates: CivilDate[];
}) => Promise<{ today: CivilDate; startsOf: Record<string, string> }>;

/**
 * The statutory clock of one case (libs/domain statutory-clock: an append-only log from which
 * every deadline is derived), kept in the workflow state so it survives continue-as-new. Civil
 * days come from the `romeCalendar` local activity: workflow code keeps no time zones.
 */
export class CaseClock {
  private wakeAt: number | undefined;
  /** Today in Rome as of the last call to romeCalendar (refreshed at every record). */
  private today: CivilDate | undefined;
  private readonly term: ClockTerm;

  constructor(
    private readonly state: CaseState,
    modelTerm: ProcedureModel['term'],
    calendar: BusinessCalendar,
    private readonly romeCalendar: RomeCalendar,
  ) {
    this.term = { days: modelTerm.days, kind: modelTerm.kind, onSilence: modelTerm.onSilence, calendar };
  }

  private get log(): ClockEvent[] {
    return this.state.clockLog as ClockEvent[];
  }

  /**
   * Appends an event the law allows. One it refuses (validators ask first, so only a race gets
   * here) is dropped rather than thrown: a throw in workflow code would stall the case forever.
   */
  private append(event: ClockEvent): boolean {
    try {
      this.state.clockLog = appendClockEvent(this.log, event);
      return true;
    } catch {
      return false;
    }
  }

  get started(): boolean {
    return this.log.some((event) => event.type === 'started');
  }

  get closed(): boolean {
    return this.log.some((event) => event.type === 'closed');
  }

  get c7Used(): boolean {
    return this.log.some((event) => event.type === 'suspended' && event.cause === 'integrationRequest');
  }

  preavvisoSent(): boolean {
    return this.log.some((event) => event.type === 'suspended' && event.cause === 'preavvisoRigetto');
  }

  /** Whether a suspension is open (the case waits for the citizen's information or observations). */
  get suspended(): boolean {
    if (!this.started || !this.today) return false;
    return clockState(this.log, this.today).state === 'suspended';
  }

  /** Why the law refuses suspending now, if it does (asked by an Update's validator). */
  suspensionRefusal(cause: SuspensionCause): string | undefined {
    if (!this.started) return undefined;
    try {
      appendClockEvent(this.log, { type: 'suspended', cause, on: this.today!, actor: 'check' });
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  start(today: CivilDate, actor: string): void {
    this.today = today;
    if (!this.started) this.append({ type: 'started', on: today, actor, term: this.term });
  }

  close(today: CivilDate, actor: string, conclusion: CaseConclusion): void {
    if (this.started && !this.closed) this.append({ type: 'closed', on: today, actor, conclusion });
  }

  suspend(today: CivilDate, cause: SuspensionCause, actor: string, reason: string): void {
    this.append({
      type: 'suspended',
      cause,
      on: today,
      actor,
      reason,
      legalBasis: cause === 'integrationRequest' ? 'L. 241/1990 art. 2 c.7' : 'L. 241/1990 art. 10-bis',
    });
  }

  /** The citizen answered: a c.7 suspension ends today, a 10-bis one ten days after the observations. */
  citizenReplied(today: CivilDate, actor: string, cause: SuspensionCause): void {
    this.append({
      type: cause === 'integrationRequest' ? 'integrationReceived' : 'observationsFiled',
      on: today,
      actor,
    });
  }

  /** Refreshes today and the instant the clock next moves by itself. */
  async plan(): Promise<void> {
    const next = this.started && !this.closed ? nextClockTransition(this.log) : undefined;
    const { today, startsOf } = await this.romeCalendar({ dates: next ? [next.on] : [] });
    this.today = today;
    this.wakeAt = next ? Date.parse(startsOf[next.on]!) : undefined;
  }

  nextActionAt(): number | undefined {
    return this.wakeAt;
  }

  dueForAction(now: number): boolean {
    return this.wakeAt !== undefined && now >= this.wakeAt;
  }

  /**
   * Appends what the clock does by itself today (a suspension ends, the term expires) and applies
   * the procedure's silence rule. Answers the conclusion when silence concludes the case
   * (silenzio assenso: accepted; silenzio rigetto: rejected), otherwise undefined.
   */
  async act(note: Note, substitutePowerHolder: string | null): Promise<'accepted' | 'rejected' | undefined> {
    const { today } = await this.romeCalendar({ dates: [] });
    this.today = today;
    this.wakeAt = undefined;
    const next = nextClockTransition(this.log);
    if (!next || compareCivilDates(next.on, today) > 0) {
      await this.plan();
      return undefined;
    }
    this.append({ ...next, actor: 'system' });
    if (next.type === 'resumed') {
      note('clockResumed', 'system', { on: next.on });
      await this.plan();
      return undefined;
    }
    const after = clockState(this.log, today);
    note('termExpired', 'system', { deadline: after.escalation?.deadline ?? after.deadline });
    let conclusion: 'accepted' | 'rejected' | undefined;
    switch (after.silence?.onSilence) {
      case 'silenzioAssenso':
        note('silenceApplied', 'system', { outcome: 'deemedGranted' });
        conclusion = 'accepted';
        break;
      case 'silenzioRigetto':
        note('silenceApplied', 'system', { outcome: 'deemedRejected' });
        conclusion = 'rejected';
        break;
      case 'scia':
        note('silenceApplied', 'system', { outcome: 'consolidated' });
        break;
      case 'provvedimentoEspresso':
        if (after.silence.outcome === 'escalationDue') {
          // Art. 2 c.9-ter: the substitute concludes within half the term; the citizen is told.
          if (
            this.append({
              type: 'escalated',
              on: today,
              actor: 'system',
              legalBasis: 'L. 241/1990 art. 2 c.9-ter',
            })
          ) {
            const escalated = clockState(this.log, today).escalation!;
            note('escalated', 'system', {
              to: substitutePowerHolder,
              deadline: escalated.deadline,
              termDays: escalated.termDays,
            });
            // The law wants the applicant told who now holds the case and by when (issue 16).
            const holder = substitutePowerHolder ?? 'il titolare del potere sostitutivo';
            note('messageSent', 'system', {
              subject: `Termine scaduto: la pratica passa a ${holder}, che la conclude entro il ${escalated.deadline}`,
              channel: 'timeline',
              noticeNumber: null,
              key: `case/${this.state.view.caseNumber}/escalated/${today}`,
            });
          }
        }
        break;
    }
    await this.plan();
    return conclusion;
  }

  refreshView(view: CaseView, substitutePowerHolder: string | null): void {
    if (!this.started || !this.today) {
      view.clock = {
        state: 'notStarted',
        receivedOn: null,
        deadline: null,
        c7Used: false,
        escalatedTo: null,
      };
      return;
    }
    const current = clockState(this.log, this.today);
    view.clock = {
      state: current.state,
      receivedOn: current.startedOn,
      deadline: current.escalation?.deadline ?? current.deadline,
      c7Used: current.c7Used,
      escalatedTo: current.escalation ? (substitutePowerHolder ?? 'titolare del potere sostitutivo') : null,
    };
  }
}
