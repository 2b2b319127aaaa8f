import {
  ApplicationFailure,
  ChildWorkflowFailure,
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
} from '@temporalio/workflow';
import {
  lateReceiptWorkflowId,
  lateReceiptWorkflowType,
  paymentReceiptSignal,
  paymentWorkflowId,
  type LateReceiptWorkflow,
  type ReceiptReconciliationWorkflow,
} from '@sus/contracts';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';

const { listUnrecordedReceipts } = proxyActivities<Activities>({
  ...defaultActivity,
  // Lists every receipt of an ente's last days at pagoPA, page by page.
  startToCloseTimeout: '5 minutes',
});

/**
 * The safety net for every lost receipt push: runs per ente on a schedule, lists the receipts
 * pagoPA holds and hands each one SUS lacks to its payment workflow, or, when that workflow has
 * closed, records it through the late-receipt workflow (one per receipt id, so never twice).
 */
export const receiptReconciliationWorkflow: ReceiptReconciliationWorkflow = async (input) => {
  const missing = await listUnrecordedReceipts(input);
  const delivered: string[] = [];
  for (const item of missing) {
    try {
      // A running payment applies it like any receipt (it ignores one it already has).
      await getExternalWorkflowHandle(paymentWorkflowId(item.paymentNoticeNumber)).signal(
        paymentReceiptSignal,
        item.receipt,
      );
    } catch {
      try {
        await executeChild<LateReceiptWorkflow>(lateReceiptWorkflowType, {
          workflowId: lateReceiptWorkflowId(item.receipt.receiptId),
          args: [item],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        if (error instanceof ChildWorkflowFailure) {
          throw ApplicationFailure.nonRetryable(
            `receipt ${item.receipt.receiptId} could not be recorded: ${error.message}`,
            'LATE_RECEIPT_FAILED',
          );
        }
        // Already recorded by an earlier run, a push or a poll: that is the point of the id.
        if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
      }
    }
    delivered.push(item.receipt.receiptId);
  }
  return { listed: missing.length, delivered };
};
