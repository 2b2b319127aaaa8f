import { Injectable } from '@nestjs/common';
import type { PersistentState } from '../../state/persistent-state';
import { type CitizenProfile, profileChange } from './citizen-profile';
import { testCitizenProfiles } from './test-citizens';

/** The citizens registered on the imitated App IO, seeded with the sandbox's test users. */
@Injectable()
export class ProfilesService implements PersistentState {
  private readonly byFiscalCode = new Map<string, CitizenProfile>();

  constructor(private readonly seed: () => CitizenProfile[] = testCitizenProfiles) {
    this.reset();
  }

  get(fiscalCode: string): CitizenProfile | undefined {
    const profile = this.byFiscalCode.get(fiscalCode);
    return profile === undefined ? undefined : structuredClone(profile);
  }

  list(): CitizenProfile[] {
    return [...this.byFiscalCode.values()].map((profile) => structuredClone(profile));
  }

  /** Registers the citizen on IO, or changes the given fields; throws ZodError on bad input. */
  upsert(fiscalCode: string, input: unknown): CitizenProfile {
    const change = profileChange.parse(input ?? {});
    const current: CitizenProfile = this.byFiscalCode.get(fiscalCode) ?? {
      fiscalCode,
      preferredLanguages: ['it_IT'],
      senderAllowed: {},
      senderAllowedByDefault: true,
    };
    const { email, senderAllowed, ...rest } = change;
    const next: CitizenProfile = {
      ...current,
      ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
      senderAllowed: { ...current.senderAllowed, ...senderAllowed },
    };
    if (email === null) delete next.email;
    else if (email !== undefined) next.email = email;
    this.byFiscalCode.set(fiscalCode, next);
    return structuredClone(next);
  }

  /** The citizen leaves IO (deletes the profile); false when they were not on it. */
  remove(fiscalCode: string): boolean {
    return this.byFiscalCode.delete(fiscalCode);
  }

  reset(): void {
    this.byFiscalCode.clear();
    for (const profile of this.seed()) this.byFiscalCode.set(profile.fiscalCode, profile);
  }

  exportState(): CitizenProfile[] {
    return [...this.byFiscalCode.values()];
  }

  /** The saved profiles replace the seed: a test citizen who left IO stays away. */
  importState(state: CitizenProfile[]): void {
    this.byFiscalCode.clear();
    for (const profile of state) this.byFiscalCode.set(profile.fiscalCode, profile);
  }
}
