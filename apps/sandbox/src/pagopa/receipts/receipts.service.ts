import { Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { OrganizationsService } from '../organizations/organizations.service';
import { PagopaCounters } from '../pagopa-counters';
import { type PersistentState, StateRegistry } from '../../state/persistent-state';
import type { Receipt } from './receipt';
import {
  DEFAULT_DELIVERY_SETTINGS,
  deliverySettings,
  type DeliverySettings,
  type DeliveryState,
  ReceiptDeliverer,
} from './receipt-delivery';

export interface ReceiptQuery {
  debtor?: string;
  service?: string;
  from?: string;
  to?: string;
  debtorOrIuv?: string;
}

/** Receipts issued by the imitated node: kept for the receipts API and pushed to the ente. */
@Injectable()
export class ReceiptsService implements OnModuleDestroy, PersistentState {
  private readonly receipts = new Map<string, Receipt>();
  private settings: DeliverySettings = { ...DEFAULT_DELIVERY_SETTINGS };
  private readonly deliverer: ReceiptDeliverer;

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly counters: PagopaCounters,
    @Optional() private readonly state?: StateRegistry,
  ) {
    this.deliverer = new ReceiptDeliverer(
      () => this.settings,
      (delivery) => {
        this.counters.increment(
          'receiptDeliveryAttempts',
          `${delivery.organizationFiscalCode}/${delivery.iuv}`,
        );
        this.state?.changed();
      },
      (delivery) => {
        this.counters.increment('receiptsDelivered', `${delivery.organizationFiscalCode}/${delivery.iuv}`);
        this.state?.changed();
      },
    );
  }

  /** Stores the receipt and, when the ente has a receipt endpoint, starts delivering it. */
  issue(receipt: Receipt): void {
    this.receipts.set(`${receipt.fiscalCode}/${receipt.creditorReferenceId}`, receipt);
    this.push(receipt);
  }

  /** Sends a stored receipt again, as the node does when an ente asks for it (same delivery id). */
  redeliver(organizationFiscalCode: string, iuv: string): DeliveryState | undefined {
    const receipt = this.get(organizationFiscalCode, iuv);
    return receipt === undefined ? undefined : this.push(receipt);
  }

  get(organizationFiscalCode: string, iuv: string): Receipt | undefined {
    return this.receipts.get(`${organizationFiscalCode}/${iuv}`);
  }

  all(): Receipt[] {
    return [...this.receipts.values()];
  }

  list(organizationFiscalCode: string, query: ReceiptQuery): Receipt[] {
    const from = query.from ? Date.parse(query.from) : undefined;
    const to = query.to ? Date.parse(query.to) : undefined;
    return this.all()
      .filter((receipt) => receipt.fiscalCode === organizationFiscalCode)
      .filter(
        (receipt) =>
          query.debtor === undefined || receipt.debtor.entityUniqueIdentifierValue === query.debtor,
      )
      .filter(
        (receipt) =>
          query.service === undefined ||
          receipt.transferList.some((transfer) => transfer.transferCategory.startsWith(query.service!)),
      )
      .filter((receipt) => from === undefined || Date.parse(receipt.paymentDateTime) >= from)
      .filter((receipt) => to === undefined || Date.parse(receipt.paymentDateTime) <= to)
      .filter(
        (receipt) =>
          query.debtorOrIuv === undefined ||
          receipt.debtor.entityUniqueIdentifierValue.startsWith(query.debtorOrIuv) ||
          receipt.creditorReferenceId.startsWith(query.debtorOrIuv),
      )
      .sort((a, b) => a.paymentDateTime.localeCompare(b.paymentDateTime));
  }

  deliveries(): DeliveryState[] {
    return this.deliverer.states();
  }

  currentSettings(): DeliverySettings {
    return { ...this.settings };
  }

  /** Throws ZodError on bad values and keeps the previous settings. */
  configure(change: Partial<DeliverySettings>): DeliverySettings {
    this.settings = deliverySettings.parse({ ...this.settings, ...change });
    return this.currentSettings();
  }

  reset(): void {
    this.deliverer.clear();
    this.receipts.clear();
    this.settings = { ...DEFAULT_DELIVERY_SETTINGS };
  }

  onModuleDestroy(): void {
    this.deliverer.stop();
  }

  exportState(): { receipts: Receipt[]; deliveries: DeliveryState[] } {
    return { receipts: this.all(), deliveries: this.deliverer.states() };
  }

  /** Receipts come back; deliveries still PENDING are pushed again (to the ente's current endpoint). */
  importState(state: { receipts: Receipt[]; deliveries: DeliveryState[] }): void {
    this.receipts.clear();
    for (const receipt of state.receipts)
      this.receipts.set(`${receipt.fiscalCode}/${receipt.creditorReferenceId}`, receipt);
    this.deliverer.restore(state.deliveries, (delivery) => {
      const receipt = this.get(delivery.organizationFiscalCode, delivery.iuv);
      const target = this.organizations.get(delivery.organizationFiscalCode)?.receiptEndpoint;
      return receipt === undefined || target === undefined ? undefined : { receipt, target };
    });
  }

  private push(receipt: Receipt): DeliveryState | undefined {
    const endpoint = this.organizations.get(receipt.fiscalCode)?.receiptEndpoint;
    return endpoint === undefined ? undefined : this.deliverer.deliver(receipt, endpoint);
  }
}
