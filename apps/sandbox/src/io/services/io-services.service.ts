import { Injectable } from '@nestjs/common';
import { ControlConflictError } from '../../control/validated';
import type { PersistentState } from '../../state/persistent-state';
import {
  ioServiceSettings,
  type IoServiceSettings,
  type IoServiceSettingsInput,
} from './io-service-settings';

/** A control-surface request that would make one key act as two services. */
export class SubscriptionKeyTakenError extends ControlConflictError {
  constructor(
    readonly key: string,
    readonly serviceId: string,
  ) {
    super(`Subscription key ${key.slice(0, 4)}… already belongs to service ${serviceId}.`);
  }
}

/** The sender services the imitated App IO knows, and which subscription key acts as which service. */
@Injectable()
export class IoServicesService implements PersistentState {
  private readonly byId = new Map<string, IoServiceSettings>();
  private readonly initial: IoServiceSettings[];

  constructor(initial: readonly IoServiceSettingsInput[] = []) {
    this.initial = initial.map((settings) => ioServiceSettings.parse(settings));
    this.reset();
  }

  /** Creates or replaces a service; throws ZodError on bad input, SubscriptionKeyTakenError on a shared key. */
  upsert(input: unknown): IoServiceSettings {
    const settings = ioServiceSettings.parse(input);
    for (const key of settings.subscriptionKeys) {
      const owner = this.byKey(key);
      if (owner !== undefined && owner.serviceId !== settings.serviceId)
        throw new SubscriptionKeyTakenError(key, owner.serviceId);
    }
    this.byId.set(settings.serviceId, settings);
    return settings;
  }

  get(serviceId: string): IoServiceSettings | undefined {
    return this.byId.get(serviceId);
  }

  list(): IoServiceSettings[] {
    return [...this.byId.values()];
  }

  /** The service a subscription key acts as; undefined for an unknown key (APIM answers 401). */
  byKey(key: string): IoServiceSettings | undefined {
    return this.list().find((service) => service.subscriptionKeys.includes(key));
  }

  reset(): void {
    this.byId.clear();
    for (const settings of this.initial) {
      for (const key of settings.subscriptionKeys) {
        const owner = this.byKey(key);
        if (owner !== undefined) throw new SubscriptionKeyTakenError(key, owner.serviceId);
      }
      this.byId.set(settings.serviceId, settings);
    }
  }

  exportState(): IoServiceSettings[] {
    return this.list();
  }

  /** Services added at run time come back; the configured ones win over a saved service sharing their id or a key. */
  importState(state: IoServiceSettings[]): void {
    this.byId.clear();
    const configuredKeys = new Set(this.initial.flatMap((settings) => settings.subscriptionKeys));
    for (const settings of state) {
      if (settings.subscriptionKeys.some((key) => configuredKeys.has(key))) continue;
      this.byId.set(settings.serviceId, settings);
    }
    for (const settings of this.initial) this.byId.set(settings.serviceId, settings);
  }
}
