import type { CaseState, CaseValue, CaseView, TimelineKind } from '@sus/contracts';
import {
  addDays,
  compareCivilDates,
  daysBetween,
  termDeadline,
  type BusinessCalendar,
  type CivilDate,
  type ProcedureModel,
} from '@sus/domain';

type Note = (kind: TimelineKind, actor: string, detail?: Record<string, CaseValue>) => void;
type RomeCalendar = (request: { dates: CivilDate[] }) => Promise<{ today: CivilDate; startsOf: Record<string, string> }>;

/** One entry of the case's statutory clock: append-only, every deadline is derived from it. */
export type ClockEntry =
  | { type: 'started'; on: CivilDate; actor: string }
  | { type: 'suspended'; on: CivilDate; cause: 'integrationRequest' | 'preavvisoRigetto'; actor: string; reason: string }
  | { type: 'replied'; on: CivilDate; actor: string }
  | { type: 'resumed'; on: CivilDate; actor: string }
  | { type: 'expired'; on: CivilDate; actor: string }
  | { type: 'escalated'; on: CivilDate; actor: string; deadline: CivilDate }
  | { type: 'closed'; on: CivilDate; actor: string };

/** Art. 2 c.7: one suspension for missing information, at most 30 days. */
const C7_MAX_DAYS = 30;
/** Art. 10-bis: ten days for observations; the term resumes ten days after they are filed. */
const PREAVVISO_DAYS = 10;

/**
 * The statutory clock of one case, kept in the workflow state (`clockLog`) so it survives
 * continue-as-new. Dates are civil days in Rome; the instants to wake up at come from the
 * `romeCalendar` local activity, because workflow code keeps no time zones.
 */
export class CaseClock {
  private wakeAt: number | undefined;

  constructor(
    private readonly state: CaseState,
    private readonly term: ProcedureModel['term'],
    private readonly calendar: BusinessCalendar,
  ) {}

  private get log(): ClockEntry[] {
    return this.state.clockLog as ClockEntry[];
  }

  get started(): boolean {
    return this.log.some((entry) => entry.type === 'started');
  }

  get closed(): boolean {
    return this.log.some((entry) => entry.type === 'closed');
  }

  get c7Used(): boolean {
    return this.log.some((entry) => entry.type === 'suspended' && entry.cause === 'integrationRequest');
  }

  get suspended(): boolean {
    return this.openSuspension() !== undefined;
  }

  preavvisoSent(_stepId: string): boolean {
    return this.log.some((entry) => entry.type === 'suspended' && entry.cause === 'preavvisoRigetto');
  }

  start(today: CivilDate, actor: string): void {
    if (!this.started) this.log.push({ type: 'started', on: today, actor });
  }

  close(today: CivilDate, actor: string): void {
    if (this.started && !this.closed) {
      const open = this.openSuspension();
      if (open) this.log.push({ type: 'resumed', on: today, actor });
      this.log.push({ type: 'closed', on: today, actor });
    }
  }

  suspend(today: CivilDate, cause: 'integrationRequest' | 'preavvisoRigetto', actor: string, reason: string): void {
    if (!this.started || this.closed || this.suspended) return;
    this.log.push({ type: 'suspended', on: today, cause, actor, reason });
  }

  /** The citizen answered: a c.7 suspension ends now; a 10-bis one ten days after the observations. */
  citizenReplied(today: CivilDate, actor: string, cause: 'integrationRequest' | 'preavvisoRigetto'): void {
    const open = this.openSuspension();
    if (!open) return;
    this.log.push({ type: 'replied', on: today, actor });
    if (cause === 'integrationRequest') this.log.push({ type: 'resumed', on: today, actor });
  }

  /** When the suspension open now ends by itself. */
  private resumesOn(): CivilDate | undefined {
    const open = this.openSuspension();
    if (!open) return undefined;
    if (open.cause === 'integrationRequest') return addDays(open.on, C7_MAX_DAYS);
    const replied = this.log.slice(this.log.indexOf(open)).find((entry) => entry.type === 'replied');
    return addDays(replied?.on ?? open.on, PREAVVISO_DAYS);
  }

  private openSuspension() {
    let open: Extract<ClockEntry, { type: 'suspended' }> | undefined;
    for (const entry of this.log) {
      if (entry.type === 'suspended') open = entry;
      if (entry.type === 'resumed' || entry.type === 'closed') open = undefined;
    }
    return open;
  }

  private suspendedDays(): number {
    let days = 0;
    let since: CivilDate | undefined;
    for (const entry of this.log) {
      if (entry.type === 'suspended') since = entry.on;
      if ((entry.type === 'resumed' || entry.type === 'closed') && since) {
        days += daysBetween(since, entry.on);
        since = undefined;
      }
    }
    return days;
  }

  /** The last day of the term: from receipt, plus the days suspended, rolled past holidays. */
  deadline(): CivilDate | undefined {
    const started = this.log.find((entry) => entry.type === 'started');
    if (!started) return undefined;
    const escalated = [...this.log].reverse().find((entry) => entry.type === 'escalated');
    if (escalated?.type === 'escalated') return escalated.deadline;
    return termDeadline(
      addDays(started.on, this.suspendedDays()),
      { length: this.term.days, unit: this.term.kind },
      this.calendar,
    );
  }

  /** The next civil day on which the clock moves by itself (a suspension ends, the term expires). */
  private nextTransitionOn(): CivilDate | undefined {
    if (!this.started || this.closed) return undefined;
    const resumes = this.resumesOn();
    if (resumes) return resumes;
    const deadline = this.deadline();
    const expiredAfter = [...this.log].reverse().find((entry) => entry.type === 'expired' || entry.type === 'escalated');
    if (!deadline) return undefined;
    // Expiry is the day after the last day of the term; an escalation's own term expires once more.
    if (expiredAfter?.type === 'expired') return undefined;
    return addDays(deadline, 1);
  }

  async plan(romeCalendar: RomeCalendar): Promise<void> {
    const on = this.nextTransitionOn();
    if (!on) {
      this.wakeAt = undefined;
      return;
    }
    const { startsOf } = await romeCalendar({ dates: [on] });
    this.wakeAt = Date.parse(startsOf[on]!);
  }

  nextActionAt(): number | undefined {
    return this.wakeAt;
  }

  dueForAction(now: number): boolean {
    return this.wakeAt !== undefined && now >= this.wakeAt;
  }

  /**
   * Applies what the clock does by itself today. Answers the conclusion when the procedure's
   * silence rule concludes the case (silenzio assenso / rigetto), otherwise undefined.
   */
  async act(
    note: Note,
    romeCalendar: RomeCalendar,
    substitutePowerHolder: string | null,
  ): Promise<'accepted' | 'rejected' | undefined> {
    const { today } = await romeCalendar({ dates: [] });
    this.wakeAt = undefined;
    const resumes = this.resumesOn();
    if (resumes && compareCivilDates(today, resumes) >= 0) {
      this.log.push({ type: 'resumed', on: resumes, actor: 'system' });
      note('clockResumed', 'system', { on: resumes });
      await this.plan(romeCalendar);
      return undefined;
    }
    const deadline = this.deadline()!;
    const escalatedBefore = this.log.some((entry) => entry.type === 'escalated');
    this.log.push({ type: 'expired', on: addDays(deadline, 1), actor: 'system' });
    note('termExpired', 'system', { deadline });
    let conclusion: 'accepted' | 'rejected' | undefined;
    switch (this.term.onSilence) {
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
        if (!escalatedBefore) {
          // Art. 2 c.9-ter: the substitute concludes within half the original term (rounded up).
          const half = Math.ceil(this.term.days / 2);
          const substituteDeadline = termDeadline(today, { length: half, unit: this.term.kind }, this.calendar);
          this.log.push({ type: 'escalated', on: today, actor: 'system', deadline: substituteDeadline });
          note('escalated', 'system', {
            to: substitutePowerHolder,
            deadline: substituteDeadline,
            termDays: half,
          });
        }
        break;
    }
    await this.plan(romeCalendar);
    return conclusion;
  }

  refreshView(view: CaseView, substitutePowerHolder: string | null): void {
    const started = this.log.find((entry) => entry.type === 'started');
    const escalated = this.log.some((entry) => entry.type === 'escalated');
    const expired = this.log.some((entry) => entry.type === 'expired');
    view.clock = {
      state: !started
        ? 'notStarted'
        : this.closed
          ? 'closed'
          : this.suspended
            ? 'suspended'
            : expired && !escalated
              ? 'expired'
              : 'running',
      receivedOn: started?.on ?? null,
      deadline: this.deadline() ?? null,
      c7Used: this.c7Used,
      escalatedTo: escalated ? (substitutePowerHolder ?? 'titolare del potere sostitutivo') : null,
    };
  }
}
