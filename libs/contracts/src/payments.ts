import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
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
  /** The creditor's accounting chapter (capitolo) or reference, carried to reconciliation per transfer. */
  accountingReference?: string;
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
  /** When the api issued it (ISO instant): the projection lists payments newest first by it. */
  issuedAt?: string;
  /**
   * The Anagrafe Servizi service the payment is for, when the issuer knows it: reconciliation
   * totals group by it (issue 19). Read by activities only; the workflow ignores it.
   */
  serviceCode?: string;
  /**
   * Continue-as-new carries the state here; absent on the first run. A run that finds it resumes
   * the loop where the previous run stopped instead of publishing again.
   */
  resume?: PaymentResume;
  /** History length past which the run continues as new even before Temporal suggests it (tests). */
  maxHistoryEvents?: number;
  /**
   * The App IO messages of the payment: the notice once it is payable (with payment_data), a
   * confirmation when it is paid. Set by the api only when the payment's service (or its ente) has
   * an App IO service; texts rendered there from the ente's templates.
   */
  messages?: PaymentMessages;
}

export interface PaymentMessages {
  /** The service whose App IO service sends them. */
  serviceCode?: string;
  locale?: 'it' | 'en';
  notice: { subject: string; markdown: string };
  receipt: { subject: string; markdown: string };
}

/** Idempotency keys of a payment's messages: one notice and one confirmation per payment, ever. */
export const paymentMessageKey = (noticeNumber: string, kind: 'notice' | 'receipt'): string =>
  `payment/${noticeNumber}/${kind}`;

export interface PaymentResume {
  state: PaymentState;
  cancellation?: PaymentCancellation;
  /** Receipts accepted but not yet applied when the previous run ended. */
  inbox: PaymentReceipt[];
}

export interface PaymentInstalmentInput {
  noticeNumber: string;
  iuv: string;
  amountCents: number;
  dueDate: string;
  /**
   * The instalment's own split across accounts (multi-IBAN, bulk issuance); absent: the whole
   * instalment goes to the payment's first transfer's account.
   */
  transfers?: PaymentTransferInput[];
}

export interface PaymentReceipt {
  /** Which option it pays; absent means the single payment (receipts before instalment plans). */
  noticeNumber?: string;
  receiptId: string;
  paymentDate: string;
  amountCents: number;
  pspName?: string;
  /** 'push' from the receipt endpoint, 'poll' when found by the fallback, 'reconciliation' by the schedule. */
  source: 'push' | 'poll' | 'reconciliation';
}

export interface PaymentState {
  noticeNumber: string;
  status: PaymentStatus;
  history: { status: PaymentStatus; at: string; detail?: string }[];
  /** The receipt that completed the payment. */
  receipt?: PaymentReceipt;
  /** Instalment plans: the notice numbers paid so far. */
  paidInstalments?: string[];
  /** Whether the single payment (not an instalment) has been paid. */
  singlePaid?: boolean;
  /** Receipt ids applied so far, so a receipt delivered twice (push and poll) changes nothing. */
  receiptIds?: string[];
  /** Why the payment failed (status failed): what staff read to act. */
  failure?: { code: string; reason: string };
}

/** A staff request to withdraw the notice. */
export interface PaymentCancellation {
  reason: string;
  /** Who asked: a staff user or integrator reference, never a caller-controlled id. */
  by: string;
}

/** What happened to a receipt handed to the payment workflow. */
export interface ReceiptOutcome {
  outcome: 'applied' | 'alreadyRecorded';
  /** The payment's status after the receipt. */
  status: PaymentStatus;
}

/** What a cancellation request ended in: money that raced it wins. */
export interface CancellationOutcome {
  outcome: 'cancelled' | 'refused';
  status: PaymentStatus;
  /** Why a cancellation was refused (e.g. an instalment was paid meanwhile). */
  reason?: string;
}

/** A receipt for a payment whose workflow had already closed (expired, cancelled, failed). */
export interface LateReceiptInput {
  /** The payment the receipt's notice belongs to (the plan's notice for an instalment). */
  paymentNoticeNumber: string;
  receipt: PaymentReceipt;
}

export const lateReceiptWorkflowType = 'lateReceiptWorkflow';
export type LateReceiptWorkflow = (input: LateReceiptInput) => Promise<ReceiptOutcome>;
/** One workflow per receipt id: a push, a poll and a reconciliation of the same receipt record it once. */
export const lateReceiptWorkflowId = (receiptId: string): string => `payment-receipt/${receiptId}`;

/** The per-ente safety net for lost pushes: lists receipts at pagoPA and records any SUS lacks. */
export interface ReceiptReconciliationInput {
  enteCode: string;
  orgFiscalCode: string;
  /** How far back to list receipts at pagoPA. */
  lookbackDays: number;
}

export interface ReceiptReconciliationResult {
  listed: number;
  /** Receipts SUS did not have, handed to their payment (or recorded late). */
  delivered: string[];
}

export const receiptReconciliationWorkflowType = 'receiptReconciliationWorkflow';
export type ReceiptReconciliationWorkflow = (
  input: ReceiptReconciliationInput,
) => Promise<ReceiptReconciliationResult>;
export const receiptReconciliationScheduleId = (enteCode: string): string =>
  `receipt-reconciliation/${enteCode}`;

export const paymentWorkflowId = (noticeNumber: string): string => `payment/${noticeNumber}`;
export const iupdOf = (iuv: string): string => `SUS-${iuv}`;

/**
 * A receipt for one of the payment's notices, answered with what it changed. The update id is
 * the receipt id, so a receipt delivered twice is one update. Refused (before it touches history)
 * when the notice is not the payment's or the amount differs from the notice's.
 */
export const applyReceiptUpdate = defineUpdate<ReceiptOutcome, [Omit<PaymentReceipt, 'source'>]>(
  'applyReceipt',
);
/** Withdraw the notice, answered with the outcome: cancelled, or refused because money won. */
export const cancelPaymentUpdate = defineUpdate<CancellationOutcome, [PaymentCancellation]>('cancelPayment');
/** Returns once the notice is payable at pagoPA (or has reached another state first). */
export const awaitPayableUpdate = defineUpdate<PaymentStatus, []>('awaitPayable');

/** Kept for workflows started before receipts became updates; also the reconciliation's path. */
export const paymentReceiptSignal =
  defineSignal<[Omit<PaymentReceipt, 'source'> & { source?: PaymentReceipt['source'] }]>('paymentReceipt');
/** Kept for workflows started before cancellation became an update. */
export const cancelPaymentSignal = defineSignal<[PaymentCancellation]>('cancelPayment');
export const paymentStateQuery = defineQuery<PaymentState>('paymentState');

/** The daily pull of an ente's settlement flows from pagoPA's FdR service (issue 19). */
export interface SettlementFlowPullInput {
  enteCode: string;
  orgFiscalCode: string;
  /** How far back to list published flows (PSPs publish by D+2; revisions come later). */
  lookbackDays: number;
}

export interface SettlementFlowPullResult {
  listed: number;
  /** `<flow id>#<revision>` of the flows imported by this run. */
  imported: string[];
  reported: number;
  reconciled: number;
  openAnomalies: number;
  newAnomalies: number;
  resolvedAnomalies: number;
}

export const settlementFlowPullWorkflowType = 'settlementFlowPullWorkflow';
export type SettlementFlowPullWorkflow = (
  input: SettlementFlowPullInput,
) => Promise<SettlementFlowPullResult>;
export const settlementFlowPullScheduleId = (enteCode: string): string => `settlement-flow-pull/${enteCode}`;
