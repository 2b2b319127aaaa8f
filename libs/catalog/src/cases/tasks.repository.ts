import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessDeniedError, assertCan } from '@sus/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { CatalogError } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { normaliseIpaCode } from '../organisations/enti.service';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import { CASE_TASK_STATUSES, type CaseTaskStatus } from './case.entity';
import type { PageRequest } from './cases.repository';

/** What the workflow asks for when a case reaches a staffTask step. */
export interface OpenTaskInput {
  caseId: string;
  stepId: string;
  /** 1 the first time the case reaches the step, 2 the second, …: one task per visit. */
  visit: number;
  title: string;
  assigneeUnitCode?: string | null;
  assigneeRole?: string | null;
}

export interface CaseTaskRow {
  id: string;
  enteCode: string;
  caseId: string;
  caseNumber: string;
  stepId: string;
  visit: number;
  title: string;
  assigneeUnitCode: string | null;
  assigneeRole: string | null;
  status: CaseTaskStatus;
  /** Account reference of who claimed it. */
  claimedBy: string | null;
  outcome: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface TaskFilters {
  /** The org units the person belongs to (codes). */
  unitCodes: readonly string[];
  /** The task roles the person holds (e.g. `operator`). */
  roles: readonly string[];
  /** Default: open and claimed, the work still to do. */
  status?: readonly CaseTaskStatus[] | null;
  /** An account reference: only the tasks this person claimed. */
  mine?: string | null;
  /** Every task of the ente whatever its unit and role (the ente's administrator, back-office keys). */
  anyAssignee?: boolean;
}

const TASK_COLUMNS = `t.id, e.ipa_code, t.case_id, c.case_number, t.step_id, t.visit, t.title, t.assignee_unit_code,
  t.assignee_role, t.status, t.claimed_by, t.outcome, t.created_at, t.completed_at`;
const TASK_FROM = 'case_task t JOIN procedure_case c ON c.id = t.case_id JOIN ente e ON e.id = t.ente_id';

function toRow(row: Record<string, unknown>): CaseTaskRow {
  return {
    id: String(row.id),
    enteCode: String(row.ipa_code),
    caseId: String(row.case_id),
    caseNumber: String(row.case_number),
    stepId: String(row.step_id),
    visit: Number(row.visit),
    title: String(row.title),
    assigneeUnitCode: (row.assignee_unit_code as string | null) ?? null,
    assigneeRole: (row.assignee_role as string | null) ?? null,
    status: row.status as CaseTaskStatus,
    claimedBy: (row.claimed_by as string | null) ?? null,
    outcome: (row.outcome as string | null) ?? null,
    createdAt: (row.created_at as Date).toISOString(),
    completedAt: row.completed_at ? (row.completed_at as Date).toISOString() : null,
  };
}

/**
 * Staff tasks of cases. The workflow opens, completes and cancels them (idempotently: activities
 * are retried); staff of the case's ente claim them (`cases:write`) and list them (`cases:read`).
 */
@Injectable()
export class Tasks {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Opens the task of this visit of the step, or returns the one already open for it. */
  async open(ctx: RequestContext, task: OpenTaskInput): Promise<CaseTaskRow> {
    if (ctx.actor.kind !== 'system')
      throw new AccessDeniedError('Not allowed: only the procedure workflow opens tasks.');
    checkOpen(task);
    // A retried activity finds the visit's task already there and gets that one back.
    await this.db.query(
      `INSERT INTO case_task (id, ente_id, case_id, step_id, visit, title, assignee_unit_code, assignee_role, status,
                              created_at)
       SELECT $1, c.ente_id, c.id, $3, $4, $5, $6, $7, 'open', date_trunc('milliseconds', now())
         FROM procedure_case c WHERE c.id = $2
       ON CONFLICT (case_id, step_id, visit) DO NOTHING
       RETURNING id`,
      [
        randomUUID(),
        task.caseId,
        task.stepId,
        task.visit,
        task.title.trim(),
        task.assigneeUnitCode ?? null,
        task.assigneeRole ?? null,
      ],
    );
    const found = await this.find(this.db.manager, 't.case_id = $1 AND t.step_id = $2 AND t.visit = $3', [
      task.caseId,
      task.stepId,
      task.visit,
    ]);
    if (!found) {
      throw new CatalogError('NOT_FOUND', `No case ${task.caseId}; project it before its tasks.`, 'caseId');
    }
    return found;
  }

  /**
   * Takes an open task for `staffRef`; claiming again one's own task changes nothing. A task
   * someone else claimed fails with TASK_ALREADY_CLAIMED naming them.
   */
  async claim(ctx: RequestContext, taskId: string, staffRef: string): Promise<CaseTaskRow> {
    if (!staffRef?.trim()) throw new CatalogError('BAD_USER_INPUT', 'Name who claims the task.', 'staffRef');
    const task = await this.byIdUnchecked(taskId);
    if (!task) throw new CatalogError('NOT_FOUND', `No task ${taskId}.`, 'taskId');
    assertCan(ctx, 'cases:write', task.enteCode);
    return this.db.transaction(async (tx) => {
      const claimed = (await tx.query(
        `UPDATE case_task SET status = 'claimed', claimed_by = $2 WHERE id = $1 AND status = 'open' RETURNING id`,
        [task.id, staffRef],
      )) as [unknown[], number];
      const current = (await this.find(tx, 't.id = $1', [task.id]))!;
      if (claimed[1] === 1) {
        await this.audit.recordStep(
          tx,
          ctx,
          {
            action: 'caseTask.claimed',
            entity: 'CaseTask',
            entityId: task.id,
            enteCode: task.enteCode,
            after: {
              caseNumber: task.caseNumber,
              stepId: task.stepId,
              visit: task.visit,
              claimedBy: staffRef,
            },
          },
          `caseTask/${task.id}/claimed`,
        );
        return current;
      }
      if (current.status === 'claimed' && current.claimedBy === staffRef) return current;
      if (current.status === 'claimed') {
        throw new CatalogError(
          'TASK_ALREADY_CLAIMED',
          `Task "${current.title}" of case ${current.caseNumber} is already claimed by ${current.claimedBy}.`,
          'taskId',
        );
      }
      throw new CatalogError(
        'TASK_NOT_OPEN',
        `Task "${current.title}" of case ${current.caseNumber} is ${current.status}; there is nothing left to claim.`,
        'taskId',
      );
    });
  }

  /**
   * Records the outcome of the step's visit. Completing a completed task changes nothing (the
   * first outcome stands): a retried activity must not rewrite a decision.
   */
  async complete(
    ctx: RequestContext,
    caseId: string,
    stepId: string,
    visit: number,
    outcome: string,
  ): Promise<CaseTaskRow> {
    if (!outcome?.trim())
      throw new CatalogError('BAD_USER_INPUT', 'A completed task needs an outcome.', 'outcome');
    const where = 't.case_id = $1 AND t.step_id = $2 AND t.visit = $3';
    const task = await this.find(this.db.manager, where, [caseId, stepId, visit]);
    if (!task)
      throw new CatalogError(
        'NOT_FOUND',
        `No task for step ${stepId} (visit ${visit}) of case ${caseId}.`,
        'stepId',
      );
    assertCan(ctx, 'cases:write', task.enteCode);
    return this.db.transaction(async (tx) => {
      const done = (await tx.query(
        `UPDATE case_task SET status = 'done', outcome = $2, completed_at = now()
          WHERE id = $1 AND status IN ('open', 'claimed')`,
        [task.id, outcome],
      )) as [unknown[], number];
      const current = (await this.find(tx, 't.id = $1', [task.id]))!;
      if (done[1] === 1) {
        await this.audit.recordStep(
          tx,
          ctx,
          {
            action: 'caseTask.done',
            entity: 'CaseTask',
            entityId: task.id,
            enteCode: task.enteCode,
            before: { status: task.status },
            after: { caseNumber: task.caseNumber, stepId, visit, outcome, claimedBy: current.claimedBy },
          },
          `caseTask/${task.id}/done`,
        );
        return current;
      }
      if (current.status === 'done') return current;
      throw new CatalogError(
        'TASK_NOT_OPEN',
        `Task "${current.title}" of case ${current.caseNumber} was cancelled; it cannot be completed.`,
        'stepId',
      );
    });
  }

  /** Cancels the case's open and claimed tasks (the case was withdrawn, cancelled or expired). */
  async cancelOpen(ctx: RequestContext, caseId: string): Promise<{ cancelled: number }> {
    const [owner] = (await this.db.query(
      'SELECT e.ipa_code FROM procedure_case c JOIN ente e ON e.id = c.ente_id WHERE c.id = $1',
      [caseId],
    )) as { ipa_code: string }[];
    if (!owner) throw new CatalogError('NOT_FOUND', `No case ${caseId}.`, 'caseId');
    assertCan(ctx, 'cases:write', owner.ipa_code);
    const [, cancelled] = (await this.db.query(
      `UPDATE case_task SET status = 'cancelled', completed_at = now()
        WHERE case_id = $1 AND status IN ('open', 'claimed')`,
      [caseId],
    )) as [unknown[], number];
    return { cancelled };
  }

  /**
   * The ente's tasks a person may work: a task assigned to a unit needs one of `unitCodes`, one
   * assigned to a role needs one of `roles` (both, when it names both). Oldest first.
   */
  async list(
    ctx: RequestContext,
    enteCode: string,
    filters: TaskFilters,
    page: PageRequest,
  ): Promise<Page<CaseTaskRow>> {
    const ipaCode = normaliseIpaCode(enteCode);
    assertCan(ctx, 'cases:read', ipaCode);
    const statuses = filters.status?.length ? [...filters.status] : ['open', 'claimed'];
    statuses.forEach((status, index) => {
      if (!CASE_TASK_STATUSES.includes(status as CaseTaskStatus))
        throw new CatalogError('BAD_USER_INPUT', `"${status}" is not a task status.`, `status.${index}`);
    });
    const params: unknown[] = [ipaCode, statuses];
    const where = ['e.ipa_code = $1', 't.status = ANY($2)'];
    if (!filters.anyAssignee) {
      params.push([...filters.unitCodes], [...filters.roles]);
      where.push(
        `(t.assignee_unit_code IS NULL OR t.assignee_unit_code = ANY($${params.length - 1}))`,
        `(t.assignee_role IS NULL OR t.assignee_role = ANY($${params.length}))`,
      );
    }
    if (filters.mine) {
      params.push(filters.mine);
      where.push(`t.claimed_by = $${params.length}`);
    }
    if (page.after) {
      const [createdAt, id] = decodeCursor(page.after, 2);
      if (!UUID.test(id!) || Number.isNaN(Date.parse(createdAt!)))
        throw new CatalogError(
          'INVALID_CURSOR',
          'The cursor is not one this API returned; start again without it.',
          'after',
        );
      params.push(createdAt, id);
      where.push(`(t.created_at, t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(page.first + 1);
    const rows = (await this.db.query(
      `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE ${where.join(' AND ')}
        ORDER BY t.created_at, t.id LIMIT $${params.length}`,
      params,
    )) as Record<string, unknown>[];
    return {
      items: rows.slice(0, page.first).map((row) => {
        const node = toRow(row);
        return { node, cursor: encodeCursor([node.createdAt, node.id]) };
      }),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after != null,
    };
  }

  /** A task, for staff with cases:read in its ente; null when there is none. */
  async byId(ctx: RequestContext, taskId: string): Promise<CaseTaskRow | null> {
    const task = await this.byIdUnchecked(taskId);
    if (task) assertCan(ctx, 'cases:read', task.enteCode);
    return task;
  }

  private async byIdUnchecked(taskId: string): Promise<CaseTaskRow | null> {
    if (!UUID.test(taskId)) return null;
    return this.find(this.db.manager, 't.id = $1', [taskId]);
  }

  private async find(manager: EntityManager, where: string, params: unknown[]): Promise<CaseTaskRow | null> {
    const rows = (await manager.query(
      `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE ${where}`,
      params,
    )) as Record<string, unknown>[];
    return rows[0] ? toRow(rows[0]) : null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkOpen(task: OpenTaskInput): void {
  if (!UUID.test(task.caseId ?? ''))
    throw new CatalogError('BAD_USER_INPUT', 'The case id must be a UUID.', 'caseId');
  if (!task.stepId?.trim()) throw new CatalogError('BAD_USER_INPUT', 'A task needs its step id.', 'stepId');
  if (!Number.isInteger(task.visit) || task.visit < 1)
    throw new CatalogError('BAD_USER_INPUT', 'The visit is a whole number, 1 or more.', 'visit');
  if (!task.title?.trim()) throw new CatalogError('BAD_USER_INPUT', 'A task needs a title.', 'title');
  if (!task.assigneeUnitCode && !task.assigneeRole)
    throw new CatalogError(
      'BAD_USER_INPUT',
      'A task is assigned to an org unit, a role, or both.',
      'assigneeUnitCode',
    );
}
