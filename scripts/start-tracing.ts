/**
 * Imported first by scripts/safeloop.ts: starts OpenTelemetry tracing (when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set) before express and the rest of the app load, so that the http instrumentation patches
 * node:http as it is required. A configuration error is left to the entry point, which reports it.
 */
import { loadConfig } from '../app/config';
import { startTracing, tracingRole } from '../app/tracing';

const role = { start: 'all', api: 'api', worker: 'worker' } as const;
const mode = role[(process.argv[2] ?? 'start') as keyof typeof role];
if (mode) {
  try {
    startTracing(loadConfig().tracing, tracingRole(mode));
  } catch {
    // reported by the entry point's own loadConfig()
  }
}
