import { Injectable } from '@nestjs/common';
import type { PaymentInput } from '@sus/contracts';
import { startOfNextCivilDayInRome, type CivilDate } from '@sus/domain';
import type { RequestContext } from '../context/request-context';
import type { Ente } from '../organisations/ente.entity';
import { EntiService } from '../organisations/enti.service';
import { CatalogError } from '../catalog-error';
import { IuvAllocator } from './iuv-allocator';

export interface NoticeRequest {
  ente: Ente;
  /** Same key, same notice numbers: a retried request or activity never allocates twice. */
  requestKey: string;
  payer: PaymentInput['payer'];
  amountCents: number;
  description: string;
  taxonomyCode: string;
  dueDate: CivilDate;
  onDue: PaymentInput['onDue'];
  instalments?: { amountCents: number; dueDate: CivilDate; transfers?: NoticeTransfer[] }[];
  lateReceiptDays?: number;
  /** The accounting reference (chapter) of the single transfer, when the amount is not split. */
  accountingReference?: string;
  /** Multi-IBAN: the single payment split across up to five accounts (they add up to amountCents). */
  transfers?: NoticeTransfer[];
  serviceCode?: string;
}

/** One part of an option credited to its own account (pagoPA debt-position transfer). */
export interface NoticeTransfer {
  iban: string;
  amountCents: number;
  accountingReference?: string;
}

/**
 * Turns a checked request into the payment workflow's input: notice numbers allocated under the
 * request key, the ente's account on the transfer, the expiry instant of the last due date. One
 * place for the api's notices and the notices procedure steps issue from the worker.
 */
@Injectable()
export class PaymentIssuance {
  constructor(
    private readonly enti: EntiService,
    private readonly iuvs: IuvAllocator,
  ) {}

  async prepare(ctx: RequestContext, request: NoticeRequest): Promise<PaymentInput> {
    const { ente } = request;
    if (!ente.segregationCode && !ente.applicationCode) {
      throw new CatalogError(
        'ENTE_NOT_ON_PAGOPA',
        `${ente.name} has no pagoPA segregation or application code.`,
        'enteCode',
      );
    }
    const [account] = await this.enti.ibanAccountsOf(ctx, [ente.id]);
    const allocate = (suffix: string) =>
      this.iuvs.allocate({
        idempotencyKey: `${request.requestKey}${suffix}`,
        orgFiscalCode: ente.fiscalCode,
        ...(ente.segregationCode
          ? { auxDigit: 3 as const, segregationCode: ente.segregationCode }
          : { auxDigit: 0 as const, applicationCode: ente.applicationCode! }),
        at: new Date(),
      });
    const issued = await allocate('');
    const plan = request.instalments ?? [];
    const instalments = [];
    const transfer = (part: NoticeTransfer) => ({
      amountCents: part.amountCents,
      category: request.taxonomyCode,
      remittanceInformation: request.description,
      iban: part.iban,
      ...(part.accountingReference ? { accountingReference: part.accountingReference } : {}),
    });
    for (const [index, { transfers, ...instalment }] of plan.entries()) {
      instalments.push({
        ...(await allocate(`/rata-${index + 1}`)),
        ...instalment,
        ...(transfers?.length ? { transfers: transfers.map(transfer) } : {}),
      });
    }
    const lastDueDate = [request.dueDate, ...plan.map((instalment) => instalment.dueDate)].sort().at(-1)!;
    return {
      noticeNumber: issued.noticeNumber,
      iuv: issued.iuv,
      orgFiscalCode: ente.fiscalCode,
      enteCode: ente.ipaCode,
      companyName: ente.name,
      payer: {
        type: request.payer.type,
        fiscalCode: request.payer.fiscalCode.trim().toUpperCase(),
        fullName: request.payer.fullName,
        ...(request.payer.email ? { email: request.payer.email } : {}),
      },
      amountCents: request.amountCents,
      description: request.description,
      dueDate: request.dueDate,
      expiresAt: startOfNextCivilDayInRome(lastDueDate).toISOString(),
      ...(instalments.length ? { instalments } : {}),
      transfers: request.transfers?.length
        ? request.transfers.map(transfer)
        : [
            {
              amountCents: request.amountCents,
              category: request.taxonomyCode,
              remittanceInformation: request.description,
              ...(account?.iban ? { iban: account.iban } : {}),
              ...(request.accountingReference ? { accountingReference: request.accountingReference } : {}),
            },
          ],
      ...(request.serviceCode ? { serviceCode: request.serviceCode } : {}),
      onDue: request.onDue,
      ...(request.lateReceiptDays !== undefined ? { lateReceiptDays: request.lateReceiptDays } : {}),
      issuedAt: new Date().toISOString(),
    };
  }
}
