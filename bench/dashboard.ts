/**
 * Benchmark: every dashboard query over a year of a 10,000-person group on MariaDB/MySQL.
 *
 *   npm run bench:dashboard                 # 10,000 people, 100 departments/workshops, a year
 *   BENCH_HAZARDS=10000 BENCH_RUNS=5 npm run bench:dashboard
 *   BENCH_PEOPLE=1000 npm run bench:dashboard   # everything scaled to 1,000 people
 *
 * Generates, in a fresh database on TEST_DATABASE_URL (default mysql://root@127.0.0.1:3306/test,
 * dropped at the end), a year of data (bench/support/year-of-data.ts: a group of 100
 * departments/workshops, 10,000 people, ~40,000 hazards with their ~120,000 process tasks, ~10,000
 * other tasks, 300 emergencies, ~440,000 facts over 2025–2026; sizes from BENCH_PEOPLE and the
 * variables listed there). Then it calls
 * the dashboard service directly (what the routes call) as the safety officer (the whole group) and
 * as a department head, a warm-up and BENCH_RUNS (default 9) measured runs each, and prints per
 * query the rows behind it, the median and the p95 in ms.
 */
import os from 'node:os';
import { DashboardService } from '../api/dashboard/service';
import type { Principal } from '../api/platform/route';
import { migrate, openDatabase } from '../db/data-source';
import { median, percentile, type KpiName } from '../domain/dashboard';
import { createScratchMysqlDatabase } from '../test/support/mysql';
import { generateYearOfData, NOW, sizeFromEnv, YEAR } from './support/year-of-data';
import { dropScratchDatabase, runBench } from './support/system';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);

async function main(): Promise<void> {
  const size = sizeFromEnv();
  const db = await createScratchMysqlDatabase('safeloop_bench');
  const ds = await openDatabase({ kind: 'mysql', url: db.url });
  try {
    await migrate(ds);
    const t0 = Date.now();
    const org = await generateYearOfData(ds, size);
    console.log(`generation took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const dashboard = new DashboardService(ds, () => NOW);
    const principal = (roles: Principal['roles'], unitPath: string): Principal => {
      const ids = unitPath.split('/').filter(Boolean);
      return {
        userId: 'bench',
        username: 'bench',
        displayName: 'Bench',
        roles,
        orgUnitId: ids[ids.length - 1],
        orgUnitPath: unitPath,
        memberPaths: [unitPath],
        personId: null,
      };
    };
    const safety = principal(['safety_officer'], org.groupPath);
    const dept = org.departments[0];
    const head = principal(['department_head'], dept.path);
    const period = YEAR;

    const results: { name: string; rows: number; ms: number[] }[] = [];
    const bench = async (name: string, fn: () => Promise<unknown>, rowsOf: (r: never) => number) => {
      const first = await fn(); // warm-up (buffer pool, plans)
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = process.hrtime.bigint();
        await fn();
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      results.push({ name, rows: rowsOf(first as never), ms });
      const m = median(ms)!;
      console.log(
        `${name.padEnd(58)} rows ${String(rowsOf(first as never).toLocaleString('en')).padStart(9)}   median ${m.toFixed(0).padStart(5)} ms   p95 ${percentile(ms, 95)!.toFixed(0).padStart(5)} ms`,
      );
      return first;
    };
    type KpisResult = Awaited<ReturnType<DashboardService['kpis']>>;
    // Rows behind the KPIs: every record counted in the current and the previous period.
    const kpiRows = (r: KpisResult) =>
      r.kpis.reduce(
        (a, k) => a + (k.kind === 'ratio' || k.kind === 'mean' ? (k.denominator ?? 0) + (k.previous.denominator ?? 0) : k.numerator + k.previous.numerator),
        0,
      );
    console.log(
      `\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${(await ds.query('SELECT VERSION() AS v'))[0].v}; ${RUNS} runs after a warm-up; load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}\n`,
    );
    const t1 = Date.now();
    await dashboard.handoffs(principal(['safety_officer'], org.groupPath), { period: YEAR });
    console.log(`handoff rollup, first fill from every task: ${((Date.now() - t1) / 1000).toFixed(1)} s (once per database)`);
    const k = (await bench('kpis — group, 2026 vs 2025', () => dashboard.kpis(safety, { period }), kpiRows)) as KpisResult;
    await bench('kpis — one department, 2026 vs 2025 (department head)', () => dashboard.kpis(head, { period }), kpiRows);
    const seriesRows = (r: { series: { numerator: number; denominator: number | null; label: string }[]; kind: string }) =>
      r.series.reduce((a, b) => a + (r.kind === 'ratio' || r.kind === 'mean' ? (b.denominator ?? 0) : b.numerator), 0);
    for (const [kpi, g] of [
      ['hazardClosureRate', 'month'],
      ['meanRectificationHours', 'week'],
      ['slaBreachRate', 'month'],
      ['trainingCoverage', 'month'],
      ['emergencyAckMinutes', 'month'],
    ] as [KpiName, 'month' | 'week'][]) {
      await bench(`trends — ${kpi} by ${g}`, () => dashboard.trends(safety, { kpi, granularity: g, utcOffsetMinutes: 480, period }), seriesRows);
    }
    const rankRows = (r: { items: unknown[]; total: number }) => r.total;
    await bench(
      'ranking — slaBreachRate by department (entries)',
      () => dashboard.ranking(safety, { kpi: 'slaBreachRate', by: 'department', order: 'worst', limit: 10, period }),
      rankRows,
    );
    await bench(
      'ranking — hazardClosureRate by department (entries)',
      () => dashboard.ranking(safety, { kpi: 'hazardClosureRate', by: 'department', order: 'best', limit: 10, period }),
      rankRows,
    );
    await bench(
      'ranking — meanRectificationHours by person (entries)',
      () => dashboard.ranking(safety, { kpi: 'meanRectificationHours', by: 'person', order: 'worst', limit: 20, period }),
      rankRows,
    );
    await bench(
      'ranking — trainingCoverage by department (entries)',
      () => dashboard.ranking(safety, { kpi: 'trainingCoverage', by: 'department', order: 'best', limit: 10, period }),
      rankRows,
    );
    await bench(
      'heatmap — department × category (hazards)',
      () => dashboard.heatmap(safety, { rows: 'department', columns: 'category', limit: 30, period }),
      (r: { total: number }) => r.total,
    );
    await bench(
      'heatmap — area × risk level (hazards)',
      () => dashboard.heatmap(safety, { rows: 'area', columns: 'riskLevel', limit: 30, period }),
      (r: { total: number }) => r.total,
    );
    const h = (await bench(
      'handoffs — group (handoffs)',
      () => dashboard.handoffs(safety, { period }),
      (r: { total: number }) => r.total,
    )) as Awaited<ReturnType<DashboardService['handoffs']>>;
    await bench(
      'handoffs — one department (handoffs)',
      () => dashboard.handoffs(head, { period }),
      (r: { total: number }) => r.total,
    );
    const drillRows = (r: { total: number }) => r.total;
    const drill =
      (kpi: Parameters<DashboardService['drill']>[1]['kpi'], part: 'numerator' | 'denominator', extra: object = {}) =>
      () =>
        dashboard.drill(safety, { kpi, part, page: 1, pageSize: 50, period, ...extra });
    await bench('drill — slaBreachRate numerator, page 1', drill('slaBreachRate', 'numerator'), drillRows);
    await bench('drill — hazardClosureRate denominator, page 100', drill('hazardClosureRate', 'denominator', { page: 100 }), drillRows);
    await bench('drill — trainingCoverage numerator (people)', drill('trainingCoverage', 'numerator'), drillRows);
    const cell = h.cells[0];
    await bench('drill — handoffs, the largest cell', drill('handoffs', 'numerator', { fromDepartmentId: cell.from, toDepartmentId: cell.to }), drillRows);
    await bench('drill — heatmap cell (department × category)', drill('heatmap', 'numerator', { departmentId: dept.id, category: 'fire' }), drillRows);

    // The drill-down's totals are the figures' parts.
    const checks: string[] = [];
    for (const fig of k.kpis) {
      const parts: ('numerator' | 'denominator')[] =
        fig.kind === 'count' ? ['numerator'] : fig.kind === 'mean' ? ['denominator'] : ['numerator', 'denominator'];
      for (const part of parts) {
        const d = await dashboard.drill(safety, { kpi: fig.kpi, part, page: 1, pageSize: 1, period });
        if (d.total !== (part === 'numerator' ? fig.numerator : fig.denominator))
          checks.push(`${fig.kpi} ${part}: drill ${d.total} ≠ ${part === 'numerator' ? fig.numerator : fig.denominator}`);
      }
    }
    const dcell = await dashboard.drill(safety, {
      kpi: 'handoffs',
      part: 'numerator',
      fromDepartmentId: cell.from,
      toDepartmentId: cell.to,
      page: 1,
      pageSize: 1,
      period,
    });
    if (dcell.total !== cell.count) checks.push(`handoff cell: drill ${dcell.total} ≠ ${cell.count}`);
    console.log(`\ndrill totals = figures: ${checks.length ? `NO — ${checks.join('; ')}` : 'yes, for every KPI part and the largest handoff cell'}`);
    console.log('figures (group, 2026):', k.kpis.map((x) => `${x.kpi} ${x.value === null ? '—' : x.value.toFixed(3)}`).join(', '));
    const all = results.flatMap((r) => r.ms);
    const slow = results.filter((r) => median(r.ms)! > 300);
    console.log(
      `load average at the end: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `\nslowest median: ${Math.max(...results.map((r) => median(r.ms)!)).toFixed(0)} ms; queries over 300 ms (median): ${slow.length ? slow.map((r) => r.name).join(', ') : 'none'}; all runs p95 ${percentile(all, 95)!.toFixed(0)} ms`,
    );
  } finally {
    await ds.destroy();
    await dropScratchDatabase(db);
  }
}

runBench(main);
