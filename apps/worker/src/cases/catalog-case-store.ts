import { Cases, systemContext, Tasks } from '@sus/catalog';
import type { CaseRecord, CaseStore } from '../activities/case.activities';

/**
 * The case projection behind `recordCase`: the row, the new timeline entries and the staff task
 * of the step, all idempotent (a retried activity, or an older revision arriving late, changes
 * nothing).
 */
export class CatalogCaseStore implements CaseStore {
  constructor(
    private readonly cases: Cases,
    private readonly tasks: Tasks,
  ) {}

  async record({ view, ...record }: CaseRecord): Promise<void> {
    const ctx = systemContext();
    await this.cases.project(ctx, {
      id: record.caseId,
      enteCode: view.enteCode,
      caseNumber: view.caseNumber,
      workflowId: record.workflowId,
      procedureCode: view.procedureCode,
      serviceCode: record.serviceCode,
      versionId: record.versionId,
      versionNumber: view.versionNumber,
      applicantFiscalCode: record.applicant.fiscalCode,
      applicantName: record.applicant.fullName,
      partyFiscalCodes: record.parties,
      status: view.status,
      currentStepId: view.currentStep?.id ?? null,
      currentStepType: view.currentStep?.type ?? null,
      currentStepTitle: view.currentStep?.title ?? null,
      termDeadline: view.clock.deadline,
      clockState: view.clock.state === 'notStarted' ? null : view.clock.state,
      receivedAt: view.receivedAt ?? record.startedAt,
      concludedAt: view.concludedAt,
      conclusion: view.conclusion,
      revision: view.revision,
      // The view the record is taken at (the case's rest): single-case reads answer from it.
      viewAtRest: view,
    });
    await this.cases.appendTimeline(
      ctx,
      record.caseId,
      record.entries.map((entry) => ({
        seq: entry.seq,
        at: entry.at,
        stepId: entry.stepId,
        kind: entry.kind,
        actor: entry.actor === 'system' ? null : entry.actor,
        detail: entry.detail,
      })),
    );
    for (const entry of record.entries) {
      if (entry.kind !== 'taskDecided' || !entry.stepId) continue;
      const outcome = String(entry.detail.outcome);
      if (outcome !== 'approve' && outcome !== 'reject') continue;
      await this.tasks.complete(ctx, record.caseId, entry.stepId, Number(entry.detail.visit), outcome);
    }
    if (view.openTask) {
      await this.tasks.open(ctx, {
        caseId: record.caseId,
        stepId: view.openTask.stepId,
        visit: view.openTask.visit,
        title: view.openTask.title,
        assigneeUnitCode: view.openTask.unit,
        assigneeRole: view.openTask.role,
      });
    }
    if (view.conclusion) await this.tasks.cancelOpen(ctx, record.caseId);
  }
}
