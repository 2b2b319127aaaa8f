import { Controller, Get, HttpException, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { SubscriptionKeyGuard } from '../organizations/subscription-key.guard';
import { SandboxClock } from '../clock';
import { SettlementFlowsService } from './settlement-flows.service';
import type { SettlementFlow } from './settlement-flows';

/** FdR errors: `ErrorResponse` of fdr_organization.json. */
function fdrError(status: 400 | 404, appErrorCode: string, message: string, path?: string): HttpException {
  return new HttpException(
    {
      httpStatusCode: status,
      httpStatusDescription: status === 400 ? 'Bad Request' : 'Not Found',
      appErrorCode,
      errors: [{ ...(path ? { path } : {}), message }],
    },
    status,
  );
}

const instant = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO-8601 date-time');
const listQuery = z.object({
  flowDate: instant.optional(),
  publishedGt: instant.optional(),
  pspId: z.string().min(1).max(35).optional(),
  page: z.coerce.number().int().min(1).default(1),
  size: z.coerce.number().int().min(1).max(1000).default(1000),
});
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  size: z.coerce.number().int().min(1).default(1000),
});

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw fdrError(400, 'FDR-0702', issue.message, issue.path.join('.'));
  }
  return result.data;
}

/** Start of the previous calendar month, 00:00 UTC: the FdR API's default lower bound. */
function previousMonthStart(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
}

function page<T>(items: T[], pageNumber: number, size: number) {
  return {
    metadata: { pageSize: size, pageNumber, totPage: Math.max(1, Math.ceil(items.length / size)) },
    count: items.length,
    data: items.slice((pageNumber - 1) * size, pageNumber * size),
  };
}

const flowHeader = ({ payments: _payments, paymentDay: _paymentDay, ...flow }: SettlementFlow) => flow;

/** FdR for enti (fdr_organization.json), under its public path. */
@Controller('fdr-org/service/v1/organizations/:organizationId/fdrs')
@UseGuards(SubscriptionKeyGuard)
export class SettlementFlowsController {
  constructor(
    private readonly flows: SettlementFlowsService,
    private readonly clock: SandboxClock,
  ) {}

  @Get()
  list(@Param('organizationId') organizationId: string, @Query() rawQuery: unknown) {
    const query = parse(listQuery, rawQuery);
    const defaultFrom = previousMonthStart(this.clock.now());
    const flowDateFrom = query.flowDate ? Date.parse(query.flowDate) : defaultFrom;
    const publishedFrom = query.publishedGt ? Date.parse(query.publishedGt) : defaultFrom;
    const matching = this.flows
      .forOrganization(organizationId)
      .filter((flow) => query.pspId === undefined || flow.sender.pspId === query.pspId)
      .filter(
        (flow) => Date.parse(flow.fdrDate) >= flowDateFrom && Date.parse(flow.published) > publishedFrom,
      )
      .map((flow) => ({
        fdr: flow.fdr,
        pspId: flow.sender.pspId,
        revision: flow.revision,
        published: flow.published,
        flowDate: flow.fdrDate,
      }));
    return page(matching, query.page, query.size);
  }

  @Get(':fdr/revisions/:revision/psps/:pspId')
  get(
    @Param('organizationId') organizationId: string,
    @Param('fdr') fdr: string,
    @Param('revision') revision: string,
    @Param('pspId') pspId: string,
  ) {
    return flowHeader(this.require(organizationId, fdr, revision, pspId));
  }

  @Get(':fdr/revisions/:revision/psps/:pspId/payments')
  payments(
    @Param('organizationId') organizationId: string,
    @Param('fdr') fdr: string,
    @Param('revision') revision: string,
    @Param('pspId') pspId: string,
    @Query() rawQuery: unknown,
  ) {
    const query = parse(pageQuery, rawQuery);
    return page(this.require(organizationId, fdr, revision, pspId).payments, query.page, query.size);
  }

  private require(organizationId: string, fdr: string, revision: string, pspId: string): SettlementFlow {
    const flow = this.flows.find(organizationId, fdr, Number(revision), pspId);
    if (flow === undefined) {
      throw fdrError(404, 'FDR-0701', `Reporting fdr [${fdr}] not found`);
    }
    return flow;
  }
}
