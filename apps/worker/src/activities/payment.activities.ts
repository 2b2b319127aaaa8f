import { activityInfo } from '@temporalio/activity';
import { startOfNextCivilDayInRome } from '@sus/domain';
import type { PaymentRepository, PaymentTransferSnapshot } from '@sus/catalog';
import {
  iupdOf,
  type LateReceiptInput,
  type PaymentInput,
  type PaymentReceipt,
  type PaymentTransferInput,
  type ReceiptOutcome,
  type ReceiptReconciliationInput,
} from '@sus/contracts';
import type { DebtPositionGateway, DebtPositionView } from '../adapters/gpd/gpd.client';
import { businessMetrics } from '../observability/business-metrics';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PaymentPorts {
  gpd: DebtPositionGateway;
  payments: PaymentRepository;
}

/** A receipt found at pagoPA (not pushed to us): what the workflow applies like a pushed one. */
export type FoundReceipt = Omit<PaymentReceipt, 'source'>;

/** What withdrawing the notice came to: withdrawn, or refused because money came in first. */
export interface WithdrawalResult {
  withdrawn: boolean;
  /** Options pagoPA reports paid: to apply before anything else (money wins). */
  paid: FoundReceipt[];
}

/** The step of a workflow chain this activity attempt belongs to (same for every retry). */
function stepKey(chain: string, seq: number): string {
  const info = activityInfo();
  return `${info.workflowExecution?.workflowId ?? info.workflowType}:${chain}#${seq}`;
}

export function createPaymentActivities({ gpd, payments }: PaymentPorts) {
  /** Options of a position that pagoPA reports paid, as receipts the workflow can apply. */
  function paidOptions(input: PaymentInput, position: DebtPositionView): FoundReceipt[] {
    if (!['PAID', 'PARTIALLY_PAID', 'REPORTED'].includes(position.status)) return [];
    const options = [
      { noticeNumber: input.noticeNumber, iuv: input.iuv, amountCents: input.amountCents },
      ...(input.instalments ?? []),
    ];
    return options.flatMap((option) => {
      const reported = position.paymentOption?.find((candidate) => candidate.iuv === option.iuv);
      const paid = reported
        ? reported.status === 'PO_PAID' || reported.status === 'PO_REPORTED'
        : position.status === 'PAID';
      if (!paid) return [];
      return [
        {
          noticeNumber: option.noticeNumber,
          receiptId: `gpd:${position.iupd}:${option.iuv}`,
          paymentDate: position.paymentDate ?? new Date().toISOString(),
          amountCents: reported?.amount ?? option.amountCents,
        },
      ];
    });
  }

  return {
    async publishDebtPosition(input: PaymentInput): Promise<string> {
      const position = await gpd.createPublished(input.orgFiscalCode, {
        iupd: iupdOf(input.iuv),
        type: input.payer.type,
        fiscalCode: input.payer.fiscalCode,
        fullName: input.payer.fullName,
        ...(input.payer.email ? { email: input.payer.email } : {}),
        companyName: input.companyName,
        switchToExpired: input.onDue === 'invalidate',
        paymentOption: [
          option(input, { iuv: input.iuv, amountCents: input.amountCents, dueDate: input.dueDate }, false),
          ...(input.instalments ?? []).map((instalment) => option(input, instalment, true)),
        ],
      });
      businessMetrics.noticesIssued.inc({ ente: input.orgFiscalCode });
      return position.status;
    },

    /**
     * Withdraws the notice. A refusal (409) is not "withdrawn": the position is read back, and
     * options already paid come back as receipts so the workflow records the money first.
     */
    async invalidateDebtPosition(input: PaymentInput): Promise<WithdrawalResult> {
      const result = await gpd.invalidate(input.orgFiscalCode, iupdOf(input.iuv));
      if (result.outcome !== 'notInvalidable') return { withdrawn: true, paid: [] };
      const paid = result.position ? paidOptions(input, result.position) : [];
      // INVALID or EXPIRED: nobody can pay it any more, which is what withdrawing wanted.
      return { withdrawn: paid.length === 0, paid };
    },

    /** The polling fallback: options the intermediary reports paid without a receipt pushed to us. */
    async findPaidReceipt(input: PaymentInput): Promise<FoundReceipt[]> {
      const position = await gpd.get(input.orgFiscalCode, iupdOf(input.iuv));
      return position ? paidOptions(input, position) : [];
    },

    async recordPaymentState(change: {
      input: PaymentInput;
      /** Absent in histories recorded before payments were audited. */
      previousStatus?: string;
      status: string;
      at: string;
      detail?: string;
      receipt?: PaymentReceipt;
      /** The step's number in the payment's history (absent in histories recorded before it). */
      seq?: number;
      /** The first run of the workflow chain: keys steps across continue-as-new, apart from any other chain. */
      chain?: string;
    }): Promise<void> {
      const { input } = change;
      const serviceCode = input.serviceCode ?? input.messages?.serviceCode;
      const info = activityInfo();
      const eventKey =
        change.seq === undefined || change.chain === undefined
          ? `${info.workflowExecution?.workflowId ?? info.workflowType}:${info.activityId}`
          : stepKey(change.chain, change.seq);
      await payments.recordState(
        {
          noticeNumber: input.noticeNumber,
          iuv: input.iuv,
          orgFiscalCode: input.orgFiscalCode,
          enteCode: input.enteCode,
          payerFiscalCode: input.payer.fiscalCode,
          payerName: input.payer.fullName,
          description: input.description,
          amountCents: input.amountCents,
          dueDate: input.dueDate,
          status: change.status,
          ...(change.receipt ? { receipt: change.receipt } : {}),
          ...(input.issuedAt ? { issuedAt: input.issuedAt } : {}),
          ...(serviceCode ? { serviceCode } : {}),
          options: [
            {
              noticeNumber: input.noticeNumber,
              kind: 'single',
              position: 0,
              iuv: input.iuv,
              amountCents: input.amountCents,
              dueDate: input.dueDate,
              transfers: transferSnapshots(input, input.amountCents, false),
            },
            ...(input.instalments ?? []).map((instalment, index) => ({
              noticeNumber: instalment.noticeNumber,
              kind: 'instalment' as const,
              position: index + 1,
              iuv: instalment.iuv,
              amountCents: instalment.amountCents,
              dueDate: instalment.dueDate,
              transfers: transferSnapshots(input, instalment.amountCents, true, instalment.transfers),
            })),
          ],
        },
        {
          eventKey,
          seq: change.seq ?? Number.MAX_SAFE_INTEGER,
          at: change.at,
          ...(change.detail ? { detail: change.detail } : {}),
          audit: {
            action: `payment.${change.status}`,
            entity: 'Payment',
            entityId: input.noticeNumber,
            enteCode: input.enteCode,
            before: change.previousStatus ? { status: change.previousStatus } : null,
            after: {
              status: change.status,
              amountCents: input.amountCents,
              ...(change.detail ? { detail: change.detail } : {}),
              ...(change.receipt ? { receiptId: change.receipt.receiptId } : {}),
            },
          },
        },
      );
      if (change.receipt) businessMetrics.receiptsApplied.inc({ kind: 'in-workflow' });
    },

    /** A receipt for a payment whose workflow has closed: recorded once, as an anomaly for staff. */
    async recordLateReceipt(input: LateReceiptInput): Promise<ReceiptOutcome> {
      const info = activityInfo();
      const outcome = await payments.recordLateReceipt(input.paymentNoticeNumber, input.receipt, {
        eventKey: `${info.workflowExecution?.workflowId ?? info.workflowType}:late`,
        at: new Date().toISOString(),
      });
      businessMetrics.receiptsApplied.inc({ kind: 'late' });
      return outcome;
    },

    /**
     * The receipts pagoPA holds for an ente in the last days that SUS has not recorded: each with
     * the payment it belongs to and its real receipt id, for the reconciliation to deliver.
     */
    async listUnrecordedReceipts(input: ReceiptReconciliationInput): Promise<LateReceiptInput[]> {
      const now = Date.now();
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      // `to` is tomorrow: whether the intermediary reads a date as its start or its end, today's
      // receipts are in the window.
      const listed = await gpd.listReceipts(
        input.orgFiscalCode,
        day(now - input.lookbackDays * DAY_MS),
        day(now + DAY_MS),
      );
      const unpaid = await payments.unpaidOptionsByIuv(
        input.orgFiscalCode,
        listed.map((receipt) => receipt.iuv),
      );
      const found: LateReceiptInput[] = [];
      for (const option of unpaid) {
        const receipt = await gpd.getReceipt(input.orgFiscalCode, option.iuv);
        if (!receipt) continue;
        found.push({
          paymentNoticeNumber: option.paymentNoticeNumber,
          receipt: {
            noticeNumber: option.noticeNumber,
            receiptId: receipt.receiptId,
            paymentDate: receipt.paymentDateTime,
            amountCents: receipt.amountCents,
            ...(receipt.pspCompanyName ? { pspName: receipt.pspCompanyName } : {}),
            source: 'reconciliation',
          },
        });
      }
      return found;
    },
  };
}

/**
 * The transfers of one option, as GPD gets them and the projection records them (idTransfer is
 * the position, from 1): the single payment carries the payment's transfers; an instalment (or
 * an option of another amount) goes wholly to the first transfer's account.
 */
export function optionTransfers(
  input: PaymentInput,
  amountCents: number,
  isPartialPayment: boolean,
  own?: PaymentTransferInput[],
): PaymentTransferInput[] {
  // An instalment with its own split (multi-IBAN bulk lines) goes to its own accounts.
  if (own?.length) return own;
  const [first] = input.transfers;
  return !isPartialPayment && amountCents === input.amountCents
    ? input.transfers
    : [{ ...first!, amountCents }];
}

/** An option's transfers as the projection keeps them. */
function transferSnapshots(
  input: PaymentInput,
  amountCents: number,
  isPartialPayment: boolean,
  own?: PaymentTransferInput[],
): PaymentTransferSnapshot[] {
  return optionTransfers(input, amountCents, isPartialPayment, own).map((transfer, index) => ({
    index: index + 1,
    amountCents: transfer.amountCents,
    category: transfer.category,
    ...(transfer.iban ? { iban: transfer.iban } : {}),
    ...(transfer.accountingReference ? { accountingReference: transfer.accountingReference } : {}),
  }));
}

/**
 * One GPD payment option. Transfers follow the first transfer's accounting (category, IBAN) with
 * the option's own amount: instalments of one debt are credited like the debt itself.
 */
function option(
  input: PaymentInput,
  value: { iuv: string; amountCents: number; dueDate: string; transfers?: PaymentTransferInput[] },
  isPartialPayment: boolean,
) {
  const transfers = optionTransfers(input, value.amountCents, isPartialPayment, value.transfers);
  return {
    iuv: value.iuv,
    amount: value.amountCents,
    description: input.description,
    isPartialPayment,
    // GPD wants an instant: the end of the due date in Italy.
    dueDate: startOfNextCivilDayInRome(value.dueDate).toISOString(),
    transfer: transfers.map((transfer, index) => ({
      idTransfer: String(index + 1),
      amount: transfer.amountCents,
      remittanceInformation: transfer.remittanceInformation,
      category: transfer.category,
      ...(transfer.iban ? { iban: transfer.iban } : {}),
    })),
  };
}
