import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { Resource, envDetectorSync } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_HTTP_ROUTE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Request } from 'express';
import type { TracingConfig } from './config';
import { routePattern } from './metrics';

/**
 * OpenTelemetry tracing, on when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set: spans
 * go over OTLP/HTTP to the collector in batches (OTEL_BSP_* tune them, OTEL_TRACES_SAMPLER samples,
 * OTEL_RESOURCE_ATTRIBUTES adds to the resource: the standard variables). One trace follows a
 * request through the API (the http server span, named by its route), the Temporal client
 * (StartWorkflow), the workflow (RunWorkflow, StartActivity; workflows/shared/tracing.ts) and the
 * activities (RunActivity and their own spans, e.g. the inbox insert), across processes: the SDK's
 * OpenTelemetry interceptors carry the context in Temporal headers (temporal/connection.ts,
 * temporal/worker.ts).
 *
 * Off (no endpoint): nothing is registered, the OpenTelemetry API stays the no-op one, no
 * interceptors are installed, and workflows started without trace context run untouched.
 */
export interface Tracing {
  resource: Resource;
  /** Also the sink of the workflows' spans (they are made inside the workflow sandbox). */
  spanProcessor: SpanProcessor;
  /** Sends what is buffered (a stopping system calls it). */
  flush(): Promise<void>;
}

let started: Tracing | null = null;

/** The tracing of this process, null when off. */
export function activeTracing(): Tracing | null {
  return started;
}

/**
 * Starts tracing for this process when configured (null: off). Once per process: later calls
 * return the first. The entry point calls it before the app's modules load (scripts/tracing.ts),
 * so that the http instrumentation sees node:http being required.
 */
export function startTracing(config: TracingConfig, role: string): Tracing | null {
  if (started || !config.tracesUrl) return started;
  const resource = Resource.default()
    .merge(envDetectorSync.detect())
    .merge(new Resource({ [ATTR_SERVICE_NAME]: config.serviceName ?? role }));
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would bury the requests people make.
        ignoreIncomingRequestHook: (req) => /^\/(livez|readyz|metrics)(\?|$)/.test(req.url ?? ''),
        // Named by the route that answered (POST /api/hazards/:id), as @opentelemetry/instrumentation-express
        // would; its releases for the SDK 1.x line patch express 4 only, and SafeLoop runs express 5.
        applyCustomAttributesOnSpan: (span, request) => {
          const route = routePattern(request as IncomingMessage as Request);
          if (!route) return;
          span.setAttribute(ATTR_HTTP_ROUTE, route);
          span.updateName(`${(request as IncomingMessage).method ?? 'GET'} ${route}`);
        },
      }),
    ],
  });
  started = { resource, spanProcessor, flush: () => provider.forceFlush() };
  return started;
}

/** The service name for a process of this mode (when OTEL_SERVICE_NAME does not say). */
export function tracingRole(mode: 'all' | 'api' | 'worker'): string {
  return mode === 'all' ? 'safeloop' : `safeloop-${mode}`;
}
