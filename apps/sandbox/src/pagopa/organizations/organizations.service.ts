import { Injectable } from '@nestjs/common';
import type { PersistentState } from '../../state/persistent-state';
import {
  organizationSettings,
  type OrganizationSettings,
  type OrganizationSettingsInput,
} from './organization-settings';

export type KeyCheck = 'ok' | 'missing' | 'unknown' | 'forbidden';

/** The enti the imitated platform knows, and which subscription key may act for which ente. */
@Injectable()
export class OrganizationsService implements PersistentState {
  private readonly byFiscalCode = new Map<string, OrganizationSettings>();
  private readonly initial: OrganizationSettings[];

  constructor(initial: readonly OrganizationSettingsInput[] = []) {
    this.initial = initial.map((settings) => organizationSettings.parse(settings));
    this.reset();
  }

  /** Creates or replaces an ente's settings; throws ZodError on bad input. */
  upsert(input: unknown): OrganizationSettings {
    const settings = organizationSettings.parse(input);
    this.byFiscalCode.set(settings.fiscalCode, settings);
    return settings;
  }

  get(fiscalCode: string): OrganizationSettings | undefined {
    return this.byFiscalCode.get(fiscalCode);
  }

  list(): OrganizationSettings[] {
    return [...this.byFiscalCode.values()];
  }

  /** 'forbidden' when the key is known but not enabled for this ente (APIM answers 403). */
  checkKey(key: string | undefined, fiscalCode: string | undefined): KeyCheck {
    if (key === undefined || key === '') return 'missing';
    const known = this.list().filter((org) => org.subscriptionKeys.includes(key));
    if (known.length === 0) return 'unknown';
    if (fiscalCode === undefined) return 'ok';
    return known.some((org) => org.fiscalCode === fiscalCode) ? 'ok' : 'forbidden';
  }

  reset(): void {
    this.byFiscalCode.clear();
    for (const settings of this.initial) this.byFiscalCode.set(settings.fiscalCode, settings);
  }

  exportState(): OrganizationSettings[] {
    return this.list();
  }

  /**
   * Enti onboarded at run time come back; the configured ones keep their configuration (e.g. a
   * receipt endpoint on a port that changed since the state was saved).
   */
  importState(state: OrganizationSettings[]): void {
    this.byFiscalCode.clear();
    for (const settings of state) this.byFiscalCode.set(settings.fiscalCode, settings);
    for (const settings of this.initial) this.byFiscalCode.set(settings.fiscalCode, settings);
  }
}
