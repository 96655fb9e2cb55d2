import { randomUUID } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../app/config';
import { createLogger, type Logger } from '../../app/logger';
import { startSystem, type Mode, type RunningSystem } from '../../app/system';
import { migrate, openDatabase } from '../../db/data-source';
import { seedDemo } from '../../db/seed/demo';
import { createScratchMysqlDatabase } from './mysql';

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
 */
export async function startTestSystem(
  mode: Mode = 'all',
  overrides: Partial<NodeJS.ProcessEnv> = {},
  options: { via?: (databaseUrl: string) => string; logger?: Logger } = {},
): Promise<RunningSystem & { config: AppConfig; directDatabaseUrl: string }> {
  const db = await createScratchMysqlDatabase();
  try {
    const ds = await openDatabase({ kind: 'mysql', url: db.url });
    try {
      await migrate(ds);
      await seedDemo(ds);
    } finally {
      await ds.destroy();
    }
    const config = testConfig({ DATABASE_URL: options.via ? options.via(db.url) : db.url, ...overrides });
    const system = await startSystem(config, options.logger ?? createLogger(config.logLevel), mode, {
      workflowBundle: { codePath: testServices().workflowBundle },
    });
    return {
      ...system,
      config,
      directDatabaseUrl: db.url,
      stop: async () => {
        await system.stop();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
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
