// eslint-disable-next-line no-restricted-imports -- the OpenTelemetry API (pure, what the SDK's workflow interceptors use in the sandbox), not the app's api/ folder the pattern means
import type * as OtelApi from '@opentelemetry/api';
import type * as OtelInstrumentation from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import type * as OtelWorkflow from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type {
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/**
 * The SDK's OpenTelemetry workflow interceptors (@temporalio/interceptors-opentelemetry), for the
 * workflows that are part of a trace: a workflow whose start (or a signal, update or query) carries
 * trace context in its Temporal header gets a RunWorkflow span, child of the starter's span, and
 * each activity, child workflow, signal and continue-as-new it issues there gets a span that
 * passes the trace on. Nothing else is touched: whoever starts a workflow without tracing
 * (tracing off, schedules) sends no such header, and then the calls go straight through, as
 * before tracing existed (no spans, no sink calls, no extra yields on replay). Traces thus start
 * where people act (API requests), never in the engine: a worker with tracing on traces the
 * activities of traced workflows only (temporal/worker.ts).
 *
 * Spans made here are handed to the worker's `exporter` sink (temporal/worker.ts). Registered with
 * the worker (and the bundle) as a workflow interceptor module.
 */
type Headers = Record<string, unknown>;
/** The SDK's header name, checked against its declaration (importing it would load the OpenTelemetry API into every workflow). */
const TRACE_HEADER: typeof OtelInstrumentation.TRACE_HEADER = '_tracer-data';
const carriesTrace = (headers: Headers) => headers[TRACE_HEADER] !== undefined;

/**
 * The OpenTelemetry modules, loaded on a traced workflow's first traced call. The reusable V8
 * context evaluates a workflow's modules for each workflow it creates, and the SDK's tracer (its
 * API, SDK and semantic conventions) was a tenth of the workflow thread's CPU under load
 * (bench:processes) for workflows that mostly carry no trace at all; webpack's `require` in a
 * function runs the module only when called. Loading modules has no effect on the history.
 */
interface Otel {
  api: typeof OtelApi;
  sdk: typeof OtelWorkflow;
}
const loadOtel = (): Otel => ({
  /* eslint-disable @typescript-eslint/no-require-imports, no-restricted-globals -- lazy on purpose, see above */
  api: require('@opentelemetry/api') as typeof OtelApi,
  sdk: require('@temporalio/interceptors-opentelemetry/lib/workflow') as typeof OtelWorkflow,
  /* eslint-enable @typescript-eslint/no-require-imports, no-restricted-globals */
});

export const interceptors: WorkflowInterceptorsFactory = () => {
  let otel: Required<Pick<WorkflowInterceptors, 'inbound' | 'outbound' | 'internals'>> | null = null;
  let api: typeof OtelApi | null = null;
  // Made on first use: an untraced workflow never loads or builds the SDK's tracer.
  const sdk = () => {
    if (otel) return otel;
    const loaded = loadOtel();
    api = loaded.api;
    return (otel = {
      inbound: [new loaded.sdk.OpenTelemetryInboundInterceptor()],
      outbound: [new loaded.sdk.OpenTelemetryOutboundInterceptor()],
      internals: [new loaded.sdk.OpenTelemetryInternalsInterceptor()],
    });
  };
  /** Within a traced execution or handler (the SDK's context manager holds its span); never before the tracer was loaded. */
  const inTrace = () => api !== null && api.trace.getActiveSpan() !== undefined;
  const inbound = () => sdk().inbound[0] as OtelWorkflow.OpenTelemetryInboundInterceptor;
  const outbound = () => sdk().outbound[0] as OtelWorkflow.OpenTelemetryOutboundInterceptor;

  const gatedInbound: WorkflowInboundCallsInterceptor = {
    execute: (input, next) => (carriesTrace(input.headers) ? inbound().execute(input, next) : next(input)),
    handleSignal: (input, next) => (carriesTrace(input.headers) ? inbound().handleSignal(input, next) : next(input)),
    handleUpdate: (input, next) => (carriesTrace(input.headers) ? inbound().handleUpdate(input, next) : next(input)),
    validateUpdate: (input, next) => (carriesTrace(input.headers) ? inbound().validateUpdate(input, next) : next(input)),
    handleQuery: (input, next) => (carriesTrace(input.headers) ? inbound().handleQuery(input, next) : next(input)),
  };
  const gatedOutbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (inTrace() ? outbound().scheduleActivity(input, next) : next(input)),
    scheduleLocalActivity: (input, next) => (inTrace() ? outbound().scheduleLocalActivity(input, next) : next(input)),
    startChildWorkflowExecution: (input, next) => (inTrace() ? outbound().startChildWorkflowExecution(input, next) : next(input)),
    continueAsNew: (input, next) => (inTrace() ? outbound().continueAsNew(input, next) : next(input)),
    signalWorkflow: (input, next) => (inTrace() ? outbound().signalWorkflow(input, next) : next(input)),
    getLogAttributes: (input, next) => (inTrace() ? outbound().getLogAttributes(input, next) : next(input)),
  };
  return {
    inbound: [gatedInbound],
    outbound: [gatedOutbound],
    internals: [{ dispose: (input, next) => (otel ? otel.internals[0].dispose!(input, next) : next(input)) }],
  };
};
