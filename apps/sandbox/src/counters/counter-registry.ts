import { Injectable } from '@nestjs/common';

interface CounterSource {
  snapshot(): object;
  reset(): void;
}

/**
 * Each imitated platform registers its counters here, so `/__sandbox/counters` and
 * `/__sandbox/reset` cover all of them without the control surface knowing each platform.
 */
@Injectable()
export class CounterRegistry {
  private readonly sources = new Map<string, CounterSource>();

  register(name: string, source: CounterSource): void {
    this.sources.set(name, source);
  }

  snapshot(): Record<string, object> {
    return Object.fromEntries([...this.sources].map(([name, source]) => [name, source.snapshot()]));
  }

  reset(): void {
    for (const source of this.sources.values()) source.reset();
  }
}
