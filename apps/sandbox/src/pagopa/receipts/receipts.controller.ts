import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { SubscriptionKeyGuard } from '../organizations/subscription-key.guard';
import { describeZodError, ProblemException } from '../problem';
import { receiptXml } from './receipt';
import { ReceiptsService } from './receipts.service';

const listQuery = z.object({
  pageNum: z.coerce.number().int().min(0).default(0),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  debtor: z.string().optional(),
  service: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  segregationCodes: z
    .string()
    .regex(/^\d{2}(,\d{2})*$/)
    .optional(),
  debtorOrIuv: z.string().optional(),
});

/** Segregation codes restrict a broker to the IUVs it issued (aux 3: the first two IUV digits). */
const allowedBySegregation = (iuv: string, codes: string | undefined): boolean =>
  codes === undefined || codes.split(',').some((code) => iuv.length === 17 && iuv.startsWith(code));

/** GPD payments receipts service (gpd_payments.json), under its public path. */
@Controller('gpd/payments-receipts-service/v1/payments/:organizationfiscalcode/receipts')
@UseGuards(SubscriptionKeyGuard)
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptsService) {}

  @Get()
  list(@Param('organizationfiscalcode') organizationFiscalCode: string, @Query() rawQuery: unknown) {
    const parsed = listQuery.safeParse(rawQuery ?? {});
    if (!parsed.success) throw new ProblemException(400, describeZodError(parsed.error));
    const query = parsed.data;
    const all = this.receipts
      .list(organizationFiscalCode, query)
      .filter((receipt) => allowedBySegregation(receipt.creditorReferenceId, query.segregationCodes));
    if (all.length === 0) throw new ProblemException(404, `No receipts found for ${organizationFiscalCode}.`);
    const page = all.slice(query.pageNum * query.pageSize, (query.pageNum + 1) * query.pageSize);
    return {
      currentPageNumber: query.pageNum,
      length: page.length,
      totalPages: Math.ceil(all.length / query.pageSize),
      results: page.map((receipt) => ({
        organizationFiscalCode: receipt.fiscalCode,
        iuv: receipt.creditorReferenceId,
        debtor: receipt.debtor.entityUniqueIdentifierValue,
        paymentDateTime: receipt.paymentDateTime,
        status: 'PAID',
      })),
    };
  }

  @Get(':iuv')
  get(
    @Param('organizationfiscalcode') organizationFiscalCode: string,
    @Param('iuv') iuv: string,
    @Query('segregationCodes') segregationCodes: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    const receipt = this.receipts.get(organizationFiscalCode, iuv);
    if (receipt === undefined || !allowedBySegregation(iuv, segregationCodes)) {
      throw new ProblemException(404, `No receipt found for IUV ${iuv} of ${organizationFiscalCode}.`);
    }
    // Set here, not with @Header: an error answer must keep its JSON content type.
    void reply.type('application/xml');
    return receiptXml(receipt);
  }
}
