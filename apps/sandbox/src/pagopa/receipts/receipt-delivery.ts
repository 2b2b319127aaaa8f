import { z } from 'zod';
import type { Receipt } from './receipt';

export const deliverySettings = z
  .object({
    /** Wait before the 2nd attempt; doubles at each further one, up to maxDelayMs. */
    initialDelayMs: z.number().int().min(0).max(600_000),
    maxDelayMs: z.number().int().min(0).max(3_600_000),
    maxAttempts: z.number().int().min(1).max(1000),
    /** How long one POST may take before it counts as failed. */
    requestTimeoutMs: z.number().int().min(100).max(120_000),
  })
  .strict();
export type DeliverySettings = z.infer<typeof deliverySettings>;

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  maxAttempts: 12,
  requestTimeoutMs: 10_000,
};

export interface DeliveryTarget {
  url: string;
  headers: Record<string, string>;
}

export interface DeliveryState {
  deliveryId: string;
  organizationFiscalCode: string;
  iuv: string;
  url: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  lastError?: string;
  deliveredAt?: string;
}

/** Wait before attempt `attempt` (2, 3, …): exponential backoff with a cap. */
export function backoffDelay(attempt: number, settings: DeliverySettings): number {
  return Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** Math.max(0, attempt - 2));
}

/**
 * Pushes receipts to enti the way the node retries paSendRT: the same body and the same
 * `Idempotency-Key` (the receipt id) on every attempt, so the ente can drop repeats. A 2xx, or a
 * 409 (the ente already has it), ends the delivery; anything else is retried with backoff.
 */
export class ReceiptDeliverer {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly deliveries = new Map<string, DeliveryState>();
  private stopped = false;

  constructor(
    private readonly settings: () => DeliverySettings,
    private readonly onAttempt: (state: DeliveryState) => void,
    private readonly onDelivered: (state: DeliveryState) => void,
  ) {}

  /** Starts (or, for a redelivery, restarts) pushing one receipt; returns at once. */
  deliver(receipt: Receipt, target: DeliveryTarget): DeliveryState {
    const state: DeliveryState = {
      deliveryId: receipt.receiptId,
      organizationFiscalCode: receipt.fiscalCode,
      iuv: receipt.creditorReferenceId,
      url: target.url,
      status: 'PENDING',
      attempts: 0,
    };
    this.deliveries.set(`${receipt.fiscalCode}/${receipt.creditorReferenceId}`, state);
    this.schedule(0, () => this.attempt(state, receipt, target));
    return state;
  }

  /**
   * Puts back the deliveries of a saved state. A PENDING one is pushed again at once, with the
   * same delivery id and its attempts so far: the push of the process that stopped may never have
   * arrived, and the ente drops a repeat by its Idempotency-Key.
   */
  restore(
    states: readonly DeliveryState[],
    resume: (state: DeliveryState) => { receipt: Receipt; target: DeliveryTarget } | undefined,
  ): void {
    this.clear();
    for (const saved of states) {
      const state = { ...saved };
      this.deliveries.set(`${state.organizationFiscalCode}/${state.iuv}`, state);
      if (state.status !== 'PENDING') continue;
      const pending = resume(state);
      if (pending === undefined) continue;
      state.url = pending.target.url;
      this.schedule(0, () => this.attempt(state, pending.receipt, pending.target));
    }
  }

  states(): DeliveryState[] {
    return [...this.deliveries.values()].map((state) => ({ ...state }));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.deliveries.clear();
  }

  private schedule(delayMs: number, run: () => Promise<void>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // Nothing awaits a timer: attempt() records a failed POST on the delivery and reschedules itself.
      void run();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async attempt(state: DeliveryState, receipt: Receipt, target: DeliveryTarget): Promise<void> {
    if (this.stopped || this.deliveries.get(`${state.organizationFiscalCode}/${state.iuv}`) !== state) return;
    const settings = this.settings();
    state.attempts += 1;
    this.onAttempt(state);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          ...target.headers,
          'content-type': 'application/json',
          'idempotency-key': state.deliveryId,
        },
        body: JSON.stringify({ deliveryId: state.deliveryId, receipt }),
        signal: AbortSignal.timeout(settings.requestTimeoutMs),
      });
      await response.arrayBuffer();
      if (response.ok || response.status === 409) {
        state.status = 'DELIVERED';
        state.deliveredAt = new Date().toISOString();
        state.lastError = undefined;
        this.onDelivered(state);
        return;
      }
      state.lastError = `HTTP ${response.status}`;
    } catch (error) {
      state.lastError = error instanceof Error ? error.message : String(error);
    }
    if (state.attempts >= settings.maxAttempts) {
      state.status = 'FAILED';
      return;
    }
    this.schedule(backoffDelay(state.attempts + 1, settings), () => this.attempt(state, receipt, target));
  }
}
