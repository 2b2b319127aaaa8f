import type { CaseConclusion, CaseStatus } from '@sus/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The projection of one case (pratica) for lists and searches. The workflow's history is the
 * source of truth; its activities write this row, `revision` keeping it from moving backwards.
 */
@Entity({ name: 'procedure_case' })
export class ProcedureCaseRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'ente_id' })
  enteId!: string;

  @Column({ type: 'text', name: 'case_number' })
  caseNumber!: string;

  @Column({ type: 'text', name: 'workflow_id' })
  workflowId!: string;

  @Column({ type: 'text', name: 'procedure_code' })
  procedureCode!: string;

  @Column({ type: 'text', name: 'service_code' })
  serviceCode!: string;

  @Column({ type: 'uuid', name: 'version_id' })
  versionId!: string;

  @Column({ type: 'integer', name: 'version_number' })
  versionNumber!: number;

  @Column({ type: 'text', name: 'applicant_fiscal_code' })
  applicantFiscalCode!: string;

  @Column({ type: 'text', name: 'applicant_name' })
  applicantName!: string;

  /** Everyone who may see the case as a citizen (the applicant, a spouse, …). */
  @Column({ type: 'text', array: true, name: 'party_fiscal_codes' })
  partyFiscalCodes!: string[];

  @Column({ type: 'text' })
  status!: CaseStatus;

  @Column({ type: 'text', name: 'current_step_id', nullable: true })
  currentStepId!: string | null;

  @Column({ type: 'text', name: 'current_step_type', nullable: true })
  currentStepType!: string | null;

  @Column({ type: 'text', name: 'current_step_title', nullable: true })
  currentStepTitle!: string | null;

  @Column({ type: 'date', name: 'term_deadline', nullable: true })
  termDeadline!: string | null;

  @Column({ type: 'text', name: 'clock_state', nullable: true })
  clockState!: string | null;

  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', name: 'concluded_at', nullable: true })
  concludedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  conclusion!: CaseConclusion | null;

  @Column({ type: 'integer' })
  revision!: number;

  /** The workflow's view at this revision, without its timeline: single-case reads answer from it. */
  @Column({ type: 'jsonb', name: 'view_at_rest', nullable: true })
  viewAtRest!: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** One entry of a case's status timeline; `seq` is given by the workflow, so re-appending is a no-op. */
@Entity({ name: 'case_timeline' })
export class CaseTimelineRow {
  @PrimaryColumn('uuid', { name: 'case_id' })
  caseId!: string;

  @PrimaryColumn('integer')
  seq!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text', name: 'step_id', nullable: true })
  stepId!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;
}

export const CASE_TASK_STATUSES = ['open', 'claimed', 'done', 'cancelled'] as const;
export type CaseTaskStatus = (typeof CASE_TASK_STATUSES)[number];

/** Work for the office on one visit of a staffTask step (a step can be reached again). */
@Entity({ name: 'case_task' })
export class CaseTaskEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'ente_id' })
  enteId!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text', name: 'step_id' })
  stepId!: string;

  @Column({ type: 'integer' })
  visit!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', name: 'assignee_unit_code', nullable: true })
  assigneeUnitCode!: string | null;

  @Column({ type: 'text', name: 'assignee_role', nullable: true })
  assigneeRole!: string | null;

  @Column({ type: 'text' })
  status!: CaseTaskStatus;

  @Column({ type: 'text', name: 'claimed_by', nullable: true })
  claimedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
