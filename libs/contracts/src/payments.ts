import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { PaymentStatus } from '@sus/domain';

/** The workflow type the worker registers `paymentWorkflow` under; the api starts it by this name. */
export const paymentWorkflowType = 'paymentWorkflow';
export type PaymentWorkflow = (input: PaymentInput) => Promise<PaymentState>;

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
