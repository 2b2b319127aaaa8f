import { Injectable } from '@nestjs/common';
import type { PersistentState } from '../state/persistent-state';

type Tally = Record<string, number>;

/**
 * What tests read at `/__sandbox/counters` (under `io`) to prove exactly-once notifications.
 * Message keys are `<serviceId>/<fiscal code>`; content keys add a hash of subject and markdown,
 * so the same message sent twice to the same citizen shows under `duplicates`.
 */
@Injectable()
export class IoCounters implements PersistentState {
  private tallies = IoCounters.empty();

  private static empty() {
    return {
      /** Every request that presented a known subscription key, throttled ones included. */
      requestsPerKey: {} as Tally,
      /** Requests refused with 429 by the key's rate limit. */
      throttledPerKey: {} as Tally,
      /** Profile look-ups (GET or POST), per service. */
      profileRequests: {} as Tally,
      /** Every message submission that passed the key check, refused ones included, per service. */
      submitRequests: {} as Tally,
      /** Messages created (201), per `<serviceId>/<fiscal code>`. */
      messages: {} as Tally,
      /** Messages created, per `<serviceId>/<fiscal code>/<content hash>`. */
      messagesByContent: {} as Tally,
      /** For each content key sent more than once: how many extra copies. Empty when every message is unique. */
      duplicates: {} as Tally,
      /** Messages per status reached after processing (PROCESSED, REJECTED, FAILED, THROTTLED). */
      statuses: {} as Tally,
    };
  }

  increment(counter: keyof ReturnType<typeof IoCounters.empty>, key: string): number {
    const tally = this.tallies[counter];
    tally[key] = (tally[key] ?? 0) + 1;
    return tally[key];
  }

  snapshot() {
    const sum = (tally: Tally) => Object.values(tally).reduce((total, n) => total + n, 0);
    return {
      ...structuredClone(this.tallies),
      totals: { messages: sum(this.tallies.messages), duplicates: sum(this.tallies.duplicates) },
    };
  }

  reset(): void {
    this.tallies = IoCounters.empty();
  }

  /** Kept across restarts, so exactly-once checks still see what happened before one. */
  exportState(): ReturnType<typeof IoCounters.empty> {
    return this.tallies;
  }

  importState(state: ReturnType<typeof IoCounters.empty>): void {
    // Counters added since the state was saved start empty.
    this.tallies = { ...IoCounters.empty(), ...state };
  }
}
