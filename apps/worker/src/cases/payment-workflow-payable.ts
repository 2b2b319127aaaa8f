import { Context } from '@temporalio/activity';
import { awaitPayableUpdate, paymentWorkflowId } from '@sus/contracts';
import type { NoticePayable } from '../activities/case.activities';

/**
 * A case's wait for its notice to be payable, answered by the notice's payment workflow through
 * its `awaitPayable` Update (the moment the position is published) instead of polling the payment
 * row. Asked with the worker's own client from inside the activity; one Update id per notice, so
 * an attempt retried after a crash joins the Update the first one started.
 */
export class PaymentWorkflowPayable implements NoticePayable {
  async untilPayable(noticeNumber: string, waitMs: number): Promise<string | null> {
    const client = Context.current().client;
    const handle = client.workflow.getHandle(paymentWorkflowId(noticeNumber));
    try {
      return await client.withDeadline(Date.now() + waitMs, () =>
        handle.executeUpdate(awaitPayableUpdate, { updateId: `case-payable/${noticeNumber}` }),
      );
    } catch {
      // Out of time, or the workflow has ended (refused, cancelled): the caller reads the row.
      return null;
    }
  }
}
