import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Task, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers, reportHazard } from '../support/api';
import { freePort } from '../../temporal/dev-server';
import { httpClient, startTestSystem, testServices } from '../support/env';
import { startWorkerProcess } from '../support/worker-process';
import { DEFAULT_TEST_DATABASE_URL } from '../support/mysql';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { outboxDelivered } from '../support/notifications';
import { eventually } from '../support/wait';

/** Grading due in 2 s, one escalation rung a second later: a breach and an escalation within the test. */
const fast: Policy = {
  ...DEFAULT_POLICY,
  quietHours: { default: null },
  reminders: { beforeDeadline: [] },
  sla: { ...DEFAULT_POLICY.sla, hazardGrading: 2 },
  escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 1 },
};

/** The value of the first sample of `name` whose labels include every one of `labels` (null: none). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => have.includes(`${k}="${v}"`))) return Number(m[3]);
  }
  return null;
}

describe('operations: /metrics, /livez and /readyz', () => {
  let proxy: TcpProxy;
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, usePolicy } = apiHelpers(() => system);
  const scrape = async (token: string | null = 'scrape-token') => {
    const r = await httpClient(system.appUrl!).call('GET', '/metrics', undefined, token ? { authorization: `Bearer ${token}` } : {});
    return r;
  };

  beforeAll(async () => {
    const db = new URL(process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: db.hostname, port: Number(db.port || 3306) });
    system = await startTestSystem(
      'all',
      { METRICS_TOKEN: 'scrape-token' },
      {
        via: (url) => {
          const u = new URL(url);
          u.hostname = '127.0.0.1';
          u.port = String(proxy.port);
          return u.toString();
        },
      },
    );
  });
  afterAll(async () => {
    await proxy?.restore();
    await system?.stop();
    await proxy?.close();
  });

  it("shows the app's and the Temporal SDK's metrics: requests by route, processes, breaches, escalations, backlog, pool", async () => {
    await usePolicy(fast, 'seconds-scale grading for the metrics test');
    const h = await reportHazard(as, 'employee', { title: 'Loose handrail on stair B', description: 'Handrail wobbles', suspectedSeverity: 'medium' });
    // A process that closes: a probe (API alerts and the processes' notifications go through the
    // outbox and close nothing); and an alert through the API, for the notification counters.
    expect((await (await as('admin')).call('POST', '/api/system/probes', { probeId: randomUUID(), message: 'metrics' })).status).toBe(201);
    const employee = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'employee' });
    const alert = await (
      await as('safety')
    ).call('POST', '/api/notifications', {
      audience: { kind: 'users', userIds: [employee.id] },
      severity: 'critical',
      subject: 'Metrics',
      body: 'A test alert',
    });
    expect(alert.status).toBe(202);
    await outboxDelivered(system.dataSource, (alert.body.workflowId as string).slice('Notify:'.length));
    // The grading task breaches after 2 s and climbs a rung after one more.
    await eventually(
      async () => (await system.dataSource.getRepository(Task).findBy({ workflowId: h.workflowId, status: 'open' })).find((t) => t.escalationLevel >= 1),
      'the grading task escalated',
      30_000,
    );

    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('wrong')).status).toBe(401);
    const text = await eventually(async () => {
      const r = await scrape();
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      // the SDK exports on its own schedule: wait until the workflow's counters are in
      return sample(r.text, 'safeloop_escalations_total', { workflowType: 'HazardWorkflow' }) ? r.text : undefined;
    }, 'the escalation counted in /metrics');

    // The app's own (prom-client).
    expect(sample(text, 'safeloop_http_request_duration_seconds_count', { method: 'POST', route: '/api/hazards', status: '201' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'safeloop_inbox_open_tasks', { process: 'hazard', state: 'overdue' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'safeloop_db_pool_connections', { state: 'max' })).toBeGreaterThan(0);
    expect(sample(text, 'safeloop_db_pool_connections', { state: 'used' })).not.toBeNull();
    expect(sample(text, 'safeloop_notifications_total', { channel: 'inapp', outcome: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'safeloop_process_cpu_seconds_total')).not.toBeNull();
    // Counted by the workflows through the SDK's metric meter (replay-safe).
    expect(sample(text, 'safeloop_processes_started_total', { workflowType: 'HazardWorkflow' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'safeloop_sla_breaches_total', { workflowType: 'HazardWorkflow' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'safeloop_processes_started_total', { workflowType: 'NotificationDispatcherWorkflow' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'safeloop_processes_closed_total', { workflowType: 'ProbeWorkflow', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    // The SDK's own: slots, schedule-to-start latency, sticky cache.
    expect(text).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(text).toMatch(/^temporal_workflow_task_schedule_to_start_latency_bucket\{/m);
    // (A hazard's steps are local activities now; the probe's and the dispatcher's rounds are activities.)
    expect(text).toMatch(/^temporal_activity_execution_latency_bucket\{.*activity_type="/m);
    expect(text).toMatch(/^temporal_sticky_cache_size\{/m);

    // Every metric the compose deployment's Grafana dashboard charts is one this scrape has
    // (activity failures appear with the first failed activity).
    const dashboard = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../deploy/grafana/dashboards/safeloop.json'), 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const charted = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/\b(safeloop|temporal)_[a-z0-9_]+/g) ?? [])));
    const missing = [...charted].filter((m) => m !== 'temporal_activity_execution_failed_total' && !new RegExp(`^${m}[{ ]`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  it('is live while the database is down, and ready only while the database and Temporal answer', async () => {
    const anon = httpClient(system.appUrl!);
    expect((await anon.call('GET', '/livez')).status).toBe(200);
    const ready = await anon.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', reasons: [], worker: 'RUNNING' });

    await proxy.cut();
    try {
      const down = await eventually(async () => {
        const r = await anon.call('GET', '/readyz');
        return r.status === 503 ? r : undefined;
      }, '/readyz turning 503');
      expect(down.body.status).toBe('not_ready');
      expect(down.body.reasons.join(' ')).toMatch(/^database: /);
      expect((await anon.call('GET', '/livez')).status).toBe(200);
    } finally {
      await proxy.restore();
    }
    await eventually(async () => ((await anon.call('GET', '/readyz')).status === 200 ? true : undefined), '/readyz back to 200', 30_000);
  });

  it('a worker on its own serves the probes and its metrics on METRICS_PORT, and stops cleanly', async () => {
    const port = await freePort();
    const w = startWorkerProcess('ops', {
      DATABASE_URL: system.config.database.kind === 'mysql' ? system.config.database.url : '',
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      WORKFLOW_BUNDLE: testServices().workflowBundle,
      METRICS_PORT: String(port),
      JWT_SECRET: 'test-secret-test-secret-test-secret-42',
    });
    try {
      await w.ready;
      const ops = httpClient(`http://127.0.0.1:${port}`);
      expect((await ops.call('GET', '/livez')).status).toBe(200);
      const ready = await ops.call('GET', '/readyz');
      expect(ready.body).toMatchObject({ status: 'ready', worker: 'RUNNING' });
      const metrics = await ops.call('GET', '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/^temporal_worker_task_slots_available\{/m);
      expect(metrics.text).toMatch(/^safeloop_process_resident_memory_bytes /m);
    } finally {
      await w.stop();
    }
    expect((await w.exited).code).toBe(0);
  });
});
