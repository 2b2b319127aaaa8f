import { Injectable } from '@nestjs/common';
import type { PersistentState } from '../state/persistent-state';

/**
 * The sandbox's notion of "now". Tests move it forward (`PUT /__sandbox/pagopa/clock`) to see
 * positions become valid or expire, and settlement flows close, without waiting real days.
 */
@Injectable()
export class SandboxClock implements PersistentState {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock so that now() returns `instant`; later calls keep ticking from there. */
  set(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** The offset, not the instant: after a restart the clock keeps ticking as far ahead as it was. */
  exportState(): { offsetMs: number } {
    return { offsetMs: this.offsetMs };
  }

  importState(state: { offsetMs: number }): void {
    this.offsetMs = state.offsetMs;
  }
}
