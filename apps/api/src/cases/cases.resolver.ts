import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { CaseTaskRow, CaseView as CaseRow, Page, RequestContext } from '@sus/catalog';
import { citizen, permitted } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { BookingSlot } from '../bookings/models/booking-slot.model';
import { PageArgs, pageInfoOf } from '../pagination/page-info.model';
import { Ctx } from '../request-context/request-context';
import { CasesService, projectionView, type CaseAnswer } from './cases.service';
import { AvailableSlotsArgs, BookSlotArgs } from './dto/book-slot.args';
import { CancelCaseArgs, DecideTaskArgs, TaskRefArgs, WithdrawCaseArgs } from './dto/case-action.args';
import { CaseRefArgs } from './dto/case-ref.args';
import { CasesArgs, TasksArgs } from './dto/cases.args';
import { StartCaseArgs } from './dto/start-case.args';
import { SubmitCaseFormInput } from './dto/submit-case-form.input';
import { Case, CaseConnection, CaseTask, CaseTaskConnection } from './models/case.model';

function toCase({ row, view }: CaseAnswer): Case {
  return {
    caseNumber: row.caseNumber,
    enteCode: row.enteCode,
    procedureCode: row.procedureCode,
    serviceCode: row.serviceCode,
    versionNumber: view.versionNumber,
    status: view.status,
    conclusion: view.conclusion,
    applicantName: row.applicantName,
    currentStep: view.currentStep
      ? {
          id: view.currentStep.id,
          type: view.currentStep.type,
          title: view.currentStep.title,
          visit: view.currentStep.visit,
          since: new Date(view.currentStep.since),
          awaiting: view.currentStep.awaiting,
        }
      : null,
    clock: { ...view.clock },
    receivedAt: view.receivedAt ? new Date(view.receivedAt) : null,
    concludedAt: view.concludedAt ? new Date(view.concludedAt) : null,
    booking: view.booking ? { ...view.booking } : null,
    payments: view.payments.map((payment) => ({ ...payment })),
    openTask: view.openTask
      ? {
          caseNumber: row.caseNumber,
          enteCode: row.enteCode,
          stepId: view.openTask.stepId,
          visit: view.openTask.visit,
          title: view.openTask.title,
          unit: view.openTask.unit,
          role: view.openTask.role,
          status: view.openTask.claimedBy ? 'claimed' : 'open',
          claimedBy: view.openTask.claimedBy,
          outcome: null,
          createdAt: new Date(view.currentStep?.since ?? Date.now()),
        }
      : null,
    timeline: view.timeline.map((entry) => ({
      seq: entry.seq,
      at: new Date(entry.at),
      kind: entry.kind,
      stepId: entry.stepId,
      actor: entry.actor === 'system' ? null : entry.actor,
      detail: JSON.stringify(entry.detail ?? {}),
    })),
  };
}

/** A row of a list: the projection only (the live timeline is read case by case). */
function listed(row: CaseRow): Case {
  return toCase({ row, view: projectionView(row) });
}

/** Whether the query selects `field` on the resolved object (directly, or through fragments). */
function asksFor(info: GraphQLResolveInfo, field: string): boolean {
  const seen = new Set<string>();
  const within = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (selection.kind === 'Field') return selection.name.value === field;
      if (selection.kind === 'InlineFragment') return within(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name)) return false;
      seen.add(name);
      return within(info.fragments[name]?.selectionSet);
    });
  return info.fieldNodes.some((node) => within(node.selectionSet));
}

function toTask(row: CaseTaskRow): CaseTask {
  return {
    caseNumber: row.caseNumber,
    enteCode: row.enteCode,
    stepId: row.stepId,
    visit: row.visit,
    title: row.title,
    unit: row.assigneeUnitCode,
    role: row.assigneeRole,
    status: row.status,
    claimedBy: row.claimedBy,
    outcome: row.outcome,
    createdAt: new Date(row.createdAt),
  };
}

function connection<T, N>(page: Page<T>, map: (node: T) => N) {
  return {
    edges: page.items.map((item) => ({ cursor: item.cursor, node: map(item.node) })),
    pageInfo: pageInfoOf(page),
  };
}

/**
 * Cases (pratiche). Citizens start, fill, book, follow and withdraw their own; the ente's staff
 * list them, work their tasks and may cancel them. Who may act on a step (the applicant, the
 * task's unit and role) is decided by the case's workflow, which refuses anyone else.
 */
@Resolver(() => Case)
export class CasesResolver {
  constructor(private readonly service: CasesService) {}

  @Allow(citizen)
  @Mutation(() => Case, {
    description:
      'Starts a case on a service the ente offers on line (SERVICE_NOT_ONLINE says where and when to go otherwise).',
  })
  async startCase(@Ctx() ctx: RequestContext, @Args() args: StartCaseArgs): Promise<Case> {
    return toCase(await this.service.start(ctx, args.enteCode, args.serviceCode, args.requestId));
  }

  @Allow(citizen)
  @Mutation(() => Case, {
    description: 'Answers the form the case waits for (or the information staff asked for).',
  })
  async submitCaseForm(@Ctx() ctx: RequestContext, @Args('input') input: SubmitCaseFormInput): Promise<Case> {
    return toCase(
      await this.service.submitForm(ctx, input.enteCode, input.caseNumber, input.stepId, input.fields),
    );
  }

  @Allow(citizen)
  @Query(() => [BookingSlot], {
    description: 'The free slots the case may book now, inside its booking window.',
  })
  availableSlots(@Ctx() ctx: RequestContext, @Args() args: AvailableSlotsArgs) {
    return this.service.availableSlots(ctx, args.enteCode, args.caseNumber);
  }

  @Allow(citizen)
  @Mutation(() => Case, {
    description: 'Holds a slot for the case until its fee is paid (SLOT_TAKEN: pick another).',
  })
  async bookSlot(@Ctx() ctx: RequestContext, @Args() args: BookSlotArgs): Promise<Case> {
    return toCase(await this.service.bookSlot(ctx, args.enteCode, args.caseNumber, args.date, args.start));
  }

  @Allow(citizen)
  @Query(() => CaseConnection, { description: "The signed-in citizen's cases, at every ente, newest first." })
  async myCases(@Ctx() ctx: RequestContext, @Args() page: PageArgs): Promise<CaseConnection> {
    return connection(await this.service.mine(ctx, page.first, page.after), listed);
  }

  @Allow(citizen, permitted('cases:read', { ente: 'enteCode' }))
  @Query(() => Case, { description: "One case with its timeline: for its citizens and the ente's staff." })
  async case(
    @Ctx() ctx: RequestContext,
    @Args() args: CaseRefArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Case> {
    return toCase(
      await this.service.get(ctx, args.enteCode, args.caseNumber, { timeline: asksFor(info, 'timeline') }),
    );
  }

  @Allow(citizen)
  @Mutation(() => Case, {
    description: 'The citizen withdraws the case: its unpaid notice is cancelled, its slot freed.',
  })
  async withdrawCase(@Ctx() ctx: RequestContext, @Args() args: WithdrawCaseArgs): Promise<Case> {
    return toCase(await this.service.withdraw(ctx, args.enteCode, args.caseNumber, args.reason));
  }

  @Allow(permitted('cases:read', { ente: 'enteCode' }))
  @Query(() => CaseConnection, { description: "An ente's cases, newest first, with filters." })
  async cases(@Ctx() ctx: RequestContext, @Args() args: CasesArgs): Promise<CaseConnection> {
    return connection(await this.service.list(ctx, args), listed);
  }

  @Allow(permitted('cases:read', { ente: 'enteCode' }))
  @Query(() => CaseTaskConnection, {
    description: 'The tasks the caller may work: assigned to a unit they work in and a role they hold.',
  })
  async tasks(@Ctx() ctx: RequestContext, @Args() args: TasksArgs): Promise<CaseTaskConnection> {
    return connection(await this.service.tasksOf(ctx, args), toTask);
  }

  @Allow(permitted('cases:write', { ente: 'enteCode' }))
  @Mutation(() => CaseTask, { description: 'Takes a task, so colleagues see who works on it.' })
  async claimTask(@Ctx() ctx: RequestContext, @Args() args: TaskRefArgs): Promise<CaseTask> {
    return toTask(await this.service.claimTask(ctx, args.enteCode, args.caseNumber, args.stepId));
  }

  @Allow(permitted('cases:write', { ente: 'enteCode' }))
  @Mutation(() => Case, {
    description: 'Decides a task: approve, reject, ask for information, preavviso di rigetto.',
  })
  async decideTask(@Ctx() ctx: RequestContext, @Args() args: DecideTaskArgs): Promise<Case> {
    return toCase(
      await this.service.decideTask(
        ctx,
        args.enteCode,
        args.caseNumber,
        args.stepId,
        args.outcome,
        args.reason,
      ),
    );
  }

  @Allow(permitted('cases:write', { ente: 'enteCode' }))
  @Mutation(() => Case, {
    description: 'The office closes a case (a duplicate, an error): notice cancelled, slot freed.',
  })
  async cancelCase(@Ctx() ctx: RequestContext, @Args() args: CancelCaseArgs): Promise<Case> {
    return toCase(await this.service.cancel(ctx, args.enteCode, args.caseNumber, args.reason));
  }
}
