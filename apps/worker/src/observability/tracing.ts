import type { Context } from '@temporalio/activity';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptors, InjectedSinks } from '@temporalio/worker';
import type { Tracing } from '@sus/platform';

/**
 * Where workflow spans go: workflows cannot do I/O, so their spans leave the sandbox through this
 * sink to the process's span processor. Registered on every worker that runs the bundle, even with
 * tracing off (then it drops them), since the bundled interceptors always call it.
 */
export function workflowTracingSinks(tracing: Tracing | undefined): InjectedSinks<OpenTelemetrySinks> {
  return {
    exporter: tracing
      ? makeWorkflowExporter(tracing.spanProcessor, tracing.resource)
      : { export: { fn: () => undefined, callDuringReplay: false } },
  };
}

/** An activity's span, a child of the workflow span that scheduled it, and its trace id in the SDK's log lines. */
export const tracingActivityInterceptors = (ctx: Context): ActivityInterceptors => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});
