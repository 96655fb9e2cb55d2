import type { Server } from 'node:http';
import type { Connection } from '@temporalio/client';
import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import { check } from '../api/health/routes';
import { pingTemporal } from '../temporal/connection';
import { metricsHandler } from './metrics';

/**
 * What an orchestrator asks of a SafeLoop process (Kubernetes-style probes) and what Prometheus
 * scrapes, at the root of the API's port, or of a worker's METRICS_PORT:
 * - `/livez`: the process answers (its event loop runs): restart it only when this fails;
 * - `/readyz`: it should get traffic/work: the database and Temporal answer and it is not
 *   draining (a stopping worker finishing its activities); 503 with the reason otherwise;
 * - `/metrics`: app/metrics.ts.
 */
export interface OpsState {
  /** Set when the process begins to stop: readiness turns false at once, liveness stays true. */
  draining: boolean;
  /** The worker's state when the process runs one (RUNNING, DRAINING…), else null. */
  workerState: () => string | null;
}

export interface OpsDeps {
  dataSource: DataSource;
  temporal: { connection: Connection; namespace: string };
  state: OpsState;
  metricsToken: string | null;
}

export function newOpsState(): OpsState {
  return { draining: false, workerState: () => null };
}

export function mountOps(app: Express, deps: OpsDeps): void {
  app.get('/livez', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'live' });
  });
  app.get('/readyz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      check('database', () => deps.dataSource.query('SELECT 1'), 2000),
      check('temporal', () => pingTemporal(deps.temporal.connection, deps.temporal.namespace), 2000),
    ]);
    const worker = deps.state.workerState();
    const reasons = [
      ...(deps.state.draining ? ['draining'] : []),
      ...(database.status === 'down' ? [`database: ${database.error}`] : []),
      ...(temporal.status === 'down' ? [`temporal: ${temporal.error}`] : []),
      ...(worker !== null && worker !== 'RUNNING' ? [`worker: ${worker}`] : []),
    ];
    res.setHeader('Cache-Control', 'no-store');
    res.status(reasons.length ? 503 : 200).json({ status: reasons.length ? 'not_ready' : 'ready', reasons, database, temporal, worker });
  });
  app.get('/metrics', metricsHandler(deps.metricsToken));
}

/** A worker's own small HTTP server for the probes and /metrics (the API serves them on its port). */
export function startOpsServer(port: number, host: string, deps: OpsDeps): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  mountOps(app, deps);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
