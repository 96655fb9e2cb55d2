/**
 * `npm run test:cluster`: the process suite's core scenarios against a real Temporal cluster
 * instead of the dev server — the Temporal server built from source (the version the Temporal
 * CLI v1.5.1 embeds), its persistence and its SQL visibility on PostgreSQL with 4 history shards,
 * every service (frontend, history, matching, worker) in one process, and two SafeLoop workers
 * as separate processes. Steps:
 *   1. `temporal-server` and `temporal-sql-tool` from `go install` into
 *      ~/.cache/safeloop/temporal-server-v<version>/ (only when not cached there);
 *   2. fresh databases on PostgreSQL, schemas set up and updated with temporal-sql-tool from the
 *      server module's own schema files (schema/postgresql/v12/…);
 *   3. a server config generated into a temp dir, the server started and awaited;
 *   4. the `default` namespace registered and SafeLoop's search attributes added (operator API);
 *   5. jest on the chosen test files with SAFELOOP_TEST_TEMPORAL_ADDRESS (the suite then uses
 *      that server) and SAFELOOP_TEST_WORKER_PROCESSES=2;
 *   6. the server stopped and the databases dropped, whatever happened.
 * Extra arguments go to jest (test files or patterns replace the default selection).
 * PostgreSQL: PGHOST / PGPORT / PGUSER / PGPASSWORD (default 127.0.0.1:5432, user postgres).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { registerSearchAttributes } from '../temporal/search-attributes';
import { isPortTaken } from '../temporal/dev-server';

/** The server version github.com/temporalio/cli v1.5.1 requires (its go.mod: go.temporal.io/server v1.29.1). */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const MODULE = 'go.temporal.io/server';
const NAMESPACE = 'default';
const HISTORY_SHARDS = 4;
const DATABASES = { persistence: 'safeloop_temporal', visibility: 'safeloop_temporal_visibility' };
/** The scenarios: a hazard's whole life, emergencies (one with a worker SIGKILLed), appeals, the monitor on visibility, and the cluster checks. */
const DEFAULT_TESTS = [
  'test/cluster/real-cluster.test.ts',
  'test/integration/hazard.test.ts',
  'test/integration/emergency.test.ts',
  'test/integration/appeals.test.ts',
  'test/integration/processes.test.ts',
];

const root = path.resolve(__dirname, '..');
const started = Date.now();
const say = (line: string) => process.stdout.write(`[cluster ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

class SetupError extends Error {}

interface Pg {
  host: string;
  port: number;
  user: string;
  password: string;
}

function serverCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'safeloop', `temporal-server-v${TEMPORAL_SERVER_VERSION}`);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = root): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

function findGo(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = dir && path.join(dir, process.platform === 'win32' ? 'go.exe' : 'go');
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new SetupError(
    'Go is needed to build the Temporal server from source: install Go >= 1.23 (the build fetches the ' +
      `toolchain go.temporal.io/server v${TEMPORAL_SERVER_VERSION} asks for) and put it on PATH: https://go.dev/dl`,
  );
}

/** Go settings of a build: the checksum database is skipped when it cannot be reached (like temporal/cli.ts). */
async function goRun(go: string, args: string[], extra: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const env = { ...process.env, ...extra };
  let result = await run(go, args, env, os.tmpdir());
  if (result.code !== 0 && /sum\.golang\.org|checksum|verifying|GOSUMDB/i.test(result.output)) {
    say('Checksum database unreachable; retrying with GOSUMDB=off…');
    result = await run(go, args, { ...env, GOSUMDB: 'off' }, os.tmpdir());
  }
  return result;
}

/** `temporal-server` and `temporal-sql-tool`, built once per machine with `go install`. */
async function obtainServerBinaries(go: string): Promise<{ server: string; sqlTool: string; buildSeconds: number | null }> {
  const dir = serverCacheDir();
  const server = path.join(dir, 'temporal-server');
  const sqlTool = path.join(dir, 'temporal-sql-tool');
  if (fs.existsSync(server) && fs.existsSync(sqlTool)) return { server, sqlTool, buildSeconds: null };
  fs.mkdirSync(dir, { recursive: true });
  const gobin = fs.mkdtempSync(path.join(dir, '.build-'));
  const t0 = Date.now();
  say(`Building the Temporal server v${TEMPORAL_SERVER_VERSION} and its SQL tool from source (first run on this machine only; many minutes)…`);
  try {
    const pkgs = [`${MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`, `${MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`];
    const result = await goRun(go, ['install', ...pkgs], { GOBIN: gobin, GOFLAGS: '-trimpath', CGO_ENABLED: '0' });
    if (result.code !== 0) {
      throw new SetupError(`Building the Temporal server with Go failed (exit ${result.code}). Last output:\n${result.output.slice(-3000)}`);
    }
    // Renamed as the server's own release names them; moved in only once both exist, so a broken build never looks cached.
    fs.renameSync(path.join(gobin, 'sql'), sqlTool);
    fs.renameSync(path.join(gobin, 'server'), server);
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
  return { server, sqlTool, buildSeconds: (Date.now() - t0) / 1000 };
}

/** The server module in Go's module cache (downloaded through the module proxy when missing): its schema files. */
async function serverModuleDir(go: string): Promise<string> {
  const result = await goRun(go, ['mod', 'download', '-json', `${MODULE}@v${TEMPORAL_SERVER_VERSION}`], {});
  let dir: string | undefined;
  try {
    dir = (JSON.parse(result.output) as { Dir?: string }).Dir;
  } catch {
    dir = undefined;
  }
  if (result.code !== 0 || !dir) throw new SetupError(`go mod download ${MODULE}@v${TEMPORAL_SERVER_VERSION} failed:\n${result.output.slice(-2000)}`);
  return dir;
}

function pgSettings(): Pg {
  return {
    host: process.env.PGHOST || '127.0.0.1',
    port: Number(process.env.PGPORT || 5432),
    user: process.env.PGUSER || 'postgres',
    password: process.env.PGPASSWORD || '',
  };
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(3000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Drops and recreates the two databases, then applies the schema versions shipped in the server module. */
async function setUpSchemas(sqlTool: string, moduleDir: string, pg: Pg): Promise<void> {
  if (!(await reachable(pg.host, pg.port))) {
    throw new SetupError(
      `PostgreSQL (>= 12) is needed on ${pg.host}:${pg.port} (PGHOST / PGPORT / PGUSER / PGPASSWORD), ` +
        'reachable by a user that may create databases. Nothing answers there: install and start PostgreSQL.',
    );
  }
  const base = ['--plugin', 'postgres12', '--endpoint', pg.host, '--port', String(pg.port), '--user', pg.user, '--password', pg.password];
  const tool = async (db: string, args: string[]) => {
    const result = await run(sqlTool, [...base, '--database', db, ...args]);
    if (result.code !== 0)
      throw new SetupError(`temporal-sql-tool --database ${db} ${args.join(' ')} failed (exit ${result.code}):\n${result.output.slice(-2000)}`);
  };
  await Promise.all(
    (['persistence', 'visibility'] as const).map(async (kind) => {
      const db = DATABASES[kind];
      const schemaDir = path.join(moduleDir, 'schema', 'postgresql', 'v12', kind === 'persistence' ? 'temporal' : 'visibility', 'versioned');
      if (!fs.existsSync(schemaDir)) throw new SetupError(`No schema files at ${schemaDir}`);
      await tool(db, ['drop-database', '--force', '--defaultdb', 'postgres']);
      await tool(db, ['create-database', '--defaultdb', 'postgres']);
      await tool(db, ['setup-schema', '--version', '0.0']);
      await tool(db, ['update-schema', '--schema-dir', schemaDir]);
    }),
  );
}

async function dropDatabases(sqlTool: string, pg: Pg): Promise<void> {
  const base = ['--plugin', 'postgres12', '--endpoint', pg.host, '--port', String(pg.port), '--user', pg.user, '--password', pg.password];
  for (const db of Object.values(DATABASES)) await run(sqlTool, [...base, '--database', db, 'drop-database', '--force', '--defaultdb', 'postgres']);
}

/**
 * A free port below 32768: the server records its membership port in PostgreSQL as a smallint
 * (cluster_membership.rpc_port), so a port from the OS's ephemeral range (32768+) fails its start.
 */
async function lowFreePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (!taken.has(port) && !(await isPortTaken(port))) {
      taken.add(port);
      return port;
    }
  }
  throw new SetupError('Found no free port between 20000 and 32000 for the Temporal server.');
}
const taken = new Set<number>();

/** The server config: postgres12 persistence and visibility, HISTORY_SHARDS shards, every service on free loopback ports. */
async function writeConfig(dir: string, pg: Pg): Promise<{ frontend: string }> {
  const ports: Record<string, [number, number]> = {};
  for (const svc of ['frontend', 'history', 'matching', 'worker']) ports[svc] = [await lowFreePort(), await lowFreePort()];
  const frontend = `127.0.0.1:${ports.frontend[0]}`;
  const store = (db: string, maxConns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${db}
        connectAddr: "${pg.host}:${pg.port}"
        connectProtocol: tcp
        user: ${JSON.stringify(pg.user)}
        password: ${JSON.stringify(pg.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const services = Object.entries(ports)
    .map(
      ([svc, [grpc, membership]]) => `
  ${svc}:
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnIP: 127.0.0.1`,
    )
    .join('');
  const yaml = `log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${HISTORY_SHARDS}
  datastores:
    postgres-default:${store(DATABASES.persistence, 20)}
    postgres-visibility:${store(DATABASES.visibility, 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:${services}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: ${frontend}
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: ${JSON.stringify(path.join(dir, 'dynamicconfig.yaml'))}
  pollInterval: 10s
`;
  fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config', 'safeloop-cluster.yaml'), yaml);
  // As the server's development-sql config: workflow IDs up to 255 characters (SafeLoop's are well below).
  fs.writeFileSync(path.join(dir, 'dynamicconfig.yaml'), 'limit.maxIDLength:\n  - value: 255\n    constraints: {}\n');
  return { frontend };
}

interface RunningServer {
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function startServer(binary: string, dir: string, logFile: string): RunningServer {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(binary, ['--root', dir, '--config', 'config', '--env', 'safeloop-cluster', '--allow-no-auth', 'start'], {
    cwd: dir,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const done = await Promise.race([exited.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), 20_000)))]);
      clearTimeout(timer);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** The log's last lines, each cut short (the server logs JSON with whole stack traces). */
function tail(file: string, lines = 6): string {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l))
      .join('\n');
  } catch {
    return '';
  }
}

/** Waits for the frontend, registers the namespace (idempotent) and waits until it is served. */
async function prepareNamespace(server: RunningServer, address: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let lastError = '';
  for (;;) {
    if (server.child.exitCode !== null)
      throw new SetupError(`The Temporal server exited (${server.child.exitCode}) during start-up. Its log:\n${tail(logFile)}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        await connection.withDeadline(Date.now() + 5000, () => connection.workflowService.getSystemInfo({}));
        try {
          await connection.workflowService.registerNamespace({
            namespace: NAMESPACE,
            workflowExecutionRetentionPeriod: msToTs('1 day'),
            description: 'SafeLoop cluster test run',
          });
        } catch (err) {
          if (!/already/i.test((err as Error).message)) throw err;
        }
        // The namespace registry refreshes every few seconds: wait until every service knows it.
        await connection.withDeadline(Date.now() + 5000, () => connection.workflowService.describeNamespace({ namespace: NAMESPACE }));
        await connection.withDeadline(Date.now() + 5000, () =>
          connection.workflowService.listWorkflowExecutions({ namespace: NAMESPACE, pageSize: 1, query: '' }),
        );
        const added = await registerSearchAttributes(connection, NAMESPACE);
        if (added.length) say(`Search attributes added: ${added.join(', ')}`);
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() > deadline) throw new SetupError(`The Temporal server did not get ready on ${address}: ${lastError}\nIts log:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Processes of this run still alive after jest (a worker process whose test timed out in its
 * set-up, its jest worker gone): found by the marker every process of the run inherits, and killed.
 */
function killLeftovers(marker: string): number[] {
  if (process.platform !== 'linux') return [];
  const killed: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let environ: string;
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    if (!environ.split('\0').includes(`SAFELOOP_CLUSTER_RUN=${marker}`)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

function runJest(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...args], { cwd: root, env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main(): Promise<number> {
  const go = findGo();
  const pg = pgSettings();
  const t = { build: 0, schema: 0, start: 0, tests: 0 };
  let mark = Date.now();
  const lap = () => {
    const s = (Date.now() - mark) / 1000;
    mark = Date.now();
    return s;
  };

  const bins = await obtainServerBinaries(go);
  t.build = lap();
  say(
    bins.buildSeconds === null
      ? `Temporal server v${TEMPORAL_SERVER_VERSION}: cached in ${path.dirname(bins.server)}`
      : `Built in ${bins.buildSeconds.toFixed(0)} s`,
  );

  const moduleDir = await serverModuleDir(go);
  await setUpSchemas(bins.sqlTool, moduleDir, pg);
  t.schema = lap();
  say(`Schemas set up on PostgreSQL ${pg.host}:${pg.port} (${DATABASES.persistence}, ${DATABASES.visibility}) in ${t.schema.toFixed(1)} s`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-cluster-'));
  const marker = path.basename(dir);
  const logFile = path.join(root, '.data', 'temporal-cluster.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, '');
  let server: RunningServer | null = null;
  const cleanUp = async () => {
    await server?.stop();
    server = null;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanUp().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { frontend } = await writeConfig(dir, pg);
    server = startServer(bins.server, dir, logFile);
    await prepareNamespace(server, frontend, logFile);
    t.start = lap();
    say(
      `Temporal server v${TEMPORAL_SERVER_VERSION} (pid ${server.child.pid}) ready on ${frontend} in ${t.start.toFixed(1)} s; log: ${path.relative(root, logFile)}`,
    );

    const userArgs = process.argv.slice(2);
    const selection = userArgs.some((a) => !a.startsWith('-')) ? [] : DEFAULT_TESTS;
    // One test file at a time (each runs the API and two worker processes beside the server on a
    // two-core machine), with room for a test system's start-up (three node processes) in the hooks.
    const code = await runJest(['--runInBand', '--testTimeout=180000', ...selection, ...userArgs], {
      ...process.env,
      SAFELOOP_CLUSTER_RUN: marker,
      SAFELOOP_TEST_TEMPORAL_ADDRESS: frontend,
      SAFELOOP_TEST_WORKER_PROCESSES: '2',
      SAFELOOP_TEST_CLUSTER: JSON.stringify({ version: TEMPORAL_SERVER_VERSION, historyShards: HISTORY_SHARDS, store: 'postgres12' }),
    });
    t.tests = lap();
    if (server.child.exitCode !== null) {
      say(`The Temporal server died during the tests (exit ${server.child.exitCode}). Its log:\n${tail(logFile)}`);
      return 1;
    }
    say(
      `Done: ${code === 0 ? 'passed' : `jest exited ${code}`}. Times: server build ${bins.buildSeconds === null ? 'cached' : `${t.build.toFixed(0)} s`}, ` +
        `schema ${t.schema.toFixed(1)} s, server start ${t.start.toFixed(1)} s, tests ${t.tests.toFixed(0)} s, total ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    return code;
  } finally {
    const leftovers = killLeftovers(marker);
    if (leftovers.length) say(`Killed ${leftovers.length} process(es) of this run still running after jest: ${leftovers.join(', ')}`);
    await cleanUp();
    if (!process.env.SAFELOOP_CLUSTER_KEEP_DATABASES) await dropDatabases(bins.sqlTool, pg);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`\nnpm run test:cluster: ${err instanceof SetupError ? err.message : (err.stack ?? err.message)}\n`);
    process.exit(1);
  },
);
