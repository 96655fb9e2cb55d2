/**
 * Benchmark: audit append latency under concurrency, per-stream chains against the old global lock.
 *
 *   npx tsx bench/audit-append.ts
 *   BENCH_CONCURRENCY=50 BENCH_ROUNDS=20 BENCH_TX_WORK_MS=5 npx tsx bench/audit-append.ts
 *
 * On a fresh database on the MariaDB/MySQL at TEST_DATABASE_URL (default
 * mysql://root@127.0.0.1:3306/test), migrated, dropped at the end: BENCH_ROUNDS rounds of
 * BENCH_CONCURRENCY (default 50) appends started at once, each in its own transaction (pool of
 * BENCH_POOL connections, default 10 as the app's), every append to a stream of its own (as 50
 * different processes writing at once). Each transaction does its append and then BENCH_TX_WORK_MS
 * (default 0 and 5 ms, both measured) of further work holding its locks (`DO SLEEP`), as the
 * activity's transaction does after its audit row (a hazard transition updates its row, events,
 * facts). Printed per variant: p50 / p99 / max latency of one transaction (start to commit) and
 * appends a second:
 * - `streams`: `appendAudit` as it is, locking only its stream's head;
 * - `global lock (before)`: the same, first locking the one `audit_head` row as every append did
 *   before streams (so the rows and the work are the same; only the global lock differs);
 * - `streams, one stream`: all appends to the same stream (the worst case: they queue as before).
 * Afterwards the log is anchored and verified (must be intact).
 */
import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit, verifyAuditLog } from '../db/audit/audit-log';
import { migrate, openDatabase } from '../db/data-source';
import { AuditHead } from '../db/entities';
import { createScratchMysqlDatabase } from '../test/support/mysql';
import { dropScratchDatabase, runBench } from './support/system';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const POOL = Number(process.env.BENCH_POOL ?? 10);
const WORK = process.env.BENCH_TX_WORK_MS ? [Number(process.env.BENCH_TX_WORK_MS)] : [0, 5];

type Variant = 'streams' | 'global lock (before)' | 'streams, one stream';

async function oneAppend(ds: DataSource, variant: Variant, stream: string, i: number, workMs: number): Promise<number> {
  const started = performance.now();
  await ds.transaction(async (em: EntityManager) => {
    if (variant === 'global lock (before)') await em.getRepository(AuditHead).findOne({ where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
    await appendAudit(em, {
      actorType: 'workflow',
      actor: stream,
      action: 'hazard.reported',
      entityType: 'hazard',
      entityId: `${stream}-${i}`,
      after: { i, title: 'Oil on the floor by press 3', severity: 'medium' },
      stream,
    });
    if (workMs > 0) await em.query(`DO SLEEP(${workMs / 1000})`);
  });
  return performance.now() - started;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(ds: DataSource, variant: Variant, workMs: number, run: number): Promise<string> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    const batch = Array.from({ length: CONCURRENCY }, (_, c) => {
      const stream = variant === 'streams, one stream' ? `process:bench-${run}-hot` : `process:bench-${run}-${r}-${c}`;
      return oneAppend(ds, variant, stream, r * CONCURRENCY + c, workMs);
    });
    latencies.push(...(await Promise.all(batch)));
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(7);
  return `${variant.padEnd(22)} work ${String(workMs).padStart(2)} ms  p50 ${f(percentile(latencies, 50))} ms  p99 ${f(percentile(latencies, 99))} ms  max ${f(latencies[latencies.length - 1])} ms  ${(latencies.length / seconds).toFixed(0).padStart(5)} appends/s`;
}

runBench(async () => {
  const db = await createScratchMysqlDatabase('safeloop_bench_audit');
  try {
    const ds = await openDatabase({ kind: 'mysql', url: db.url, poolSize: POOL });
    try {
      await migrate(ds);
      console.log(`audit appends: ${ROUNDS} rounds of ${CONCURRENCY} concurrent transactions, pool ${POOL}, each to its own stream unless said`);
      let run = 0;
      // Warm-up (connections, statement caches), not reported.
      await measure(ds, 'streams', 0, run++);
      for (const work of WORK) {
        for (const variant of ['global lock (before)', 'streams', 'streams, one stream'] as const) console.log(await measure(ds, variant, work, run++));
      }
      const v = await verifyAuditLog(ds);
      console.log(
        `verify: ok ${v.ok}, ${v.levels.streams.entries} entries in ${v.levels.streams.streams} streams, ${v.levels.anchors.anchors} anchors (${v.anchored} written by this check)`,
      );
      if (!v.ok) throw new Error(`the audit log does not verify: ${JSON.stringify(v.brokenAt)}`);
    } finally {
      await ds.destroy();
    }
  } finally {
    await dropScratchDatabase(db);
  }
});
