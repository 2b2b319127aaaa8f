import { activityInfo } from '@temporalio/activity';
import type { PaymentRepository } from '@sus/catalog';
import type { GpdClient } from '../payments/gpd/gpd.client';
import type { PaymentInput, PaymentReceipt } from '../workflows/payment.workflow';
import { iupdOf } from '../workflows/payment.workflow';

export interface PaymentPorts {
  gpd: GpdClient;
  payments: PaymentRepository;
}

export function createPaymentActivities({ gpd, payments }: PaymentPorts) {
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
          {
            iuv: input.iuv,
            amount: input.amountCents,
            description: input.description,
            isPartialPayment: false,
            dueDate: input.expiresAt,
            transfer: input.transfers.map((transfer, index) => ({
              idTransfer: String(index + 1),
              amount: transfer.amountCents,
              remittanceInformation: transfer.remittanceInformation,
              category: transfer.category,
              ...(transfer.iban ? { iban: transfer.iban } : {}),
            })),
          },
        ],
      });
      return position.status;
    },

    async invalidateDebtPosition(input: PaymentInput): Promise<void> {
      await gpd.invalidate(input.orgFiscalCode, iupdOf(input.iuv));
    },

    /** The polling fallback: a position the intermediary reports PAID without a receipt pushed to us. */
    async findPaidReceipt(input: PaymentInput): Promise<Omit<PaymentReceipt, 'source'> | undefined> {
      const position = await gpd.get(input.orgFiscalCode, iupdOf(input.iuv));
      if (!position || !['PAID', 'REPORTED'].includes(position.status)) return undefined;
      return {
        receiptId: `gpd:${position.iupd}`,
        paymentDate: position.paymentDate ?? new Date().toISOString(),
        amountCents:
          position.paymentOption?.find((option) => option.iuv === input.iuv)?.amount ?? input.amountCents,
      };
    },

    async recordPaymentState(change: {
      input: PaymentInput;
      status: string;
      at: string;
      detail?: string;
      receipt?: PaymentReceipt;
    }): Promise<void> {
      const { input } = change;
      const info = activityInfo();
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
        },
        {
          eventKey: `${info.workflowExecution?.workflowId ?? info.workflowType}:${info.activityId}`,
          at: change.at,
          detail: change.detail,
        },
      );
    },
  };
}
