import { randomUUID } from 'node:crypto';
import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CounterRegistry } from '../counters/counter-registry';
import { StateRegistry } from '../state/persistent-state';
import { CartsController, CheckoutPageController } from './checkout/checkout.controller';
import { CartsService } from './checkout/carts.service';
import { SandboxClock } from './clock';
import { SettlementFlowsController } from './fdr/settlement-flows.controller';
import { SettlementFlowsService } from './fdr/settlement-flows.service';
import { DebtPositionsController } from './gpd/debt-positions.controller';
import { DebtPositionsService } from './gpd/debt-positions.service';
import type { OrganizationSettingsInput } from './organizations/organization-settings';
import { OrganizationsService } from './organizations/organizations.service';
import { SubscriptionKeyGuard } from './organizations/subscription-key.guard';
import { PagopaControlController } from './pagopa-control.controller';
import { PagopaCounters } from './pagopa-counters';
import { PspController } from './psp/psp.controller';
import { PspSimulator } from './psp/psp-simulator.service';
import { ReceiptsController } from './receipts/receipts.controller';
import { ReceiptsService } from './receipts/receipts.service';

const PAGOPA_PATHS = ['/gpd/', '/checkout/', '/fdr-org/'];

/**
 * The imitated pagoPA: GPD debt positions, GPD payment receipts, Checkout, FdR, plus a PSP
 * simulator and receipt push. State lives in memory, and in SANDBOX_STATE_FILE when it is set.
 */
@Module({})
export class PagopaModule implements OnModuleInit {
  constructor(
    @Inject(CounterRegistry) private readonly registry: CounterRegistry,
    private readonly counters: PagopaCounters,
    private readonly positions: DebtPositionsService,
    private readonly receipts: ReceiptsService,
    private readonly carts: CartsService,
    private readonly flows: SettlementFlowsService,
    private readonly organizations: OrganizationsService,
    private readonly clock: SandboxClock,
    private readonly adapterHost: HttpAdapterHost,
    private readonly state: StateRegistry,
  ) {}

  static register(organizations: readonly OrganizationSettingsInput[]): DynamicModule {
    return {
      module: PagopaModule,
      controllers: [
        DebtPositionsController,
        ReceiptsController,
        CartsController,
        CheckoutPageController,
        SettlementFlowsController,
        PspController,
        PagopaControlController,
      ],
      providers: [
        { provide: OrganizationsService, useFactory: () => new OrganizationsService(organizations) },
        SandboxClock,
        PagopaCounters,
        SubscriptionKeyGuard,
        DebtPositionsService,
        ReceiptsService,
        PspSimulator,
        CartsService,
        SettlementFlowsService,
      ],
    };
  }

  onModuleInit(): void {
    // Every pagoPA API answers with X-Request-Id: the caller's, or a new one.
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request, reply) => {
      if (!PAGOPA_PATHS.some((prefix) => request.url.startsWith(prefix))) return;
      const given = request.headers['x-request-id'];
      void reply.header('x-request-id', (Array.isArray(given) ? given[0] : given) ?? randomUUID());
    });
    this.state.register('pagopa.clock', this.clock);
    this.state.register('pagopa.organizations', this.organizations);
    this.state.register('pagopa.debtPositions', this.positions);
    this.state.register('pagopa.receipts', this.receipts);
    this.state.register('pagopa.carts', this.carts);
    this.state.register('pagopa.settlementFlows', this.flows);
    this.state.register('pagopa.counters', this.counters);
    this.registry.register('pagopa', {
      snapshot: () => this.counters.snapshot(),
      reset: () => {
        this.counters.reset();
        this.positions.store.clear();
        this.receipts.reset();
        this.carts.clear();
        this.flows.reset();
        this.organizations.reset();
        this.clock.reset();
      },
    });
  }
}
