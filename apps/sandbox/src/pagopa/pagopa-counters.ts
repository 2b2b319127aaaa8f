import { Injectable } from '@nestjs/common';
import type { PersistentState } from '../state/persistent-state';

type Tally = Record<string, number>;

/**
 * What tests read at `/__sandbox/counters` (under `pagopa`) to prove exactly-once effects.
 * Keys are `<ente fiscal code>/<IUPD>` and `<ente fiscal code>/<IUV>`: IUPDs and IUVs are
 * unique only within an ente.
 */
@Injectable()
export class PagopaCounters implements PersistentState {
  private tallies = PagopaCounters.empty();

  private static empty() {
    return {
      /** Every POST of a debt position, including the ones refused with 409. */
      debtPositionCreateRequests: {} as Tally,
      /** Debt positions actually created (201). More than 1 for a key would be a duplicate. */
      debtPositionsCreated: {} as Tally,
      /** Payments accepted by the PSP simulator or the checkout page, per IUV. */
      payments: {} as Tally,
      /** Receipts the ente's endpoint acknowledged with 2xx, per IUV. */
      receiptsDelivered: {} as Tally,
      /** Every POST of a receipt to the ente's endpoint, failed ones included, per IUV. */
      receiptDeliveryAttempts: {} as Tally,
    };
  }

  increment(counter: keyof ReturnType<typeof PagopaCounters.empty>, key: string): void {
    const tally = this.tallies[counter];
    tally[key] = (tally[key] ?? 0) + 1;
  }

  snapshot() {
    return structuredClone(this.tallies);
  }

  reset(): void {
    this.tallies = PagopaCounters.empty();
  }

  /** Kept across restarts, so exactly-once checks still see what happened before one. */
  exportState(): ReturnType<typeof PagopaCounters.empty> {
    return this.tallies;
  }

  importState(state: ReturnType<typeof PagopaCounters.empty>): void {
    // Counters added since the state was saved start empty.
    this.tallies = { ...PagopaCounters.empty(), ...state };
  }
}
