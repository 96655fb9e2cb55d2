import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { NativeConnection } from '@temporalio/worker';

export interface TemporalTarget {
  address: string;
  namespace: string;
  tls?: boolean;
  apiKey?: string | null;
}

function security(target: TemporalTarget) {
  return { ...(target.tls ? { tls: true } : {}), ...(target.apiKey ? { apiKey: target.apiKey } : {}) };
}

/**
 * A client for the API and scripts (starting workflows, queries, visibility, operator calls). With
 * `traced`, the SDK's OpenTelemetry interceptor wraps workflow starts, signals, updates and queries
 * in spans and passes the trace on to the workflow in a Temporal header (app/tracing.ts).
 */
export async function connectClient(
  target: TemporalTarget,
  codec: PayloadCodec | null = null,
  traced = false,
): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({ address: target.address, connectTimeout: '5s', ...security(target) });
  const client = new Client({
    connection,
    namespace: target.namespace,
    ...(codec ? { dataConverter: { payloadCodecs: [codec] } } : {}),
    ...(traced ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}),
  });
  return { connection, client };
}

/** The worker's native connection (Rust core). */
export function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({ address: target.address, ...security(target) });
}

/** Is the frontend answering? Used by the health endpoint and the launcher's readiness wait. */
export async function pingTemporal(connection: Connection, namespace: string, timeoutMs = 2000): Promise<void> {
  await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.describeNamespace({ namespace }));
}
