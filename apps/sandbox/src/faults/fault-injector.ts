import { Injectable } from '@nestjs/common';
import { z } from 'zod';

const rate = z.number().min(0).max(1);

export const faultSettings = z
  .object({
    rate5xx: rate,
    rate429: rate,
    rateTimeout: rate,
    /**
     * Writes (POST, PUT, PATCH, DELETE) that succeed, yet whose answer never reaches the client:
     * the platform has committed the change (a debt position, an App IO message), the caller sees
     * a failure and must retry idempotently.
     */
    dropResponseAfterCommitRate: rate,
    /** How a dropped answer looks to the client: the connection closes, or a gateway's 504. */
    dropResponseMode: z.enum(['hangup', '504']),
    latencyMs: z.number().int().min(0).max(60_000),
    /** How long a "timeout" fault holds the request before dropping the connection. */
    timeoutMs: z.number().int().min(0).max(120_000),
    /** Path prefixes the faults and latency apply to (e.g. `/api/v1/messages`); empty means every imitated API. */
    pathPrefixes: z.array(z.string().startsWith('/')),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettings>;

export type Fault =
  | { kind: 'none' }
  | { kind: '5xx' }
  | { kind: '429' }
  | { kind: 'timeout'; holdMs: number }
  | { kind: 'dropResponseAfterCommit'; mode: FaultSettings['dropResponseMode'] };

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
    dropResponseAfterCommitRate: 0,
    dropResponseMode: 'hangup',
    latencyMs: 0,
    timeoutMs: 30_000,
    pathPrefixes: [],
  };
  private readonly counts = {
    requests: 0,
    injected5xx: 0,
    injected429: 0,
    injectedTimeouts: 0,
    droppedResponsesAfterCommit: 0,
    /** Requests to the imitated platforms received and not yet answered (or dropped): work in flight. */
    inFlight: 0,
  };

  constructor(private readonly random: () => number = Math.random) {}

  current(): FaultSettings {
    return { ...this.settings, pathPrefixes: [...this.settings.pathPrefixes] };
  }

  configure(change: Partial<FaultSettings>): FaultSettings {
    this.settings = faultSettings.parse({ ...this.settings, ...change });
    return this.current();
  }

  counters(): Readonly<typeof this.counts> {
    return { ...this.counts };
  }

  /** A request entered; `left` must be called once when its connection is done with it. */
  entered(): () => void {
    this.counts.inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.counts.inFlight -= 1;
    };
  }

  /** Whether faults and latency apply to this path at all. */
  covers(path: string): boolean {
    const { pathPrefixes } = this.settings;
    return pathPrefixes.length === 0 || pathPrefixes.some((prefix) => path.startsWith(prefix));
  }

  /**
   * Decides the fate of one request; the rates are independent slices of one draw. Only writes
   * can have their answer dropped after commit: a read that fails that way is just a timeout.
   */
  draw(request: { write: boolean } = { write: false }): Fault {
    this.counts.requests += 1;
    const roll = this.random();
    const { rate5xx, rate429, rateTimeout, dropResponseAfterCommitRate } = this.settings;
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
    if (request.write && roll < rate5xx + rate429 + rateTimeout + dropResponseAfterCommitRate) {
      return { kind: 'dropResponseAfterCommit', mode: this.settings.dropResponseMode };
    }
    return { kind: 'none' };
  }

  /** Counted when the answer is actually dropped, i.e. the write succeeded (a refused write is answered). */
  recordDroppedResponse(): void {
    this.counts.droppedResponsesAfterCommit += 1;
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }
}
