import { loadConfig, type AppConfig } from '../../app/config';
import { migrate, openDatabase } from '../../db/data-source';
import { seedDemo } from '../../db/seed/demo';

/** Migrates the scratch database and seeds the demo organisation (its users log in with `safeloop-demo`). */
export async function prepareDemoDatabase(url: string): Promise<void> {
  const ds = await openDatabase({ kind: 'mysql', url });
  await migrate(ds);
  await seedDemo(ds);
  await ds.destroy();
}

/** The whole system as a benchmark runs it: on the scratch database and dev server, silent, any free port. */
export function benchConfig(databaseUrl: string, temporalAddress: string): AppConfig {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: 'bench',
    SMTP_SINK_PORT: '0',
    // A mail server of one's own instead of the local sink (bench:processes prints which).
    ...(process.env.BENCH_SMTP_URL ? { SMTP_URL: process.env.BENCH_SMTP_URL } : {}),
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    HAZARD_OPEN: process.env.HAZARD_OPEN ?? 'transaction',
    LOGIN_RATE_LIMIT: '1000',
    // The pace of hand-overs to the mail server and webhooks (default 10/s) protects a real mail
    // server; a bench measures what the machine sustains, against the local sink (printed in its header).
    NOTIFICATIONS_PER_SECOND: process.env.NOTIFICATIONS_PER_SECOND ?? '0',
  });
}

/** Logs a demo user in; returns the `authorization` header value. */
export async function demoLogin(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'safeloop-demo' }),
  });
  return `Bearer ${((await r.json()) as { token: string }).token}`;
}

/**
 * Puts a policy version in force through the API as `username` (a safety officer): new processes
 * start under it. Throws unless the API took it.
 */
export async function publishPolicy(base: string, username: string, document: unknown, note: string): Promise<void> {
  const r = await fetch(`${base}/api/policies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await demoLogin(base, username) },
    body: JSON.stringify({ document, note }),
  });
  if (r.status >= 300) throw new Error(`publishing the policy as ${username}: ${r.status} ${await r.text()}`);
}

/** The end of a run: the scratch database is dropped, unless `BENCH_KEEP_DB` asks to keep it for a look. */
export async function dropScratchDatabase(db: { name: string; drop(): Promise<void> }): Promise<void> {
  if (process.env.BENCH_KEEP_DB) console.log(`kept database ${db.name}`);
  else await db.drop();
}

/**
 * Runs a benchmark's `main`: a failure is printed (`describe` picks what) and exits 1; `exitWhenDone`
 * exits 0 at the end even if a client or server left a handle open.
 */
export function runBench(main: () => Promise<void>, opts: { describe?: (err: unknown) => unknown; exitWhenDone?: boolean } = {}): void {
  main().then(
    () => {
      if (opts.exitWhenDone) process.exit(0);
    },
    (err) => {
      console.error(opts.describe ? opts.describe(err) : err);
      process.exit(1);
    },
  );
}
