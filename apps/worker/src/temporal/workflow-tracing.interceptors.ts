// OpenTelemetry inside workflows (bundled with them: workflowInterceptorModules in workflow-bundle.ts).
//
// Why not the package's interceptors as they are: they `await` around every call they wrap (and add a
// yield before it unless an SDK flag says otherwise), so an activity is scheduled, and its result seen,
// a few microtasks later than in a workflow without them. Histories recorded before tracing existed
// (the committed ones in test/histories, and every case or payment running when this is deployed)
// then replay with their commands in another order: a nondeterminism error (the replay test found it
// on payment-expired and five others). These subclasses keep the package's tracer, span names and
// header format but call the next interceptor synchronously and hand back its very promise, so a
// workflow runs exactly as without tracing, and replays the same with or without it.
// Second difference: span and trace ids. OpenTelemetry draws them from Math.random, which in a workflow
// is Temporal's seeded generator: every span would shift the random numbers the workflow itself draws
// (the payment's poll jitter), again a nondeterminism error on old histories. Ids here are hashed from
// the run id and a counter instead, and the workflow's Math.random sequence is left alone.
// First: gives the workflow sandbox the `performance` global OpenTelemetry's modules read as they load.
import '@temporalio/interceptors-opentelemetry/lib/workflow/runtime';
import * as otel from '@opentelemetry/api';
import { BasicTracerProvider, type IdGenerator, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  extractContextFromHeaders,
  headersWithContext,
  UPDATE_ID_ATTR_KEY,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
  SPAN_DELIMITER,
  SpanName,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { SpanExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow/span-exporter';
import {
  ContinueAsNew,
  workflowInfo,
  type ActivityInput,
  type ContinueAsNewInput,
  type LocalActivityInput,
  type Next,
  type QueryInput,
  type SignalInput,
  type SignalWorkflowInput,
  type StartChildWorkflowExecutionInput,
  type StartNexusOperationInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** 32-bit FNV-1a of a text, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Ids from the run id and a counter: unique per span, no draw from the workflow's Math.random. */
class WorkflowIdGenerator implements IdGenerator {
  private issued = 0;

  private id(words: number): string {
    const seed = `${workflowInfo().runId}/${this.issued++}`;
    let id = '';
    for (let word = 0; word < words; word++) id += fnv1a(`${word}:${seed}`);
    return id;
  }

  generateTraceId(): string {
    return this.id(4);
  }

  generateSpanId(): string {
    return this.id(2);
  }
}

/**
 * One tracer per workflow execution (the interceptors are made per execution), exporting through
 * the package's sink exporter (the worker's workflowTracingSinks); not registered globally.
 */
function workflowTracer(): otel.Tracer {
  return new BasicTracerProvider({
    idGenerator: new WorkflowIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor(new SpanExporter())],
  }).getTracer('@temporalio/interceptor-workflow');
}

/**
 * Runs `call` at once inside a new active span and ends the span when the promise it returns
 * settles; returns that same promise, so the caller's timing is untouched.
 */
function inSpan<T>(
  tracer: otel.Tracer,
  name: string,
  parent: otel.Context | undefined,
  call: (span: otel.Span) => Promise<T>,
  expected: (error: unknown) => boolean = () => false,
): Promise<T> {
  const fail = (span: otel.Span, error: unknown) => {
    if (expected(error)) return;
    span.setStatus({
      code: otel.SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  };
  return tracer.startActiveSpan(name, {}, parent ?? otel.context.active(), (span) => {
    let promise: Promise<T>;
    try {
      promise = call(span);
    } catch (error) {
      fail(span, error);
      span.end();
      throw error;
    }
    promise.then(
      () => span.end(),
      (error: unknown) => {
        fail(span, error);
        span.end();
      },
    );
    return promise;
  });
}

class TracingInboundInterceptor extends OpenTelemetryInboundInterceptor {
  constructor(private readonly spans: otel.Tracer) {
    super();
  }

  override execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
    return inSpan(
      this.spans,
      `${SpanName.WORKFLOW_EXECUTE}${SPAN_DELIMITER}${workflowInfo().workflowType}`,
      extractContextFromHeaders(input.headers),
      () => next(input),
      (error) => error instanceof ContinueAsNew,
    );
  }

  override handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) {
    return inSpan(
      this.spans,
      `${SpanName.WORKFLOW_HANDLE_SIGNAL}${SPAN_DELIMITER}${input.signalName}`,
      extractContextFromHeaders(input.headers),
      () => next(input),
    );
  }

  override handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) {
    return inSpan(
      this.spans,
      `${SpanName.WORKFLOW_HANDLE_UPDATE}${SPAN_DELIMITER}${input.name}`,
      extractContextFromHeaders(input.headers),
      (span) => {
        span.setAttribute(UPDATE_ID_ATTR_KEY, input.updateId);
        return next(input);
      },
    );
  }

  /** Validators and queries change nothing and run often (every read of a case): no span. */
  override validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>) {
    next(input);
  }

  override handleQuery(input: QueryInput, next: Next<WorkflowInboundCallsInterceptor, 'handleQuery'>) {
    return next(input);
  }
}

class TracingOutboundInterceptor extends OpenTelemetryOutboundInterceptor {
  constructor(private readonly spans: otel.Tracer) {
    super();
  }

  override scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ) {
    return inSpan(
      this.spans,
      `${SpanName.ACTIVITY_START}${SPAN_DELIMITER}${input.activityType}`,
      undefined,
      () => next({ ...input, headers: headersWithContext(input.headers) }),
    );
  }

  override scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ) {
    return inSpan(
      this.spans,
      `${SpanName.ACTIVITY_START}${SPAN_DELIMITER}${input.activityType}`,
      undefined,
      () => next({ ...input, headers: headersWithContext(input.headers) }),
    );
  }

  override startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ) {
    return inSpan(
      this.spans,
      `${SpanName.CHILD_WORKFLOW_START}${SPAN_DELIMITER}${input.workflowType}`,
      undefined,
      () => next({ ...input, headers: headersWithContext(input.headers) }),
    );
  }

  override signalWorkflow(
    input: SignalWorkflowInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>,
  ) {
    return inSpan(
      this.spans,
      `${SpanName.WORKFLOW_SIGNAL}${SPAN_DELIMITER}${input.signalName}`,
      undefined,
      () => next({ ...input, headers: headersWithContext(input.headers) }),
    );
  }

  override continueAsNew(
    input: ContinueAsNewInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>,
  ) {
    return inSpan(
      this.spans,
      `${SpanName.CONTINUE_AS_NEW}${SPAN_DELIMITER}${input.options.workflowType}`,
      undefined,
      () => next({ ...input, headers: headersWithContext(input.headers) }),
      (error) => error instanceof ContinueAsNew,
    );
  }

  /** Not used by SUS; passed through rather than traced with the package's extra yield. */
  override startNexusOperation(
    input: StartNexusOperationInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startNexusOperation'>,
  ) {
    return next(input);
  }
}

export const interceptors = (): WorkflowInterceptors => {
  const tracer = workflowTracer();
  return {
    inbound: [new TracingInboundInterceptor(tracer)],
    outbound: [new TracingOutboundInterceptor(tracer)],
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};
