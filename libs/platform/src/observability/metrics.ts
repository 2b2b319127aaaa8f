import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry. One per process, like the process itself: api and worker
 * serve it at /metrics; tests that run several apps in one process see their sum.
 */
export const metricsRegistry = new Registry();

let processMetrics = false;

/** CPU, memory, event-loop lag, GC and handles of this Node process, labelled with the app's name. */
export function collectProcessMetrics(app: string): void {
  if (processMetrics) return;
  processMetrics = true;
  metricsRegistry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: metricsRegistry });
}

/** A counter of the registry, created at first use (modules that define metrics may load twice in tests). */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [metricsRegistry] });
}

/** Latency buckets from 5 ms to 30 s: API calls, GraphQL operations and Temporal client calls. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  buckets: number[] = LATENCY_BUCKETS,
): Histogram<L> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Histogram<L>;
  return new Histogram({ name, help, labelNames, buckets, registers: [metricsRegistry] });
}

/** The exposition text of the registry followed by `extra` (e.g. the Temporal Core runtime's own). */
export async function renderMetrics(extra = ''): Promise<string> {
  const own = await metricsRegistry.metrics();
  return extra === '' ? own : `${own}\n${extra}`;
}

export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;
