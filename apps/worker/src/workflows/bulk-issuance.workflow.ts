import {
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  paymentWorkflowId,
  paymentWorkflowType,
  type BulkIssuanceProgress,
  type BulkIssuanceWorkflow,
  type PaymentInput,
  type PaymentWorkflow,
} from '@sus/contracts';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';

const { prepareBulkBatch, recordBulkBatch, finishBulkJob } = proxyActivities<Activities>({
  ...defaultActivity,
  // A batch allocates up to a few hundred notice numbers (one per option).
  startToCloseTimeout: '2 minutes',
});

const BATCH_SIZE = 100;
/**
 * Each position adds two events (child initiated, started) and its payment input (~1 KB) to the
 * history: 10 batches of 100 keep a run near 2,000 events and 1-2 MB, far under Temporal's limits.
 */
const BATCHES_PER_RUN = 10;

/**
 * One bulk issuance job (issue 19): the positions a finance office's file carried, checked and
 * staged at upload, handed to their payment workflows a batch at a time, in file order. A batch's
 * payment workflows are started together (bounded fan-out), then the job's progress is recorded;
 * big files continue as new. A position's workflow id is its notice number's, allocated under
 * the ente + position key, and starting it is refused when it exists (running or closed): a
 * retried activity, a worker killed mid-batch, a resumed run or another file with the same
 * position issues nothing twice. Payment workflows outlive the job (ABANDON).
 */
export const bulkIssuanceWorkflow: BulkIssuanceWorkflow = async (input) => {
  const batchSize = input.batchSize ?? BATCH_SIZE;
  const batchesPerRun = input.batchesPerRun ?? BATCHES_PER_RUN;
  const progress: BulkIssuanceProgress = input.resume ?? { afterLine: 0, started: 0, alreadyStarted: 0 };
  for (let batches = 0; ; batches += 1) {
    if (batches >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<BulkIssuanceWorkflow>({ ...input, resume: progress });
    }
    const batch = await prepareBulkBatch({
      jobId: input.jobId,
      enteCode: input.enteCode,
      afterLine: progress.afterLine,
      limit: batchSize,
    });
    if (batch.payments.length === 0) break;
    const outcomes = await Promise.all(batch.payments.map(startPayment));
    await recordBulkBatch({ jobId: input.jobId, enteCode: input.enteCode, firstLines: batch.firstLines });
    progress.started += outcomes.filter((outcome) => outcome === 'started').length;
    progress.alreadyStarted += outcomes.filter((outcome) => outcome === 'alreadyStarted').length;
    progress.afterLine = batch.firstLines.at(-1)!;
    if (batch.payments.length < batchSize) break;
  }
  await finishBulkJob({ jobId: input.jobId });
  return { jobId: input.jobId, ...progress };
};

async function startPayment(payment: PaymentInput): Promise<'started' | 'alreadyStarted'> {
  try {
    await startChild<PaymentWorkflow>(paymentWorkflowType, {
      workflowId: paymentWorkflowId(payment.noticeNumber),
      args: [payment],
      // The notice outlives the job's run: a continue-as-new or the job's end must not cancel it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A closed payment (paid, expired) is never started again under its notice number.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return 'started';
  } catch (error) {
    // The SDK's WorkflowExecutionAlreadyStartedError (@temporalio/common, which workflow code does
    // not import): the payment exists, started by an earlier attempt, run or file.
    if (error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError')
      return 'alreadyStarted';
    throw error;
  }
}
