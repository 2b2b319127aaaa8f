import { Injectable } from '@nestjs/common';
import { z } from 'zod';

export const faultSettings = z
  .object({
    rate5xx: z.number().min(0).max(1),
    rate429: z.number().min(0).max(1),
    rateTimeout: z.number().min(0).max(1),
    latencyMs: z.number().int().min(0).max(60_000),
    /** How long a "timeout" fault holds the request before dropping the connection. */
    timeoutMs: z.number().int().min(0).max(120_000),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettings>;

export type Fault =
  { kind: 'none' } | { kind: '5xx' } | { kind: '429' } | { kind: 'timeout'; holdMs: number };

/**
 * Makes the imitated national platforms misbehave like the real ones do on a bad day, so the
 * payment and notification workflows are tested against retries, throttling and hangs.
 */
@Injectable()
export class FaultInjector {
  private settings: FaultSettings = {
    rate5xx: 0,
    rate429: 0,
    rateTimeout: 0,
    latencyMs: 0,
    timeoutMs: 30_000,
  };
  private readonly counts = { requests: 0, injected5xx: 0, injected429: 0, injectedTimeouts: 0 };

  constructor(private readonly random: () => number = Math.random) {}

  current(): FaultSettings {
    return { ...this.settings };
  }

  configure(change: Partial<FaultSettings>): FaultSettings {
    this.settings = faultSettings.parse({ ...this.settings, ...change });
    return this.current();
  }

  counters(): Readonly<typeof this.counts> {
    return { ...this.counts };
  }

  /** Decides the fate of one request; the rates are independent slices of one draw. */
  draw(): Fault {
    this.counts.requests += 1;
    const roll = this.random();
    const { rate5xx, rate429, rateTimeout } = this.settings;
    if (roll < rate5xx) {
      this.counts.injected5xx += 1;
      return { kind: '5xx' };
    }
    if (roll < rate5xx + rate429) {
      this.counts.injected429 += 1;
      return { kind: '429' };
    }
    if (roll < rate5xx + rate429 + rateTimeout) {
      this.counts.injectedTimeouts += 1;
      return { kind: 'timeout', holdMs: this.settings.timeoutMs };
    }
    return { kind: 'none' };
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }
}
