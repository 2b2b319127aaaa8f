import { Injectable } from '@nestjs/common';
import { bulkPositionKey, type BulkIssuanceBatch, type PaymentInput } from '@sus/contracts';
import type { BulkTransfer } from '@sus/domain';
import { systemContext } from '../../context/request-context';
import { EntiService } from '../../organisations/enti.service';
import { PaymentIssuance, type NoticeTransfer } from '../payment-issuance';
import { BulkJobs, type BulkPositionLine } from './bulk-jobs';

/**
 * Turns a bulk job's staged positions into payment workflow inputs, a batch at a time (the bulk
 * workflow's activity). The lines were checked at upload (libs/domain bulk-issuance.ts and the
 * position checks in SQL); here they are only mapped. Notice numbers are allocated under the ente
 * + position key, so any job, retry or resumed run finds the same numbers and the same payment
 * workflow ids: a position is issued once.
 */
@Injectable()
export class BulkIssuanceBatches {
  constructor(
    private readonly jobs: BulkJobs,
    private readonly enti: EntiService,
    private readonly issuance: PaymentIssuance,
  ) {}

  async prepare(request: {
    jobId: string;
    enteCode: string;
    afterLine: number;
    limit: number;
  }): Promise<BulkIssuanceBatch> {
    const ctx = systemContext();
    const ente = await this.enti.getByCode(ctx, request.enteCode);
    const [account] = await this.enti.ibanAccountsOf(ctx, [ente.id]);
    const positions = await this.jobs.positionsAfter(request.jobId, request.afterLine, request.limit);
    const payments: PaymentInput[] = [];
    const notices = [];
    for (const position of positions) {
      const lines = [...position.lines].sort((a, b) => a.instalment - b.instalment);
      // The position checks guarantee a single-payment line (instalment 0) with the total.
      const single = lines[0]!;
      const instalments = lines.slice(1);
      const payment = await this.issuance.prepare(ctx, {
        ente,
        requestKey: bulkPositionKey(ente.ipaCode, position.positionId),
        payer: {
          type: single.payerType,
          fiscalCode: single.payerFiscalCode,
          fullName: single.payerName,
          ...(single.payerEmail ? { email: single.payerEmail } : {}),
        },
        amountCents: single.amountCents,
        description: single.description,
        taxonomyCode: single.taxonomyCode,
        dueDate: single.dueDate,
        // A bulk notice paid a little late is still money owed: it expires, it is not withdrawn.
        onDue: 'expire',
        ...(single.accountingRef ? { accountingReference: single.accountingRef } : {}),
        ...(single.transfers?.length ? { transfers: single.transfers.map(noticeTransfer) } : {}),
        instalments: instalments.map((line) => ({
          amountCents: line.amountCents,
          dueDate: line.dueDate,
          ...transfersOf(line, account?.iban),
        })),
      });
      payments.push(payment);
      notices.push({
        positionId: position.positionId,
        noticeNumber: payment.noticeNumber,
        options: [
          { instalment: 0, noticeNumber: payment.noticeNumber, iuv: payment.iuv },
          ...(payment.instalments ?? []).map((option, index) => ({
            instalment: instalments[index]!.instalment,
            noticeNumber: option.noticeNumber,
            iuv: option.iuv,
          })),
        ],
      });
    }
    await this.jobs.recordNotices(request.jobId, ente.ipaCode, notices);
    return { payments, firstLines: positions.map((position) => position.firstLine) };
  }
}

function noticeTransfer(transfer: BulkTransfer): NoticeTransfer {
  return {
    iban: transfer.iban,
    amountCents: transfer.amountCents,
    ...(transfer.accountingRef ? { accountingReference: transfer.accountingRef } : {}),
  };
}

/**
 * An instalment's accounts: its own split when the line has one; else the whole instalment to the
 * ente's account under the line's accounting reference (the line may name another chapter than
 * the total's, e.g. a surcharge in the last instalment).
 */
function transfersOf(line: BulkPositionLine, iban: string | undefined): { transfers?: NoticeTransfer[] } {
  if (line.transfers?.length) return { transfers: line.transfers.map(noticeTransfer) };
  if (!iban) return {};
  return {
    transfers: [
      {
        iban,
        amountCents: line.amountCents,
        ...(line.accountingRef ? { accountingReference: line.accountingRef } : {}),
      },
    ],
  };
}
