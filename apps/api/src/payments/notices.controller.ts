import {
  Controller,
  ForbiddenException,
  Get,
  GoneException,
  Header,
  NotFoundException,
  Param,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { EntiService, PaymentRepository, systemContext } from '@sus/catalog';
import { isPayableStatus, type PaymentStatus } from '@sus/domain';
import { renderPaymentNoticePdf } from './notice-pdf/render-payment-notice-pdf';
import { NoticeLinks } from './notice-links';
import { anonymous } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';

const NOT_PAYABLE: Record<string, string> = {
  cancelled: "Questo avviso è stato annullato dall'ente: non va pagato.",
  expired: "Questo avviso è scaduto: per pagare chiedi all'ente un nuovo avviso.",
  paid: 'Questo avviso risulta già pagato.',
  reported: 'Questo avviso risulta già pagato.',
  reconciled: 'Questo avviso risulta già pagato.',
  draft: 'Questo avviso non è ancora pagabile: riprova tra poco.',
  issued: 'Questo avviso non è ancora pagabile: riprova tra poco.',
};

/** The avviso PDF, through the signed links the API hands out (Payment.noticePdfUrl). */
// The signed, expiring link is the credential (NoticeLinks.verify), like a pre-signed URL.
@Allow(anonymous)
@Controller('payments')
export class NoticesController {
  constructor(
    private readonly links: NoticeLinks,
    private readonly payments: PaymentRepository,
    private readonly enti: EntiService,
  ) {}

  @Get(':noticeNumber/avviso.pdf')
  @Header('cache-control', 'private, no-store')
  async download(
    @Param('noticeNumber') noticeNumber: string,
    @Query('expires') expires?: string,
    @Query('signature') signature?: string,
  ): Promise<StreamableFile> {
    if (!this.links.verify(noticeNumber, expires, signature)) {
      throw new ForbiddenException({
        code: 'INVALID_LINK',
        message: 'Link non valido o scaduto: richiedine uno nuovo.',
      });
    }
    const payment = await this.payments.find(noticeNumber);
    if (!payment) throw new NotFoundException({ code: 'NOT_FOUND', message: 'Avviso non trovato.' });
    // A link handed out while the notice was payable outlives a cancellation, expiry or payment:
    // the citizen must not print (and pay) an avviso the ente has withdrawn or already collected.
    if (!isPayableStatus(payment.status as PaymentStatus)) {
      throw new GoneException({
        code: 'NOTICE_NOT_PAYABLE',
        message: NOT_PAYABLE[payment.status] ?? 'Questo avviso non è più pagabile.',
      });
    }
    const ctx = systemContext();
    const ente = await this.enti.getByCode(ctx, payment.enteCode);
    if (!ente.cbillCode) {
      // issuePayment refuses such enti; one that lost its code since cannot print a complete avviso.
      throw new NotFoundException({
        code: 'ENTE_NOT_ON_PAGOPA',
        message: `${ente.name} non ha un codice CBILL.`,
      });
    }
    const instalments = (await this.payments.optionsOf([payment.noticeNumber]))
      .filter((option) => option.kind === 'instalment')
      .map((option) => ({
        noticeNumber: option.noticeNumber,
        amountCents: option.amountCents,
        dueDate: option.dueDate,
      }));
    const pdf = await renderPaymentNoticePdf({
      creditor: { name: ente.name, fiscalCode: ente.fiscalCode, cbillCode: ente.cbillCode },
      debtor: { fullName: payment.payerName, fiscalCode: payment.payerFiscalCode },
      subject: payment.description.slice(0, 90),
      single: {
        noticeNumber: payment.noticeNumber,
        amountCents: payment.amountCents,
        dueDate: payment.dueDate,
      },
      ...(instalments.length ? { instalments } : {}),
    });
    // The type goes on the file, not the route: errors must still go out as JSON.
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="avviso-${payment.noticeNumber}.pdf"`,
    });
  }
}
