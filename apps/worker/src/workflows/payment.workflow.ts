import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  cancelPaymentSignal,
  paymentReceiptSignal,
  paymentStateQuery,
  type PaymentInput,
  type PaymentReceipt,
  type PaymentState,
} from '@sus/contracts';
import { canCancelPayment, isPayableStatus, paymentTransition, type PaymentEvent } from '@sus/domain';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';

const DAY_MS = 24 * 60 * 60 * 1000;

const { publishDebtPosition, invalidateDebtPosition, recordPaymentState, findPaidReceipt } =
  proxyActivities<Activities>(defaultActivity);

/**
 * One pagoPA payment, from the debt position to paid, expired or cancelled. Receipts arrive as a
 * signal from the receipt endpoint; a slow poll covers receipts that were never pushed.
 */
export async function paymentWorkflow(input: PaymentInput): Promise<PaymentState> {
  const state: PaymentState = { noticeNumber: input.noticeNumber, status: 'draft', history: [] };
  const instalments = input.instalments ?? [];
  const inbox: PaymentReceipt[] = [];
  let cancellation: { reason: string; by: string } | undefined;

  setHandler(paymentStateQuery, () => state);
  setHandler(paymentReceiptSignal, (receipt) => {
    inbox.push({ ...receipt, source: 'push' });
  });
  setHandler(cancelPaymentSignal, (request) => {
    cancellation ??= request;
  });

  const move = async (event: PaymentEvent, detail?: string) => {
    const previousStatus = state.status;
    state.status = paymentTransition(state.status, event);
    const at = new Date().toISOString();
    state.history.push({ status: state.status, at, ...(detail ? { detail } : {}) });
    await recordPaymentState({
      input,
      previousStatus,
      status: state.status,
      at,
      detail,
      receipt: state.receipt,
    });
  };
  const cancellable = () => canCancelPayment(state.status);

  await move('issue');
  if (cancellation) return cancel(cancellation);
  await publishDebtPosition(input);
  await move('publish');

  const expiresAt = Date.parse(input.expiresAt);
  const lateUntil = expiresAt + (input.lateReceiptDays ?? 10) * DAY_MS;
  const pollMs = msOf(input.receiptPollInterval ?? '6 hours');

  for (;;) {
    const now = Date.now();
    const until = state.status === 'expired' ? lateUntil : expiresAt;
    if (now < until) {
      // A cancellation only matters while nothing is paid; an expired notice just waits for a late receipt.
      const wake = () => inbox.length > 0 || (cancellation !== undefined && cancellable());
      await condition(wake, Math.min(until - now, pollMs));
    }
    // Money already collected wins over a cancellation that raced it.
    while (inbox.length > 0) {
      if (await apply(inbox.shift()!)) return state;
    }
    if (cancellation && cancellable()) return cancel(cancellation);
    for (const polled of (await findPaidReceipt(input)) ?? []) {
      if (await apply({ ...polled, source: 'poll' })) return state;
    }
    if (Date.now() >= expiresAt && isPayableStatus(state.status)) {
      if (input.onDue === 'invalidate') {
        await invalidateDebtPosition(input);
        await move('expire', 'due date passed; notice withdrawn at the intermediary');
        return state;
      }
      await move('expire', 'due date passed');
    }
    if (state.status === 'expired' && Date.now() >= lateUntil) return state;
  }

  /** Records one receipt; true when the payment is now complete. Duplicates change nothing. */
  async function apply(receipt: PaymentReceipt): Promise<boolean> {
    const noticeNumber = receipt.noticeNumber ?? input.noticeNumber;
    const instalment = instalments.find((option) => option.noticeNumber === noticeNumber);
    const expected = instalment ? instalment.amountCents : input.amountCents;
    if (!instalment && noticeNumber !== input.noticeNumber) {
      throw ApplicationFailure.nonRetryable(
        `Receipt ${receipt.receiptId} is for notice ${noticeNumber}, which is not part of this payment`,
        'RECEIPT_FOR_OTHER_NOTICE',
      );
    }
    if (receipt.amountCents !== expected) {
      // A receipt that pays another amount than its option asks is a fault upstream: stop and show it.
      throw ApplicationFailure.nonRetryable(
        `Receipt ${receipt.receiptId} pays ${receipt.amountCents} cents, notice ${noticeNumber} asks ${expected}`,
        'RECEIPT_AMOUNT_MISMATCH',
      );
    }
    if (!instalment) {
      if (state.paidInstalments?.length) return false; // the intermediary refuses the single payment by now
      state.receipt = receipt;
      await move('receivePayment', `receipt ${receipt.receiptId} (${receipt.source})`);
      return true;
    }
    const paid = (state.paidInstalments ??= []);
    if (paid.includes(noticeNumber)) return false;
    paid.push(noticeNumber);
    state.receipt = receipt;
    const complete = paid.length === instalments.length;
    await move(
      complete ? 'receivePayment' : 'receivePartialPayment',
      `instalment ${paid.length} of ${instalments.length}: receipt ${receipt.receiptId} (${receipt.source})`,
    );
    return complete;
  }

  async function cancel(request: { reason: string; by: string }): Promise<PaymentState> {
    if (state.status === 'published') await invalidateDebtPosition(input);
    await move('cancel', `${request.reason} (by ${request.by})`);
    return state;
  }
}

/** '6 hours' / '30 minutes' / '10 seconds' → milliseconds (the units the workflow input uses). */
function msOf(duration: string): number {
  const match = /^(\d+)\s*(second|minute|hour|day)s?$/.exec(duration.trim());
  if (!match) throw ApplicationFailure.nonRetryable(`Unreadable duration "${duration}"`, 'INVALID_INPUT');
  const unit = { second: 1000, minute: 60_000, hour: 3_600_000, day: DAY_MS }[match[2] as 'second'];
  return Number(match[1]) * unit;
}
