import { Injectable } from '@nestjs/common';
import { SandboxClock } from '../clock';
import { OrganizationsService } from '../organizations/organizations.service';
import { PagopaCounters } from '../pagopa-counters';
import type { PersistentState } from '../../state/persistent-state';
import { DebtPositionStore, type OrganizationRules, type StoredPosition } from './debt-position-store';

/** The GPD store as a Nest provider, on the sandbox clock, with the ente rules from onboarding. */
@Injectable()
export class DebtPositionsService implements PersistentState {
  readonly store: DebtPositionStore;

  constructor(
    clock: SandboxClock,
    private readonly organizations: OrganizationsService,
    readonly counters: PagopaCounters,
  ) {
    this.store = new DebtPositionStore(() => clock.now());
  }

  rulesFor(organizationFiscalCode: string): OrganizationRules {
    const settings = this.organizations.get(organizationFiscalCode);
    return { registeredIbans: settings?.registeredIbans, applicationCode: settings?.applicationCode };
  }

  exportState(): StoredPosition[] {
    return this.store.exportPositions();
  }

  importState(state: StoredPosition[]): void {
    this.store.importPositions(state);
  }
}
