import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import {
  messageWorkflowId,
  messageWorkflowType,
  type MessageInput,
  type MessageWorkflow,
} from '@sus/contracts';

/**
 * Hands one message to its own workflow and does not wait for it: a citizen off IO or a slow IO
 * never holds the sender up, and delivery outlives the sender's run. The child id is the message's
 * business key, so a sender replayed, retried or continued as new never sends it twice: a start
 * refused because that id already ran means an earlier attempt handed it over.
 */
export async function handOverMessage(message: MessageInput): Promise<void> {
  try {
    await startChild<MessageWorkflow>(messageWorkflowType, {
      workflowId: messageWorkflowId(message.enteCode, message.idempotencyKey),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [message],
    });
  } catch (error) {
    // Matched by name: the error class lives outside the workflow API.
    if (!(error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError')) throw error;
  }
}
