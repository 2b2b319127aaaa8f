import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { paymentTransition, type PaymentEvent, type PaymentStatus } from '@sus/domain';
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
}

export interface PaymentReceipt {
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
  receipt?: PaymentReceipt;
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
  let pushed: PaymentReceipt | undefined;
  let cancellation: { reason: string; by: string } | undefined;

  setHandler(paymentStateQuery, () => state);
  setHandler(paymentReceiptSignal, (receipt) => {
    // Duplicates and receipts after the end are ignored: the first receipt is the one recorded.
    pushed ??= { ...receipt, source: 'push' };
  });
  setHandler(cancelPaymentSignal, (request) => {
    cancellation ??= request;
  });

  const move = async (event: PaymentEvent, detail?: string) => {
    state.status = paymentTransition(state.status, event);
    const at = new Date().toISOString();
    state.history.push({ status: state.status, at, ...(detail ? { detail } : {}) });
    await recordPaymentState({ input, status: state.status, at, detail, receipt: state.receipt });
  };

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
      // A cancellation only matters while the notice is payable; an expired one just waits for a late receipt.
      const wake = () => pushed !== undefined || (cancellation !== undefined && state.status === 'published');
      await condition(wake, Math.min(until - now, pollMs));
    }
    // Money already collected wins over a cancellation that raced it.
    if (pushed) return pay(pushed);
    if (cancellation && state.status === 'published') return cancel(cancellation);
    const polled = await findPaidReceipt(input);
    if (polled) return pay({ ...polled, source: 'poll' });
    if (Date.now() >= expiresAt && state.status === 'published') {
      if (input.onDue === 'invalidate') {
        await invalidateDebtPosition(input);
        await move('expire', 'due date passed; notice withdrawn at the intermediary');
        return state;
      }
      await move('expire', 'due date passed');
    }
    if (state.status === 'expired' && Date.now() >= lateUntil) return state;
  }

  async function pay(receipt: PaymentReceipt): Promise<PaymentState> {
    if (receipt.amountCents !== input.amountCents) {
      // Partial payments belong to instalment plans; a single notice paid with a different amount is a fault upstream.
      throw ApplicationFailure.nonRetryable(
        `Receipt ${receipt.receiptId} pays ${receipt.amountCents} cents, the notice asks ${input.amountCents}`,
        'RECEIPT_AMOUNT_MISMATCH',
      );
    }
    state.receipt = receipt;
    await move('receivePayment', `receipt ${receipt.receiptId} (${receipt.source})`);
    return state;
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
