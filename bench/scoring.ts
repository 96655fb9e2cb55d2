/**
 * Benchmark: a full cycle's scoring of a large group on MariaDB/MySQL.
 *
 *   npm run bench:scoring                       # 1,000,000 facts, 10,000 people, 100 departments
 *   BENCH_FACTS=200000 BENCH_PEOPLE=2000 npm run bench:scoring
 *
 * Generates the organisation and the facts in a fresh database on TEST_DATABASE_URL (default
 * mysql://root@127.0.0.1:3306/test, dropped after), then measures, median of 3 runs each:
 *   - bare:    SELECT person_id, kind, COUNT(*), SUM(value) … GROUP BY person_id, kind (all rows read)
 *   - scoring: what a cycle does — load the scope, the SQL fact-class aggregation, the rule
 *              evaluation of every person, post, department and company, the input hash
 * and prints facts/s and the ratio scoring / bare (target ≤ 2, and scoring < 10 s). The snapshot
 * write (score_results rows) is timed once and printed separately.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { scoreCycleInput, writeSnapshot } from '../activities/shared/scoring-data';
import { migrate, openDatabase } from '../db/data-source';
import { DEFAULT_RULESET } from '../domain/scoring';
import { createScratchMysqlDatabase } from '../test/support/mysql';
import { rng } from './support/year-of-data';
import { dropScratchDatabase, runBench } from './support/system';

const FACTS = Number(process.env.BENCH_FACTS ?? 1_000_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const DEPARTMENTS = Number(process.env.BENCH_DEPARTMENTS ?? 100);
const PERIOD = { start: '2026-10-31T16:00:00.000Z', end: '2026-11-30T16:00:00.000Z' };

/** Fact kinds with their share and how their value / data look. */
const MIX: { kind: string; share: number; make: (r: () => number, h: number) => { value: number | null; data: Record<string, unknown> } }[] = [
  { kind: 'hazard.reported', share: 10, make: () => ({ value: 1, data: { category: 'guarding' } }) },
  { kind: 'hazard.closed', share: 6, make: (r) => ({ value: Math.round(r() * 300000), data: { onTime: r() < 0.96 } }) },
  { kind: 'hazard.overdue_day', share: 3, make: (_r, h) => ({ value: 1, data: { hazardId: `h${h}` } }) },
  { kind: 'hazard.verification', share: 6, make: (r) => ({ value: r() < 0.9 ? 1 : 0, data: {} }) },
  { kind: 'hazard.rework', share: 1, make: () => ({ value: 1, data: {} }) },
  { kind: 'hazard.acknowledged', share: 5, make: (r) => ({ value: Math.round(r() * 90000), data: { late: r() < 0.1 } }) },
  { kind: 'training.attended', share: 10, make: (r) => ({ value: r() < 0.93 ? 1 : 0, data: {} }) },
  { kind: 'inspection.scored', share: 5, make: (r) => ({ value: 60 + Math.round(r() * 40), data: {} }) },
  { kind: 'emergency.response', share: 4, make: (r) => ({ value: Math.round(r() * 900), data: { late: r() < 0.15, drill: r() < 0.7 } }) },
  { kind: 'emergency.acknowledged', share: 2, make: (r) => ({ value: Math.round(r() * 400), data: { late: r() < 0.1, drill: r() < 0.7 } }) },
  { kind: 'risk.input', share: 5, make: (r) => ({ value: Math.round(r() * 200000), data: { late: r() < 0.1, gap: r() < 0.03 } }) },
  { kind: 'risk.measure_completed', share: 4, make: (r) => ({ value: Math.round(r() * 500000), data: { onTime: r() < 0.9 } }) },
  { kind: 'chemical_storage.check', share: 9, make: (r) => ({ value: r() < 0.98 ? 1 : 0, data: {} }) },
  { kind: 'guard.check', share: 10, make: (r) => ({ value: r() < 0.97 ? 1 : 0, data: {} }) },
  { kind: 'hot_work.permit', share: 9, make: (r) => ({ value: r() < 0.99 ? 1 : 0, data: {} }) },
  { kind: 'hazardous_waste.check', share: 10, make: (r) => ({ value: r() < 0.99 ? 1 : 0, data: {} }) },
  { kind: 'declaration.approved', share: 1, make: () => ({ value: 2, data: {} }) },
];

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const db = await createScratchMysqlDatabase('safeloop_bench');
  const ds = await openDatabase({ kind: 'mysql', url: db.url });
  try {
    await migrate(ds);
    const r = rng(42);
    const groupId = randomUUID();
    const companyId = randomUUID();
    const t0 = Date.now();
    await ds.query(
      'INSERT INTO org_units (id, parent_id, kind, name, code, department_function, path, head_person_id) VALUES (?, NULL, ?, ?, ?, NULL, ?, NULL), (?, ?, ?, ?, ?, NULL, ?, NULL)',
      [groupId, 'group', 'Bench Group', 'B-GROUP', `/${groupId}/`, companyId, groupId, 'company', 'Bench Co', 'B-CO', `/${groupId}/${companyId}/`],
    );
    const depts = Array.from({ length: DEPARTMENTS }, (_, i) => ({ id: randomUUID(), i }));
    const people = Array.from({ length: PEOPLE }, (_, i) => ({ id: randomUUID(), dept: depts[i % DEPARTMENTS] }));
    const heads = new Map(depts.map((d) => [d.id, people[d.i].id]));
    const rowsSql = (n: number, cols: number) => Array.from({ length: n }, () => `(${Array(cols).fill('?').join(', ')})`).join(', ');
    await ds.query(
      `INSERT INTO org_units (id, parent_id, kind, name, code, department_function, path, head_person_id) VALUES ${rowsSql(depts.length, 8)}`,
      depts.flatMap((d) => [
        d.id,
        companyId,
        'department',
        `Department ${d.i + 1}`,
        `B-D${d.i + 1}`,
        'production',
        `/${groupId}/${companyId}/${d.id}/`,
        heads.get(d.id),
      ]),
    );
    for (let i = 0; i < people.length; i += 2000) {
      const chunk = people.slice(i, i + 2000);
      await ds.query(
        `INSERT INTO people (id, employee_no, name, email, org_unit_id, post_id, active) VALUES ${rowsSql(chunk.length, 7)}`,
        chunk.flatMap((p, j) => [p.id, `B${i + j}`, `Person ${i + j}`, null, p.dept.id, null, 1]),
      );
    }
    const weights = MIX.flatMap((m, i) => Array<number>(m.share).fill(i));
    const span = Date.parse(PERIOD.end) - Date.parse(PERIOD.start);
    const BATCH = 2000;
    for (let i = 0; i < FACTS; i += BATCH) {
      const n = Math.min(BATCH, FACTS - i);
      const params: unknown[] = [];
      for (let j = 0; j < n; j++) {
        const p = people[Math.floor(r() * PEOPLE)];
        const m = MIX[weights[Math.floor(r() * weights.length)]];
        const { value, data } = m.make(r, Math.floor(r() * 3));
        params.push(
          `f${String(i + j).padStart(8, '0')}`,
          m.kind,
          p.id,
          'direct',
          p.dept.id,
          heads.get(p.dept.id),
          `Bench:${i + j}`,
          `s${i + j}`,
          value,
          new Date(Date.parse(PERIOD.start) + Math.floor(r() * span)),
          JSON.stringify(data),
          1,
        );
      }
      await ds.query(
        `INSERT INTO facts (id, kind, person_id, attribution, org_unit_id, department_head_person_id, source_workflow_id, subject_id, value, occurred_at, data, policy_version) VALUES ${rowsSql(n, 12)}`,
        params,
      );
    }
    await ds.query('ANALYZE TABLE facts');
    console.log(
      `generated ${FACTS.toLocaleString('en')} facts, ${PEOPLE.toLocaleString('en')} people, ${DEPARTMENTS} departments in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    const cycle = { scopeOrgUnitId: companyId, cadence: 'monthly', period: '2026-11', periodStart: new Date(PERIOD.start), periodEnd: new Date(PERIOD.end) };
    const bare: number[] = [];
    const scoring: number[] = [];
    let last: Awaited<ReturnType<typeof scoreCycleInput>> | null = null;
    const phases: Record<string, number> = {};
    // One warm-up of each (buffer pool), then three measured runs, interleaved.
    await ds.query('SELECT person_id, kind, COUNT(*) AS n, SUM(value) AS s FROM facts WHERE occurred_at >= ? AND occurred_at < ? GROUP BY person_id, kind', [
      cycle.periodStart,
      cycle.periodEnd,
    ]);
    await scoreCycleInput(ds, cycle, DEFAULT_RULESET);
    for (let run = 0; run < 3; run++) {
      const b = await timed(
        () =>
          ds.query('SELECT person_id, kind, COUNT(*) AS n, SUM(value) AS s FROM facts WHERE occurred_at >= ? AND occurred_at < ? GROUP BY person_id, kind', [
            cycle.periodStart,
            cycle.periodEnd,
          ]) as Promise<unknown[]>,
      );
      bare.push(b.ms);
      const s = await timed(() => scoreCycleInput(ds, cycle, DEFAULT_RULESET, phases));
      scoring.push(s.ms);
      last = s.value;
    }
    const hashes = new Set<string>();
    for (let run = 0; run < 2; run++) hashes.add((await scoreCycleInput(ds, cycle, DEFAULT_RULESET)).result.inputHash);
    const write = await timed(() =>
      writeSnapshot(
        ds,
        {
          cycleId: 'bench',
          version: 1,
          reason: 'initial',
          status: 'draft',
          rulesetVersion: 1,
          note: 'bench',
          createdBy: 'bench',
          factCount: last!.factCount,
          result: last!.result,
        },
        async () => undefined,
      ),
    );

    const bareMs = median(bare);
    const scoringMs = median(scoring);
    const ratio = scoringMs / bareMs;
    const mem = process.memoryUsage();
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${(await ds.query('SELECT VERSION() AS v'))[0].v}`,
    );
    console.log(`facts scored:            ${last!.factCount.toLocaleString('en')} (subjects: ${last!.result.results.length.toLocaleString('en')})`);
    console.log(`bare GROUP BY:           ${bareMs.toFixed(0)} ms  (runs: ${bare.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(
      `whole scoring:           ${scoringMs.toFixed(0)} ms  (runs: ${scoring.map((x) => x.toFixed(0)).join(', ')})  →  ${Math.round(last!.factCount / (scoringMs / 1000)).toLocaleString('en')} facts/s`,
    );
    console.log(
      `  of which (mean/run):   ${Object.entries(phases)
        .map(([k, v]) => `${k} ${(v / 3).toFixed(0)} ms`)
        .join(', ')}`,
    );
    console.log(
      `ratio scoring / bare:    ${ratio.toFixed(2)}  (target ≤ 2.00: ${ratio <= 2 ? 'met' : 'NOT met'}; under 10 s: ${scoringMs < 10_000 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `deterministic:           ${hashes.size === 1 && hashes.has(last!.result.inputHash) ? 'same input hash on every run' : 'HASH DIFFERS'} (${last!.result.inputHash.slice(0, 16)}…)`,
    );
    console.log(`snapshot write:          ${write.ms.toFixed(0)} ms for ${last!.result.results.length.toLocaleString('en')} score rows (not in the ratio)`);
    console.log(`memory:                  rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await ds.destroy();
    await dropScratchDatabase(db);
  }
}

runBench(main);
