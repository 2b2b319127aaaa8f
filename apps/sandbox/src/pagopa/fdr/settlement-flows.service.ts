import { Injectable } from '@nestjs/common';
import { SandboxClock } from '../clock';
import { DebtPositionsService } from '../gpd/debt-positions.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { ReceiptsService } from '../receipts/receipts.service';
import type { PersistentState } from '../../state/persistent-state';
import { buildSettlementFlows, italianDay, type SettlementFlow } from './settlement-flows';

/**
 * Settlement flows the PSPs would publish. Real PSPs publish D+2; here a test (or an operator)
 * closes the days explicitly with `POST /__sandbox/pagopa/fdr/publish`. Publishing moves the
 * settled positions to REPORTED in GPD, as pagoPA does once every transfer is reported.
 */
@Injectable()
export class SettlementFlowsService implements PersistentState {
  private flows: SettlementFlow[] = [];
  /** `<ente>/<iuv>`: receipts already in a flow. */
  private readonly settled = new Set<string>();
  private sequence = 1;

  constructor(
    private readonly receipts: ReceiptsService,
    private readonly positions: DebtPositionsService,
    private readonly organizations: OrganizationsService,
    private readonly clock: SandboxClock,
  ) {}

  /** Publishes flows for every unsettled receipt paid on `upToDay` or before (default: today in Italy). */
  publish(upToDay?: string): SettlementFlow[] {
    const now = this.clock.now();
    const lastDay = upToDay ?? italianDay(now);
    const due = this.receipts
      .all()
      .filter((receipt) => !this.settled.has(this.key(receipt)))
      .filter((receipt) => italianDay(receipt.paymentDateTime) <= lastDay);
    const created = buildSettlementFlows(due, {
      now,
      upToDay: lastDay,
      firstSequence: this.sequence,
      organizationName: (fiscalCode) => this.organizations.get(fiscalCode)?.companyName ?? fiscalCode,
    });
    this.sequence += created.length;
    for (const receipt of due) {
      this.settled.add(this.key(receipt));
      for (const transfer of receipt.transferList) {
        const flow = created.find(
          (candidate) =>
            candidate.receiver.organizationId === transfer.fiscalCodePA &&
            candidate.payments.some(
              (line) => line.iuv === receipt.creditorReferenceId && line.idTransfer === transfer.idTransfer,
            ),
        );
        if (flow === undefined) continue;
        this.positions.store.markReported(
          receipt.fiscalCode,
          receipt.creditorReferenceId,
          String(transfer.idTransfer),
          flow.fdr,
        );
      }
    }
    this.flows.push(...created);
    return created;
  }

  forOrganization(organizationId: string): SettlementFlow[] {
    return this.flows.filter((flow) => flow.receiver.organizationId === organizationId);
  }

  find(organizationId: string, fdr: string, revision: number, pspId: string): SettlementFlow | undefined {
    return this.forOrganization(organizationId).find(
      (flow) => flow.fdr === fdr && flow.revision === revision && flow.sender.pspId === pspId,
    );
  }

  reset(): void {
    this.flows = [];
    this.settled.clear();
    this.sequence = 1;
  }

  exportState(): { flows: SettlementFlow[]; settled: string[]; sequence: number } {
    return { flows: this.flows, settled: [...this.settled], sequence: this.sequence };
  }

  importState(state: { flows: SettlementFlow[]; settled: string[]; sequence: number }): void {
    this.flows = [...state.flows];
    this.settled.clear();
    for (const key of state.settled) this.settled.add(key);
    this.sequence = state.sequence;
  }

  private key(receipt: { fiscalCode: string; creditorReferenceId: string }): string {
    return `${receipt.fiscalCode}/${receipt.creditorReferenceId}`;
  }
}
