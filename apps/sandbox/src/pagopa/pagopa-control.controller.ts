import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { validated } from '../control/validated';
import { SandboxClock } from './clock';
import { SettlementFlowsService } from './fdr/settlement-flows.service';
import { OrganizationsService } from './organizations/organizations.service';
import { ReceiptsService } from './receipts/receipts.service';

const clockChange = z.union([
  z.object({ now: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ advanceMs: z.number().int() }).strict(),
  z.object({ reset: z.literal(true) }).strict(),
]);

const publishRequest = z.object({ upToDay: z.iso.date().optional() }).strict();

/**
 * Test and operator controls of the imitated pagoPA: what PagoPA's back office would hold
 * (enti, keys, receipt endpoints), the clock, and closing settlement days. Never part of a contract.
 */
@Controller('__sandbox/pagopa')
export class PagopaControlController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly receipts: ReceiptsService,
    private readonly flows: SettlementFlowsService,
    private readonly clock: SandboxClock,
  ) {}

  @Get('organizations')
  listOrganizations() {
    return this.organizations.list();
  }

  @Put('organizations/:fiscalCode')
  putOrganization(@Param('fiscalCode') fiscalCode: string, @Body() body: object | undefined) {
    return validated(() => this.organizations.upsert({ ...(body ?? {}), fiscalCode }));
  }

  @Get('receipt-delivery')
  deliverySettings() {
    return { settings: this.receipts.currentSettings(), deliveries: this.receipts.deliveries() };
  }

  @Put('receipt-delivery')
  configureDelivery(@Body() body: object | undefined) {
    return validated(() => this.receipts.configure(body ?? {}));
  }

  /** Pushes a stored receipt again with the same delivery id, as when an ente asks the node for it. */
  @Post('receipts/:fiscalCode/:iuv/redeliver')
  @HttpCode(202)
  redeliver(@Param('fiscalCode') fiscalCode: string, @Param('iuv') iuv: string) {
    const state = this.receipts.redeliver(fiscalCode, iuv);
    if (state === undefined)
      throw new NotFoundException(`No receipt with IUV ${iuv} for ${fiscalCode}, or no receipt endpoint.`);
    return state;
  }

  @Get('clock')
  getClock() {
    return { now: this.clock.now().toISOString(), offsetMs: this.clock.offset };
  }

  @Put('clock')
  setClock(@Body() body: unknown) {
    const change = validated(() => clockChange.parse(body));
    if ('now' in change) this.clock.set(new Date(change.now));
    else if ('advanceMs' in change) this.clock.advance(change.advanceMs);
    else this.clock.reset();
    return this.getClock();
  }

  /** Closes the settlement days up to `upToDay` (default today): flows are published per ente, PSP and day. */
  @Post('fdr/publish')
  @HttpCode(200)
  publishFlows(@Body() body: unknown) {
    const { upToDay } = validated(() => publishRequest.parse(body ?? {}));
    return this.flows.publish(upToDay).map((flow) => ({
      fdr: flow.fdr,
      pspId: flow.sender.pspId,
      organizationId: flow.receiver.organizationId,
      revision: flow.revision,
      totPayments: flow.totPayments,
      sumPayments: flow.sumPayments,
      paymentDay: flow.paymentDay,
    }));
  }
}
