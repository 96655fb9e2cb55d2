import http from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * The process's Prometheus metrics (prom-client), served at `/metrics` with the Temporal SDK's own
 * metrics appended (the SDK runtime exports those on a local port of its own, see
 * temporal/worker.ts installTemporalRuntime; process starts, completions and SLA breaches are
 * counted by the workflows through the SDK's replay-safe metric meter, so they are there too).
 *
 * One registry per Node process: `npm start` (all in one) serves everything on the app's port; in
 * production the API serves its own at `/metrics` and each worker at `METRICS_PORT`.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'safeloop_' });

export const httpDuration = new Histogram({
  name: 'safeloop_http_request_duration_seconds',
  help: 'HTTP requests by route (the path pattern, e.g. /api/hazards/:id), method and status, from the request to the last byte of the answer',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export type NotificationOutcome = 'sent' | 'deferred' | 'failed' | 'no_recipient';
export const notificationOutcomes = new Counter({
  name: 'safeloop_notifications_total',
  help: 'Notification deliveries by channel (inapp, email, webhook; any for a reroute) and outcome: sent, deferred (quiet hours), failed (refused, not retried), no_recipient (the audience resolved to nobody and was rerouted)',
  labelNames: ['channel', 'outcome'] as const,
  registers: [registry],
});

interface PoolLike {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  config?: { connectionLimit?: number };
}

let observed: DataSource | null = null;

/**
 * Gauges read from the database at scrape time: the inbox backlog (open tasks by process type,
 * overdue or not) and the connection pool's use. The last data source given wins (one per process).
 */
export function observeDatabase(dataSource: DataSource): void {
  observed = dataSource;
}

new Gauge({
  name: 'safeloop_inbox_open_tasks',
  help: 'Open tasks (waiting for a person) by process type, split into overdue (past due) and on_time',
  labelNames: ['process', 'state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const ds = observed;
    if (!ds?.isInitialized) return;
    const rows: { process: string; overdue: number | string; n: number | string }[] = await ds.query(
      `SELECT process_type AS process, CASE WHEN due_at IS NOT NULL AND due_at < ? THEN 1 ELSE 0 END AS overdue, COUNT(*) AS n
         FROM tasks WHERE status = 'open' GROUP BY process_type, overdue`,
      [new Date()],
    );
    for (const r of rows) this.set({ process: r.process, state: Number(r.overdue) ? 'overdue' : 'on_time' }, Number(r.n));
  },
});

new Gauge({
  name: 'safeloop_db_pool_connections',
  help: 'Database connection pool: connections in use, idle, requests waiting for one, and the pool size (MariaDB/MySQL; the embedded database has no pool)',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    const pool = (observed?.isInitialized ? (observed.driver as unknown as { pool?: PoolLike }).pool : undefined) ?? null;
    if (!pool?._allConnections) return;
    const all = pool._allConnections.length;
    const free = pool._freeConnections?.length ?? 0;
    this.set({ state: 'used' }, all - free);
    this.set({ state: 'idle' }, free);
    this.set({ state: 'waiting' }, pool._connectionQueue?.length ?? 0);
    if (pool.config?.connectionLimit) this.set({ state: 'max' }, pool.config.connectionLimit);
  },
});

/** The route pattern that answered the request (e.g. /api/hazards/:id); null: no route matched. */
export function routePattern(req: Request): string | null {
  const pattern = (req.route as { path?: string } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : null;
}

/** Times every request by its route pattern (unmatched paths count as one label, so a scan cannot blow up the series). */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.once('finish', () => {
    const route = routePattern(req) ?? (req.path.startsWith('/api/') ? 'unmatched' : 'web');
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
}

/** Where the Temporal SDK runtime serves its Prometheus metrics in this process (null: not exported). */
let sdkMetricsUrl: string | null = null;
export function setSdkMetricsUrl(url: string | null): void {
  sdkMetricsUrl = url;
}

/** The whole exposition: this process's metrics, then the SDK's (when it exports any here). */
export async function metricsText(): Promise<string> {
  const own = await registry.metrics();
  if (!sdkMetricsUrl) return own;
  try {
    const res = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2000) });
    const sdk = res.ok ? await res.text() : `# the Temporal SDK's metrics answered ${res.status}\n`;
    return `${own}\n${sdk}`;
  } catch (err) {
    return `${own}\n# the Temporal SDK's metrics could not be read: ${(err as Error).message}\n`;
  }
}

/** The `/metrics` handler; with METRICS_TOKEN set, Prometheus must send it as a bearer token. */
export function metricsHandler(token: string | null) {
  return async (req: Request | http.IncomingMessage, res: Response | http.ServerResponse): Promise<void> => {
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('metrics need the METRICS_TOKEN as a bearer token\n');
      return;
    }
    const body = await metricsText();
    res.writeHead(200, { 'content-type': registry.contentType }).end(body);
  };
}
