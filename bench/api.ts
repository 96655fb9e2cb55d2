/**
 * Benchmark: the API's list, detail and dashboard endpoints over HTTP on a year of data for a
 * 10,000-person group: requests a second, p50 / p99 latency and errors per endpoint.
 *
 *   npm run bench:api                                      # 10,000 people; ~5 minutes
 *   BENCH_PEOPLE=1000 BENCH_SECONDS=3 npm run bench:api    # a quick run on a tenth of the data
 *   BENCH_ONLY=dashboard,processes npm run bench:api       # endpoints whose name has one of these
 *   BENCH_CONNECTIONS=8 BENCH_KEEP_DB=1 npm run bench:api  # more load; keep the database afterwards
 *   BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" npm run bench:api  # the API process profiled
 *
 * Real services, nothing mocked:
 * - a fresh database on the MariaDB/MySQL at TEST_DATABASE_URL (default
 *   mysql://root@127.0.0.1:3306/test), migrated and filled with a year of data by
 *   bench/support/year-of-data.ts (sizes: BENCH_PEOPLE and the variables listed there), plus the
 *   demo logins of db/seed/demo.ts (same usernames, roles and password) placed in that group:
 *   admin and safety at the group (safety's person in the safety department), head.production
 *   heading the first production department, employee in its first workshop; these two take over
 *   the tasks of a generated user of that department, so their inboxes hold a typical load;
 * - a Temporal dev server (in memory, free port) whose visibility holds one running workflow per
 *   process still open in the data (open hazards, unacknowledged notices) with the search
 *   attributes their workflows keep current — what the process monitor reads. No worker runs, so
 *   these workflows never advance and cannot answer queries: the hazard detail measured is a
 *   closed hazard's, for which Temporal holds no workflow (as after retention), so the detail's
 *   live-state query is answered "not found" at once;
 * - the API as production runs it, in its own process: `scripts/safeloop.ts api` with
 *   NODE_ENV=production and LOG_LEVEL=BENCH_LOG_LEVEL (default info: one log line a request, to
 *   a file).
 *
 * Every endpoint is first called twice and must answer 200 (else the run stops and says which).
 * Then each in turn: BENCH_WARMUP_SECONDS (default 1) of warm-up, discarded, and BENCH_SECONDS
 * (default 10) of autocannon with BENCH_CONNECTIONS (default 4) keep-alive connections, closed
 * loop; an endpoint whose second answer took over a second runs for 5 requests a connection (at
 * least 20) instead, after one request a connection of warm-up. Printed per endpoint: req/s, p50
 * and p99 latency, errors (non-2xx responses, connection errors, timeouts) and the CPU used
 * meanwhile by the API process, MariaDB, the dev server and this process (the load generator), in
 * % of one core. The scratch database is dropped, the API and the dev server stopped at the end,
 * also on failure or Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection, Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import autocannon from 'autocannon';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../api/auth/password';
import { migrate, openDatabase } from '../db/data-source';
import { OrgUnit, Person, User, UserRole } from '../db/entities';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../db/seed/demo';
import { obtainTemporalCli, TEMPORAL_CLI_VERSION } from '../temporal/cli';
import { freePort, startDevServer, type DevServer } from '../temporal/dev-server';
import { registerSearchAttributes } from '../temporal/search-attributes';
import { TASK_QUEUES } from '../temporal/task-queues';
import { createScratchMysqlDatabase } from '../test/support/mysql';
import { SA } from '../workflows/shared/search-attributes';
import { findPid, procCpuMs, tryRun } from './support/proc';
import { generateYearOfData, sizeFromEnv, type YearOfData } from './support/year-of-data';
import { dropScratchDatabase, runBench } from './support/system';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
/** An endpoint whose second answer took longer than this is measured over SLOW_REQUESTS requests, not SECONDS. */
const SLOW_MS = 1000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const SLOW_REQUESTS = Math.max(20, CONNECTIONS * 5);
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
/** The dashboard's period: the generated year, in the group's time zone. */
const PERIOD = 'from=2026-01-01&to=2027-01-01';
const ROOT = path.resolve(__dirname, '..');
const LOGINS = ['admin', 'safety', 'head.production', 'employee'] as const;
type Login = (typeof LOGINS)[number];

interface Endpoint {
  name: string;
  as: Login;
  path: string;
  /** What the answer holds, from its body: "4,812 hazards". */
  rows: (body: never) => string;
}

interface Measured {
  endpoint: Endpoint;
  rows: string;
  bytes: number;
  /** The first request (cold: caches empty, the handoff rollup not filled yet), then a second one. */
  firstMs: number;
  secondMs: number;
  result?: autocannon.Result;
  /** Measured over SLOW_REQUESTS requests rather than SECONDS. */
  slow?: boolean;
  /** % of one core during the measured seconds. */
  cpu?: { api: number; db: number; temporal: number; bench: number };
}

const n = (x: number) => x.toLocaleString('en');
const total = (what: string) => (b: { total: number }) => `${n(b.total)} ${what}`;

// ---- the data -----------------------------------------------------------------------------------

/** Which generated user of the production department (index in its users) a demo login stands in for. */
const TAKES_OVER: Partial<Record<Login, number>> = { employee: 0, 'head.production': 1 };

/** The demo logins (usernames, roles, password of db/seed/demo.ts), placed in the generated group. */
async function addDemoLogins(ds: DataSource, org: YearOfData): Promise<{ production: YearOfData['departments'][number] }> {
  const production = org.departments[0]; // Department 1 (production)
  const safetyDept = org.departments.find((d) => d.safety)!;
  const place: Record<Login, { login: string; person: string; heads?: string }> = {
    admin: { login: org.groupId, person: org.groupId },
    safety: { login: org.groupId, person: safetyDept.id },
    'head.production': { login: production.id, person: production.id, heads: production.id },
    employee: { login: production.workshops[0], person: production.workshops[0] },
  };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [i, username] of LOGINS.entries()) {
    const demo = DEMO_LOGINS.find((l) => l.username === username)!;
    const personId = randomUUID();
    const userId = randomUUID();
    await ds.getRepository(Person).insert({
      id: personId,
      employeeNo: `DEMO-${i}`,
      name: demo.displayName,
      email: `${username}@safeloop.example`,
      orgUnitId: place[username].person,
      postId: null,
      active: true,
    });
    await ds
      .getRepository(User)
      .insert({ id: userId, username, displayName: demo.displayName, passwordHash, personId, orgUnitId: place[username].login, active: true });
    await ds.getRepository(UserRole).insert({ userId, role: demo.role });
    if (place[username].heads) await ds.getRepository(OrgUnit).update({ id: place[username].heads }, { headPersonId: personId });
    // The two who work in production take over the tasks of a generated user there: a typical inbox.
    const k = TAKES_OVER[username];
    const stand = k === undefined ? undefined : org.usersOf.get(production.id)?.[k];
    if (stand) await ds.query('UPDATE tasks SET assignee_user_id = ? WHERE assignee_user_id = ?', [userId, stand]);
  }
  return { production };
}

/**
 * One running workflow per process still open in the data, with the search attributes its
 * workflow would have upserted by now, so the process monitor reads a realistic visibility.
 */
async function startOpenProcesses(ds: DataSource, client: Client): Promise<{ hazards: number; notices: number; seconds: number }> {
  const t0 = Date.now();
  const hazards = await ds.query<
    {
      workflow_id: string;
      status: string;
      severity: string | null;
      org_unit_id: string;
      responsible_org_unit_id: string | null;
      overdue: number;
      due: Date | null;
    }[]
  >(
    `SELECT h.workflow_id, h.status, h.severity, h.org_unit_id, h.responsible_org_unit_id, h.overdue, MIN(t.due_at) AS due
       FROM hazards h LEFT JOIN tasks t ON t.workflow_id = h.workflow_id AND t.status = 'open'
      WHERE h.status NOT IN ('closed', 'cancelled')
      GROUP BY h.workflow_id, h.status, h.severity, h.org_unit_id, h.responsible_org_unit_id, h.overdue`,
  );
  const notices = await ds.query<{ workflow_id: string; org_unit_id: string; due: Date | null }[]>(
    `SELECT workflow_id, MIN(org_unit_id) AS org_unit_id, MIN(due_at) AS due FROM tasks WHERE process_type = 'notice' AND status = 'open' GROUP BY workflow_id`,
  );
  const now = Date.now();
  const starts: { type: string; workflowId: string; sa: SearchAttributePair[] }[] = [
    ...hazards.map((h) => ({
      type: 'HazardWorkflow',
      workflowId: h.workflow_id,
      sa: [
        { key: SA.processType, value: 'hazard' },
        { key: SA.status, value: h.status },
        { key: SA.severity, value: h.severity ?? 'suspected-medium' },
        { key: SA.orgUnit, value: h.org_unit_id },
        ...(h.responsible_org_unit_id ? [{ key: SA.department, value: h.responsible_org_unit_id }] : []),
        ...(h.due ? [{ key: SA.slaDeadline, value: new Date(h.due) }] : []),
        { key: SA.overdue, value: Boolean(Number(h.overdue)) || (!!h.due && new Date(h.due).getTime() < now) },
      ] as SearchAttributePair[],
    })),
    ...notices.map((t) => ({
      type: 'SafetyNoticeWorkflow',
      workflowId: t.workflow_id,
      sa: [
        { key: SA.processType, value: 'notice' },
        { key: SA.status, value: 'awaiting_acknowledgement' },
        { key: SA.severity, value: 'normal' },
        { key: SA.orgUnit, value: t.org_unit_id },
        { key: SA.department, value: t.org_unit_id },
        ...(t.due ? [{ key: SA.slaDeadline, value: new Date(t.due) }] : []),
      ] as SearchAttributePair[],
    })),
  ];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < starts.length; i = next++) {
      const s = starts[i];
      await client.workflow.start(s.type, { workflowId: s.workflowId, taskQueue: TASK_QUEUES.interactive, args: [], typedSearchAttributes: s.sa });
    }
  };
  await Promise.all(Array.from({ length: 32 }, lane));
  // Visibility is eventually consistent: wait until the monitor's query sees them all.
  const query = `TaskQueue = '${TASK_QUEUES.interactive}' AND ExecutionStatus = 'Running' AND SafeLoopProcessType IN ('hazard', 'notice')`;
  for (let i = 0; i < 60; i++) {
    const { count } = await client.workflow.count(query);
    if (count >= starts.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { hazards: hazards.length, notices: notices.length, seconds: (Date.now() - t0) / 1000 };
}

// ---- the API process ----------------------------------------------------------------------------

interface ApiProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `scripts/safeloop.ts api` in its own process, as production runs it; resolves once /api/health answers 200. */
async function startApi(env: Record<string, string>, logFile: string): Promise<ApiProcess> {
  const port = await freePort();
  const out = fs.openSync(logFile, 'a');
  // BENCH_API_NODE_ARGS: extra Node options for the API process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (a profile is written when it stops).
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'scripts/safeloop.ts', 'api'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: LOG_LEVEL, SEED_DEMO: '0' },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([exited.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), 10_000)))]);
    clearTimeout(timer);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new BenchError(`The API exited with code ${child.exitCode} during start-up. Last lines of ${logFile}:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/api/health`);
      const body = (await res.json()) as { status: string };
      if (res.ok && body.status === 'ok') break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new BenchError(`The API did not become healthy within 120 s. Last lines of ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid!, stop };
}

/** The API log's last warnings and errors (pino JSON lines of level ≥ 40; else its last lines, e.g. a crash at start-up), shortened. */
function tail(file: string, lines = 10): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const problems = text.filter((l) => l.startsWith('{') && /"level":[4-6]0\b/.test(l));
    return (problems.length ? problems : text)
      .slice(-lines)
      .map((l) => (l.length > 600 ? `${l.slice(0, 600)}…` : l))
      .join('\n');
  } catch {
    return '(no log)';
  }
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

// ---- the run ------------------------------------------------------------------------------------

function endpoints(closedHazardId: string): Endpoint[] {
  const kpis = (b: { kpis: unknown[] }) => `${b.kpis.length} KPIs × 2 periods`;
  const list: Endpoint[] = [
    { name: 'hazards: list, status filter, page 1 × 20', as: 'safety', path: '/api/hazards?status=rectifying&page=1&pageSize=20', rows: total('hazards') },
    { name: 'hazards: list, department scope, page 1 × 20', as: 'head.production', path: '/api/hazards?page=1&pageSize=20', rows: total('hazards') },
    {
      name: 'hazards: list, category + half year, page 2 × 50',
      as: 'admin',
      path: '/api/hazards?category=fire&from=2026-07-01T00:00:00Z&to=2027-01-01T00:00:00Z&page=2&pageSize=50',
      rows: total('hazards'),
    },
    {
      name: 'hazards: detail (closed hazard)',
      as: 'safety',
      path: `/api/hazards/${closedHazardId}`,
      rows: (b: { tasks: unknown[] }) => `${b.tasks.length} tasks`,
    },
    { name: 'tasks: inbox (mine), employee', as: 'employee', path: '/api/tasks?view=mine&pageSize=20', rows: total('tasks') },
    { name: 'tasks: inbox (mine), department head', as: 'head.production', path: '/api/tasks?view=mine&pageSize=20', rows: total('tasks') },
    { name: 'tasks: team (open in scope), safety', as: 'safety', path: '/api/tasks?view=team&pageSize=20', rows: total('tasks') },
    { name: 'dashboard: kpis, group, 2026', as: 'safety', path: `/api/dashboard/kpis?${PERIOD}`, rows: kpis },
    { name: 'dashboard: kpis, one department, 2026', as: 'head.production', path: `/api/dashboard/kpis?${PERIOD}`, rows: kpis },
    {
      name: 'dashboard: trends slaBreachRate by month',
      as: 'safety',
      path: `/api/dashboard/trends?kpi=slaBreachRate&granularity=month&${PERIOD}`,
      rows: (b: { series: unknown[] }) => `${b.series.length} months`,
    },
    {
      name: 'dashboard: ranking slaBreachRate by department',
      as: 'safety',
      path: `/api/dashboard/ranking?kpi=slaBreachRate&by=department&order=worst&limit=10&${PERIOD}`,
      rows: total('departments'),
    },
    {
      name: 'dashboard: ranking rectification hours by person',
      as: 'safety',
      path: `/api/dashboard/ranking?kpi=meanRectificationHours&by=person&order=worst&limit=20&${PERIOD}`,
      rows: total('people'),
    },
    {
      name: 'dashboard: heatmap department × category',
      as: 'safety',
      path: `/api/dashboard/heatmap?rows=department&columns=category&${PERIOD}`,
      rows: total('hazards'),
    },
    { name: 'dashboard: handoffs, group', as: 'safety', path: `/api/dashboard/handoffs?${PERIOD}`, rows: total('handoffs') },
    {
      name: 'dashboard: drill slaBreachRate, page 1 × 50',
      as: 'safety',
      path: `/api/dashboard/drill?kpi=slaBreachRate&part=numerator&pageSize=50&${PERIOD}`,
      rows: total('tasks'),
    },
    {
      name: 'processes: monitor (visibility + inbox), page 1 × 50',
      as: 'safety',
      path: '/api/processes?pageSize=50',
      rows: (b: { total: number; truncated: boolean }) => `${n(b.total)} running${b.truncated ? ' (scan cut at 5,000)' : ''}`,
    },
  ];
  return ONLY.length ? list.filter((e) => ONLY.some((o) => e.name.includes(o) || e.path.includes(o))) : list;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const size = sizeFromEnv();
  const cpus = os.cpus();
  const loadAtStart = os.loadavg();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-bench-api-'));
  const apiLog = path.join(tmp, 'api.log');

  const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const c of cleanups.reverse()) await c.run().catch((err: unknown) => console.error(`cleanup (${c.what}):`, err));
      fs.rmSync(tmp, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up…`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    // 1. Database with a year of data and the demo logins.
    const db = await createScratchMysqlDatabase('safeloop_bench_api');
    cleanups.push({
      what: `drop database ${db.name}`,
      run: () => dropScratchDatabase(db),
    });
    const ds = await openDatabase({ kind: 'mysql', url: db.url });
    cleanups.push({ what: 'close database', run: () => ds.destroy() });
    await migrate(ds);
    const t0 = Date.now();
    const org = await generateYearOfData(ds, size);
    const { production } = await addDemoLogins(ds, org);
    const generatedIn = (Date.now() - t0) / 1000;
    const [closed] = await ds.query<{ id: string }[]>(
      `SELECT h.id FROM hazards h WHERE h.status = 'closed' AND h.responsible_org_unit_id = ? AND EXISTS (SELECT 1 FROM tasks t WHERE t.workflow_id = h.workflow_id AND t.task_type = 'hazard.verify') ORDER BY h.reported_at DESC LIMIT 1`,
      [production.id],
    );
    if (!closed) throw new BenchError('The generated data has no closed hazard of the production department to show in detail.');
    const mariadb = String((await ds.query<{ v: string }[]>('SELECT VERSION() AS v'))[0].v);

    // 2. Temporal dev server with the open processes in its visibility.
    const cli = await obtainTemporalCli((l) => console.log(l));
    const server: DevServer = await startDevServer({
      cli,
      port: await freePort(),
      uiPort: null,
      namespace: 'default',
      dbFile: null,
      logFile: path.join(tmp, 'temporal.log'),
    });
    cleanups.push({ what: 'stop the Temporal dev server', run: () => server.stop() });
    const connection = await Connection.connect({ address: server.address });
    cleanups.push({ what: 'close the Temporal connection', run: () => connection.close() });
    await registerSearchAttributes(connection, 'default');
    const running = await startOpenProcesses(ds, new Client({ connection, namespace: 'default' }));

    // 3. The API in its own process.
    // Production wants payload keys: a throwaway one unless PAYLOAD_KEYS is set (the run failed at the API's start without it).
    const payloadKeys = process.env.PAYLOAD_KEYS ?? `bench:${randomBytes(32).toString('base64')}`;
    const api = await startApi(
      { DATABASE_URL: db.url, TEMPORAL_ADDRESS: server.address, JWT_SECRET: randomBytes(32).toString('hex'), DATA_DIR: tmp, PAYLOAD_KEYS: payloadKeys },
      apiLog,
    );
    cleanups.push({ what: 'stop the API', run: () => api.stop() });
    const tokens = new Map<Login, string>();
    for (const u of LOGINS) tokens.set(u, await login(api.url, u));

    console.log('');
    const temporalVersions = /\(([^)]+)\)/.exec(tryRun(cli, ['--version']))?.[1]; // "Server 1.29.1, UI 2.42.1"
    console.log(
      `machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.versions.node}, MariaDB/MySQL ${mariadb}, Temporal CLI ${TEMPORAL_CLI_VERSION}${temporalVersions ? ` (${temporalVersions})` : ''}`,
    );
    console.log(`load average at start (1/5/15 min): ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} on ${cpus.length} cores`);
    const r = org.rows;
    console.log(
      `data: ${n(r.people)} people (${n(r.users + LOGINS.length)} logins), ${org.units.length} departments/workshops, ${n(r.hazards)} hazards, ${n(r.tasks)} tasks, ${n(r.emergencies)} emergencies, ${n(r.facts)} facts; generated in ${generatedIn.toFixed(0)} s`,
    );
    console.log(
      `Temporal visibility: ${n(running.hazards + running.notices)} running processes (${n(running.hazards)} open hazards, ${n(running.notices)} open notices), started in ${running.seconds.toFixed(0)} s`,
    );
    console.log(
      `API: scripts/safeloop.ts api, NODE_ENV=production, LOG_LEVEL=${LOG_LEVEL}; autocannon: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per endpoint`,
    );

    // 4. Every endpoint answers 200 before anything is measured.
    const list = endpoints(closed.id);
    const measured: Measured[] = [];
    const failed: string[] = [];
    for (const e of list) {
      const t = Date.now();
      const res = await fetch(api.url + e.path, { headers: { authorization: `Bearer ${tokens.get(e.as)}` } });
      const text = await res.text();
      const firstMs = Date.now() - t;
      if (res.status !== 200) {
        failed.push(`${e.name} (GET ${e.path} as ${e.as}): ${res.status} ${text.slice(0, 300)}`);
        continue;
      }
      const t2 = Date.now();
      const again = await fetch(api.url + e.path, { headers: { authorization: `Bearer ${tokens.get(e.as)}` } });
      await again.arrayBuffer();
      if (again.status !== 200) {
        failed.push(`${e.name} (GET ${e.path} as ${e.as}): ${again.status} the second time`);
        continue;
      }
      measured.push({ endpoint: e, rows: e.rows(JSON.parse(text) as never), bytes: Buffer.byteLength(text), firstMs, secondMs: Date.now() - t2 });
    }
    if (failed.length) throw new BenchError(`Not every endpoint answers 200, so nothing was measured:\n  ${failed.join('\n  ')}`);

    // 5. autocannon, one endpoint at a time.
    const dbPid = findPid(['mariadbd', 'mysqld']);
    const cpuNow = () => ({
      at: performance.now(),
      api: procCpuMs(api.pid),
      db: procCpuMs(dbPid),
      temporal: procCpuMs(server.pid),
      bench: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    });
    console.log('');
    for (const m of measured) {
      const e = m.endpoint;
      const opts = { url: api.url + e.path, connections: CONNECTIONS, headers: { authorization: `Bearer ${tokens.get(e.as)}` }, timeout: 30 };
      // A slow endpoint runs for a number of requests instead: in a fixed time few or none would
      // complete, and requests cut off at the end of the warm-up would still load the measured run.
      m.slow = m.secondMs > SLOW_MS;
      if (WARMUP_SECONDS > 0) await autocannon({ ...opts, ...(m.slow ? { amount: CONNECTIONS } : { duration: WARMUP_SECONDS }) });
      const a = cpuNow();
      m.result = await autocannon({ ...opts, ...(m.slow ? { amount: SLOW_REQUESTS } : { duration: SECONDS }) });
      const b = cpuNow();
      const pct = (k: 'api' | 'db' | 'temporal' | 'bench') => ((b[k] - a[k]) / (b.at - a.at)) * 100;
      m.cpu = { api: pct('api'), db: pct('db'), temporal: pct('temporal'), bench: pct('bench') };
      console.log(
        `  ${e.name}: ${n(completed(m.result))} done, ${m.result.requests.average.toFixed(1)} req/s, p50 ${m.result.latency.p50} ms, p99 ${m.result.latency.p99} ms, ${errorsOf(m.result)} errors`,
      );
    }

    // 6. The table.
    const head = ['endpoint', 'as', 'answer', 'size', '1st/2nd ms', 'done / run', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'cpu % api/db/tmp/bench'];
    const rows = measured.map((m) => {
      const res = m.result!;
      const c = m.cpu!;
      const pc = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(0));
      // Nothing completed: every request took longer than the run (autocannon counts only completed ones).
      const none = completed(res) === 0;
      return [
        m.endpoint.name,
        m.endpoint.as,
        m.rows,
        `${(m.bytes / 1024).toFixed(1)} KB`,
        `${m.firstMs} / ${m.secondMs}`,
        `${n(completed(res))} / ${m.slow ? res.duration.toFixed(0) : SECONDS} s`,
        none ? '0' : res.requests.average.toFixed(1),
        none ? `> ${SECONDS * 1000}` : String(res.latency.p50),
        none ? `> ${SECONDS * 1000}` : String(res.latency.p99),
        errorsOf(res),
        `${pc(c.api)}/${pc(c.db)}/${pc(c.temporal)}/${pc(c.bench)}`,
      ];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const right = new Set([3, 4, 5, 6, 7, 8, 9, 10]);
    const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
    console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
    console.log(
      `\n1st/2nd = the two requests that checked the endpoint answers 200, before any load (the first one cold); done = requests completed in the run (${SECONDS} s, or ${SLOW_REQUESTS} requests when the 2nd took over ${SLOW_MS} ms)`,
    );
    console.log(
      `errors = non-2xx responses + connection errors + timeouts; cpu = % of one core during the measured seconds (the machine has ${cpus.length * 100} %); tmp = Temporal dev server, bench = this process (autocannon)`,
    );
    console.log(
      `load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}; the run took ${((Date.now() - startedAt) / 1000).toFixed(0)} s`,
    );
    if (measured.some((m) => errorsOf(m.result!) !== '0')) {
      console.log(`\nThe API's last warnings and errors:\n${tail(apiLog)}`);
      process.exitCode = 1;
    }
  } catch (err) {
    if (fs.existsSync(apiLog)) console.error(`Last lines of the API's log:\n${tail(apiLog)}`);
    throw err;
  } finally {
    await cleanup();
  }
}

/** Responses received (autocannon counts only completed requests; non-2xx included). */
function completed(r: autocannon.Result): number {
  return r['2xx'] + r.non2xx;
}

/** A failure explained in its message (no stack trace needed). */
class BenchError extends Error {}

function errorsOf(r: autocannon.Result): string {
  const all = r.non2xx + r.errors;
  if (!all) return '0';
  const codes = Object.entries(r.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, v]) => `${v.count ?? 0}× ${code}`);
  const parts = [
    r.non2xx ? (codes.length ? codes.join(', ') : `${r.non2xx} non-2xx`) : null,
    r.errors - r.timeouts ? `${r.errors - r.timeouts} conn` : null,
    r.timeouts ? `${r.timeouts} timeouts` : null,
  ].filter(Boolean);
  return `${all} (${parts.join(', ')})`;
}

runBench(main, { describe: (err) => (err instanceof BenchError ? err.message : err) });
