import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import type { z } from 'zod';
import { SubscriptionKeyGuard } from '../organizations/subscription-key.guard';
import { describeZodError, ProblemException } from '../problem';
import { GpdError } from './debt-position-store';
import { listQuerySchema, paymentPositionSchema, toPublishQuerySchema } from './debt-position.schemas';
import { paymentPositionModel, paymentPositionResponse } from './debt-position.presenter';
import { DebtPositionsService } from './debt-positions.service';

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new ProblemException(400, describeZodError(result.error));
  return result.data;
}

function gpd<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof GpdError) throw new ProblemException(error.status, error.message);
    throw error;
  }
}

/** GPD debt-positions service v1 (gpd.json), under its public path so only the base URL differs. */
@Controller('gpd/debt-positions-service/v1/organizations/:organizationfiscalcode/debtpositions')
@UseGuards(SubscriptionKeyGuard)
export class DebtPositionsController {
  constructor(private readonly service: DebtPositionsService) {}

  @Post()
  create(
    @Param('organizationfiscalcode') organizationFiscalCode: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ) {
    const { toPublish } = parse(toPublishQuerySchema, query);
    const input = parse(paymentPositionSchema, body);
    const key = `${organizationFiscalCode}/${input.iupd}`;
    this.service.counters.increment('debtPositionCreateRequests', key);
    const position = gpd(() =>
      this.service.store.create(
        organizationFiscalCode,
        input,
        toPublish,
        this.service.rulesFor(organizationFiscalCode),
      ),
    );
    this.service.counters.increment('debtPositionsCreated', key);
    return paymentPositionModel(position);
  }

  @Get()
  list(@Param('organizationfiscalcode') organizationFiscalCode: string, @Query() query: unknown) {
    const filters = parse(listQuerySchema, query);
    const { items, totalPages } = gpd(() => this.service.store.list(organizationFiscalCode, filters));
    return {
      payment_position_list: items.map(paymentPositionResponse),
      page_info: {
        page: filters.page,
        limit: filters.limit,
        items_found: items.length,
        total_pages: totalPages,
      },
    };
  }

  @Get(':iupd')
  get(@Param('organizationfiscalcode') organizationFiscalCode: string, @Param('iupd') iupd: string) {
    return paymentPositionResponse(gpd(() => this.service.store.get(organizationFiscalCode, iupd)));
  }

  @Put(':iupd')
  update(
    @Param('organizationfiscalcode') organizationFiscalCode: string,
    @Param('iupd') iupd: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ) {
    const { toPublish } = parse(toPublishQuerySchema, query);
    const input = parse(paymentPositionSchema, body);
    return paymentPositionModel(
      gpd(() =>
        this.service.store.update(
          organizationFiscalCode,
          iupd,
          input,
          toPublish,
          this.service.rulesFor(organizationFiscalCode),
        ),
      ),
    );
  }

  @Delete(':iupd')
  delete(
    @Param('organizationfiscalcode') organizationFiscalCode: string,
    @Param('iupd') iupd: string,
  ): string {
    gpd(() => this.service.store.delete(organizationFiscalCode, iupd));
    return 'Ok';
  }

  @Post(':iupd/publish')
  @HttpCode(200)
  publish(@Param('organizationfiscalcode') organizationFiscalCode: string, @Param('iupd') iupd: string) {
    return paymentPositionModel(gpd(() => this.service.store.publish(organizationFiscalCode, iupd)));
  }

  @Post(':iupd/invalidate')
  @HttpCode(200)
  invalidate(@Param('organizationfiscalcode') organizationFiscalCode: string, @Param('iupd') iupd: string) {
    return paymentPositionModel(gpd(() => this.service.store.invalidate(organizationFiscalCode, iupd)));
  }
}
