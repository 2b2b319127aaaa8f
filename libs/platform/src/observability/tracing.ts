import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface Tracing {
  /** The resource every span of this process carries (service.name = api, worker, …). */
  readonly resource: Resource;
  /** Where spans go: the OTLP exporter, or what a test passed. The worker hands it to workflow spans too. */
  readonly spanProcessor: SpanProcessor;
  /** Sends what is buffered and stops; call on shutdown. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** service.name of the spans: 'api', 'worker'. */
  service: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL (spans go to <endpoint>/v1/traces). */
  endpoint?: string;
  /** Instead of an OTLP exporter (tests: a SimpleSpanProcessor over an InMemorySpanExporter). */
  spanProcessor?: SpanProcessor;
}

/**
 * OpenTelemetry tracing for one process: off (undefined, and the API's no-op tracer stays) unless a
 * collector endpoint or a span processor is given. On, it registers the global tracer provider, the
 * async-hooks context manager and the W3C trace-context propagator, so the api's request spans, the
 * Temporal client interceptor, the worker's activity spans and the logger's traceId all see it.
 */
let current: Tracing | undefined;

/** The tracing this process started, if any: the worker gives its span processor to workflow spans. */
export function currentTracing(): Tracing | undefined {
  return current;
}

export function startTracing(options: TracingOptions): Tracing | undefined {
  const endpoint = options.endpoint?.trim();
  if (!options.spanProcessor && !endpoint) return undefined;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: `sus-${options.service}` });
  const spanProcessor =
    options.spanProcessor ??
    new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint!.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const started: Tracing = {
    resource,
    spanProcessor,
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      if (current === started) current = undefined;
    },
  };
  current = started;
  return started;
}
