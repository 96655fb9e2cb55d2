// eslint-disable-next-line no-restricted-imports -- the OpenTelemetry API (pure, what the SDK's workflow interceptors use in the sandbox), not the app's api/ folder the pattern means
import { trace } from '@opentelemetry/api';
import type {
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';

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
const carriesTrace = (headers: Headers) => headers[TRACE_HEADER] !== undefined;
/** Within a traced execution or handler (the SDK's context manager holds its span). */
const inTrace = () => trace.getActiveSpan() !== undefined;

export const interceptors: WorkflowInterceptorsFactory = () => {
  let otel: Required<Pick<WorkflowInterceptors, 'inbound' | 'outbound' | 'internals'>> | null = null;
  // Made on first use: an untraced workflow never builds the SDK's tracer.
  const sdk = () =>
    (otel ??= {
      inbound: [new OpenTelemetryInboundInterceptor()],
      outbound: [new OpenTelemetryOutboundInterceptor()],
      internals: [new OpenTelemetryInternalsInterceptor()],
    });
  const inbound = () => sdk().inbound[0] as OpenTelemetryInboundInterceptor;
  const outbound = () => sdk().outbound[0] as OpenTelemetryOutboundInterceptor;

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
