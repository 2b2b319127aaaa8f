import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CounterRegistry } from '../counters/counter-registry';
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

/**
 * The imitated pagoPA: GPD debt positions, GPD payment receipts, Checkout, FdR, plus a PSP
 * simulator and receipt push. State lives in memory: a restart of the sandbox wipes it.
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
