import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { counter, histogram } from '@sus/platform';
import type { GraphQLResolveInfo } from 'graphql';
import { Observable } from 'rxjs';

const operationDuration = histogram(
  'graphql_operation_duration_seconds',
  'Root GraphQL fields (queries and mutations) resolved by the api, by field and outcome',
  ['type', 'field', 'outcome'],
);
const operationErrors = counter(
  'graphql_errors_total',
  'Root GraphQL fields that answered an error, by field and error code',
  ['type', 'field', 'code'],
);

const codeOf = (error: unknown): string => {
  const record = error as { code?: unknown; extensions?: { code?: unknown }; getStatus?: () => number };
  if (typeof record?.extensions?.code === 'string') return record.extensions.code;
  if (typeof record?.code === 'string') return record.code;
  if (typeof record?.getStatus === 'function') return `HTTP_${record.getStatus()}`;
  return 'INTERNAL_SERVER_ERROR';
};

/**
 * Times every root query and mutation and counts its errors by code; each runs in a span of its
 * own under the request's, so a mutation that starts a workflow shows as its parent in the trace.
 */
@Injectable()
export class GraphqlObservabilityInterceptor implements NestInterceptor {
  private readonly tracer = trace.getTracer('sus-api');

  intercept(executionContext: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (executionContext.getType<GqlContextType>() !== 'graphql') return next.handle();
    const info = GqlExecutionContext.create(executionContext).getInfo<GraphQLResolveInfo>();
    if (info.path.prev !== undefined) return next.handle();
    const type = info.parentType.name.toLowerCase();
    const field = info.fieldName;
    return new Observable((subscriber) => {
      const started = process.hrtime.bigint();
      const span = this.tracer.startSpan(`graphql ${type} ${field}`, {
        attributes: { 'graphql.operation.type': type, 'graphql.field': field },
      });
      const finish = (outcome: 'ok' | 'error', error?: unknown) => {
        operationDuration.observe({ type, field, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
        if (outcome === 'error') {
          const code = codeOf(error);
          operationErrors.inc({ type, field, code });
          span.setStatus({ code: SpanStatusCode.ERROR, message: code });
        }
        span.end();
      };
      // Subscribing inside the span's context runs the resolver in it (the handler is called on subscribe).
      return context.with(trace.setSpan(context.active(), span), () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            finish('error', error);
            subscriber.error(error);
          },
          complete: () => {
            finish('ok');
            subscriber.complete();
          },
        }),
      );
    });
  }
}
