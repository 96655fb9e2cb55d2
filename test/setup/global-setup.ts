import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from '../../db/data-source';
import { seedDemo } from '../../db/seed/demo';
import { obtainTemporalCli } from '../../temporal/cli';
import { connectClient } from '../../temporal/connection';
import { freePort, startDevServer, type DevServer } from '../../temporal/dev-server';
import { registerSearchAttributes } from '../../temporal/search-attributes';
import { writeWorkflowBundle } from '../../temporal/worker';
import { createScratchMysqlDatabase } from '../support/mysql';

/**
 * Provisions the real services once per run: the Temporal CLI (obtained like `npm start` does),
 * a headless dev server on a free port, a fresh MariaDB database (migrated and seeded), and one
 * workflow bundle. Tests find them through SAFELOOP_TEST_* variables. With
 * SAFELOOP_TEST_TEMPORAL_ADDRESS already set (`npm run test:cluster`), that Temporal server is
 * used and no dev server is started.
 */
declare global {
  var __safeloopTeardown: (() => Promise<void>) | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`\n[test setup] ${line}`);
  const cli = await obtainTemporalCli(log);
  const external = process.env.SAFELOOP_TEST_TEMPORAL_ADDRESS;
  const [server, db] = await Promise.all([
    external
      ? { address: external, stop: async () => undefined }
      : freePort().then((port) => startDevServer({ cli, port, uiPort: null, namespace: 'default', dbFile: null })),
    createScratchMysqlDatabase().catch((err: Error) => err),
  ]);
  const cleanups: (() => Promise<void>)[] = [() => server.stop()];
  globalThis.__safeloopTeardown = async () => {
    for (const c of cleanups) await c().catch((err) => console.error(err));
  };

  await registerAttributes(server);
  if (db instanceof Error) {
    // Unit tests still run; every test that needs the database fails saying why (testServices()).
    process.env.SAFELOOP_TEST_DATABASE_UNAVAILABLE = db.message;
    log(`NO DATABASE: ${db.message} — the tests that need MariaDB/MySQL will fail saying so.`);
  } else {
    cleanups.push(() => db.drop());
    const ds = await openDatabase({ kind: 'mysql', url: db.url });
    await migrate(ds);
    await seedDemo(ds);
    await ds.destroy();
    process.env.SAFELOOP_TEST_DATABASE_URL = db.url;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-test-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  // The way `npm run build` writes dist/workflow-bundle.js: every worker and the replay test load this file.
  const codePath = path.join(dir, 'workflow-bundle.js');
  await writeWorkflowBundle(codePath);

  process.env.SAFELOOP_TEST_TEMPORAL_CLI = cli;
  process.env.SAFELOOP_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.SAFELOOP_TEST_WORKFLOW_BUNDLE = codePath;
  log(`Temporal ${server.address}, ${db instanceof Error ? 'no database' : `MariaDB ${db.name}`}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

async function registerAttributes(server: Pick<DevServer, 'address'>): Promise<void> {
  const { connection } = await connectClient({ address: server.address, namespace: 'default' });
  try {
    await registerSearchAttributes(connection, 'default');
  } finally {
    await connection.close();
  }
}
