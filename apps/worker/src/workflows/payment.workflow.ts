import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { isPayableStatus, paymentTransition, type PaymentEvent, type PaymentStatus } from '@sus/domain';
import type { Activities } from '../activities';
import { defaultActivity } from './activity-options';

export interface PaymentTransferInput {
  amountCents: number;
  /** pagoPA taxonomy code, e.g. 9/0104102TS/ for the marriage celebration fee. */
  category: string;
  remittanceInformation: string;
  iban?: string;
}

export interface PaymentInput {
  noticeNumber: string;
  iuv: string;
  /** The creditor ente. */
  orgFiscalCode: string;
  /** Its IPA code. */
  enteCode: string;
  companyName: string;
  payer: { type: 'F' | 'G'; fiscalCode: string; fullName: string; email?: string };
  amountCents: number;
  description: string;
  /** Due date as printed on the notice (YYYY-MM-DD, Europe/Rome). */
  dueDate: string;
  /** The instant the due date ends in Europe/Rome, computed by the caller (workflows keep no time zones). */
  expiresAt: string;
  transfers: PaymentTransferInput[];
  /**
   * After the due date: 'expire' marks the payment expired but still accepts a late receipt for
   * lateReceiptDays (a PSP may have started just before expiry); 'invalidate' also withdraws the
   * notice at the intermediary, so nobody can pay it any more.
   */
  onDue: 'expire' | 'invalidate';
  lateReceiptDays?: number;
  /** How often to ask the intermediary whether a receipt we never got pushed exists. */
  receiptPollInterval?: string;
  /**
   * An instalment plan (e.g. TARI in 3 rate) beside the single payment above: one debt position,
   * each option with its own notice number, paid independently; the plan is paid when every
   * instalment is. `expiresAt` above is then the end of the last instalment's due date.
   */
  instalments?: PaymentInstalmentInput[];
}

export interface PaymentInstalmentInput {
  noticeNumber: string;
  iuv: string;
  amountCents: number;
  dueDate: string;
}

export interface PaymentReceipt {
  /** Which option it pays; absent means the single payment (receipts before instalment plans). */
  noticeNumber?: string;
  receiptId: string;
  paymentDate: string;
  amountCents: number;
  pspName?: string;
  /** 'push' from the receipt endpoint, 'poll' when found by the fallback. */
  source: 'push' | 'poll';
}

export interface PaymentState {
  noticeNumber: string;
  status: PaymentStatus;
  history: { status: PaymentStatus; at: string; detail?: string }[];
  /** The receipt that completed the payment. */
  receipt?: PaymentReceipt;
  /** Instalment plans: the notice numbers paid so far. */
  paidInstalments?: string[];
}

export const paymentWorkflowId = (noticeNumber: string): string => `payment/${noticeNumber}`;
export const iupdOf = (iuv: string): string => `SUS-${iuv}`;

export const paymentReceiptSignal = defineSignal<[Omit<PaymentReceipt, 'source'>]>('paymentReceipt');
export const cancelPaymentSignal = defineSignal<[{ reason: string; by: string }]>('cancelPayment');
export const paymentStateQuery = defineQuery<PaymentState>('paymentState');

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
  const cancellable = () => state.status === 'published';

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
