import { timingSafeEqual } from 'node:crypto';
import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Post,
  Req,
  UnauthorizedException,
  BadRequestException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CatalogError } from '@sus/catalog';
import { ApiSettings } from '../config';
import { PaymentsService } from './payments.service';
import { anonymous } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';

/** The fields of pagoPA's receipt (ctReceiptV2, as pushed in JSON) that SUS relies on. */
const pushedReceipt = z.object({
  deliveryId: z.string().min(1).optional(),
  receipt: z.object({
    receiptId: z.string().min(1),
    noticeNumber: z.string().regex(/^\d{18}$/),
    fiscalCode: z.string().regex(/^\d{11}$/),
    outcome: z.literal('OK'),
    paymentAmount: z.number().int().min(1),
    paymentDateTime: z.string().min(1),
    pspCompanyName: z.string().optional(),
  }),
});

/**
 * Where pagoPA (or the sandbox) pushes payment receipts. Authenticated by the shared receipt key;
 * idempotent: a receipt delivered twice, late or out of order is applied once.
 */
// Not a person's call: pagoPA proves itself with the shared receipt key, checked below.
@Allow(anonymous)
@Controller('pagopa/receipts')
export class ReceiptsController {
  constructor(
    private readonly payments: PaymentsService,
    @Inject(ApiSettings) private readonly settings: ApiSettings,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(
    @Headers('x-sus-receipt-key') key: string | undefined,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<{ outcome: 'applied' | 'alreadyRecorded'; status: string; receiptId: string }> {
    if (!key || !sameSecret(key, this.settings.values.PAGOPA_RECEIPT_KEY)) {
      throw new UnauthorizedException({
        code: 'UNAUTHENTICATED',
        message: 'Missing or wrong x-sus-receipt-key.',
      });
    }
    const parsed = pushedReceipt.safeParse(body);
    if (!parsed.success) {
      throw new BadRequestException({
        code: 'BAD_USER_INPUT',
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    }
    const { receipt } = parsed.data;
    try {
      const outcome = await this.payments.applyReceipt(
        { requestId: String(request.id), actor: { kind: 'system' } },
        {
          receiptId: receipt.receiptId,
          noticeNumber: receipt.noticeNumber,
          orgFiscalCode: receipt.fiscalCode,
          amountCents: receipt.paymentAmount,
          paymentDate: receipt.paymentDateTime,
          ...(receipt.pspCompanyName ? { pspName: receipt.pspCompanyName } : {}),
        },
      );
      return { outcome: outcome.outcome, status: outcome.status, receiptId: receipt.receiptId };
    } catch (error) {
      if (error instanceof CatalogError && error.code === 'NOT_FOUND') {
        throw new NotFoundException({ code: 'UNKNOWN_NOTICE', message: error.message });
      }
      if (error instanceof CatalogError) {
        throw new UnprocessableEntityException({ code: 'RECEIPT_MISMATCH', message: error.message });
      }
      throw error;
    }
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
