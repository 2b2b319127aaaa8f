import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { histogram, withLogContext } from '@sus/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const requestDuration = histogram(
  'http_request_duration_seconds',
  'HTTP requests served by the api, by method, route and status code',
  ['method', 'route', 'status_code'],
);

const spans = new WeakMap<FastifyRequest, Span>();

/** The route pattern, not the URL: ids in paths would make a label value per request. */
const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

/**
 * Per request: a server span (continuing the caller's trace from `traceparent`) that is the active
 * span while the handler runs, so Temporal calls made by the handler join it; the request id in
 * every log line written meanwhile; and the request's duration in `http_request_duration_seconds`.
 * Installed at preValidation, after the body is read, because the async context must enclose the
 * handler (the pattern of @fastify/request-context).
 */
export function installHttpObservability(fastify: FastifyInstance): void {
  const tracer = trace.getTracer('sus-api');
  fastify.addHook('preValidation', (request, _reply, done) => {
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(
      `${request.method} ${routeOf(request)}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': routeOf(request),
          'sus.request_id': request.id,
        },
      },
      parent,
    );
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), () => withLogContext({ requestId: request.id }, done));
  });
  fastify.addHook('onResponse', async (request, reply) => {
    requestDuration.observe(
      { method: request.method, route: routeOf(request), status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    const span = spans.get(request);
    if (span === undefined) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}
