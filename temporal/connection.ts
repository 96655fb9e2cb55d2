import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
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

/** A client for the API and scripts (starting workflows, queries, visibility, operator calls). */
export async function connectClient(target: TemporalTarget, codec: PayloadCodec | null = null): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({ address: target.address, connectTimeout: '5s', ...security(target) });
  return { connection, client: new Client({ connection, namespace: target.namespace, ...(codec ? { dataConverter: { payloadCodecs: [codec] } } : {}) }) };
}

/** The worker's native connection (Rust core). */
export function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({ address: target.address, ...security(target) });
}

/** Is the frontend answering? Used by the health endpoint and the launcher's readiness wait. */
export async function pingTemporal(connection: Connection, namespace: string, timeoutMs = 2000): Promise<void> {
  await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.describeNamespace({ namespace }));
}
