import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccessDeniedError,
  assertCan,
  CASE_CONCLUSIONS,
  CASE_STATUSES,
  isValidCivilDate,
  type CaseConclusion,
  type CaseStatus,
} from '@sus/domain';
import type { CaseView as WorkflowCaseView } from '@sus/contracts';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { CatalogError } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { normaliseIpaCode } from '../organisations/enti.service';
import { rethrowUniqueViolation } from '../organisations/unique-violation';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';

/** What the workflow knows of a case at one revision: the row the projection keeps. */
export interface CaseProjection {
  id: string;
  /** IPA code of the ente the case belongs to. */
  enteCode: string;
  caseNumber: string;
  workflowId: string;
  procedureCode: string;
  serviceCode: string;
  versionId: string;
  versionNumber: number;
  applicantFiscalCode: string;
  applicantName: string;
  /** Everyone who may see the case as a citizen besides the applicant (e.g. the other spouse). */
  partyFiscalCodes: string[];
  status: CaseStatus;
  currentStepId: string | null;
  currentStepType: string | null;
  currentStepTitle: string | null;
  /** The statutory deadline, a civil date (YYYY-MM-DD) in Europe/Rome. */
  termDeadline: string | null;
  /** The term clock's state (running, suspended, expired, closed) as the workflow names it. */
  clockState: string | null;
  /** ISO instant the application was received. */
  receivedAt: string;
  concludedAt: string | null;
  conclusion: CaseConclusion | null;
  /** Set by the workflow, increasing with every change: an older write never replaces a newer one. */
  revision: number;
  /**
   * The workflow's view at this revision without its timeline (the step's wait, booking window,
   * notices, open task): a read of one case answers from it without asking the workflow. Absent
   * from writers that do not have it; lists do not read it.
   */
  viewAtRest?: Omit<WorkflowCaseView, 'timeline'> | null;
}

export interface CaseView extends CaseProjection {
  updatedAt: string;
  /** Read by byNumber and byId only (null in lists, and for cases recorded before it was kept). */
  viewAtRest: Omit<WorkflowCaseView, 'timeline'> | null;
}

/** One entry of a case's status timeline, numbered by the workflow. */
export interface TimelineEntry {
  seq: number;
  /** ISO instant. */
  at: string;
  stepId: string | null;
  /** What happened, e.g. `stepStarted`, `formSubmitted`, `taskCompleted`, `notified`. */
  kind: string;
  /** Who acted (an account reference), null when the workflow itself did. */
  actor: string | null;
  detail?: Record<string, unknown> | null;
}

export interface StaffCaseFilters {
  status?: CaseStatus[] | null;
  procedureCode?: string | null;
  stepType?: string | null;
  /** Part of the case number or applicant name, or a party's fiscal code. */
  text?: string | null;
  /** A civil date (whole days in Europe/Rome) or an ISO instant; both ends included. */
  receivedFrom?: string | null;
  receivedTo?: string | null;
}

export interface PageRequest {
  first: number;
  after?: string | null;
}

const CASE_COLUMNS = `c.id, e.ipa_code, c.case_number, c.workflow_id, c.procedure_code, c.service_code, c.version_id,
  c.version_number, c.applicant_fiscal_code, c.applicant_name, c.party_fiscal_codes, c.status, c.current_step_id,
  c.current_step_type, c.current_step_title, to_char(c.term_deadline, 'YYYY-MM-DD') AS term_deadline, c.clock_state,
  c.received_at, c.concluded_at, c.conclusion, c.revision, c.updated_at`;
const CASE_FROM = 'procedure_case c JOIN ente e ON e.id = c.ente_id';

function toView(row: Record<string, unknown>): CaseView {
  return {
    id: String(row.id),
    enteCode: String(row.ipa_code),
    caseNumber: String(row.case_number),
    workflowId: String(row.workflow_id),
    procedureCode: String(row.procedure_code),
    serviceCode: String(row.service_code),
    versionId: String(row.version_id),
    versionNumber: Number(row.version_number),
    applicantFiscalCode: String(row.applicant_fiscal_code),
    applicantName: String(row.applicant_name),
    partyFiscalCodes: row.party_fiscal_codes as string[],
    status: row.status as CaseStatus,
    currentStepId: (row.current_step_id as string | null) ?? null,
    currentStepType: (row.current_step_type as string | null) ?? null,
    currentStepTitle: (row.current_step_title as string | null) ?? null,
    termDeadline: (row.term_deadline as string | null) ?? null,
    clockState: (row.clock_state as string | null) ?? null,
    receivedAt: (row.received_at as Date).toISOString(),
    concludedAt: row.concluded_at ? (row.concluded_at as Date).toISOString() : null,
    conclusion: (row.conclusion as CaseConclusion | null) ?? null,
    revision: Number(row.revision),
    updatedAt: (row.updated_at as Date).toISOString(),
    viewAtRest: viewAtRestOf(row),
  };
}

/**
 * The view kept at the case's last rest. A claim does not move the case to another rest (the
 * workflow notes it and waits on), so the open task's claimant comes from the task row, which
 * claimTask writes right after the workflow took the claim.
 */
function viewAtRestOf(row: Record<string, unknown>): Omit<WorkflowCaseView, 'timeline'> | null {
  const view = row.view_at_rest as Omit<WorkflowCaseView, 'timeline'> | null | undefined;
  if (!view) return null;
  const claimedBy = row.open_task_claimed_by as string | null | undefined;
  if (!view.openTask || !claimedBy) return view;
  return { ...view, openTask: { ...view.openTask, claimedBy } };
}

/**
 * The case projection (DESIGN §5): written by the procedure workflow's activities (the platform
 * itself), read by staff of the case's ente (`cases:read`) and by the citizens among its parties.
 */
@Injectable()
export class Cases {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Writes the case as of `revision`, only if that is newer than what is stored: a retried or
   * late activity never moves a case backwards. Status and step changes are audited once.
   */
  async project(ctx: RequestContext, projection: CaseProjection): Promise<{ applied: boolean }> {
    assertWorkflow(ctx);
    const input = checkProjection(projection);
    const enteId = await this.enteId(input.enteCode);
    // The first write of a case locks no row (there is none yet): two of them at once both insert,
    // and ON CONFLICT (id) does not cover the other unique keys, so the loser fails on workflow_id.
    // Once the winner has committed, the loser's second try finds the row and locks it.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.write(input, enteId, ctx);
      } catch (error) {
        if (attempt === 1 && error instanceof CatalogError && error.code === 'DUPLICATE_CODE') continue;
        throw error;
      }
    }
  }

  private async write(
    input: ReturnType<typeof checkProjection>,
    enteId: string,
    ctx: RequestContext,
  ): Promise<{ applied: boolean }> {
    try {
      return await this.db.transaction(async (tx) => {
        const [stored] = (await tx.query(
          'SELECT ente_id, status, current_step_id, revision FROM procedure_case WHERE id = $1 FOR UPDATE',
          [input.id],
        )) as { ente_id: string; status: string; current_step_id: string | null; revision: number }[];
        if (stored && stored.ente_id !== enteId) {
          throw new CatalogError(
            'INVALID_CASE_PROJECTION',
            `Case ${input.id} belongs to another ente than ${input.enteCode}.`,
            'enteCode',
          );
        }
        if (stored && stored.revision >= input.revision) return { applied: false };
        const written = (await tx.query(
          `INSERT INTO procedure_case (id, ente_id, case_number, workflow_id, procedure_code, service_code, version_id,
             version_number, applicant_fiscal_code, applicant_name, party_fiscal_codes, status, current_step_id,
             current_step_type, current_step_title, term_deadline, clock_state, received_at, concluded_at,
             conclusion, revision, view_at_rest)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                   $22)
           ON CONFLICT (id) DO UPDATE
             SET applicant_name = EXCLUDED.applicant_name, party_fiscal_codes = EXCLUDED.party_fiscal_codes,
                 status = EXCLUDED.status, current_step_id = EXCLUDED.current_step_id,
                 current_step_type = EXCLUDED.current_step_type, current_step_title = EXCLUDED.current_step_title,
                 term_deadline = EXCLUDED.term_deadline, clock_state = EXCLUDED.clock_state,
                 concluded_at = EXCLUDED.concluded_at, conclusion = EXCLUDED.conclusion,
                 revision = EXCLUDED.revision, view_at_rest = EXCLUDED.view_at_rest, updated_at = now()
           WHERE procedure_case.revision < EXCLUDED.revision AND procedure_case.ente_id = EXCLUDED.ente_id
           RETURNING id`,
          [
            input.id,
            enteId,
            input.caseNumber,
            input.workflowId,
            input.procedureCode,
            input.serviceCode,
            input.versionId,
            input.versionNumber,
            input.applicantFiscalCode,
            input.applicantName,
            input.partyFiscalCodes,
            input.status,
            input.currentStepId,
            input.currentStepType,
            input.currentStepTitle,
            input.termDeadline,
            input.clockState,
            input.receivedAt,
            input.concludedAt,
            input.conclusion,
            input.revision,
            input.viewAtRest ? JSON.stringify(input.viewAtRest) : null,
          ],
        )) as unknown[];
        if (written.length === 0) return { applied: false };
        if (stored?.status !== input.status || stored?.current_step_id !== input.currentStepId) {
          await this.audit.recordStep(
            tx,
            ctx,
            {
              action: `case.${input.status}`,
              entity: 'Case',
              entityId: input.id,
              enteCode: input.enteCode,
              before: stored ? { status: stored.status, stepId: stored.current_step_id } : null,
              after: { caseNumber: input.caseNumber, status: input.status, stepId: input.currentStepId },
            },
            `case/${input.id}/revision/${input.revision}`,
          );
        }
        return { applied: true };
      });
    } catch (error) {
      const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      if (driverError?.code === '23503' && driverError.constraint === 'procedure_case_version_id_fkey') {
        throw new CatalogError(
          'NOT_FOUND',
          `No published procedure version ${input.versionId}; a case runs a published version.`,
          'versionId',
        );
      }
      rethrowUniqueViolation(error, {
        procedure_case_workflow_id_key: 'workflowId',
        procedure_case_number_unique: 'caseNumber',
      });
    }
  }

  /** Appends timeline entries; an entry whose `seq` is already stored is left as it is. */
  async appendTimeline(
    ctx: RequestContext,
    caseId: string,
    entries: readonly TimelineEntry[],
  ): Promise<{ appended: number }> {
    assertWorkflow(ctx);
    const rows = entries.map((entry, index) => checkTimelineEntry(entry, `entries.${index}`));
    if (rows.length === 0) return { appended: 0 };
    if (!(await this.find('c.id = $1', [caseId])))
      throw new CatalogError('NOT_FOUND', `No case ${caseId}; project it before its timeline.`, 'caseId');
    const inserted = (await this.db.query(
      `INSERT INTO case_timeline (case_id, seq, at, step_id, kind, actor, detail)
       SELECT $1, r.seq, r.at, r.step_id, r.kind, r.actor, r.detail
         FROM jsonb_to_recordset($2::jsonb) AS r(seq integer, at timestamptz, step_id text, kind text, actor text,
                                                 detail jsonb)
       ON CONFLICT (case_id, seq) DO NOTHING
       RETURNING seq`,
      [caseId, JSON.stringify(rows)],
    )) as unknown[];
    return { appended: inserted.length };
  }

  /** The case's timeline in order, for staff of its ente and for its parties. */
  async timeline(ctx: RequestContext, caseId: string): Promise<TimelineEntry[]> {
    const found = await this.byId(ctx, caseId);
    if (!found) throw new CatalogError('NOT_FOUND', `No case ${caseId}.`, 'caseId');
    const rows = (await this.db.query(
      'SELECT seq, at, step_id, kind, actor, detail FROM case_timeline WHERE case_id = $1 ORDER BY seq',
      [found.id],
    )) as {
      seq: number;
      at: Date;
      step_id: string | null;
      kind: string;
      actor: string | null;
      detail: unknown;
    }[];
    return rows.map((row) => ({
      seq: row.seq,
      at: row.at.toISOString(),
      stepId: row.step_id,
      kind: row.kind,
      actor: row.actor,
      detail: (row.detail as Record<string, unknown> | null) ?? null,
    }));
  }

  /** A case of the ente by its number; a citizen gets only a case they are a party of, else null. */
  async byNumber(ctx: RequestContext, enteCode: string, caseNumber: string): Promise<CaseView | null> {
    const ipaCode = normaliseIpaCode(enteCode);
    const actor = ctx.actor;
    if (actor.kind === 'citizen') {
      return this.find('e.ipa_code = $1 AND c.case_number = $2 AND $3 = ANY(c.party_fiscal_codes)', [
        ipaCode,
        caseNumber,
        actor.fiscalCode.toUpperCase(),
      ]);
    }
    assertCan(ctx, 'cases:read', ipaCode);
    return this.find('e.ipa_code = $1 AND c.case_number = $2', [ipaCode, caseNumber]);
  }

  /** Same rules as byNumber: staff need cases:read in the case's ente; citizens must be a party. */
  async byId(ctx: RequestContext, id: string): Promise<CaseView | null> {
    if (!UUID.test(id)) return null;
    const found = await this.find('c.id = $1', [id]);
    if (!found) return null;
    const actor = ctx.actor;
    if (actor.kind === 'citizen')
      return found.partyFiscalCodes.includes(actor.fiscalCode.toUpperCase()) ? found : null;
    assertCan(ctx, 'cases:read', found.enteCode);
    return found;
  }

  /** The ente's cases, newest received first, filtered for the staff console. */
  async listForStaff(
    ctx: RequestContext,
    enteCode: string,
    filters: StaffCaseFilters,
    page: PageRequest,
  ): Promise<Page<CaseView>> {
    const ipaCode = normaliseIpaCode(enteCode);
    assertCan(ctx, 'cases:read', ipaCode);
    const query = new Where();
    query.add('e.ipa_code = ?', ipaCode);
    if (filters.status?.length) {
      filters.status.forEach((status, index) => {
        if (!CASE_STATUSES.includes(status))
          throw new CatalogError('BAD_USER_INPUT', `"${status}" is not a case status.`, `status.${index}`);
      });
      query.add('c.status = ANY(?)', filters.status);
    }
    if (filters.procedureCode) query.add('c.procedure_code = ?', filters.procedureCode);
    if (filters.stepType) query.add('c.current_step_type = ?', filters.stepType);
    const text = filters.text?.trim();
    if (text) {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.add(
        '(c.case_number ILIKE ? OR c.applicant_name ILIKE ? OR ? = ANY(c.party_fiscal_codes))',
        pattern,
        pattern,
        text.toUpperCase(),
      );
    }
    if (filters.receivedFrom) query.add(...receivedBound(filters.receivedFrom, 'from'));
    if (filters.receivedTo) query.add(...receivedBound(filters.receivedTo, 'to'));
    return this.page(query, page);
  }

  /** Every case, in any ente, the citizen is a party of: only the citizen themself (or the platform) may ask. */
  async listForCitizen(ctx: RequestContext, fiscalCode: string, page: PageRequest): Promise<Page<CaseView>> {
    const code = fiscalCode.trim().toUpperCase();
    const actor = ctx.actor;
    if (actor.kind !== 'system' && !(actor.kind === 'citizen' && actor.fiscalCode.toUpperCase() === code))
      throw new AccessDeniedError("Not allowed: another citizen's cases.");
    const query = new Where();
    query.add('? = ANY(c.party_fiscal_codes)', code);
    return this.page(query, page);
  }

  private async page(query: Where, page: PageRequest): Promise<Page<CaseView>> {
    if (page.after) {
      const [receivedAt, id] = decodeCursor(page.after, 2);
      if (!UUID.test(id!) || Number.isNaN(Date.parse(receivedAt!)))
        throw new CatalogError(
          'INVALID_CURSOR',
          'The cursor is not one this API returned; start again without it.',
          'after',
        );
      query.add('(c.received_at, c.id) < (?::timestamptz, ?::uuid)', receivedAt, id);
    }
    query.params.push(page.first + 1);
    const rows = (await this.db.query(
      `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE ${query.clauses.join(' AND ')}
        ORDER BY c.received_at DESC, c.id DESC LIMIT $${query.params.length}`,
      query.params,
    )) as Record<string, unknown>[];
    return {
      items: rows.slice(0, page.first).map((row) => {
        const node = toView(row);
        return { node, cursor: encodeCursor([node.receivedAt, node.id]) };
      }),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after != null,
    };
  }

  private async find(where: string, params: unknown[]): Promise<CaseView | null> {
    const rows = (await this.db.query(
      `SELECT ${CASE_COLUMNS}, c.view_at_rest,
         (SELECT t.claimed_by FROM case_task t
           WHERE t.case_id = c.id AND t.step_id = c.view_at_rest #>> '{openTask,stepId}'
             AND t.visit = (c.view_at_rest #>> '{openTask,visit}')::int) AS open_task_claimed_by
         FROM ${CASE_FROM} WHERE ${where}`,
      params,
    )) as Record<string, unknown>[];
    return rows[0] ? toView(rows[0]) : null;
  }

  private async enteId(enteCode: string): Promise<string> {
    const [ente] = (await this.db.query('SELECT id FROM ente WHERE ipa_code = $1', [
      normaliseIpaCode(enteCode),
    ])) as { id: string }[];
    if (!ente) throw new CatalogError('NOT_FOUND', `No ente with code "${enteCode}".`, 'enteCode');
    return ente.id;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A WHERE clause built from `?` placeholders, numbered in order. */
class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  /** Every `?` takes the next value (the clauses here use no `?` operator of jsonb). */
  add(clause: string, ...values: unknown[]): void {
    let next = 0;
    this.clauses.push(
      clause.replace(/\?/g, () => {
        this.params.push(values[next++]);
        return `$${this.params.length}`;
      }),
    );
  }
}

/**
 * A civil date bounds whole days in Rome (the `to` day included); an ISO instant bounds exactly.
 * Checked here, so a malformed bound is the caller's BAD_USER_INPUT, not a database error.
 */
function receivedBound(value: string, end: 'from' | 'to'): [string, string] {
  const field = end === 'from' ? 'receivedFrom' : 'receivedTo';
  const bound = value.trim();
  if (CIVIL_DATE.test(bound)) {
    if (!isValidCivilDate(bound))
      throw new CatalogError('BAD_USER_INPUT', `${field} "${bound}" is not a calendar date.`, field);
    return end === 'from'
      ? [`c.received_at >= (?::date)::timestamp AT TIME ZONE 'Europe/Rome'`, bound]
      : [`c.received_at < (?::date + 1)::timestamp AT TIME ZONE 'Europe/Rome'`, bound];
  }
  if (!isInstant(bound))
    throw new CatalogError(
      'BAD_USER_INPUT',
      `${field} must be a date (YYYY-MM-DD) or an ISO instant.`,
      field,
    );
  return [`c.received_at ${end === 'from' ? '>=' : '<='} ?::timestamptz`, bound];
}

/** An ISO instant whose calendar part is a real date (Date.parse would roll 30 February over). */
function isInstant(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T/.test(value) &&
    isValidCivilDate(value.slice(0, 10)) &&
    !Number.isNaN(Date.parse(value))
  );
}

/** The projection is the workflow's own record: only the platform (its activities) writes it. */
function assertWorkflow(ctx: RequestContext): void {
  if (ctx.actor.kind !== 'system')
    throw new AccessDeniedError('Not allowed: only the procedure workflow writes the case projection.');
}

function invalid(field: string, message: string): never {
  throw new CatalogError('INVALID_CASE_PROJECTION', message, field);
}

function checkProjection(p: CaseProjection): CaseProjection {
  if (!UUID.test(p.id ?? '')) invalid('id', 'The case id must be a UUID.');
  if (!UUID.test(p.versionId ?? '')) invalid('versionId', 'The version id must be a UUID.');
  for (const field of [
    'enteCode',
    'caseNumber',
    'workflowId',
    'procedureCode',
    'serviceCode',
    'applicantFiscalCode',
    'applicantName',
  ] as const) {
    if (typeof p[field] !== 'string' || !p[field].trim()) invalid(field, `${field} must not be empty.`);
  }
  if (!CASE_STATUSES.includes(p.status)) invalid('status', `"${p.status}" is not a case status.`);
  if (p.conclusion !== null && !CASE_CONCLUSIONS.includes(p.conclusion))
    invalid('conclusion', `"${p.conclusion}" is not a case conclusion.`);
  if (!Number.isInteger(p.revision) || p.revision < 0)
    invalid('revision', 'The revision is a whole number, 0 or more.');
  if (!Number.isInteger(p.versionNumber) || p.versionNumber < 1)
    invalid('versionNumber', 'The version number is a whole number, 1 or more.');
  if (!isInstant(p.receivedAt)) invalid('receivedAt', 'receivedAt must be an ISO instant.');
  if (p.concludedAt !== null && !isInstant(p.concludedAt))
    invalid('concludedAt', 'concludedAt must be an ISO instant or null.');
  if (p.termDeadline !== null && !(CIVIL_DATE.test(p.termDeadline) && isValidCivilDate(p.termDeadline)))
    invalid('termDeadline', 'termDeadline must be a date (YYYY-MM-DD) or null.');
  const applicant = p.applicantFiscalCode.trim().toUpperCase();
  return {
    ...p,
    enteCode: normaliseIpaCode(p.enteCode),
    applicantFiscalCode: applicant,
    // The applicant always sees their own case, whatever the workflow listed.
    partyFiscalCodes: [
      ...new Set([applicant, ...(p.partyFiscalCodes ?? []).map((c) => c.trim().toUpperCase())]),
    ],
  };
}

function checkTimelineEntry(entry: TimelineEntry, field: string) {
  if (!Number.isInteger(entry.seq) || entry.seq < 0)
    invalid(`${field}.seq`, 'A timeline entry needs a seq, a whole number 0 or more.');
  if (!isInstant(entry.at)) invalid(`${field}.at`, 'A timeline entry needs an ISO instant.');
  if (typeof entry.kind !== 'string' || !entry.kind.trim())
    invalid(`${field}.kind`, 'A timeline entry needs a kind.');
  return {
    seq: entry.seq,
    at: entry.at,
    step_id: entry.stepId ?? null,
    kind: entry.kind,
    actor: entry.actor ?? null,
    detail: entry.detail ?? null,
  };
}
