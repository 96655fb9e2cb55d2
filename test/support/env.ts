import { randomUUID } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../app/config';
import { createLogger, type Logger } from '../../app/logger';
import { startMailSink } from '../../app/mail-sink';
import { startSystem, type Mode, type RunningSystem } from '../../app/system';
import { migrate, openDatabase } from '../../db/data-source';
import { seedDemo } from '../../db/seed/demo';
import { createScratchMysqlDatabase } from './mysql';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

/** The payload key every test system and worker process of a run shares (a fixed, test-only key). */
export const TEST_PAYLOAD_KEYS = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

/** The real services global setup provisioned for this run. */
export function testServices(): { temporalAddress: string; databaseUrl: string; workflowBundle: string; temporalCli: string } {
  const get = (name: string) => {
    const v = process.env[name];
    const noDatabase = process.env.SAFELOOP_TEST_DATABASE_UNAVAILABLE;
    if (!v && name === 'SAFELOOP_TEST_DATABASE_URL' && noDatabase) throw new Error(`This test needs MariaDB/MySQL and none is reachable: ${noDatabase}`);
    if (!v) throw new Error(`${name} is not set: run the tests through jest's global setup (npm test)`);
    return v;
  };
  return {
    temporalAddress: get('SAFELOOP_TEST_TEMPORAL_ADDRESS'),
    databaseUrl: get('SAFELOOP_TEST_DATABASE_URL'),
    workflowBundle: get('SAFELOOP_TEST_WORKFLOW_BUNDLE'),
    temporalCli: get('SAFELOOP_TEST_TEMPORAL_CLI'),
  };
}

/** Configuration pointing at the test services, on a task queue of its own so files never share workers. */
export function testConfig(overrides: Partial<NodeJS.ProcessEnv> = {}): AppConfig {
  const s = testServices();
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: s.databaseUrl,
    TEMPORAL_ADDRESS: s.temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID().slice(0, 8)}`,
    SEED_DEMO: '0',
    SMTP_SINK_PORT: '0',
    JWT_SECRET: 'test-secret-test-secret-test-secret-42',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // A stopped test system lets running activities finish for a second, not production's 30 s.
    WORKER_SHUTDOWN_GRACE_SECONDS: '1',
    PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    ...overrides,
  });
}

/**
 * The whole system (worker + API) against the real dev server and MariaDB, on a database of its
 * own (migrated, demo organisation seeded, dropped by stop()), so test files never share state.
 * `logger` replaces the silent one (a test reading the logs). `via` reroutes the app's connection (e.g. through a TCP proxy that can cut it); the database
 * is still created, migrated and dropped directly. `directDatabaseUrl` is the unrerouted URL.
 * With SAFELOOP_TEST_WORKER_PROCESSES=N (`npm run test:cluster`), the whole system is the API in
 * this process plus N workers as separate processes on its task queue (`workers`), mailing to a
 * sink here as `all` does; otherwise `workers` is empty and the worker runs in this process.
 */
export async function startTestSystem(
  mode: Mode = 'all',
  overrides: Partial<NodeJS.ProcessEnv> = {},
  options: { via?: (databaseUrl: string) => string; logger?: Logger } = {},
): Promise<RunningSystem & { config: AppConfig; directDatabaseUrl: string; workers: WorkerProcess[] }> {
  const db = await createScratchMysqlDatabase();
  const workerCount = mode === 'all' ? Number(process.env.SAFELOOP_TEST_WORKER_PROCESSES || 0) : 0;
  const workers: WorkerProcess[] = [];
  const stops: (() => Promise<unknown>)[] = [() => db.drop()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err: Error) => console.error(err));
  };
  try {
    const ds = await openDatabase({ kind: 'mysql', url: db.url });
    try {
      await migrate(ds);
      await seedDemo(ds);
    } finally {
      await ds.destroy();
    }
    const databaseUrl = options.via ? options.via(db.url) : db.url;
    const config = testConfig({ DATABASE_URL: databaseUrl, ...overrides });
    const logger = options.logger ?? createLogger(config.logLevel);
    const system = await startSystem(config, logger, workerCount > 0 ? 'api' : mode, {
      workflowBundle: { codePath: testServices().workflowBundle },
    });
    stops.push(() => system.stop());
    if (workerCount > 0) {
      const sink = await startMailSink(system.dataSource, 0, logger);
      stops.push(() => sink.stop());
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(overrides)) if (v !== undefined) env[k] = v;
      for (let i = 1; i <= workerCount; i++) {
        const w = startWorkerProcess(`worker-${i}`, {
          ...env,
          DATABASE_URL: databaseUrl,
          TEMPORAL_ADDRESS: config.temporal.address!,
          TEMPORAL_NAMESPACE: config.temporal.namespace,
          TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
          WORKFLOW_BUNDLE: testServices().workflowBundle,
          SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        });
        workers.push(w);
        stops.push(() => w.stop());
      }
      await Promise.all(workers.map((w) => w.ready));
    }
    return { ...system, config, directDatabaseUrl: db.url, workers, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** A tiny JSON client for the API under test. */
export function httpClient(baseUrl: string) {
  let token: string | null = null;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? (body as string) : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: json };
  };
  return {
    call,
    async login(username: string, password = 'safeloop-demo') {
      const r = await call('POST', '/api/auth/login', { username, password });
      if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
      token = r.body.token;
      return r.body;
    },
    logout() {
      token = null;
    },
  };
}
