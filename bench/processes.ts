/**
 * Benchmark: how many processes a second SafeLoop sustains, against a bare Temporal workflow on the
 * same dev server, and where the limit comes from.
 *
 *   npm run bench:processes                                   # ~2–3 minutes
 *   BENCH_RATES=5,10,20 BENCH_STEP_SECONDS=20 npm run bench:processes
 *
 * Real services: a Temporal dev server started here (temporal/dev-server.ts: in memory, free port)
 * and a fresh database on the MariaDB/MySQL at TEST_DATABASE_URL (default
 * mysql://root@127.0.0.1:3306/test), dropped at the end. Everything else runs in this process: the
 * load generator, the inbox poller, the bare workflow's worker and the whole system (`startSystem`:
 * API + worker), as `npm start` runs it.
 *
 * Load is open loop: request i of a step is sent at t0 + i / rate whatever happened to the earlier
 * ones, and its latency starts at that scheduled time (a queue in the HTTP agent or a late timer
 * counts against us). Rates step up (BENCH_RATES, default 1.25, 1.75, 2.5, 3.5, 5, 7, 10, 14, 20, 28,
 * 40, 56, 80, 112, 160 a second — ×√2 steps, so half of any saturation rate is a step too;
 * BENCH_STEP_SECONDS each, default 10) until a step is not sustained; each step drains (≤
 * BENCH_DRAIN_SECONDS, default 10) before the next. Then BENCH_REFINE steps (default 2) narrow the
 * saturation rate down between the last sustained rate and the first that was not (geometric
 * middles, so it is known within 9 % rather than 41 %), each after the backlog was worked off.
 *
 * 1. Bare: `BareWorkflow` (bench/bare-workflow.ts: start → one no-op activity → complete) on its own
 *    task queue and worker; done = `handle.result()` returned. First on the dev server alone, then
 *    once more at its saturation rate with our API and worker started beside it (idle).
 * 2. Ours: `POST /api/hazards` as `employee` over a keep-alive agent (≤ BENCH_SOCKETS sockets,
 *    default 64; BENCH_TIMEOUT_MS, default 10 s); done = the `hazard.grade` task row is in `tasks`
 *    (what the inbox reads), seen by one poller querying every BENCH_POLL_MS (default 20 ms); acted on =
 *    the grading task's notice (written to the outbox by the workflow's first step) delivered on
 *    every channel, seen by the same poller every fifth round. If half the saturation rate was not a
 *    step, it runs as an extra one (≥ 24 reports).
 *
 * A step is sustained when its requests done and acted on per second (counted after its first 2 s,
 * with one request of slack) are ≥ 95 % of the offered rate and its backlog (sent, not yet done and
 * acted on, or failed) does not grow between the middle and the end of the step: a report answered
 * while its workflow's own work falls behind is not sustained. Latencies (p50–p99) are to done. The saturation rate is the highest rate
 * of the unbroken run of sustained steps from the lowest.
 *
 * 3. A general hazard's whole life (BENCH_LIFE_HAZARDS, default 5; 0 skips it): reported, graded,
 *    acknowledged, rectified with a photo and verified through the API one after another, as the
 *    general path of test/integration/hazard.test.ts (bench/support/hazard-life.ts); then the events
 *    and workflow tasks of each one's workflow (all runs, and every child it started) and, apart,
 *    those the shared notification dispatcher recorded during the phase.
 *
 * Where the limit comes from is measured, not assumed: per step the CPU of the dev server, of this
 * process (main thread and busiest other thread — the workflow thread), of MariaDB and of everything
 * else on the machine (/proc), and CPU time per completed process (the summary compares ours with
 * the bare workflow's at the highest rate both sustained); per series the workflow histories of
 * sampled requests split into API, workflow-task and activity queue waits and runs, and counted
 * (events and workflow tasks per process until done); GetClusterInfo for the server's shards and
 * persistence.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createLogger } from '../app/logger';
import { startSystem } from '../app/system';
import { obtainTemporalCli } from '../temporal/cli';
import { freePort, startDevServer } from '../temporal/dev-server';
import { installTemporalRuntime } from '../temporal/worker';
import { createScratchMysqlDatabase } from '../test/support/mysql';
import { BARE_TASK_QUEUE, BareWorkflow, type BareActivities } from './bare-workflow';
import {
  CHILD_WAIT_MS,
  dispatcherBetween,
  hazardLifeDriver,
  outboxAdded,
  outboxDrained,
  outboxIds,
  wholeLife,
  type HistoryCount,
  type OutboxAdded,
  type WholeLife,
} from './support/hazard-life';
import { findPid, machineCpuMs, procCpuMs, tryRun } from './support/proc';
import { benchConfig, demoLogin, prepareDemoDatabase, publishPolicy, runBench } from './support/system';
import { DEFAULT_POLICY } from '../domain/policy';

const RATES = (process.env.BENCH_RATES ?? '1.25,1.75,2.5,3.5,5,7,10,14,20,28,40,56,80,112,160')
  .split(',')
  .map(Number)
  .filter((r) => r > 0);
const STEP_S = Number(process.env.BENCH_STEP_SECONDS ?? 10);
const DRAIN_S = Number(process.env.BENCH_DRAIN_SECONDS ?? 10);
/** Steps narrowing the saturation rate down after the first step not sustained (see runSeries). */
const REFINE = Number(process.env.BENCH_REFINE ?? 2);
/** Seconds of rest before a narrowing step, after the backlog of the step before it is worked off. */
const QUIET_S = 5;
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 20);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 64);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 10_000);
/** The first part of a step is ramp-up: rates are counted over the rest. */
const WARM_S = Math.min(2, STEP_S / 5);
const SUSTAINED_SHARE = 0.95;
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 500;
const SAMPLES_PER_STEP = 20;
const WARMUP = 3;
const SEQUENTIAL = 7;
/** The step at half the saturation rate runs long enough for at least this many requests (≤ 30 s). */
const HALF_STEP_MIN_REQUESTS = 24;
const LIFE_HAZARDS = Number(process.env.BENCH_LIFE_HAZARDS ?? 5);
/** A general hazard's whole life before the notification outbox (issue 22, the hazard path test's history): its own events, and those of its six notification children. */
const LIFE_BASELINE = { own: 216, children: 84, childWorkflows: 6 };
const LIFE_TARGET_EVENTS = 150;

// ---- requests and their outcome -----------------------------------------------------------------

interface Req {
  /** Workflow ID: `Hazard:<reportId>` or `bench-bare-<uuid>`. */
  id: string;
  /** When it was due to be sent (epoch ms); latencies start here. */
  due: number;
  /** Ours: 201 received. Bare: the start RPC returned. */
  acceptedAt?: number;
  /** Ours: the grading task row seen by the poller. Bare: `result()` returned. */
  doneAt?: number;
  /**
   * The process has acted on the request. Ours: the grading task's notice (what the workflow's first
   * step writes to the outbox) delivered on every channel, seen by the poller. Bare: = doneAt (its
   * workflow ran its activity and completed). A step is sustained on these: a report answered while
   * the workflow's own work falls behind is not a report handled.
   */
  actedAt?: number;
  /** Ours: the task row's created_at (database clock, same machine). */
  rowAt?: number;
  failedAt?: number;
  failure?: 'non2xx' | 'timeout' | 'error';
}

interface Driver {
  /** Creates the request due at `due` and sends it (no waiting: open loop). */
  fire(due: number): Req;
  /** Stop watching requests that will not be counted any more. */
  forget(reqs: Req[]): void;
}

const settledAt = (r: Req) => Math.min(r.doneAt ?? Infinity, r.failedAt ?? Infinity);
/** Done and acted on (or failed): nothing more to wait for. */
const finishedAt = (r: Req) => Math.min(r.doneAt === undefined || r.actedAt === undefined ? Infinity : Math.max(r.doneAt, r.actedAt), r.failedAt ?? Infinity);
const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));
const yieldNow = () => new Promise<void>((res) => setImmediate(res));

/** What the failed requests got (an HTTP status and its body's start, an error's message), with how many got it: printed in the summary. */
const failures = new Map<string, number>();
function fail(r: Req, kind: NonNullable<Req['failure']>, detail?: string): void {
  if (r.failure || r.doneAt !== undefined) return;
  r.failure = kind;
  r.failedAt = Date.now();
  const what = `${kind}${detail ? `: ${detail}` : ''}`;
  failures.set(what, (failures.get(what) ?? 0) + 1);
}

// ---- CPU accounting (Linux /proc; NaN elsewhere) ------------------------------------------------

/** CPU time of each thread of this process (tid → ms): the main thread is tid = pid. */
function threadCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) out.set(Number(tid), procCpuMs(Number(tid), `/proc/self/task/${tid}/stat`));
  } catch {
    /* no /proc */
  }
  return out;
}

interface CpuSnap {
  at: number;
  dev: number;
  node: number;
  threads: Map<number, number>;
  db: number;
  machine: number;
  elu: EventLoopUtilization;
}

interface CpuShare {
  /** Percent of one core during the step (the machine has os.cpus().length × 100 %). */
  dev: number;
  node: number;
  /** This process's main thread: API, activities, the load generator and poller. */
  main: number;
  /** Its busiest other thread: in practice a worker's workflow thread (all workflow code runs there). */
  topThread: number;
  db: number;
  other: number;
  /** Event-loop utilisation of the main thread. */
  elu: number;
  wallMs: number;
}

class CpuMeter {
  constructor(
    private readonly devPid: number,
    private readonly dbPid: number | null,
  ) {}

  snap(): CpuSnap {
    return {
      at: Date.now(),
      dev: procCpuMs(this.devPid),
      node: procCpuMs(process.pid),
      threads: threadCpuMs(),
      db: procCpuMs(this.dbPid),
      machine: machineCpuMs(),
      elu: performance.eventLoopUtilization(),
    };
  }

  share(a: CpuSnap, b: CpuSnap): CpuShare {
    const wall = b.at - a.at;
    const pct = (x: number) => (100 * x) / wall;
    const dev = pct(b.dev - a.dev);
    const node = pct(b.node - a.node);
    const db = pct(b.db - a.db);
    const machine = pct(b.machine - a.machine);
    let main = NaN;
    let topThread = NaN;
    for (const [tid, ms] of b.threads) {
      const before = a.threads.get(tid);
      if (before === undefined) continue; // started during the step: its history is unknown
      const d = pct(ms - before);
      if (tid === process.pid) main = d;
      else if (!(d <= topThread)) topThread = d;
    }
    return {
      dev,
      node,
      main,
      topThread,
      db,
      other: Math.max(0, machine - dev - node - (Number.isNaN(db) ? 0 : db)),
      elu: performance.eventLoopUtilization(b.elu, a.elu).utilization,
      wallMs: wall,
    };
  }
}

// ---- one step of open-loop load -----------------------------------------------------------------

interface StepResult {
  rate: number;
  reqs: Req[];
  t0: number;
  acceptedPerS: number;
  completedPerS: number;
  /** Requests done and acted on per second (Req.actedAt), and the p99 of scheduled send → both. */
  actedPerS: number;
  actP99: number;
  p50: number;
  p95: number;
  p99: number;
  acceptP50: number;
  acceptP99: number;
  non2xx: number;
  timeouts: number;
  unfinished: number;
  backlogMid: number;
  backlogEnd: number;
  sustained: boolean;
  cpu: CpuShare;
  /** CPU time (ms) of the dev server, this process and MariaDB per request done during the step. */
  cpuPerDone: { dev: number; node: number; db: number };
}

function quantile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

async function runStep(driver: Driver, rate: number, cpu: CpuMeter, seconds = STEP_S): Promise<StepResult> {
  const n = Math.max(1, Math.round(rate * seconds));
  const reqs: Req[] = [];
  const t0 = Date.now() + 20;
  const tEnd = t0 + seconds * 1000;
  await sleep(t0 - Date.now());
  const c0 = cpu.snap();
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait >= 1) await sleep(wait);
    else if (i % 8 === 0) await yieldNow(); // behind schedule: still let responses in
    reqs.push(driver.fire(due));
  }
  if (tEnd > Date.now()) await sleep(tEnd - Date.now());
  const c1 = cpu.snap();
  const drainUntil = tEnd + DRAIN_S * 1000;
  while (Date.now() < drainUntil && reqs.some((r) => finishedAt(r) === Infinity)) await sleep(50);
  driver.forget(reqs);

  const from = t0 + WARM_S * 1000;
  const span = (tEnd - from) / 1000;
  const within = (t: number | undefined) => t !== undefined && t >= from && t <= tEnd;
  const latencies = reqs.map((r) => (r.doneAt === undefined ? Infinity : r.doneAt - r.due)).sort((a, b) => a - b);
  const accepts = reqs
    .filter((r) => r.acceptedAt !== undefined)
    .map((r) => r.acceptedAt! - r.due)
    .sort((a, b) => a - b);
  // Backlog and rates count requests done and acted on (see Req.actedAt); latencies are to done.
  const outstanding = (t: number) => reqs.filter((r) => r.due <= t && finishedAt(r) > t).length;
  const backlogMid = outstanding(t0 + (seconds * 1000) / 2);
  const backlogEnd = outstanding(tEnd);
  const completedPerS = reqs.filter((r) => within(r.doneAt)).length / span;
  const finished = reqs.map(finishedAt).filter((t) => t !== Infinity);
  const actedPerS = reqs.filter((r) => !r.failure && within(finishedAt(r))).length / span;
  const actLatencies = reqs.map((r) => (r.failure ? Infinity : finishedAt(r) - r.due)).sort((a, b) => a - b);
  const share = cpu.share(c0, c1);
  // CPU per process that went all the way through during the step (work deferred past the step is not counted as done).
  const doneInStep = finished.filter((t) => t <= tEnd).length;
  const perDone = (p: number) => (doneInStep ? (p / 100) * (share.wallMs / doneInStep) : NaN);
  const backlogGrows = backlogEnd - backlogMid > Math.max(5, 0.1 * rate * (seconds / 2));
  return {
    rate,
    reqs,
    t0,
    acceptedPerS: reqs.filter((r) => within(r.acceptedAt)).length / span,
    completedPerS,
    actedPerS,
    actP99: quantile(actLatencies, 0.99),
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    acceptP50: quantile(accepts, 0.5),
    acceptP99: quantile(accepts, 0.99),
    non2xx: reqs.filter((r) => r.failure === 'non2xx' || r.failure === 'error').length,
    timeouts: reqs.filter((r) => r.failure === 'timeout').length,
    unfinished: reqs.filter((r) => r.doneAt === undefined && !r.failure).length,
    backlogMid,
    backlogEnd,
    // One request of slack: at 1–2 reports a second a window holds only ~10 of them.
    sustained: Math.min(completedPerS, actedPerS) * span >= SUSTAINED_SHARE * rate * span - 1 && !backlogGrows,
    cpu: share,
    cpuPerDone: { dev: perDone(share.dev), node: perDone(share.node), db: perDone(share.db) },
  };
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : Number.isNaN(x) ? '—' : `>${DRAIN_S + STEP_S}s`);
const pct = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(0));

function header(acceptLabel: string): string {
  return [
    'offered/s'.padStart(9),
    'sent'.padStart(5),
    'accepted/s'.padStart(10),
    'completed/s'.padStart(11),
    'acted/s'.padStart(8),
    'acted p99'.padStart(9),
    'p50 ms'.padStart(7),
    'p95 ms'.padStart(7),
    'p99 ms'.padStart(7),
    `${acceptLabel} p50/p99 ms`.padStart(22),
    'errors (non-2xx/timeout/unfinished)'.padStart(36),
    'backlog mid→end'.padStart(16),
    'CPU % dev-server/node (main, top thread)/mariadb/other'.padStart(48),
    'ELU'.padStart(5),
    'CPU ms/done dev+node+db'.padStart(24),
    '  sustained',
  ].join(' ');
}

function row(s: StepResult): string {
  return [
    s.rate.toString().padStart(9),
    s.reqs.length.toString().padStart(5),
    s.acceptedPerS.toFixed(1).padStart(10),
    s.completedPerS.toFixed(1).padStart(11),
    s.actedPerS.toFixed(1).padStart(8),
    ms(s.actP99).padStart(9),
    ms(s.p50).padStart(7),
    ms(s.p95).padStart(7),
    ms(s.p99).padStart(7),
    `${ms(s.acceptP50)}/${ms(s.acceptP99)}`.padStart(22),
    `${s.non2xx}/${s.timeouts}/${s.unfinished}`.padStart(36),
    `${s.backlogMid}→${s.backlogEnd}`.padStart(16),
    `${pct(s.cpu.dev)}/${pct(s.cpu.node)} (${pct(s.cpu.main)}, ${pct(s.cpu.topThread)})/${pct(s.cpu.db)}/${pct(s.cpu.other)}`.padStart(48),
    s.cpu.elu.toFixed(2).padStart(5),
    `${pct(s.cpuPerDone.dev)}+${pct(s.cpuPerDone.node)}+${pct(s.cpuPerDone.db)}`.padStart(24),
    `  ${s.sustained ? 'yes' : 'NO'}`,
  ].join(' ');
}

/**
 * Steps up through the rates until one is not sustained (higher ones would only pile up backlog),
 * then narrows the saturation rate down between the last sustained rate and the first that was
 * not: REFINE steps at the geometric middle (rounded to 0.1/s), each after `quiet` (the backlog of
 * the step that was not sustained worked off). With the default √2 steps and two refinements the
 * saturation rate is known within 9 % instead of 41 %, so a ratio of two series is too.
 */
async function runSeries(
  title: string,
  acceptLabel: string,
  driver: Driver,
  rates: number[],
  cpu: CpuMeter,
  quiet: () => Promise<void>,
): Promise<StepResult[]> {
  console.log(`\n${title}`);
  console.log(header(acceptLabel));
  const steps: StepResult[] = [];
  for (const rate of rates) {
    const s = await runStep(driver, rate, cpu);
    console.log(row(s));
    steps.push(s);
    if (!s.sustained) break;
  }
  let lo = saturation(steps);
  let hi = steps.find((s) => !s.sustained)?.rate;
  for (let i = 0; i < REFINE && lo > 0 && hi !== undefined; i++) {
    const mid = Math.round(Math.sqrt(lo * hi) * 10) / 10;
    if (mid <= lo || mid >= hi) break;
    await quiet();
    const s = await runStep(driver, mid, cpu);
    console.log(`${row(s)}   (narrowing ${lo}–${hi}/s)`);
    steps.push(s);
    if (s.sustained) lo = mid;
    else hi = mid;
  }
  return steps;
}

function saturation(steps: StepResult[]): number {
  let sat = 0;
  for (const s of [...steps].sort((a, b) => a.rate - b.rate)) {
    if (!s.sustained) break;
    sat = s.rate;
  }
  return sat;
}

// ---- drivers ------------------------------------------------------------------------------------

/**
 * Watches the `tasks` table for the grading tasks of pending reports, then the outbox for their
 * notices (see Req.actedAt): every POLL_MS one query by
 * the pending reports' workflow IDs (the `idx_tasks_workflow` index: a few index look-ups, so the
 * watching costs the database next to nothing, and a row is found whenever its transaction
 * commits). It once scanned the table by time every 20 ms (no index serves that), which cost
 * MariaDB CPU that the bench then charged to SafeLoop.
 */
class InboxPoller {
  private readonly pending = new Map<string, Req>();
  /** Done (task seen), waiting for the notice to be delivered. */
  private readonly acting = new Map<string, Req>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  queries = 0;
  queryMs = 0;
  actedQueries = 0;

  constructor(private readonly conn: mysql.Connection) {}

  watch(r: Req): void {
    this.pending.set(r.id, r);
  }

  forget(reqs: Req[]): void {
    for (const r of reqs) {
      this.pending.delete(r.id);
      this.acting.delete(r.id);
    }
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    let round = 0;
    while (!this.stopped) {
      const started = Date.now();
      const ids = [...this.pending.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        const [rows] = await this.conn.query<mysql.RowDataPacket[]>(
          "SELECT workflow_id AS w, UNIX_TIMESTAMP(created_at) * 1000 AS c FROM tasks WHERE workflow_id IN (?) AND task_type = 'hazard.grade'",
          [ids.slice(i, i + 500)],
        );
        const seenAt = Date.now();
        this.queries++;
        this.queryMs += seenAt - started;
        for (const row of rows) {
          const r = this.pending.get(String(row.w));
          if (!r) continue;
          this.pending.delete(r.id);
          r.doneAt = seenAt;
          r.rowAt = Number(row.c);
          this.acting.set(r.id, r);
        }
      }
      // Every fifth round: which grading notices are delivered on every channel (the outbox's
      // dedup-key index; the rows of one notice are written in one transaction).
      if (round++ % 5 === 0) await this.pollActed();
      await sleep(Math.max(1, POLL_MS - (Date.now() - started)));
    }
  }

  private async pollActed(): Promise<void> {
    const ids = [...this.acting.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const keys = ids.slice(i, i + 500).map(noticeKey);
      const [rows] = await this.conn.query<mysql.RowDataPacket[]>(
        "SELECT dedup_key AS k, SUM(state <> 'sent') AS open FROM notification_outbox WHERE dedup_key IN (?) GROUP BY dedup_key",
        [keys],
      );
      const seenAt = Date.now();
      this.actedQueries++;
      for (const row of rows) {
        if (Number(row.open) > 0) continue;
        const id = String(row.k).slice(0, -NOTICE_SUFFIX.length);
        const r = this.acting.get(id);
        if (!r) continue;
        this.acting.delete(id);
        r.actedAt = seenAt;
      }
    }
  }
}

/** The dedup key of the notice telling the safety hub of a report's grading task (`<task id>/assigned`, the task `<workflow ID>/grade`). */
const NOTICE_SUFFIX = '/grade/assigned';
const noticeKey = (workflowId: string) => `${workflowId}${NOTICE_SUFFIX}`;

function hazardDriver(appUrl: string, token: string, poller: InboxPoller): Driver & { agent: http.Agent } {
  // An idle socket is closed by the client 4 s after its last response, before the server's
  // keep-alive (5 s, sent as `Keep-Alive: timeout=5`, which Node's agent reads only with a timeout
  // of its own): otherwise a report sent on a socket the server is closing that moment fails with
  // ECONNRESET (two in a run at saturation, when the least-used sockets are taken up again).
  const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS, timeout: 4000 });
  const port = Number(new URL(appUrl).port);
  return {
    agent,
    forget: (reqs) => poller.forget(reqs),
    fire(due) {
      const reportId = randomUUID();
      const r: Req = { id: `Hazard:${reportId}`, due };
      poller.watch(r);
      const body = JSON.stringify({ reportId, title: 'Bench hazard', description: 'bench', category: 'other', area: 'Bench area', suspectedSeverity: 'low' });
      let timedOut = false;
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          path: '/api/hazards',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: token },
        },
        (res) => {
          let head = '';
          res.on('data', (chunk: Buffer) => {
            if (head.length < 160) head += chunk.toString('utf8');
          });
          res.on('end', () => {
            clearTimeout(timer);
            if (res.statusCode === 201) r.acceptedAt = Date.now();
            else {
              fail(r, 'non2xx', `HTTP ${res.statusCode} ${head.slice(0, 160)}`);
              poller.forget([r]);
            }
          });
        },
      );
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('timeout'));
      }, TIMEOUT_MS);
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        fail(r, timedOut ? 'timeout' : 'error', timedOut ? undefined : (err.code ?? err.message));
        if (!timedOut) poller.forget([r]); // a timed-out report may still have started its process
      });
      req.end(body);
      return r;
    },
  };
}

function bareDriver(client: Client): Driver {
  return {
    forget: () => undefined,
    fire(due) {
      const r: Req = { id: `bench-bare-${randomUUID()}`, due };
      const timer = setTimeout(() => r.acceptedAt === undefined && fail(r, 'timeout'), TIMEOUT_MS);
      client.workflow
        .start(BareWorkflow, { taskQueue: BARE_TASK_QUEUE, workflowId: r.id })
        .then((handle) => {
          clearTimeout(timer);
          r.acceptedAt = Date.now();
          return handle.result();
        })
        .then(
          () => {
            if (!r.failure) r.doneAt = r.actedAt = Date.now();
          },
          (err: Error) => fail(r, 'error', err.message),
        );
      return r;
    },
  };
}

/**
 * Warm-up: requests back to back (closed loop; for ours the previous report's notification work may
 * still run), outside every step; the latencies of the last SEQUENTIAL, sorted.
 */
async function sequential(driver: Driver): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < WARMUP + SEQUENTIAL; i++) {
    const r = driver.fire(Date.now());
    while (settledAt(r) === Infinity && Date.now() - r.due < TIMEOUT_MS) await sleep(2);
    driver.forget([r]);
    if (i >= WARMUP) out.push(r.doneAt === undefined ? Infinity : r.doneAt - r.due);
  }
  return out.sort((a, b) => a - b);
}

// ---- where the time goes: the workflow histories of sampled requests ----------------------------

const ET = temporal.api.enums.v1.EventType;
type Segments = Record<string, number>;

/**
 * Splits each sampled request's latency along its workflow history: before the start event (API
 * work and the start RPC), workflow tasks (queue wait, run on the worker), activities (queue wait,
 * run, by name), the rest (server steps between them; negative when activities ran in parallel) and
 * from the event that makes it done (`until`) to the bench seeing it.
 */
async function breakdown(
  client: Client,
  reqs: Req[],
  until: (e: temporal.api.history.v1.IHistoryEvent, activity: string | undefined) => boolean,
): Promise<{ n: number; seg: Segments } | null> {
  const done = reqs.filter((r) => r.doneAt !== undefined && r.acceptedAt !== undefined);
  const k = Math.min(SAMPLES_PER_STEP, done.length);
  const picked = Array.from({ length: k }, (_, i) => done[Math.floor((i * done.length) / k)]);
  const sum: Segments = {};
  let n = 0;
  for (const r of picked) {
    const events = (await client.workflow.getHandle(r.id).fetchHistory()).events ?? [];
    const seg: Segments = {};
    const add = (key: string, v: number) => (seg[key] = (seg[key] ?? 0) + v);
    const scheduled = new Map<string, { name: string; t: number }>();
    const started = new Map<string, number>();
    let wftScheduled = NaN;
    let wftStarted = NaN;
    let startT = NaN;
    let last = NaN;
    for (const e of events) {
      const t = tsToMs(e.eventTime);
      const sid = String(e.activityTaskStartedEventAttributes?.scheduledEventId ?? e.activityTaskCompletedEventAttributes?.scheduledEventId ?? '');
      const activity = scheduled.get(sid)?.name;
      add('(count) history events', 1);
      switch (e.eventType) {
        case ET.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
          startT = t;
          break;
        case ET.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
          wftScheduled = t;
          break;
        case ET.EVENT_TYPE_WORKFLOW_TASK_STARTED:
          add('workflow tasks: queue wait', t - wftScheduled);
          add('(count) workflow tasks', 1);
          wftStarted = t;
          break;
        case ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
          add('workflow tasks: run on the worker', t - wftStarted);
          break;
        case ET.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
          scheduled.set(String(e.eventId), { name: e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?', t });
          break;
        case ET.EVENT_TYPE_ACTIVITY_TASK_STARTED:
          add('activities: queue wait', t - scheduled.get(sid)!.t);
          add('(count) activities', 1);
          started.set(sid, t);
          break;
        case ET.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
          add(`activity ${activity}: run`, t - started.get(sid)!);
          break;
      }
      if (until(e, activity)) {
        last = t;
        break;
      }
    }
    if (Number.isNaN(last) || Number.isNaN(startT)) continue;
    const total = r.doneAt! - r.due;
    const before = startT - r.due;
    const seen = r.doneAt! - last;
    const parts = Object.entries(seg)
      .filter(([key]) => !key.startsWith('('))
      .reduce((a, [, v]) => a + v, 0);
    add('before the start event (API / start RPC)', before);
    add('rest: server steps (negative: parallel activities)', total - before - parts - seen);
    add('done event → seen (ours: row commits before it)', seen);
    add('total: scheduled send → seen', total);
    add('accepted: 201 / start RPC returned', r.acceptedAt! - r.due);
    for (const [key, v] of Object.entries(seg)) sum[key] = (sum[key] ?? 0) + v;
    n++;
  }
  if (!n) return null;
  for (const key of Object.keys(sum)) sum[key] /= n;
  return { n, seg: sum };
}

function printBreakdown(title: string, cols: { label: string; b: { n: number; seg: Segments } | null }[]): void {
  const have = cols.filter((c) => c.b);
  if (!have.length) return;
  const keys = [...new Set(have.flatMap((c) => Object.keys(c.b!.seg)))];
  const order = (k: string) =>
    k.startsWith('before')
      ? 0
      : k.startsWith('workflow')
        ? 1
        : k.startsWith('activities')
          ? 2
          : k.startsWith('activity')
            ? 3
            : k.startsWith('rest')
              ? 4
              : k.startsWith('done')
                ? 5
                : k.startsWith('total')
                  ? 6
                  : k.startsWith('accepted')
                    ? 7
                    : 8;
  keys.sort((a, b) => order(a) - order(b));
  console.log(`\n${title} (mean ms over sampled requests)`);
  console.log(`${''.padEnd(52)}${have.map((c) => `${c.label} (n=${c.b!.n})`.padStart(22)).join('')}`);
  for (const k of keys) console.log(`${k.padEnd(52)}${have.map((c) => (c.b!.seg[k] ?? 0).toFixed(k.startsWith('(') ? 1 : 0).padStart(22)).join('')}`);
}

/** The mean of the breakdown's `(count) …` lines over every sampled request of these columns (NaN: none sampled). */
function meanCounts(cols: { b: { n: number; seg: Segments } | null }[]): { n: number; events: number; workflowTasks: number; activities: number } {
  let n = 0;
  const sum = { events: 0, workflowTasks: 0, activities: 0 };
  for (const { b } of cols) {
    if (!b) continue;
    n += b.n;
    sum.events += b.n * (b.seg['(count) history events'] ?? 0);
    sum.workflowTasks += b.n * (b.seg['(count) workflow tasks'] ?? 0);
    sum.activities += b.n * (b.seg['(count) activities'] ?? 0);
  }
  return { n, events: sum.events / n, workflowTasks: sum.workflowTasks / n, activities: sum.activities / n };
}

/**
 * CPU time per completed process of the dev server, this process (API and worker; for the bare
 * series its worker) and MariaDB, ours against bare at one rate: the highest both sustained (a
 * lower rate spreads each process's idle CPU over fewer processes), else the lowest both ran.
 */
function printCpuPerProcess(ourSteps: StepResult[], bareSteps: StepResult[]): void {
  const both = ourSteps.map((o) => ({ o, b: bareSteps.find((b) => b.rate === o.rate) })).filter((x): x is { o: StepResult; b: StepResult } => !!x.b);
  const sustained = both.filter((x) => x.o.sustained && x.b.sustained);
  const at = sustained.length ? sustained[sustained.length - 1] : both[0];
  if (!at) {
    console.log('  CPU per completed process, ours against bare: n/a (no rate ran in both series)');
    return;
  }
  const cols = (c: StepResult['cpuPerDone']) => [c.dev, c.node, c.db, c.dev + c.node + (Number.isNaN(c.db) ? 0 : c.db)];
  const fmt = (xs: number[], f: (x: number) => string) => xs.map((x) => f(x).padStart(12)).join('');
  const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)}×` : '—');
  const ours = cols(at.o.cpuPerDone);
  const bare = cols(at.b.cpuPerDone);
  console.log(
    `  CPU ms per completed process at ${at.o.rate}/s (${sustained.length ? 'the highest rate both sustained' : 'NOT sustained by both: the lowest rate both ran'}; app = this Node process: API + worker, load generator, poller; MariaDB: the whole server):`,
  );
  console.log(`${''.padEnd(44)}${['dev server', 'app', 'MariaDB', 'all three'].map((h) => h.padStart(12)).join('')}`);
  console.log(`${'    ours: hazard, POST → grading task row'.padEnd(44)}${fmt(ours, pct)}`);
  console.log(`${'    bare: start → completed'.padEnd(44)}${fmt(bare, pct)}`);
  console.log(
    `${'    ratio ours / bare'.padEnd(44)}${fmt(
      ours.map((x, i) => x / bare[i]),
      ratio,
    )}`,
  );
}

interface LifeResult {
  lives: (WholeLife & { ms: number })[];
  dispatcher: HistoryCount & { workflows: number };
  /** What the dispatcher delivered during the phase: the hazards' notifications, and any other process's. */
  outbox: { theirs: OutboxAdded; others: OutboxAdded };
  phaseMs: number;
  drained: boolean;
}

/**
 * A general hazard's whole life, LIFE_HAZARDS times one after another, and what its histories hold.
 * The dispatcher is shared, so the phase starts once the notifications of the steps before it are
 * delivered and ends once those of these hazards are: what it recorded in between is theirs.
 */
async function hazardLives(client: Client, appUrl: string, ds: DataSource): Promise<LifeResult | null> {
  if (LIFE_HAZARDS <= 0) return null;
  const driver = hazardLifeDriver(appUrl, ds);
  await driver.use();
  const drainedBefore = await outboxDrained(ds, 120_000);
  await sleep(1000); // the dispatcher's last round records its end
  const outboxBefore = await outboxIds(ds);
  const from = Date.now();
  const ids: { id: string; ms: number }[] = [];
  for (let i = 0; i < LIFE_HAZARDS; i++) {
    const t = Date.now();
    const id = await driver.live(client, `Bench hazard life ${i + 1}`);
    ids.push({ id, ms: Date.now() - t });
  }
  const drainedAfter = await outboxDrained(ds, 60_000);
  await sleep(1000);
  const to = Date.now();
  const dispatcher = await dispatcherBetween(client, from, to);
  const outbox = await outboxAdded(ds, outboxBefore, new Set(ids.map((x) => x.id)));
  const lives = [];
  for (const { id, ms } of ids) lives.push({ ms, ...(await wholeLife(client, id)) });
  return { lives, dispatcher, outbox, phaseMs: to - from, drained: drainedBefore && drainedAfter };
}

function printLives(life: LifeResult): void {
  console.log(
    `\nA general hazard's whole life, ${life.lives.length} one after another through the API: employee reports; safety grades it general (likelihood 2 × severity 2) for DEMO-EQUIPMENT; head.equipment acknowledges and rectifies it with a photo; safety and head.production verify (passed); policy: the defaults without quiet hours or reminders (as test/integration/hazard.test.ts)`,
  );
  const m = lifeMean(life);
  const head = ['report → closed ms', 'runs', 'events', 'workflow tasks', 'children (runs)', 'child events', 'child WFTs'];
  console.log(`${'hazard'.padStart(8)}${head.map((h) => h.padStart(20)).join('')}`);
  const line = (label: string, l: { ms: number; own: WholeLife['own']; children: WholeLife['children'] }, d: number) =>
    console.log(
      `${label.padStart(8)}${[l.ms.toFixed(0), l.own.runs.toFixed(d), l.own.events.toFixed(d), l.own.workflowTasks.toFixed(d), `${l.children.workflows.toFixed(d)} (${l.children.runs.toFixed(d)})`, l.children.events.toFixed(d), l.children.workflowTasks.toFixed(d)].map((x) => x.padStart(20)).join('')}`,
    );
  life.lives.forEach((l, i) => line(String(i + 1), l, 0));
  line('mean', m, 1);
  const still = life.lives.reduce((a, l) => a + l.children.stillRunning, 0);
  if (still) console.log(`  (${still} child workflows were still running ${CHILD_WAIT_MS / 1000} s after their hazard closed: counted as far as they had got)`);
  console.log(`  events by kind, mean per hazard: ${kindsText(m.own.byKind)}${m.children.events ? `; in its children: ${kindsText(m.children.byKind)}` : ''}`);
  console.log(
    `  notification dispatcher (${life.dispatcher.workflows} workflow${life.dispatcher.workflows === 1 ? '' : 's'}, NotificationDispatcherWorkflow, shared by every process) during the phase (${(life.phaseMs / 1000).toFixed(1)} s): ${life.dispatcher.events} events, ${life.dispatcher.workflowTasks} workflow tasks${life.drained ? '' : ' (the outbox did not drain before or after the phase: other work is in these figures)'}; by kind, per hazard: ${kindsText(life.dispatcher.byKind, life.lives.length)}`,
  );
  const { theirs, others } = life.outbox;
  console.log(
    `    it delivered the hazards' ${theirs.notifications} notifications (${(theirs.notifications / life.lives.length).toFixed(1)} per hazard; ${theirs.messages} messages: one per recipient and channel)${others.notifications ? `, and ${others.notifications} of other processes (${others.messages} messages), which are in its figures too` : ', nothing else'}`,
  );
}

function lifeMean(life: LifeResult): { ms: number; own: WholeLife['own']; children: WholeLife['children'] } {
  const n = life.lives.length;
  const mean = (f: (l: WholeLife & { ms: number }) => number) => life.lives.reduce((a, l) => a + f(l), 0) / n;
  const kinds = (f: (l: WholeLife) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const l of life.lives) for (const [k, v] of Object.entries(f(l))) out[k] = (out[k] ?? 0) + v / n;
    return out;
  };
  return {
    ms: mean((l) => l.ms),
    own: {
      runs: mean((l) => l.own.runs),
      events: mean((l) => l.own.events),
      workflowTasks: mean((l) => l.own.workflowTasks),
      byKind: kinds((l) => l.own.byKind),
    },
    children: {
      workflows: mean((l) => l.children.workflows),
      runs: mean((l) => l.children.runs),
      events: mean((l) => l.children.events),
      workflowTasks: mean((l) => l.children.workflowTasks),
      byKind: kinds((l) => l.children.byKind),
      stillRunning: mean((l) => l.children.stillRunning),
    },
  };
}

/** `workflow task 72, activity 63, …`, largest first. */
const kindsText = (byKind: Record<string, number>, per = 1) =>
  Object.entries(byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${Number.isInteger(v / per) ? v / per : (v / per).toFixed(1)}`)
    .join(', ');

// ---- the run ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = Date.now();
  // Errors are printed: a failed request's cause is in the run's output.
  const logger = createLogger((process.env.BENCH_LOG_LEVEL as 'silent') ?? 'error');
  installTemporalRuntime(logger);
  const cli = await obtainTemporalCli((l) => console.log(l));
  const server = await startDevServer({ cli, port: await freePort(), uiPort: null, namespace: 'default', dbFile: null });
  const db = await createScratchMysqlDatabase('safeloop_bench');
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });
    const info = await connection.workflowService.getClusterInfo({});
    await prepareDemoDatabase(db.url);
    const u = new URL(db.url);
    const pollConn = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1),
    });
    cleanups.push(() => pollConn.end());
    const [[{ v: mariadbVersion }]] = await pollConn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');

    // ---- header: machine and dev-server settings ----
    const cpus = os.cpus();
    const osName =
      /PRETTY_NAME="([^"]+)"/.exec(fs.existsSync('/etc/os-release') ? fs.readFileSync('/etc/os-release', 'utf8') : '')?.[1] ?? `${os.type()} ${os.release()}`;
    const cmdline = fs.existsSync(`/proc/${server.pid}/cmdline`) ? fs.readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0').filter(Boolean) : [cli];
    const dbPid = findPid(['mariadbd', 'mysqld']);
    console.log(`\nSafeLoop processes benchmark, ${new Date().toISOString()}`);
    console.log(
      `machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${osName}, Node ${process.versions.node}, MariaDB/MySQL ${String(mariadbVersion)}${dbPid ? '' : ' (not on this machine: no CPU figure)'}`,
    );
    console.log(
      `load average at start (1/5/15 min): ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')} on ${cpus.length} cores`,
    );
    console.log(`dev server: ${tryRun(cli, ['--version']) || cli}; started as: ${cmdline.map((a, i) => (i === 0 ? 'temporal' : a)).join(' ')}`);
    console.log(
      `  GetClusterInfo: server ${info.serverVersion}, history shards ${info.historyShardCount}, persistence ${info.persistenceStore}, visibility ${info.visibilityStore}`,
    );
    console.log(
      `  SQLite: ${cmdline.includes('--db-filename') ? 'file (--db-filename)' : 'in memory (no --db-filename: mode=memory, cache=shared), so journal_mode=MEMORY, no fsync'}; no --sqlite-pragma; one connection (the server's sqlite plugin sets MaxOpenConns=1, so every persistence call of every service is serialised)`,
    );
    console.log(
      '  dynamic config: temporal/dev-server.ts passes none; in effect from the CLI/dev server itself: system.forceSearchAttributesCacheRefreshOnRead=true, frontend.persistenceMaxQPS=10000, history.persistenceMaxQPS=45000, history.hostLevelCacheMaxSize=8096, frontend.namespaceRPS.visibility=100 (server defaults otherwise, e.g. frontend.namespaceRPS=2400, matching.rps=1200)',
    );
    console.log(
      `load: open loop, rates ${RATES.join(', ')}/s, ${STEP_S} s a step (rates counted after the first ${WARM_S} s), drain ≤ ${DRAIN_S} s; HTTP keep-alive agent ≤ ${SOCKETS} sockets, ${TIMEOUT_MS / 1000} s timeout; one process for load generator, poller, workers and API`,
    );
    console.log(
      'CPU columns: % of one core during the step (the machine has ' +
        `${cpus.length * 100} %): the dev server, this Node process (its main thread: API, activities, load generator, poller; its busiest other thread: a workflow thread), MariaDB (the whole server: other work's databases too), and other = everything else on the machine (other people's work); ELU = main-thread event-loop utilisation`,
    );
    const cpu = new CpuMeter(server.pid, dbPid);

    // ---- 1. bare workflow, dev server alone ----
    const bareConn = await NativeConnection.connect({ address: server.address });
    cleanups.push(() => bareConn.close());
    const bareActivities: BareActivities = { noop: async () => undefined };
    const bareWorker = await Worker.create({
      connection: bareConn,
      namespace: 'default',
      taskQueue: BARE_TASK_QUEUE,
      workflowsPath: require.resolve('./bare-workflow'),
      activities: bareActivities,
    });
    const bareRunning = bareWorker.run();
    cleanups.push(async () => {
      if (bareWorker.getState() === 'RUNNING') bareWorker.shutdown();
      await bareRunning.catch(() => undefined);
    });
    const bare = bareDriver(client);
    const bareSequential = await sequential(bare);
    const bareSteps = await runSeries(
      'Bare Temporal workflow (start → one no-op activity → complete), dev server alone; done = result() returned',
      'start RPC',
      bare,
      RATES,
      cpu,
      // The dev server finishes what a step over saturation left in its queues.
      () => sleep(3 * QUIET_S * 1000),
    );
    const bareSat = saturation(bareSteps);

    // ---- 2. the whole system (ours) ----
    const config = benchConfig(db.url, server.address);
    console.log(
      `notifications: mail to ${config.mail.smtpUrl ? `${config.mail.smtpUrl} (BENCH_SMTP_URL)` : 'the local sink (app/mail-sink.ts; on MariaDB in a worker thread of the app)'}, hand-overs ${config.workers.settings.notifications.queueActivitiesPerSecond ? `paced at ${config.workers.settings.notifications.queueActivitiesPerSecond}/s` : 'not paced (NOTIFICATIONS_PER_SECOND=0; the default 10/s protects a real mail server and would cap reports at 10/s, one mail each)'}`,
    );
    const system = await startSystem(config, logger, 'all');
    cleanups.push(() => system.stop());
    const base = system.appUrl!;
    // The demo policy's quiet hours (22:00–07:00 in Shanghai) would defer every notice of a run
    // made in them, and no report would count as acted on: the steps run with them off.
    await publishPolicy(base, 'safety', { ...DEFAULT_POLICY, quietHours: { default: null } }, 'bench:processes, quiet hours off');
    const token = await demoLogin(base, 'employee');

    // ---- 3. bare again at its saturation rate, with our API and worker started (idle) beside it ----
    let bareWith: StepResult | null = null;
    if (bareSat > 0) {
      console.log('\nBare workflow again at its saturation rate, now with our API and worker running (idle: no reports yet)');
      console.log(header('start RPC'));
      bareWith = await runStep(bare, bareSat, cpu);
      console.log(row(bareWith));
    }

    const poller = new InboxPoller(pollConn);
    poller.start();
    cleanups.push(() => poller.stop());
    const ours = hazardDriver(base, token, poller);
    cleanups.push(async () => ours.agent.destroy());
    const ourSequential = await sequential(ours);
    console.log(
      `\nback to back (each sent when the previous was done; after ${WARMUP} warm-ups; in no step): ours median ${ms(quantile(ourSequential, 0.5))} ms (${ourSequential.map((x) => ms(x)).join(', ')}); bare median ${ms(quantile(bareSequential, 0.5))} ms (${bareSequential.map((x) => ms(x)).join(', ')})`,
    );
    const ourSteps = await runSeries(
      `SafeLoop: POST /api/hazards → grading task row in the inbox (tasks table polled every ${POLL_MS} ms); accepted = 201`,
      'POST → 201',
      ours,
      RATES,
      cpu,
      // Reports left over from a step over saturation are through (their notices delivered), then a rest.
      async () => {
        await outboxDrained(system.dataSource, 120_000);
        await sleep(QUIET_S * 1000);
      },
    );
    const ourSat = saturation(ourSteps);
    const half = ourSat / 2;
    let halfStep = ourSteps.find((s) => s.rate === half);
    if (ourSat > 0 && !halfStep) {
      const seconds = Math.min(30, Math.max(STEP_S, HALF_STEP_MIN_REQUESTS / half));
      console.log(`(extra step at half the saturation rate, ${half}/s for ${seconds.toFixed(0)} s)`);
      halfStep = await runStep(ours, half, cpu, seconds);
      console.log(row(halfStep));
    }
    const pollMeanMs = poller.queries ? poller.queryMs / poller.queries : NaN;
    const doneOurs = ourSteps.flatMap((s) => s.reqs).filter((r) => r.doneAt !== undefined && r.rowAt !== undefined);
    const rowToSeen = doneOurs.map((r) => r.doneAt! - r.rowAt!).sort((a, b) => a - b);
    console.log(
      `inbox poller: ${poller.queries} queries, mean ${pollMeanMs.toFixed(1)} ms each, so a row is seen ≤ ~${(POLL_MS + pollMeanMs).toFixed(0)} ms after it commits; ` +
        `row created_at → seen: median ${quantile(rowToSeen, 0.5).toFixed(0)} ms, p99 ${quantile(rowToSeen, 0.99).toFixed(0)} ms (includes the report transaction's commit)`,
    );

    // ---- 4. where the time goes ----
    const pick = (steps: StepResult[], sat: number) => {
      const low = steps[0];
      const satStep = steps.find((s) => s.rate === sat);
      const over = steps.find((s) => !s.sustained);
      return [low, satStep, over].filter((s, i, a): s is StepResult => !!s && a.indexOf(s) === i);
    };
    const ourCols = [];
    for (const s of pick(ourSteps, ourSat)) {
      ourCols.push({
        label: `${s.rate}/s${s.sustained ? '' : ' (over)'}`,
        b: await breakdown(client, s.reqs, (e, activity) => e.eventType === ET.EVENT_TYPE_ACTIVITY_TASK_COMPLETED && activity === 'createTask'),
      });
    }
    printBreakdown('Where the time goes, ours: scheduled POST → grading task row seen', ourCols);
    const bareCols = [];
    for (const s of pick(bareSteps, bareSat)) {
      bareCols.push({
        label: `${s.rate}/s${s.sustained ? '' : ' (over)'}`,
        b: await breakdown(client, s.reqs, (e) => e.eventType === ET.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
      });
    }
    printBreakdown('Where the time goes, bare: scheduled start → result() returned', bareCols);

    // ---- 5. a general hazard's whole life ----
    const life = await hazardLives(client, base, system.dataSource);
    if (life) printLives(life);

    // ---- 6. verdicts ----
    const ratio = bareSat > 0 ? ourSat / bareSat : NaN;
    const lowOurs = ourSteps[0];
    const lowBare = bareSteps[0];
    const topRate = RATES[RATES.length - 1];
    const satText = (sat: number, steps: StepResult[]) =>
      sat === 0
        ? `< ${steps[0]?.rate ?? '?'}/s (not even the lowest rate)`
        : sat === topRate && steps.every((s) => s.sustained)
          ? `≥ ${sat}/s (every rate sustained: raise BENCH_RATES)`
          : `${sat}/s`;
    if (failures.size) console.log(`\nFailed requests, by what they got: ${[...failures].map(([what, n]) => `${n} × ${what}`).join('; ')}`);
    console.log('\nSummary');
    console.log(
      `  our sustained rate:   ${satText(ourSat, ourSteps)} (highest offered rate with ≥ ${SUSTAINED_SHARE * 100} % done and acted on, and no growing backlog)`,
    );
    console.log(
      `  bare sustained rate:  ${satText(bareSat, bareSteps)}${bareWith ? `; with our system idle beside it: ${bareWith.completedPerS.toFixed(1)}/s completed at ${bareWith.rate}/s offered, p50 ${ms(bareWith.p50)} ms (alone: ${bareSteps.find((s) => s.rate === bareSat)!.completedPerS.toFixed(1)}/s, p50 ${ms(bareSteps.find((s) => s.rate === bareSat)!.p50)} ms)` : ''}`,
    );
    console.log(
      `  ratio ours / bare:    ${Number.isNaN(ratio) ? 'n/a' : ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
    );
    console.log(
      halfStep
        ? `  p99 at half our saturation rate (${half}/s, ${halfStep.reqs.length} reports): ${ms(halfStep.p99)} ms (p50 ${ms(halfStep.p50)}, p95 ${ms(halfStep.p95)}) (target < ${TARGET_P99_MS} ms: ${halfStep.p99 < TARGET_P99_MS ? 'met' : 'NOT met'})`
        : `  p99 at half our saturation rate: n/a (no sustained rate) (target < ${TARGET_P99_MS} ms: NOT met)`,
    );
    if (lowOurs && lowBare) {
      console.log(
        `  end-to-end cost at ${lowOurs.rate}/s: our median ${ms(lowOurs.p50)} ms / bare median ${ms(lowBare.p50)} ms = ${(lowOurs.p50 / lowBare.p50).toFixed(1)}×`,
      );
      const so = quantile(ourSequential, 0.5);
      const sb = quantile(bareSequential, 0.5);
      console.log(`  end-to-end cost back to back: our median ${ms(so)} ms / bare median ${ms(sb)} ms = ${(so / sb).toFixed(1)}×`);
    }
    const untilTask = meanCounts(ourCols);
    const bareCounts = meanCounts(bareCols);
    const f1 = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(1));
    console.log(
      `  history per hazard until its grading task exists (mean of ${untilTask.n} sampled reports): ${f1(untilTask.events)} events, ${f1(untilTask.workflowTasks)} workflow tasks, ${f1(untilTask.activities)} activities; bare workflow start → completed (mean of ${bareCounts.n}): ${f1(bareCounts.events)} events, ${f1(bareCounts.workflowTasks)} workflow tasks`,
    );
    if (life) {
      const m = lifeMean(life);
      const own = m.own.events + m.children.events;
      const share = life.dispatcher.events / life.lives.length;
      const verdict = (x: number) => `${x.toFixed(1)}: ${x <= LIFE_TARGET_EVENTS ? 'met' : 'NOT met'}`;
      console.log(
        `  history per general hazard, whole life (mean of ${life.lives.length}, report → closed): ${f1(m.own.events)} events in its workflow (${f1(m.own.runs)} runs) + ${f1(m.children.events)} in ${f1(m.children.workflows)} children = ${f1(own)}; workflow tasks ${f1(m.own.workflowTasks)} + ${f1(m.children.workflowTasks)} = ${f1(m.own.workflowTasks + m.children.workflowTasks)}`,
      );
      console.log(
        `    notification dispatcher during the phase: ${life.dispatcher.events} events, ${life.dispatcher.workflowTasks} workflow tasks = ${f1(share)} events, ${f1(life.dispatcher.workflowTasks / life.lives.length)} workflow tasks per hazard; hazard + children + dispatcher share = ${f1(own + share)} events`,
      );
      console.log(
        `    baseline before the outbox: ${LIFE_BASELINE.own} + ${LIFE_BASELINE.children} in ${LIFE_BASELINE.childWorkflows} children = ${LIFE_BASELINE.own + LIFE_BASELINE.children} events; target ≤ ${LIFE_TARGET_EVENTS} (halved): hazard + children ${verdict(own)}; with the dispatcher share ${verdict(own + share)}`,
      );
    }
    // Where the limit is: CPU cost per completed process at the saturation rate, and how busy the
    // whole machine was at the first rate that was not sustained.
    const limit = (label: string, steps: StepResult[], sat: number) => {
      const at = steps.find((s) => s.rate === sat);
      const over = steps.find((s) => !s.sustained);
      const cost = at
        ? `CPU per process done at ${sat}/s: dev server ${pct(at.cpuPerDone.dev)} ms, this process ${pct(at.cpuPerDone.node)} ms (MariaDB ≤ ${pct(at.cpuPerDone.db)} ms: the whole server)`
        : 'no sustained rate';
      const busy = over
        ? `; at ${over.rate}/s (not sustained) the machine was ${pct(over.cpu.dev + over.cpu.node + (Number.isNaN(over.cpu.db) ? 0 : over.cpu.db) + over.cpu.other)} % busy of ${os.cpus().length * 100} % (dev server ${pct(over.cpu.dev)}, this process ${pct(over.cpu.node)} — main thread ${pct(over.cpu.main)}, busiest other thread ${pct(over.cpu.topThread)} —, MariaDB ${pct(over.cpu.db)}, other work ${pct(over.cpu.other)})`
        : '';
      console.log(`  ${label}: ${cost}${busy}`);
    };
    limit('bare', bareSteps, bareSat);
    limit('ours', ourSteps, ourSat);
    printCpuPerProcess(ourSteps, bareSteps);
    console.log(
      `  run took ${((Date.now() - startedAt) / 1000).toFixed(0)} s; load average now ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}`,
    );
  } finally {
    for (const c of cleanups.reverse()) await c().catch((err: unknown) => console.error('cleanup:', err));
    await db.drop();
    await server.stop();
  }
}

runBench(main, { exitWhenDone: true });
