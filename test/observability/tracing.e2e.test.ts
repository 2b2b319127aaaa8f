import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '@sus/platform';
import { eventually } from '../support/platform';
import { PaymentsStack } from '../support/payments-stack';

/**
 * Issue 17, item 4: one trace follows a payment from the api request through Temporal into the
 * workflow and its activities. The api, the worker (in process, running the built bundle with its
 * OpenTelemetry workflow interceptors) and this test share one tracer provider whose spans go to
 * memory, as OTEL_EXPORTER_OTLP_ENDPOINT would send them to a collector.
 */
describe('OpenTelemetry tracing of a payment', () => {
  const spans = new InMemorySpanExporter();
  const stack = new PaymentsStack();
  let tracing: Tracing | undefined;

  beforeAll(async () => {
    tracing = startTracing({ service: 'test', spanProcessor: new SimpleSpanProcessor(spans) });
    await stack.start();
  });
  afterAll(async () => {
    await stack.stop();
    await tracing?.shutdown();
  });

  const finished = () => spans.getFinishedSpans();
  const named = (list: ReadableSpan[], prefix: string) => list.filter((span) => span.name.startsWith(prefix));

  it('shows the api request, the workflow start, the workflow run and its activities in one trace', async () => {
    const noticeNumber = await stack.issue();
    await stack.untilStatus(noticeNumber, 'published', 120_000);
    expect((await stack.payAtPsp(noticeNumber)).status).toBe(201);
    await stack.untilStatus(noticeNumber, 'paid', 120_000);

    // The request that issued the payment: the api's server span, the GraphQL mutation's span in it,
    // and the client interceptor's span that started the workflow.
    const byId = (list: ReadableSpan[], id: string | undefined) =>
      list.find((span) => span.spanContext().spanId === id);
    const startSpan = named(finished(), 'StartWorkflow:paymentWorkflow').find(
      (span) => span.attributes.temporalWorkflowId === `payment/${noticeNumber}`,
    );
    expect(startSpan).toBeDefined();
    const mutation = byId(finished(), startSpan!.parentSpanId);
    expect(mutation?.name).toBe('graphql mutation issuePayment');
    const request = byId(finished(), mutation!.parentSpanId);
    expect(request?.name).toBe('POST /graphql');
    expect(request!.parentSpanId).toBeUndefined();
    const traceId = request!.spanContext().traceId;
    const inTrace = (list: ReadableSpan[]) => list.filter((span) => span.spanContext().traceId === traceId);

    // The workflow's own span ends when the workflow does, after the receipt: wait for it to leave the worker.
    const trace = await eventually(
      async () => {
        const all = inTrace(finished());
        return named(all, 'RunWorkflow:paymentWorkflow').length > 0 &&
          named(all, 'RunActivity:publishDebtPosition').length > 0
          ? all
          : undefined;
      },
      'the workflow span of the payment',
      60_000,
    );

    const [run] = named(trace, 'RunWorkflow:paymentWorkflow');
    expect(run!.parentSpanId).toBe(startSpan!.spanContext().spanId);
    // Every activity the workflow scheduled: a StartActivity span under the workflow's, a RunActivity span under it.
    const scheduled = named(trace, 'StartActivity:');
    expect(scheduled.map((span) => span.name)).toEqual(
      expect.arrayContaining(['StartActivity:publishDebtPosition']),
    );
    for (const span of scheduled)
      expect({ name: span.name, parent: span.parentSpanId }).toEqual({
        name: span.name,
        parent: run!.spanContext().spanId,
      });
    const ran = named(trace, 'RunActivity:');
    expect(ran.length).toBe(scheduled.length);
    const scheduledIds = new Set(scheduled.map((span) => span.spanContext().spanId));
    for (const span of ran)
      expect({ name: span.name, underStart: scheduledIds.has(span.parentSpanId!) }).toEqual({
        name: span.name,
        underStart: true,
      });
    // The api's span says which request it was (its id is in the api's log lines too).
    expect(request!.attributes['sus.request_id']).toEqual(expect.any(String));
    // The receipt pagoPA pushed: a trace of its own, from the api's endpoint into the workflow's Update handler.
    const update = named(finished(), 'HandleUpdate:applyReceipt');
    expect(update).toHaveLength(1);
    const sent = byId(finished(), update[0]!.parentSpanId);
    expect(sent?.name).toBe('StartWorkflowUpdate:applyReceipt');
    expect(byId(finished(), sent!.parentSpanId)?.name).toBe('POST /pagopa/receipts');
  }, 300_000);
});
