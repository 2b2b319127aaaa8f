import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Hands the measurement to scripts/bench.mjs, which prints the closing ratio line. */
export function reportBench(result: {
  ours: number;
  baseline: number;
  unit: string;
  /** A closing line of the section's own, printed instead of the ratio line (e.g. `scale`). */
  summary?: string;
  detail?: Record<string, unknown>;
}): void {
  const file = process.env.SUS_BENCH_RESULT;
  if (!file) throw new Error('SUS_BENCH_RESULT is not set: run benchmarks with `npm run bench -- <section>`');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2));
}
