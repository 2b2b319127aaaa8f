import {
  CatalogError,
  EntiService,
  PaymentIssuance,
  PaymentRepository,
  ServicesService,
  systemContext,
} from '@sus/catalog';
import type { PaymentInput } from '@sus/contracts';
import type { CaseNoticeRequest, CaseNotices } from '../activities/case.activities';

/** The notice of a payment step: the service's fee and taxonomy, the applicant as payer. */
export class CatalogCaseNotices implements CaseNotices {
  constructor(
    private readonly enti: EntiService,
    private readonly services: ServicesService,
    private readonly issuance: PaymentIssuance,
    private readonly payments: PaymentRepository,
  ) {}

  async statusOf(noticeNumber: string): Promise<string | null> {
    return (await this.payments.find(noticeNumber))?.status ?? null;
  }

  async prepare(request: CaseNoticeRequest & { requestKey: string; dueDate: string }): Promise<PaymentInput> {
    const ctx = systemContext();
    const ente = await this.enti.getByCode(ctx, request.enteCode);
    const service = await this.services.findByCode(ctx, request.enteCode, request.serviceCode);
    if (!service)
      throw new CatalogError(
        'NOT_FOUND',
        `No service ${request.serviceCode} in ${request.enteCode}.`,
        'serviceCode',
      );
    const fee = service.fees[request.feeIndex];
    const taxonomyCode = service.taxonomyCodes[0];
    if (!fee || !taxonomyCode) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        `The service ${service.code} has no fee ${request.feeIndex + 1} or no pagoPA taxonomy code.`,
        'feeIndex',
      );
    }
    return this.issuance.prepare(ctx, {
      ente,
      requestKey: request.requestKey,
      payer: {
        type: 'F',
        fiscalCode: request.payer.fiscalCode,
        fullName: request.payer.fullName,
        ...(request.payer.email ? { email: request.payer.email } : {}),
      },
      amountCents: fee.amountCents,
      description: request.description,
      taxonomyCode,
      dueDate: request.dueDate,
      // The slot the fee pays for is given to others after the due date: nobody may pay later.
      onDue: 'invalidate',
    });
  }
}
