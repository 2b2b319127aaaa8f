import { Injectable } from '@nestjs/common';
import { SandboxClock } from '../clock';
import { OrganizationsService } from '../organizations/organizations.service';
import { PagopaCounters } from '../pagopa-counters';
import { DebtPositionStore, type OrganizationRules } from './debt-position-store';

/** The GPD store as a Nest provider, on the sandbox clock, with the ente rules from onboarding. */
@Injectable()
export class DebtPositionsService {
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
}
