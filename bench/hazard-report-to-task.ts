/**
 * Benchmark: time from `POST /api/hazards` to the grading task appearing in the safety
 * officer's inbox (`GET /api/tasks?view=mine`), over N reports (default 100), sequentially.
 *
 *   npm run bench:hazard            # 100 reports
 *   BENCH_REPORTS=300 npm run bench:hazard
 *
 * Real services: a Temporal dev server started here (in memory, free port) and a fresh database on
 * the MariaDB/MySQL at TEST_DATABASE_URL (default mysql://root@127.0.0.1:3306/test), dropped after.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createLogger } from '../app/logger';
import { startSystem } from '../app/system';
import { obtainTemporalCli } from '../temporal/cli';
import { freePort, startDevServer } from '../temporal/dev-server';
import { createScratchMysqlDatabase } from '../test/support/mysql';
import { benchConfig, demoLogin, prepareDemoDatabase, runBench } from './support/system';

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_REPORTS ?? 100);
  const cli = await obtainTemporalCli((l) => console.log(l));
  const server = await startDevServer({ cli, port: await freePort(), uiPort: null, namespace: 'default', dbFile: null });
  const db = await createScratchMysqlDatabase('safeloop_bench');
  try {
    await prepareDemoDatabase(db.url);
    const config = benchConfig(db.url, server.address);
    const system = await startSystem(config, createLogger('silent'), 'all');
    try {
      const base = system.appUrl!;
      const [reporter, safety] = [await demoLogin(base, 'employee'), await demoLogin(base, 'safety')];
      const ms: number[] = [];
      // Warm-up: one report not counted.
      for (let i = -1; i < n; i++) {
        const reportId = randomUUID();
        const t0 = performance.now();
        const r = await fetch(`${base}/api/hazards`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: reporter },
          body: JSON.stringify({ reportId, title: `Bench hazard ${i}`, description: 'bench', category: 'other', area: 'Bench area', suspectedSeverity: 'low' }),
        });
        if (r.status !== 201) throw new Error(`report failed: ${r.status} ${await r.text()}`);
        const wanted = `Hazard:${reportId}/grade`;
        for (;;) {
          const inbox = (await (await fetch(`${base}/api/tasks?view=mine&pageSize=200`, { headers: { authorization: safety } })).json()) as {
            items: { id: string }[];
          };
          if (inbox.items.some((t) => t.id === wanted)) break;
          await new Promise((res) => setTimeout(res, 5));
        }
        if (i >= 0) ms.push(performance.now() - t0);
        // Keep the inbox small: grade nothing, but the list is capped at the newest 200 anyway.
      }
      ms.sort((a, b) => a - b);
      const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
      console.log(`\nhazard report → grading task in the inbox, ${n} reports, sequential`);
      console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`);
      console.log(
        `median ${q(0.5).toFixed(1)} ms   p90 ${q(0.9).toFixed(1)} ms   p99 ${q(0.99).toFixed(1)} ms   min ${ms[0].toFixed(1)} ms   max ${ms[ms.length - 1].toFixed(1)} ms`,
      );
    } finally {
      await system.stop();
    }
  } finally {
    await db.drop();
    await server.stop();
  }
}

runBench(main, { exitWhenDone: true });
