import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  bookSlotUpdate,
  cancelCaseUpdate,
  cancelPaymentSignal,
  caseSettledUpdate,
  caseStatusQuery,
  messageWorkflowId,
  messageWorkflowType,
  claimTaskUpdate,
  decideTaskUpdate,
  paymentWorkflowId,
  paymentWorkflowType,
  submitCaseFormUpdate,
  susCaseStatusSearchAttribute,
  withdrawCaseUpdate,
  type CaseState,
  type CaseStepView,
  type CaseValue,
  type DecideTaskRequest,
  type MessageWorkflow,
  type PaymentWorkflow,
  type ProcedureWorkflow,
  type StaffRef,
  type TimelineEntry,
  type TimelineKind,
} from '@sus/contracts';
import {
  addDays,
  caseTransition,
  checkFormSubmission,
  compareCivilDates,
  durationMs,
  evaluateCondition,
  isCaseConcluded,
  type BookingStep,
  formatItalianDate,
  type CaseConclusion,
  type CaseEvent,
  type CivilDate,
  type ConceptDefinition,
  type FormStep,
  type PaymentStep,
  type ProcedureStep,
  romeDateAt,
  romeMidnightOf,
  type StaffTaskStep,
} from '@sus/domain';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';
import { renderCaseText } from './case-text';
import { CaseClock } from './case-clock';

const { recordCase, holdSlot, confirmSlot, releaseSlot, prepareCaseNotice, awaitNoticePayable } =
  proxyActivities<Activities>(defaultActivity);
const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '5 seconds' });

/** Far below Temporal's 50 000-event limit; checked only where no child or update is in flight. */
const MAX_HISTORY_EVENTS = 10_000;

type Stop =
  | { kind: 'withdraw' | 'cancel'; actor: string; reason: string }
  /** The term expired and the procedure's silence rule concludes the case (silenzio assenso / rigetto). */
  | { kind: 'silence'; conclusion: 'accepted' | 'rejected' };

/**
 * One case (pratica): the interpreter of the procedure model frozen in its input (DESIGN §5).
 * Citizens and staff act through Updates, validated against the step the case waits on before
 * they touch history; every change is recorded in the Postgres projection by `recordCase`, which
 * only ever moves a case forward. A withdrawal or a cancellation at any wait compensates what
 * the case holds (the unpaid notice is withdrawn, the slot freed) before the case concludes.
 */
export const procedureWorkflow: ProcedureWorkflow = async (input) => {
  const model = input.procedure.model;
  const steps = new Map<string, ProcedureStep>(model.steps.map((step) => [step.id, step]));
  const concepts = new Map<string, ConceptDefinition>(Object.entries(input.concepts));
  const holderRef = workflowInfo().workflowId;

  const state: CaseState = input.resume ?? {
    view: {
      caseNumber: input.caseNumber,
      enteCode: input.ente.code,
      procedureCode: input.procedure.code,
      versionNumber: input.procedure.versionNumber,
      status: 'submitted',
      conclusion: null,
      currentStep: null,
      openTask: null,
      booking: null,
      payments: [],
      clock: { state: 'notStarted', receivedOn: null, deadline: null, c7Used: false, escalatedTo: null },
      receivedAt: null,
      concludedAt: null,
      timeline: [],
      revision: 0,
    },
    data: {},
    visits: {},
    stepEndedOn: {},
    clockLog: [],
    nextStepId: model.start,
  };
  const view = state.view;

  /**
   * Runs that compute Italy's civil days in workflow code (patched `rome-calendar-in-workflow`),
   * by the EU summer-time rule in libs/domain, instead of asking the `romeCalendar` local activity
   * (about 20 times a marriage). Read once, at the first call, so a run keeps one behaviour.
   */
  let calendarInCode: boolean | undefined;
  /**
   * Today in Rome as of the workflow's own time, not the worker's wall clock. They differ on the
   * time-skipping test server (and on a worker whose clock is off): a case reading the worker's day
   * there woke for its deadline, found the day not yet come by the worker's calendar, and woke again
   * at once, for ever.
   */
  const romeCalendar = async ({
    dates,
  }: {
    dates: CivilDate[];
  }): Promise<{ today: CivilDate; startsOf: Record<string, string> }> => {
    calendarInCode ??= patched('rome-calendar-in-workflow');
    if (!calendarInCode) return local.romeCalendar({ dates, at: new Date().toISOString() });
    const startsOf: Record<string, string> = {};
    for (const date of dates) startsOf[date] = new Date(romeMidnightOf(date)).toISOString();
    return { today: romeDateAt(Date.now()), startsOf };
  };
  const clock = new CaseClock(state, model.term, input.ente.calendar, romeCalendar);
  let recordedSeq = view.timeline.length;

  // What citizens and staff asked for, consumed by the main loop at the step's wait.
  let form: { stepId: string; data: Record<string, CaseValue>; actor: string } | undefined;
  /** The booking step a slot was held for, until the main loop moves on. */
  let booked: string | undefined;
  let decision: (DecideTaskRequest & { actor: string }) | undefined;
  let integration: { data: Record<string, CaseValue>; actor: string } | undefined;
  let stop: Stop | undefined;

  const citizen = (fiscalCode: string) => `citizen:${fiscalCode.toUpperCase()}`;
  const staff = (by: StaffRef) => `staff:${by.ref}`;

  const note = (kind: TimelineKind, actor: string, detail: Record<string, CaseValue> = {}) => {
    const entry: TimelineEntry = {
      seq: view.timeline.length + 1,
      at: new Date().toISOString(),
      kind,
      stepId: view.currentStep?.id ?? null,
      actor,
      detail,
    };
    view.timeline.push(entry);
  };

  /**
   * Runs that upsert the status search attribute only when the case comes to rest (patched
   * `search-attributes-at-rest`, with the projection's record), not at every status change on the
   * way: visibility shows the status the case waits in. Read once, at the first change.
   */
  let attributesAtRest: boolean | undefined;
  /** The status the search attribute holds (a continued run inherits its attributes). */
  let upsertedStatus: string | undefined = input.resume ? view.status : undefined;
  const upsertStatus = () => {
    upsertSearchAttributes([{ key: susCaseStatusSearchAttribute, value: view.status }]);
    upsertedStatus = view.status;
  };
  const move = (event: CaseEvent) => {
    const before = view.status;
    view.status = caseTransition(view.status, event);
    if (view.status === before) return;
    attributesAtRest ??= patched('search-attributes-at-rest');
    if (!attributesAtRest) upsertStatus();
  };

  /**
   * Runs that record the projection once per rest (patched `record-case-at-rest`): the changes of
   * the steps passed through since the last wait go to Postgres in one `recordCase`, just before
   * the case waits again (or concludes), instead of one call per change. Read once, at the first
   * record, so a run keeps one behaviour throughout.
   */
  let recordAtRest: boolean | undefined;
  /** Changes noted since the last recordCase (only in runs that record at rest). */
  let unrecorded = false;
  /**
   * How many times the case came to rest (waits on someone or something, its projection written):
   * an Update answers once the case has moved on to its next rest, as the citizen will see it.
   */
  let rests = 0;
  /** Whether the interpreter waits right now (the view is what the citizen will see until something arrives). */
  let resting = false;
  /** Set just before a continue-as-new: handlers still waiting for a rest answer with the view as it is. */
  let continuing = false;
  /**
   * Answers of Updates wait until the case has moved on to its next rest (patched
   * `updates-answer-at-rest`): the caller sees where its request took the case, not a moment of
   * passage, and needs no second read. Runs from before answered as soon as the request was taken up.
   */
  const atRestAfter = async (since: number) => {
    if (!patched('updates-answer-at-rest')) return;
    await condition(() => rests > since || isCaseConcluded(view.status) || halted || continuing);
  };

  const record = async ({ now = false }: { now?: boolean } = {}) => {
    recordAtRest ??= patched('record-case-at-rest');
    if (recordAtRest && !now) {
      unrecorded = true;
      return;
    }
    await recordNow();
  };
  /** Writes what is still unrecorded: before every wait, at the end and before continuing as new. */
  const flush = async () => {
    if (unrecorded) await recordNow();
  };

  const recordNow = async () => {
    unrecorded = false;
    if (attributesAtRest && view.status !== upsertedStatus) upsertStatus();
    view.revision += 1;
    await clock.plan();
    clock.refreshView(view, input.procedure.substitutePowerHolder);
    const entries = view.timeline.slice(recordedSeq);
    await recordCase({
      caseId: input.caseId,
      enteId: input.ente.id,
      workflowId: holderRef,
      serviceCode: input.service.code,
      versionId: input.procedure.versionId,
      applicant: input.applicant,
      parties: partiesOf(input.applicant.fiscalCode, state.data),
      startedAt: input.startedAt,
      view: { ...view, timeline: [] },
      entries,
    });
    recordedSeq = view.timeline.length;
  };

  // ---- Queries and updates ------------------------------------------------------------------
  setHandler(caseStatusQuery, () => view);
  // The case as it stands once it waits (or has concluded): startCase answers with it.
  setHandler(caseSettledUpdate, async () => {
    await condition(() => resting || isCaseConcluded(view.status) || continuing);
    return view;
  });

  const refuse = (code: string, message: string): never => {
    throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
  };
  /**
   * Set once the interpreter stops for a withdrawal, a cancellation or silence: a submission or
   * decision accepted in the same moment will never be taken up, so its caller is told, rather
   * than left waiting on a case that can then never complete.
   */
  let halted = false;
  const stopping = (): never =>
    refuse(
      'CASE_CONCLUDED',
      stop?.kind === 'withdraw'
        ? 'The case was withdrawn by the citizen before this was taken up.'
        : stop?.kind === 'cancel'
          ? 'The case was cancelled by the office before this was taken up.'
          : 'The case was concluded by silence before this was taken up.',
    );
  const dropped = (forget: () => void): never => {
    forget();
    return stopping();
  };
  const assertParty = (fiscalCode: string) => {
    if (!partiesOf(input.applicant.fiscalCode, state.data).includes(fiscalCode.toUpperCase()))
      refuse('NOT_YOUR_CASE', 'Only the applicants of this case may act on it.');
  };
  const assertOpen = () => {
    if (isCaseConcluded(view.status)) refuse('CASE_CONCLUDED', `The case is ${view.status}.`);
    if (stop) stopping();
  };
  const assertAssignee = (by: StaffRef, step: StaffTaskStep) => {
    const { unit, role } = step.assignee;
    const unitOk = unit === undefined || by.units.includes(unit) || by.anyTask === true;
    const roleOk = role === undefined || by.roles.includes(role) || by.anyTask === true;
    if (!unitOk || !roleOk)
      refuse(
        'TASK_NOT_ASSIGNED_TO_YOU',
        `The task "${step.title.it}" is assigned to ${[unit && `unit ${unit}`, role && `role ${role}`].filter(Boolean).join(' and ')}.`,
      );
  };

  setHandler(
    submitCaseFormUpdate,
    async (request) => {
      const actor = citizen(request.by.fiscalCode);
      const current = view.currentStep;
      const since = rests;
      if (current?.awaiting === 'integration' || current?.awaiting === 'observations') {
        const mine = (integration = { data: checkedIntegration(request.data), actor });
        await condition(() => integration !== mine || halted);
        if (integration === mine) dropped(() => (integration = undefined));
      } else {
        const mine = (form = {
          stepId: request.stepId,
          data: checkedForm(request.stepId, request.data),
          actor,
        });
        await condition(() => form !== mine || halted);
        if (form === mine) dropped(() => (form = undefined));
      }
      await atRestAfter(since);
      return view;
    },
    {
      validator: (request) => {
        assertOpen();
        assertParty(request.by.fiscalCode);
        const current = view.currentStep;
        if (current?.awaiting === 'integration' || current?.awaiting === 'observations') {
          if (request.stepId !== current.id)
            refuse(
              'WRONG_STEP',
              `The case waits for your reply on step "${current.id}", not "${request.stepId}".`,
            );
          checkedIntegration(request.data);
          return;
        }
        if (current?.awaiting !== 'citizenForm' || current.id !== request.stepId || form)
          refuse('WRONG_STEP', `The case is not waiting for the form "${request.stepId}".`);
        checkedForm(request.stepId, request.data);
      },
    },
  );

  /** A hold in flight: a second bookSlot waits its turn by being refused. */
  let holding = false;
  setHandler(
    bookSlotUpdate,
    async (request) => {
      const step = steps.get(request.stepId) as BookingStep;
      const actor = citizen(request.by.fiscalCode);
      const since = rests;
      holding = true;
      try {
        const holdUntil = new Date(Date.now() + durationMs(step.hold)).toISOString();
        const held = await holdSlot({
          enteCode: input.ente.code,
          resourceCode: step.resource,
          date: request.date,
          start: request.start,
          holderRef,
          holdUntil,
        });
        view.booking = {
          stepId: step.id,
          resourceCode: step.resource,
          resourceName: held.resourceName,
          date: held.date,
          start: held.start,
          end: held.end,
          status: 'held',
        };
        note('slotHeld', actor, { date: held.date, start: held.start, until: holdUntil });
        booked = step.id;
        holding = false;
        // With the notice of the payment step that follows, once it can be paid.
        await atRestAfter(since);
        return view;
      } catch (error) {
        // Taken meanwhile, or not offered: the citizen learns why and picks again.
        const cause = error instanceof ActivityFailure ? error.cause : error;
        if (cause instanceof ApplicationFailure)
          throw ApplicationFailure.nonRetryable(cause.message, cause.type);
        throw error;
      } finally {
        holding = false;
      }
    },
    {
      validator: (request) => {
        assertOpen();
        assertParty(request.by.fiscalCode);
        const current = view.currentStep;
        if (current?.awaiting !== 'citizenBooking' || current.id !== request.stepId || holding || booked)
          refuse('WRONG_STEP', `The case is not waiting for a booking on "${request.stepId}".`);
        const window = bookingWindow(steps.get(request.stepId) as BookingStep);
        if (
          window &&
          (compareCivilDates(request.date, window.from) < 0 || compareCivilDates(request.date, window.to) > 0)
        )
          refuse('DATE_OUTSIDE_WINDOW', `Pick a date from ${window.from} to ${window.to}.`);
      },
    },
  );

  setHandler(
    claimTaskUpdate,
    (request) => {
      view.openTask!.claimedBy = request.by.ref;
      note('taskClaimed', staff(request.by));
      return view;
    },
    {
      validator: (request) => {
        assertOpen();
        const task = view.openTask;
        if (!task || task.stepId !== request.stepId)
          refuse('WRONG_STEP', `No open task on "${request.stepId}".`);
        assertAssignee(request.by, steps.get(request.stepId) as StaffTaskStep);
        if (task!.claimedBy && task!.claimedBy !== request.by.ref)
          refuse('TASK_ALREADY_CLAIMED', `The task is already taken by ${task!.claimedBy}.`);
      },
    },
  );

  setHandler(
    decideTaskUpdate,
    async (request) => {
      const since = rests;
      const mine = (decision = { ...request, actor: staff(request.by) });
      // Answered once the case has moved on, so the caller sees where the decision took it.
      await condition(() => decision !== mine || halted);
      if (decision === mine) dropped(() => (decision = undefined));
      await atRestAfter(since);
      return view;
    },
    {
      validator: (request) => {
        assertOpen();
        const task = view.openTask;
        if (!task || task.stepId !== request.stepId || view.currentStep?.awaiting !== 'staff' || decision)
          refuse('WRONG_STEP', `No task waiting for a decision on "${request.stepId}".`);
        const step = steps.get(request.stepId) as StaffTaskStep;
        assertAssignee(request.by, step);
        if (task!.claimedBy && task!.claimedBy !== request.by.ref)
          refuse('TASK_ALREADY_CLAIMED', `The task is taken by ${task!.claimedBy}.`);
        if (request.outcome !== 'approve' && !request.reason?.trim())
          refuse('REASON_REQUIRED', 'Say why: the citizen reads the reason.');
        if (request.outcome === 'requestIntegration') {
          if (!step.allowIntegration)
            refuse('INTEGRATION_NOT_ALLOWED', 'This task does not allow integration requests.');
          if (clock.c7Used)
            refuse(
              'INTEGRATION_ALREADY_USED',
              'The term was already suspended once for missing information (L. 241/1990 art. 2 c.7).',
            );
        }
        if (request.outcome === 'requestIntegration' || request.outcome === 'preavvisoRigetto') {
          const refusal = clock.suspensionRefusal(
            request.outcome === 'requestIntegration' ? 'integrationRequest' : 'preavvisoRigetto',
          );
          if (refusal) refuse('WRONG_STEP', refusal);
        }
        if (request.outcome === 'reject' && !clock.preavvisoSent())
          refuse('PREAVVISO_REQUIRED', 'Send the preavviso di rigetto first (L. 241/1990 art. 10-bis).');
      },
    },
  );

  setHandler(
    withdrawCaseUpdate,
    async (request) => {
      stop ??= {
        kind: 'withdraw',
        actor: citizen(request.by.fiscalCode),
        reason: request.reason?.trim() || '',
      };
      await condition(() => isCaseConcluded(view.status));
      return view;
    },
    {
      validator: (request) => {
        assertOpen();
        assertParty(request.by.fiscalCode);
      },
    },
  );

  setHandler(
    cancelCaseUpdate,
    async (request) => {
      stop ??= { kind: 'cancel', actor: staff(request.by), reason: request.reason.trim() };
      await condition(() => isCaseConcluded(view.status));
      return view;
    },
    {
      validator: (request) => {
        assertOpen();
        if (!request.reason?.trim()) refuse('REASON_REQUIRED', 'Say why the case is cancelled.');
      },
    },
  );

  function checkedForm(stepId: string, data: Record<string, unknown>): Record<string, CaseValue> {
    const step = steps.get(stepId);
    if (!step || step.type !== 'form') return refuse('WRONG_STEP', `"${stepId}" is not a form.`);
    const checked = checkFormSubmission(step as FormStep, concepts, data, state.data);
    if (!checked.ok)
      return refuse(
        'INVALID_FORM',
        checked.problems.map((problem) => `${problem.field}: ${problem.messageEn}`).join('; '),
      );
    return { ...checked.data };
  }

  /** An integration may correct any answer already given, and carries a free-text note. */
  function checkedIntegration(data: Record<string, unknown>): Record<string, CaseValue> {
    const out: Record<string, CaseValue> = {};
    const formSteps = model.steps.filter((step): step is FormStep => step.type === 'form');
    for (const [key, value] of Object.entries(data)) {
      if (key === 'note') {
        if (typeof value !== 'string' || value.length > 4000)
          refuse('INVALID_FORM', 'note: a text up to 4000 characters.');
        out.note = value as string;
        continue;
      }
      const owner = formSteps.find((step) => step.fields.some((field) => field.key === key));
      if (!owner) refuse('INVALID_FORM', `${key}: no form of this procedure has this field.`);
      const field = owner!.fields.find((candidate) => candidate.key === key)!;
      const checked = checkFormSubmission(
        { ...owner!, fields: [{ ...field, required: false, when: undefined }] },
        concepts,
        { [key]: value },
        state.data,
      );
      if (!checked.ok)
        refuse('INVALID_FORM', checked.problems.map((p) => `${p.field}: ${p.messageEn}`).join('; '));
      Object.assign(out, checked.ok ? checked.data : {});
    }
    if (Object.keys(out).length === 0) refuse('INVALID_FORM', 'Send the information or a note.');
    return out;
  }

  function bookingWindow(step: BookingStep): { from: CivilDate; to: CivilDate } | null {
    if (!step.window) return null;
    const anchor = state.stepEndedOn[step.window.after];
    if (!anchor) return null;
    return { from: addDays(anchor, step.window.fromDays), to: addDays(anchor, step.window.toDays) };
  }

  // ---- The interpreter ----------------------------------------------------------------------
  const waitFor = async (ready: () => boolean, untilMs?: number): Promise<'ready' | 'stop' | 'timeout'> => {
    const done = () => ready() || stop !== undefined || clock.dueForAction(Date.now());
    for (;;) {
      // Nothing changes from here until something arrives: the projection catches up first.
      await flush();
      if (!done()) {
        rests++;
        resting = true;
      }
      const now = Date.now();
      const clockAt = clock.nextActionAt();
      const deadline = Math.min(untilMs ?? Infinity, clockAt ?? Infinity);
      if (deadline === Infinity) await condition(done);
      else if (deadline > now) await condition(done, deadline - now);
      resting = false;
      if (stop) return 'stop';
      if (ready()) return 'ready';
      if (clock.dueForAction(Date.now())) {
        const silence = await clock.act(note, input.procedure.substitutePowerHolder);
        if (silence) {
          stop = { kind: 'silence', conclusion: silence };
          return 'stop';
        }
        await record();
        continue;
      }
      if (untilMs !== undefined && Date.now() >= untilMs) return 'timeout';
    }
  };

  const enter = (step: ProcedureStep, awaiting: CaseStepView['awaiting']) => {
    const visit = (state.visits[step.id] = (state.visits[step.id] ?? 0) + 1);
    view.currentStep = {
      id: step.id,
      type: step.type,
      title: step.title.it,
      visit,
      since: new Date().toISOString(),
      awaiting,
    };
    note('stepEntered', 'system', { type: step.type, visit });
    return visit;
  };

  /** The step is done; the office's concluding step (term.closedBy) closes the clock. */
  const leave = async (step: ProcedureStep, conclusion: CaseConclusion = 'accepted') => {
    const { today } = await romeCalendar({ dates: [] });
    state.stepEndedOn[step.id] = today;
    if (model.term.closedBy === step.id) clock.close(today, 'system', conclusion);
  };

  if (!input.resume) {
    attributesAtRest ??= patched('search-attributes-at-rest');
    if (!attributesAtRest) upsertStatus();
    note('started', citizen(input.applicant.fiscalCode), {
      procedure: input.procedure.code,
      version: input.procedure.versionNumber,
    });
    move('startProcessing');
    await record();
  }

  let stepId: string | null = state.nextStepId;
  while (stepId !== null) {
    const step = steps.get(stepId)!;
    state.nextStepId = stepId;
    const next = await run(step);
    if (next === 'stopped') break;
    stepId = next;
    state.nextStepId = next;
    if (
      next !== null &&
      (workflowInfo().continueAsNewSuggested ||
        workflowInfo().historyLength > (input.maxHistoryEvents ?? MAX_HISTORY_EVENTS))
    ) {
      continuing = true;
      await condition(allHandlersFinished);
      if (!stop) {
        await flush();
        // The next run takes the attributes as they are: they must show the status it starts in.
        if (attributesAtRest && view.status !== upsertedStatus) upsertStatus();
        return continueAsNew<ProcedureWorkflow>({ ...input, resume: state });
      }
      continuing = false;
    }
  }
  if (stop && !isCaseConcluded(view.status)) await compensateAndStop(stop);
  await flush();
  await condition(allHandlersFinished);
  return view;

  /** Runs one step; answers the next step id, null after an end step, or 'stopped'. */
  async function run(step: ProcedureStep): Promise<string | null | 'stopped'> {
    switch (step.type) {
      case 'form': {
        enter(step, 'citizenForm');
        move('awaitCitizen');
        await record();
        const outcome = await waitFor(() => form?.stepId === step.id);
        if (outcome === 'stop') return 'stopped';
        Object.assign(state.data, form!.data);
        note('formSubmitted', form!.actor, { fields: Object.keys(form!.data).length });
        form = undefined;
        move('citizenResponded');
        if (!clock.started) {
          view.receivedAt = new Date().toISOString();
          const { today } = await romeCalendar({ dates: [] });
          clock.start(today, citizen(input.applicant.fiscalCode));
        }
        await leave(step);
        await record();
        return step.next;
      }
      case 'staffTask':
        return staffTask(step);
      case 'wait': {
        enter(step, 'timer');
        const { today } = await romeCalendar({ dates: [] });
        // A wait of whole days ends at midnight in Rome: day 1 is the day it starts (8 days of
        // pubblicazioni posted on the 1st end with the 8th).
        let untilMs: number;
        if (isWholeDays(step.duration)) {
          const endDay = addDays(today, step.duration.days!);
          const { startsOf: starts } = await romeCalendar({ dates: [endDay] });
          untilMs = Date.parse(starts[endDay]!);
        } else {
          untilMs = Date.now() + durationMs(step.duration);
        }
        await record();
        const outcome = await waitFor(() => false, untilMs);
        if (outcome === 'stop') return 'stopped';
        note('waitEnded', 'system');
        if (isWholeDays(step.duration)) state.stepEndedOn[step.id] = addDays(today, step.duration.days! - 1);
        else await leave(step);
        if (model.term.closedBy === step.id) clock.close(state.stepEndedOn[step.id]!, 'system', 'accepted');
        await record();
        return step.next;
      }
      case 'booking':
        return booking(step);
      case 'payment':
        return payment(step);
      case 'notify': {
        const visit = enter(step, null);
        await send(
          step.id,
          visit,
          step.message,
          step.payment ? lastPayment(step.payment)?.noticeNumber : undefined,
        );
        await leave(step);
        await record();
        return step.next;
      }
      case 'decision': {
        enter(step, null);
        const branch = step.branches.find((candidate) => evaluateCondition(candidate.when, state.data));
        await leave(step);
        return branch ? branch.next : step.otherwise;
      }
      case 'end': {
        enter(step, null);
        const { today } = await romeCalendar({ dates: [] });
        move(
          step.conclusion === 'accepted' ? 'accept' : step.conclusion === 'rejected' ? 'reject' : 'expire',
        );
        view.conclusion = step.conclusion;
        view.concludedAt = new Date().toISOString();
        view.openTask = null;
        clock.close(today, 'system', step.conclusion);
        note('concluded', 'system', { conclusion: step.conclusion });
        view.currentStep = { ...view.currentStep!, awaiting: null };
        await record({ now: true });
        return null;
      }
    }
  }

  async function staffTask(step: StaffTaskStep): Promise<string | null | 'stopped'> {
    const visit = enter(step, 'staff');
    view.openTask = {
      stepId: step.id,
      visit,
      title: step.title.it,
      unit: step.assignee.unit ?? null,
      role: step.assignee.role ?? null,
      claimedBy: null,
    };
    note('taskOpened', 'system', { unit: step.assignee.unit ?? null, role: step.assignee.role ?? null });
    move('awaitStaff');
    await record();
    for (;;) {
      const outcome = await waitFor(() => decision?.stepId === step.id);
      if (outcome === 'stop') return 'stopped';
      const made = decision!;
      decision = undefined;
      note('taskDecided', made.actor, { outcome: made.outcome, reason: made.reason ?? null, visit });
      const { today } = await romeCalendar({ dates: [] });
      if (made.outcome === 'approve' || made.outcome === 'reject') {
        view.openTask = null;
        move('staffTaskCompleted');
        await leave(step, made.outcome === 'approve' ? 'accepted' : 'rejected');
        await record();
        return made.outcome === 'approve' ? step.outcomes.approve : step.outcomes.reject;
      }
      // Both suspend the term: art. 2 c.7 (missing information, once) or art. 10-bis.
      const cause = made.outcome === 'requestIntegration' ? 'integrationRequest' : 'preavvisoRigetto';
      clock.suspend(today, cause, made.actor, made.reason ?? '');
      note(made.outcome === 'requestIntegration' ? 'integrationRequested' : 'preavvisoSent', made.actor, {
        reason: made.reason ?? null,
      });
      view.currentStep = {
        ...view.currentStep!,
        awaiting: cause === 'integrationRequest' ? 'integration' : 'observations',
      };
      move('suspend');
      await record();
      const reply = await waitFor(() => integration !== undefined || !clock.suspended);
      if (reply === 'stop') return 'stopped';
      if (integration) {
        Object.assign(state.data, integration.data);
        const { today: day } = await romeCalendar({ dates: [] });
        clock.citizenReplied(day, integration.actor, cause);
        note(
          cause === 'integrationRequest' ? 'integrationReceived' : 'observationsFiled',
          integration.actor,
          {
            fields: Object.keys(integration.data).length,
          },
        );
        integration = undefined;
      }
      // 10-bis: the clock stays suspended until 10 days after the observations, but the office may decide.
      view.currentStep = { ...view.currentStep!, awaiting: 'staff' };
      if (view.status === 'suspended') move('resume');
      move('awaitStaff');
      await record();
    }
  }

  async function booking(step: BookingStep): Promise<string | null | 'stopped'> {
    enter(step, 'citizenBooking');
    move('awaitCitizen');
    const window = bookingWindow(step);
    view.currentStep = {
      ...view.currentStep!,
      booking: { resourceCode: step.resource, from: window?.from ?? null, to: window?.to ?? null },
    };
    let lapseAt: number | undefined;
    if (window) {
      const lastDay = addDays(window.to, 1);
      const { startsOf } = await romeCalendar({ dates: [lastDay] });
      lapseAt = Date.parse(startsOf[lastDay]!);
    }
    if (view.booking?.status === 'released') view.booking = null;
    await record();
    const outcome = await waitFor(() => booked === step.id && !holding, lapseAt);
    if (outcome === 'stop') return 'stopped';
    if (outcome === 'timeout') {
      note('bookingLapsed', 'system');
      move('timedOut');
      await record();
      return step.onLapse ?? step.next;
    }
    booked = undefined;
    move('citizenResponded');
    await leave(step);
    await record();
    return step.next;
  }

  async function payment(step: PaymentStep): Promise<string | null | 'stopped'> {
    const visit = enter(step, null);
    const notice = await prepareCaseNotice({
      caseId: input.caseId,
      caseNumber: input.caseNumber,
      enteCode: input.ente.code,
      serviceCode: input.service.code,
      stepId: step.id,
      visit,
      feeIndex: step.feeIndex,
      dueInDays: step.dueInDays,
      at: new Date().toISOString(),
      payer: input.applicant,
      description: `${input.service.name} - pratica ${input.caseNumber}`,
    });
    const child = await startChild<PaymentWorkflow>(paymentWorkflowType, {
      workflowId: paymentWorkflowId(notice.noticeNumber),
      args: [notice],
      // The notice outlives the case's run: a continue-as-new or a crash must not cancel a payment.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    const held = view.booking;
    if (step.confirmsBooking && held?.stepId === step.confirmsBooking && held.status === 'held')
      // The notice is payable until its due date ends (then withdrawn at pagoPA): the slot it pays
      // for stays held as long, whatever the model's hold, or a fee paid in time finds it taken.
      await holdSlot({
        enteCode: input.ente.code,
        resourceCode: held.resourceCode,
        date: held.date,
        start: held.start,
        holderRef,
        holdUntil: notice.expiresAt,
      });
    // Only a notice published at pagoPA may be shown and sent: a PSP refuses one it does not know yet.
    await awaitNoticePayable({ noticeNumber: notice.noticeNumber });
    const record_ = {
      stepId: step.id,
      noticeNumber: notice.noticeNumber,
      amountCents: notice.amountCents,
      dueDate: notice.dueDate,
      status: 'issued' as const,
    };
    view.payments.push({ ...record_ });
    note('noticeIssued', 'system', {
      noticeNumber: notice.noticeNumber,
      amountCents: notice.amountCents,
      dueDate: notice.dueDate,
    });
    if (step.message) await send(step.id, visit, step.message, notice.noticeNumber);
    view.currentStep = { ...view.currentStep!, awaiting: 'payment' };
    move('awaitPayment');
    await record();
    let result: Awaited<ReturnType<PaymentWorkflow>> | undefined;
    let failure = false;
    void child.result().then(
      (value) => (result = value),
      () => (failure = true),
    );
    const outcome = await waitFor(() => result !== undefined || failure);
    const entry = view.payments[view.payments.length - 1]!;
    if (outcome === 'stop') return 'stopped';
    const paid = result?.status === 'paid';
    entry.status = paid
      ? 'paid'
      : result?.status === 'cancelled'
        ? 'cancelled'
        : result?.status === 'failed' || failure
          ? 'failed'
          : 'expired';
    if (paid) {
      note('paymentReceived', 'system', {
        noticeNumber: entry.noticeNumber,
        receiptId: result?.receipt?.receiptId ?? null,
      });
      if (step.confirmsBooking && view.booking?.stepId === step.confirmsBooking) {
        await confirmSlot({ holderRef });
        view.booking.status = 'confirmed';
        note('slotConfirmed', 'system', { date: view.booking.date, start: view.booking.start });
      }
      move('paymentReceived');
      await leave(step);
      await record();
      return step.next;
    }
    note('paymentExpired', 'system', { noticeNumber: entry.noticeNumber, status: entry.status });
    if (
      step.confirmsBooking &&
      view.booking?.stepId === step.confirmsBooking &&
      view.booking.status === 'held'
    ) {
      await releaseSlot({ holderRef });
      view.booking.status = 'released';
      note('slotReleased', 'system', { reason: 'notice not paid in time' });
    }
    move('timedOut');
    await record();
    return step.onExpired;
  }

  async function compensateAndStop(request: Stop): Promise<void> {
    halted = true;
    if (request.kind === 'silence') {
      // Silence concludes the case in law; what the citizen still owes or holds stays theirs to settle.
      const { today } = await romeCalendar({ dates: [] });
      move(request.conclusion === 'accepted' ? 'accept' : 'reject');
      view.conclusion = request.conclusion;
      view.concludedAt = new Date().toISOString();
      view.openTask = null;
      clock.close(today, 'system', request.conclusion);
      note('concluded', 'system', { conclusion: request.conclusion, bySilence: true });
      if (view.currentStep) view.currentStep = { ...view.currentStep, awaiting: null };
      await record({ now: true });
      return;
    }
    // A hold still in flight would otherwise land after the release and keep the slot taken.
    await condition(() => !holding);
    const open = view.payments.filter((p) => p.status === 'issued');
    for (const payment of open) {
      await getExternalWorkflowHandle(paymentWorkflowId(payment.noticeNumber)).signal(cancelPaymentSignal, {
        reason:
          request.kind === 'withdraw' ? 'case withdrawn by the citizen' : `case cancelled: ${request.reason}`,
        by: request.actor,
      });
      payment.status = 'cancelled';
    }
    if (view.booking && view.booking.status !== 'released') {
      await releaseSlot({ holderRef });
      view.booking.status = 'released';
      note('slotReleased', request.actor, { reason: request.kind });
    }
    const { today } = await romeCalendar({ dates: [] });
    move(request.kind === 'withdraw' ? 'withdraw' : 'cancel');
    view.conclusion = request.kind === 'withdraw' ? 'withdrawn' : 'cancelled';
    view.concludedAt = new Date().toISOString();
    view.openTask = null;
    clock.close(today, request.actor, request.kind === 'withdraw' ? 'withdrawn' : 'cancelled');
    note(request.kind === 'withdraw' ? 'withdrawn' : 'cancelled', request.actor, {
      reason: request.reason || null,
    });
    if (view.currentStep) view.currentStep = { ...view.currentStep, awaiting: null };
    await record({ now: true });
  }

  /**
   * A message to the citizen, rendered with the case's values: sent through the notifications
   * module (App IO, e-mail fallback) as a child workflow keyed by case, step and visit, so it goes
   * out once whatever happens to this run; without an App IO service it stays a timeline entry.
   */
  async function send(
    stepId: string,
    visit: number,
    message: { subject: { it: string }; markdown: { it: string } },
    noticeNumber?: string,
  ): Promise<void> {
    const vars = textVariables();
    const subject = renderCaseText(message.subject.it, vars);
    const key = `case/${input.caseNumber}/${stepId}/${visit}`;
    let channel = 'timeline';
    if (input.service.appIoServiceId) {
      const payment = view.payments.find((candidate) => candidate.noticeNumber === noticeNumber);
      await startChild<MessageWorkflow>(messageWorkflowType, {
        workflowId: messageWorkflowId(input.ente.code, key),
        args: [
          {
            enteCode: input.ente.code,
            serviceCode: input.service.code,
            fiscalCode: input.applicant.fiscalCode,
            locale: 'it',
            content: { subject, markdown: renderCaseText(message.markdown.it, vars) },
            ...(payment
              ? {
                  paymentData: {
                    noticeNumber: payment.noticeNumber,
                    amountCents: payment.amountCents,
                    payeeFiscalCode: input.ente.fiscalCode,
                    dueDate: payment.dueDate,
                  },
                  noticeNumber: payment.noticeNumber,
                }
              : {}),
            ...(input.applicant.email ? { email: input.applicant.email } : {}),
            caseNumber: input.caseNumber,
            idempotencyKey: key,
            requestedBy: holderRef,
          },
        ],
        // Delivery (status polls, the e-mail fallback) outlives the step and the case's run.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      channel = 'appIo';
    }
    note('messageSent', 'system', { subject, channel, noticeNumber: noticeNumber ?? null, key });
  }

  function lastPayment(stepId: string) {
    return [...view.payments].reverse().find((p) => p.stepId === stepId);
  }

  function textVariables(): Record<string, string> {
    const vars: Record<string, string> = {
      'case.number': input.caseNumber,
      'ente.name': input.ente.name,
      'service.name': input.service.name,
    };
    const pay = view.payments[view.payments.length - 1];
    if (pay) {
      vars['payment.noticeNumber'] = pay.noticeNumber;
      vars['payment.amount'] = euros(pay.amountCents);
      vars['payment.dueDate'] = formatItalianDate(pay.dueDate);
    }
    if (view.booking) {
      vars['booking.date'] = formatItalianDate(view.booking.date);
      vars['booking.time'] = view.booking.start;
      vars['booking.resourceName'] = view.booking.resourceName;
    }
    if (view.clock.deadline) vars['case.deadline'] = formatItalianDate(view.clock.deadline);
    return vars;
  }
};

function isWholeDays(duration: {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
}): boolean {
  return Boolean(duration.days) && !duration.hours && !duration.minutes && !duration.seconds;
}

/** Everyone who may follow the case as a citizen: the applicant and any spouse or co-applicant named in the form. */
export function partiesOf(applicant: string, data: Record<string, CaseValue>): string[] {
  const parties = new Set([applicant.toUpperCase()]);
  for (const [key, value] of Object.entries(data)) {
    if (
      typeof value === 'string' &&
      /(^|\.)fiscalCode$/.test(key) &&
      /^(spouse|applicant|coApplicant)/.test(key)
    )
      parties.add(value.toUpperCase());
  }
  return [...parties];
}

function euros(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')} €`;
}
