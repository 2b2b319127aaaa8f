import { Injectable } from '@nestjs/common';

/**
 * A stateful sandbox service whose data survives a restart. `exportState` returns plain data
 * (Maps, Sets, Dates and Buffers are fine: the file is written with v8.serialize);
 * `importState` replaces the service's data with it and restarts whatever was in flight
 * (receipt deliveries, message processing). Knobs set through the control surface (faults,
 * delivery settings, rate limits) are not state: they come from the configuration at start.
 */
export interface PersistentState {
  exportState(): unknown;
  importState(state: unknown): void;
}

/**
 * Every stateful service registers here under a stable name, so the state file covers all of
 * them without the persistence knowing each platform. Services that change state outside an
 * HTTP request (a delivery that succeeded, a mail received over SMTP) call `changed()`.
 */
@Injectable()
export class StateRegistry {
  private readonly sources = new Map<string, PersistentState>();
  private dirty = false;

  register(name: string, source: PersistentState): void {
    if (this.sources.has(name)) throw new Error(`Sandbox state source ${name} registered twice`);
    this.sources.set(name, source);
  }

  changed(): void {
    this.dirty = true;
  }

  /** True when something changed since the last call; clears the flag. */
  takeChanged(): boolean {
    const was = this.dirty;
    this.dirty = false;
    return was;
  }

  exportAll(): Record<string, unknown> {
    return Object.fromEntries([...this.sources].map(([name, source]) => [name, source.exportState()]));
  }

  /** Sources absent from `state` keep what they started with; unknown names are ignored. */
  importAll(state: Record<string, unknown>): string[] {
    const imported: string[] = [];
    for (const [name, source] of this.sources) {
      if (!(name in state)) continue;
      source.importState(state[name]);
      imported.push(name);
    }
    return imported;
  }
}
