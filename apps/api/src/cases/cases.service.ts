import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  Bookings,
  CaseNumbers,
  Cases,
  CatalogError,
  ConceptsService,
  EntiService,
  ProcedureVersions,
  ProceduresService,
  ServicesService,
  systemContext,
  Tasks,
  type CaseTaskRow,
  type CaseView as CaseRow,
  type TimelineEntry,
  type Page,
  type RequestContext,
} from '@sus/catalog';
import {
  bookSlotUpdate,
  CASE_REFUSAL_CODES,
  cancelCaseUpdate,
  caseSettledUpdate,
  caseStatusQuery,
  caseWorkflowId,
  claimTaskUpdate,
  decideTaskUpdate,
  procedureWorkflowType,
  submitCaseFormUpdate,
  susCaseStatusSearchAttribute,
  susEnteSearchAttribute,
  susProcedureSearchAttribute,
  withdrawCaseUpdate,
  type CaseInput,
  type CaseStepView,
  type CaseView,
  type ProcedureWorkflow,
  type StaffRef,
} from '@sus/contracts';
import {
  AccessDeniedError,
  accountReference,
  addDays,
  assertCan,
  civilDateInRome,
  compareCivilDates,
  createBusinessCalendar,
  type Actor,
  type CivilDate,
} from '@sus/domain';
import { TemporalGateway } from '../temporal/temporal.module';
import type { CasesArgs, TasksArgs } from './dto/cases.args';
import type { CaseFieldInput } from './dto/submit-case-form.input';

/** How long one read of a case's live view may wait for a worker. */
const QUERY_DEADLINE_MS = 3_000;
/** How long startCase waits for the new case to reach its first wait before answering as it is. */
const START_DEADLINE_MS = 10_000;
/** Channels on which a citizen can start a case by themself. */
const ONLINE_CHANNELS = ['web', 'app'];
/** How far ahead availableSlots looks at most (a booking window may span 180 days). */
const SLOT_HORIZON_DAYS = 60;

/** A case as the api answers it: the projection's identity with the workflow's live view. */
export interface CaseAnswer {
  row: Pick<CaseRow, 'caseNumber' | 'enteCode' | 'procedureCode' | 'serviceCode' | 'applicantName'>;
  view: CaseView;
}

/**
 * Cases (pratiche): started by citizens on a service offered on line, run by the procedure
 * workflow, worked by the ente's office. Every change goes through the case's workflow (an Update
 * validated against the step it waits on); lists and searches read the projection.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly enti: EntiService,
    private readonly services: ServicesService,
    private readonly procedures: ProceduresService,
    private readonly versions: ProcedureVersions,
    private readonly concepts: ConceptsService,
    private readonly caseNumbers: CaseNumbers,
    private readonly cases: Cases,
    private readonly tasks: Tasks,
    private readonly bookings: Bookings,
    private readonly temporal: TemporalGateway,
  ) {}

  /** A citizen applies for a service of an ente; the same requestId gives back the same case. */
  async start(ctx: RequestContext, enteCode: string, serviceCode: string, requestId?: string | null) {
    const actor = citizenOf(ctx.actor);
    const ente = await this.enti.getByCode(ctx, enteCode);
    const service = await this.services.findByCode(ctx, ente.ipaCode, serviceCode);
    if (!service)
      throw new CatalogError('NOT_FOUND', `${ente.name} offers no service ${serviceCode}.`, 'serviceCode');
    if (!service.channels.some((channel) => ONLINE_CHANNELS.includes(channel))) {
      const where = service.contactPoints.map((point) =>
        [point.value, point.description].filter(Boolean).join(', '),
      );
      throw new CatalogError(
        'SERVICE_NOT_ONLINE',
        `${ente.name} offers "${service.name}" at the counter only: ${[service.availability, ...where]
          .filter(Boolean)
          .join('; ')}.`,
        'serviceCode',
        {
          channels: service.channels,
          availability: service.availability,
          contactPoints: service.contactPoints.map((point) => ({ ...point })),
        },
      );
    }
    const procedure = service.procedureId
      ? (await this.procedures.findByIds(ctx, [service.procedureId]))[0]
      : undefined;
    const version = procedure && (await this.versions.current(ctx, ente.ipaCode, procedure.code));
    if (!procedure || !version)
      throw new CatalogError(
        'PROCEDURE_NOT_MODELLED',
        `"${service.name}" has no published procedure to run on line yet.`,
        'serviceCode',
      );
    const model = version.document;
    const template = await this.procedures.findTemplateByCode(ctx, procedure.templateCode);
    const conceptCodes = model.steps.flatMap((step) =>
      step.type === 'form' ? step.fields.map((field) => field.concept) : [],
    );
    const concepts = await this.concepts.publishedDefinitions(ctx, conceptCodes);
    const missing = conceptCodes.filter((code) => !concepts.has(code));
    if (missing.length > 0)
      throw new CatalogError(
        'PROCEDURE_NOT_MODELLED',
        `The procedure uses concepts not published in the Business Catalog: ${[...new Set(missing)].join(', ')}.`,
        'serviceCode',
      );
    const { caseNumber } = await this.caseNumbers.allocate({
      enteId: ente.id,
      // Bound to the caller: another citizen replaying the key gets a case of their own.
      idempotencyKey: `start/${actor.fiscalCode}/${service.code}/${requestId ?? randomUUID()}`,
      at: new Date(),
    });
    const [account] = await this.enti.ibanAccountsOf(ctx, [ente.id]);
    const input: CaseInput = {
      caseId: randomUUID(),
      caseNumber,
      ente: {
        id: ente.id,
        code: ente.ipaCode,
        name: ente.name,
        fiscalCode: ente.fiscalCode,
        calendar: createBusinessCalendar({ enteHolidays: ente.holidays }),
      },
      service: {
        code: service.code,
        name: service.name,
        fees: service.fees.map((fee) => ({ description: fee.description, amountCents: fee.amountCents })),
        taxonomyCodes: [...service.taxonomyCodes],
        iban: account?.iban ?? null,
        appIoServiceId: service.appIoServiceId,
      },
      procedure: {
        code: procedure.code,
        versionId: version.id,
        versionNumber: version.version,
        model,
        substitutePowerHolder: template?.substitutePowerTitle ?? null,
      },
      concepts: Object.fromEntries(concepts),
      applicant: {
        fiscalCode: actor.fiscalCode,
        fullName: `${actor.name} ${actor.familyName}`.trim(),
        email: actor.email ?? null,
      },
      startedAt: new Date().toISOString(),
    };
    const client = await this.temporal.client();
    const workflowId = caseWorkflowId(ente.ipaCode, caseNumber);
    const row = {
      caseNumber,
      enteCode: ente.ipaCode,
      procedureCode: procedure.code,
      serviceCode: service.code,
      applicantName: input.applicant.fullName,
    };
    const startOptions = {
      workflowId,
      taskQueue: this.temporal.taskQueue,
      args: [input] as [CaseInput],
      workflowIdConflictPolicy: 'USE_EXISTING' as const,
      workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
      typedSearchAttributes: [
        { key: susEnteSearchAttribute, value: ente.ipaCode },
        { key: susProcedureSearchAttribute, value: procedure.code },
        { key: susCaseStatusSearchAttribute, value: 'submitted' },
      ],
    };
    // Started together with an Update that answers once the case waits (its form): one round
    // trip, and the citizen sees the step the case asks for.
    const startOperation = new WithStartWorkflowOperation<ProcedureWorkflow>(
      procedureWorkflowType,
      startOptions,
    );
    try {
      const view = await client.connection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        client.workflow.executeUpdateWithStart(caseSettledUpdate, { startWorkflowOperation: startOperation }),
      );
      if (view.currentStep?.awaiting || view.conclusion) return { row, view };
    } catch {
      // No worker in time, or a case of this key already concluded: started or not, the case is
      // looked at as below.
    }
    try {
      await startOperation.workflowHandle();
    } catch {
      try {
        await client.workflow.start<ProcedureWorkflow>(procedureWorkflowType, startOptions);
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
    // Answered at the first step the case waits on (the form), as the citizen will see it.
    const handle = client.workflow.getHandle(workflowId);
    // No worker answering (a restart, a loaded machine): the case is started and will run; it is
    // answered as it stands, never with an error the citizen would take for a failed start.
    const provisional = (): CaseAnswer => ({
      row,
      view: projectionView({
        caseNumber,
        enteCode: ente.ipaCode,
        procedureCode: procedure.code,
        versionNumber: version.version,
        status: 'submitted',
        conclusion: null,
        currentStepId: null,
        currentStepType: null,
        currentStepTitle: null,
        clockState: null,
        termDeadline: null,
        receivedAt: input.startedAt,
        concludedAt: null,
        revision: 0,
        updatedAt: input.startedAt,
      } as CaseRow),
    });
    let last: CaseView | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const view = await this.live(client, handle);
      if (view === 'unavailable') return last ? { row, view: last } : provisional();
      if (view === 'notFound') break;
      if (view.currentStep?.awaiting || view.conclusion) return { row, view };
      last = view;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (last) return { row, view: last };
    try {
      return await this.answer(ctx, ente.ipaCode, caseNumber);
    } catch (error) {
      if (error instanceof CatalogError && error.code === 'CASE_UNAVAILABLE') return provisional();
      throw error;
    }
  }

  /**
   * The workflow's live view, asked with a short deadline: a query waits for a worker, and an
   * answer to the citizen must not hang on a restarting one.
   */
  private async live(client: Client, handle: WorkflowHandle): Promise<CaseView | 'notFound' | 'unavailable'> {
    try {
      return await client.connection.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        handle.query(caseStatusQuery),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'notFound';
      return 'unavailable';
    }
  }

  /**
   * The case with its live timeline, for its citizens and for staff of its ente with cases:read.
   * Without the timeline, it is answered from the view the projection keeps of the case's last
   * rest, the view a reader sees until something arrives: no workflow query (a portal refreshing
   * a case, a driver polling it, cost one query of Postgres each).
   */
  async get(
    ctx: RequestContext,
    enteCode: string,
    caseNumber: string,
    { timeline = true }: { timeline?: boolean } = {},
  ): Promise<CaseAnswer> {
    if (!timeline) {
      const rested = await this.atRest(ctx, enteCode, caseNumber);
      if (rested) return rested;
    }
    return this.answer(ctx, enteCode, caseNumber);
  }

  /**
   * The case as its workflow last came to rest (recorded by the same `recordCase` as the row, just
   * before the workflow waits), without the timeline; undefined for cases recorded before the
   * projection kept the view, which are read from their workflow.
   */
  private async atRest(
    ctx: RequestContext,
    enteCode: string,
    caseNumber: string,
  ): Promise<CaseAnswer | undefined> {
    const row = await this.cases.byNumber(ctx, enteCode, caseNumber);
    if (!row?.viewAtRest) return undefined;
    return { row, view: { ...row.viewAtRest, timeline: [] } };
  }

  async submitForm(
    ctx: RequestContext,
    enteCode: string,
    caseNumber: string,
    stepId: string,
    fields: CaseFieldInput[],
  ): Promise<CaseAnswer> {
    const actor = citizenOf(ctx.actor);
    const data: Record<string, unknown> = {};
    for (const field of fields) {
      if (field.key in data)
        throw new CatalogError('BAD_USER_INPUT', `Field ${field.key} is given twice.`, 'fields');
      data[field.key] = field.value;
    }
    const client = await this.temporal.client();
    const handle = client.workflow.getHandle(caseWorkflowId(enteCode, caseNumber));
    const updated = await this.update(ctx, enteCode, caseNumber, () =>
      handle.executeUpdate(submitCaseFormUpdate, {
        args: [{ stepId, data, by: { fiscalCode: actor.fiscalCode } }],
      }),
    );
    return this.answerAfter(
      ctx,
      enteCode,
      caseNumber,
      updated,
      { stepId, awaiting: ['citizenForm', 'integration', 'observations'] },
      handle,
    );
  }

  async availableSlots(ctx: RequestContext, enteCode: string, caseNumber: string) {
    // The booking window is in the view at rest (the case waits for the booking there).
    const { view } =
      (await this.atRest(ctx, enteCode, caseNumber)) ??
      (await this.answer(ctx, enteCode, caseNumber, { live: true }));
    const step = view.currentStep;
    if (step?.awaiting !== 'citizenBooking' || !step.booking)
      throw new CatalogError('WRONG_STEP', `Case ${caseNumber} is not waiting for a booking.`, 'caseNumber');
    const ente = await this.enti.getByCode(ctx, enteCode);
    const tomorrow = addDays(civilDateInRome(new Date()), 1);
    const from = later(step.booking.from ?? tomorrow, tomorrow);
    const horizon = addDays(from, SLOT_HORIZON_DAYS);
    const to = step.booking.to && compareCivilDates(step.booking.to, horizon) < 0 ? step.booking.to : horizon;
    if (compareCivilDates(from, to) > 0) return [];
    return this.bookings.availableSlots(
      systemContext(ctx.requestId),
      ente.ipaCode,
      step.booking.resourceCode,
      from,
      to,
      createBusinessCalendar({ enteHolidays: ente.holidays }),
    );
  }

  async bookSlot(ctx: RequestContext, enteCode: string, caseNumber: string, date: CivilDate, start: string) {
    const actor = citizenOf(ctx.actor);
    // The workflow's validator refuses the Update if the case has moved on meanwhile.
    const { view } =
      (await this.atRest(ctx, enteCode, caseNumber)) ??
      (await this.answer(ctx, enteCode, caseNumber, { live: true }));
    const stepId = view.currentStep?.awaiting === 'citizenBooking' ? view.currentStep.id : '';
    if (!stepId)
      throw new CatalogError('WRONG_STEP', `Case ${caseNumber} is not waiting for a booking.`, 'caseNumber');
    const updated = await this.update(ctx, enteCode, caseNumber, (handle) =>
      handle.executeUpdate(bookSlotUpdate, {
        args: [{ stepId, date, start, by: { fiscalCode: actor.fiscalCode } }],
      }),
    );
    return this.answerAfter(ctx, enteCode, caseNumber, updated, { stepId, awaiting: ['citizenBooking'] });
  }

  async withdraw(ctx: RequestContext, enteCode: string, caseNumber: string, reason?: string | null) {
    const actor = citizenOf(ctx.actor);
    await this.update(ctx, enteCode, caseNumber, (handle) =>
      handle.executeUpdate(withdrawCaseUpdate, {
        args: [{ by: { fiscalCode: actor.fiscalCode }, ...(reason ? { reason } : {}) }],
      }),
    );
    return this.answer(ctx, enteCode, caseNumber);
  }

  async cancel(ctx: RequestContext, enteCode: string, caseNumber: string, reason: string) {
    assertCan(ctx, 'cases:write', enteCode);
    const by = staffRefOf(ctx.actor, enteCode);
    await this.update(ctx, enteCode, caseNumber, (handle) =>
      handle.executeUpdate(cancelCaseUpdate, { args: [{ by, reason }] }),
    );
    return this.answer(ctx, enteCode, caseNumber);
  }

  async claimTask(ctx: RequestContext, enteCode: string, caseNumber: string, stepId: string) {
    assertCan(ctx, 'cases:write', enteCode);
    const by = staffRefOf(ctx.actor, enteCode);
    await this.update(ctx, enteCode, caseNumber, (handle) =>
      handle.executeUpdate(claimTaskUpdate, { args: [{ stepId, by }] }),
    );
    const row = await this.caseRow(ctx, enteCode, caseNumber);
    const task = (
      await this.tasks.list(
        ctx,
        enteCode,
        { unitCodes: by.units, roles: by.roles, anyAssignee: by.anyTask === true },
        { first: 100 },
      )
    ).items
      .map((item) => item.node)
      .find((candidate) => candidate.caseId === row.id && candidate.stepId === stepId);
    if (!task) throw new CatalogError('NOT_FOUND', `No open task on step ${stepId}.`, 'stepId');
    return this.tasks.claim(ctx, task.id, by.ref);
  }

  async decideTask(
    ctx: RequestContext,
    enteCode: string,
    caseNumber: string,
    stepId: string,
    outcome: 'approve' | 'reject' | 'requestIntegration' | 'preavvisoRigetto',
    reason?: string | null,
  ): Promise<CaseAnswer> {
    assertCan(ctx, 'cases:write', enteCode);
    const by = staffRefOf(ctx.actor, enteCode);
    const client = await this.temporal.client();
    const handle = client.workflow.getHandle(caseWorkflowId(enteCode, caseNumber));
    const updated = await this.update(ctx, enteCode, caseNumber, () =>
      handle.executeUpdate(decideTaskUpdate, {
        args: [{ stepId, outcome, by, ...(reason ? { reason } : {}) }],
      }),
    );
    return this.answerAfter(ctx, enteCode, caseNumber, updated, { stepId, awaiting: ['staff'] }, handle);
  }

  async list(ctx: RequestContext, args: CasesArgs): Promise<Page<CaseRow>> {
    return this.cases.listForStaff(
      ctx,
      args.enteCode,
      {
        status: (args.status ?? null) as CaseRow['status'][] | null,
        procedureCode: args.procedureCode ?? null,
        text: args.text ?? null,
        receivedFrom: args.receivedFrom ?? null,
        receivedTo: args.receivedTo ?? null,
      },
      { first: args.first, after: args.after ?? null },
    );
  }

  async mine(ctx: RequestContext, first: number, after?: string | null): Promise<Page<CaseRow>> {
    const actor = citizenOf(ctx.actor);
    return this.cases.listForCitizen(ctx, actor.fiscalCode, { first, after: after ?? null });
  }

  /** The tasks the caller may work: assigned to a unit they work in and a role they hold. */
  async tasksOf(ctx: RequestContext, args: TasksArgs): Promise<Page<CaseTaskRow>> {
    assertCan(ctx, 'cases:read', args.enteCode);
    const by = staffRefOf(ctx.actor, args.enteCode);
    return this.tasks.list(
      ctx,
      args.enteCode,
      {
        unitCodes: by.units,
        roles: by.roles,
        anyAssignee: by.anyTask === true,
        ...(args.includeClosed ? { status: ['open', 'claimed', 'done', 'cancelled'] as const } : {}),
        ...(args.mine ? { mine: by.ref } : {}),
      },
      { first: args.first, after: args.after ?? null },
    );
  }

  /** The projection row, checked for the caller (a citizen party, or staff with cases:read). */
  private async caseRow(ctx: RequestContext, enteCode: string, caseNumber: string): Promise<CaseRow> {
    const row = await this.cases.byNumber(ctx, enteCode, caseNumber);
    if (!row) throw new CatalogError('NOT_FOUND', `No case ${caseNumber} at ${enteCode}.`, 'caseNumber');
    return row;
  }

  private async answer(
    ctx: RequestContext,
    enteCode: string,
    caseNumber: string,
    { live: needLive = false }: { live?: boolean } = {},
  ): Promise<CaseAnswer> {
    const client = await this.temporal.client();
    const handle = client.workflow.getHandle(caseWorkflowId(enteCode, caseNumber));
    // The workflow projects the case on its first step; a caller that started it a moment ago
    // may get here first.
    // Both reads at once: the answer waits for the slower, not for the sum.
    const [projected, live] = await Promise.all([
      this.cases.byNumber(ctx, enteCode, caseNumber),
      this.live(client, handle),
    ]);
    let row = projected;
    const view = typeof live === 'string' ? undefined : live;
    // What only the workflow knows (the step's wait, the booking window) is not in the projection:
    // a caller that needs it is told to try again rather than that the case is elsewhere.
    if ((!row || needLive) && live === 'unavailable')
      throw new CatalogError(
        'CASE_UNAVAILABLE',
        `Case ${caseNumber} cannot be read right now; try again in a moment.`,
        'caseNumber',
      );
    if (!row && view) {
      // Only while the case has no row at all: someone else's case is "not found" at once.
      const system = systemContext(ctx.requestId);
      for (let attempt = 0; attempt < 50; attempt++) {
        if (await this.cases.byNumber(system, enteCode, caseNumber)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      row = await this.cases.byNumber(ctx, enteCode, caseNumber);
    }
    if (!row) throw new CatalogError('NOT_FOUND', `No case ${caseNumber} at ${enteCode}.`, 'caseNumber');
    return { row, view: view ?? (await this.fromProjection(ctx, row)) };
  }

  /**
   * The answer to a mutation: the view its Update answered with when the case was already at rest
   * there (cases started since Updates answer at rest), else the case read again once it settled.
   */
  private async answerAfter(
    ctx: RequestContext,
    enteCode: string,
    caseNumber: string,
    { row, result }: { row: CaseRow | undefined; result: CaseView },
    from: { stepId: string; awaiting: CaseStepView['awaiting'][] },
    handle?: WorkflowHandle,
  ): Promise<CaseAnswer> {
    const step = result.currentStep;
    // A run from before answers while the case still shows the step the request was for.
    const stillThere = step?.id === from.stepId && from.awaiting.includes(step.awaiting);
    if (row && (result.conclusion || (step?.awaiting && !stillThere))) return { row, view: result };
    if (handle) await this.settled(handle, Promise.resolve(result));
    return this.answer(ctx, enteCode, caseNumber);
  }

  /**
   * Waits (briefly) until the case has moved past the step an Update answered: the answer then
   * shows where the submission or decision took the case, not the moment before.
   */
  private async settled(handle: WorkflowHandle, accepted: Promise<CaseView>): Promise<void> {
    const before = await accepted;
    const client = await this.temporal.client();
    for (let attempt = 0; attempt < 50; attempt++) {
      const live = await this.live(client, handle);
      const now = typeof live === 'string' ? undefined : live;
      if (!now || now.conclusion || (now.revision > before.revision && now.currentStep?.awaiting)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A case whose workflow history is gone (retention): what the projection kept. */
  private async fromProjection(ctx: RequestContext, row: CaseRow): Promise<CaseView> {
    return projectionView(row, await this.cases.timeline(ctx, row.id));
  }

  /**
   * Runs an Update on the case's workflow. A refusal by the workflow's validator (wrong step,
   * wrong person, invalid data) is the caller's error, typed by the workflow's code; nothing was
   * written.
   */
  private async update<T>(
    ctx: RequestContext,
    enteCode: string,
    caseNumber: string,
    run: (handle: WorkflowHandle) => Promise<T>,
  ): Promise<{ row: CaseRow | undefined; result: T }> {
    // Staff reach only their ente's cases, citizens only their own: both checked on the projection.
    const row = await this.caseRow(ctx, enteCode, caseNumber).catch(async (error: unknown) => {
      // A case started a moment ago may not be projected yet; its workflow checks the citizen.
      if (!(error instanceof CatalogError) || ctx.actor.kind !== 'citizen') throw error;
      return undefined;
    });
    const client = await this.temporal.client();
    try {
      return { row, result: await run(client.workflow.getHandle(caseWorkflowId(enteCode, caseNumber))) };
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        const cause = error.cause as { type?: string; message?: string } | undefined;
        const code = CASE_REFUSAL_CODES.find((known) => known === cause?.type) ?? 'BAD_USER_INPUT';
        throw new CatalogError(code, cause?.message ?? error.message, 'caseNumber');
      }
      if (error instanceof WorkflowNotFoundError)
        throw new CatalogError('CASE_CONCLUDED', `Case ${caseNumber} has ended.`, 'caseNumber');
      // No worker answered in time (an outage, a restart): the request may still be applied.
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
        throw new CatalogError(
          'CASE_UNAVAILABLE',
          `Case ${caseNumber} did not answer in time; the request may still be applied: look at the case before trying again.`,
          'caseNumber',
        );
      throw error;
    }
  }
}

function citizenOf(actor: Actor): Extract<Actor, { kind: 'citizen' }> {
  if (actor.kind !== 'citizen') throw new AccessDeniedError('Only a citizen may do this.');
  return actor;
}

/** Who a staff member is for a case's workflow: their reference, units and roles in the ente. */
function staffRefOf(actor: Actor, enteCode: string): StaffRef {
  // The ente's back-office software (a key with cases:write) works every task of its ente.
  if (actor.kind === 'integrator')
    return {
      ref: accountReference(actor) ?? actor.keyId,
      units: [],
      roles: [],
      anyTask: actor.enteCode === enteCode,
    };
  if (actor.kind !== 'staff') return { ref: accountReference(actor) ?? actor.kind, units: [], roles: [] };
  const grants = actor.roles.filter((grant) => grant.enteCode === enteCode);
  const roles = [...new Set(grants.map((grant) => grant.role))];
  return {
    ref: accountReference(actor) ?? actor.userId,
    units: [...new Set(grants.flatMap((grant) => grant.units ?? []))],
    roles,
    anyTask: roles.includes('enteAdmin'),
  };
}

function later(a: CivilDate, b: CivilDate): CivilDate {
  return compareCivilDates(a, b) >= 0 ? a : b;
}

/**
 * A case as the projection knows it: lists (no timeline) and cases whose workflow history is gone.
 * What only the workflow holds (the step's wait, the booking, the notices) is left empty.
 */
export function projectionView(row: CaseRow, timeline: readonly TimelineEntry[] = []): CaseView {
  return {
    caseNumber: row.caseNumber,
    enteCode: row.enteCode,
    procedureCode: row.procedureCode,
    versionNumber: row.versionNumber,
    status: row.status,
    conclusion: row.conclusion,
    currentStep: row.currentStepId
      ? {
          id: row.currentStepId,
          type: (row.currentStepType ?? 'form') as CaseStepView['type'],
          title: row.currentStepTitle ?? row.currentStepId,
          visit: 1,
          since: row.updatedAt,
          awaiting: null,
        }
      : null,
    openTask: null,
    booking: null,
    payments: [],
    clock: {
      state: (row.clockState as CaseView['clock']['state'] | null) ?? 'notStarted',
      receivedOn: null,
      deadline: row.termDeadline,
      c7Used: false,
      escalatedTo: null,
    },
    receivedAt: row.receivedAt,
    concludedAt: row.concludedAt,
    timeline: timeline.map((entry) => ({
      seq: entry.seq,
      at: entry.at,
      kind: entry.kind as CaseView['timeline'][number]['kind'],
      stepId: entry.stepId,
      actor: entry.actor ?? 'system',
      detail: (entry.detail ?? {}) as CaseView['timeline'][number]['detail'],
    })),
    revision: row.revision,
  };
}
