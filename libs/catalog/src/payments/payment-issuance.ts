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
  instalments?: { amountCents: number; dueDate: CivilDate }[];
  lateReceiptDays?: number;
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
    for (const [index, instalment] of plan.entries()) {
      instalments.push({ ...(await allocate(`/rata-${index + 1}`)), ...instalment });
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
      transfers: [
        {
          amountCents: request.amountCents,
          category: request.taxonomyCode,
          remittanceInformation: request.description,
          ...(account?.iban ? { iban: account.iban } : {}),
        },
      ],
      onDue: request.onDue,
      ...(request.lateReceiptDays !== undefined ? { lateReceiptDays: request.lateReceiptDays } : {}),
      issuedAt: new Date().toISOString(),
    };
  }
}
