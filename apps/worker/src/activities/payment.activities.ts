import { activityInfo } from '@temporalio/activity';
import { startOfNextCivilDayInRome } from '@sus/domain';
import type { AuditLog, PaymentRepository } from '@sus/catalog';
import type { DebtPositionGateway } from '../adapters/gpd/gpd.client';
import type { PaymentInput, PaymentReceipt } from '@sus/contracts';
import { iupdOf } from '@sus/contracts';

export interface PaymentPorts {
  gpd: DebtPositionGateway;
  payments: PaymentRepository;
  audit: AuditLog;
}

export function createPaymentActivities({ gpd, payments, audit }: PaymentPorts) {
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
      return position.status;
    },

    async invalidateDebtPosition(input: PaymentInput): Promise<void> {
      await gpd.invalidate(input.orgFiscalCode, iupdOf(input.iuv));
    },

    /** The polling fallback: options the intermediary reports paid without a receipt pushed to us. */
    async findPaidReceipt(input: PaymentInput): Promise<Omit<PaymentReceipt, 'source'>[]> {
      const position = await gpd.get(input.orgFiscalCode, iupdOf(input.iuv));
      if (!position || !['PAID', 'PARTIALLY_PAID', 'REPORTED'].includes(position.status)) return [];
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
    },

    async recordPaymentState(change: {
      input: PaymentInput;
      /** Absent in histories recorded before payments were audited. */
      previousStatus?: string;
      status: string;
      at: string;
      detail?: string;
      receipt?: PaymentReceipt;
    }): Promise<void> {
      const { input } = change;
      const info = activityInfo();
      const eventKey = `${info.workflowExecution?.workflowId ?? info.workflowType}:${info.activityId}`;
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
          receipt: change.receipt,
          options: [
            {
              noticeNumber: input.noticeNumber,
              kind: 'single',
              position: 0,
              iuv: input.iuv,
              amountCents: input.amountCents,
              dueDate: input.dueDate,
            },
            ...(input.instalments ?? []).map((instalment, index) => ({
              noticeNumber: instalment.noticeNumber,
              kind: 'instalment' as const,
              position: index + 1,
              iuv: instalment.iuv,
              amountCents: instalment.amountCents,
              dueDate: instalment.dueDate,
            })),
          ],
        },
        { eventKey, at: change.at, detail: change.detail },
      );
      // Audited once per state change: a retried activity finds its own entry by the event key.
      const action = `payment.${change.status}`;
      if (!(await audit.hasEntry(eventKey, action))) {
        await audit.record(
          { requestId: eventKey, actor: { kind: 'system' } },
          {
            action,
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
        );
      }
    },
  };
}

/**
 * One GPD payment option. Transfers follow the first transfer's accounting (category, IBAN) with
 * the option's own amount: instalments of one debt are credited like the debt itself.
 */
function option(
  input: PaymentInput,
  value: { iuv: string; amountCents: number; dueDate: string },
  isPartialPayment: boolean,
) {
  const [first] = input.transfers;
  const transfers =
    !isPartialPayment && value.amountCents === input.amountCents
      ? input.transfers
      : [{ ...first!, amountCents: value.amountCents }];
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
