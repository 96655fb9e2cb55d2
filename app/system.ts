import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { DataSource } from 'typeorm';
import { ensureAlertSweepSchedule } from '../api/alerts/alert-schedule';
import { upgradeCycleSchedules } from '../api/assessment-cycles/service';
import { ensureCertificateSweepSchedule } from '../api/certificates/sweep';
import { createApp } from '../api/platform/app';
import { TokenService } from '../api/auth/tokens';
import { setUpdateDeadline } from '../api/platform/process-updates';
import { setAuditHashAlgorithm } from '../db/audit/audit-log';
import { describeDatabase, migrate, openDatabase } from '../db/data-source';
import { seedDemo } from '../db/seed/demo';
import { obtainTemporalCli } from '../temporal/cli';
import { EncryptionCodec, newKeySpec, parseKeyRing } from '../temporal/codec';
import { connectClient, connectWorker } from '../temporal/connection';
import { freePort, isPortTaken, startDevServer, type DevServer } from '../temporal/dev-server';
import { registerSearchAttributes } from '../temporal/search-attributes';
import { taskQueueFor, type WorkerKind } from '../temporal/task-queues';
import { bundleWorkflows, createWorker, installTemporalRuntime, type WorkerOptions } from '../temporal/worker';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import { startDemoProcesses } from './demo-processes';
import { startMailSink } from './mail-sink';
import { observeDatabase, setSdkMetricsUrl } from './metrics';
import { newOpsState, startOpsServer } from './ops';
import { startTracing, tracingRole } from './tracing';

/**
 * The composition root. `all` is `npm start`: dev Temporal server (unless TEMPORAL_ADDRESS),
 * database + migrations + demo seed, worker, API and web on one port. `api` and `worker` are the
 * two production services, deployed and scaled separately.
 */
export type Mode = 'all' | 'api' | 'worker';

/** A failure with one clear line for the operator (no stack trace). */
export class StartupError extends Error {}

export interface RunningSystem {
  appUrl: string | null;
  temporalAddress: string;
  temporalUiUrl: string | null;
  databaseLabel: string;
  mailSinkPort: number | null;
  seeded: boolean;
  dataSource: DataSource;
  client: Client;
  /**
   * Settles with the error if the worker stops by itself (a fatal error of the SDK, e.g. its
   * namespace is gone); null without a worker. The SDK rides out a Temporal outage by polling
   * again, so this only fires when the worker cannot go on: the process should then exit
   * non-zero so its supervisor starts a fresh one, instead of idling without a worker.
   */
  workerFailure: Promise<Error> | null;
  /** The task queues this process's workers poll, by kind (empty without workers). */
  workerQueues: Partial<Record<WorkerKind, string>>;
  stop(): Promise<void>;
}

export interface StartOptions {
  say?: (line: string) => void;
  /** A workflow bundle built earlier (tests build one for the whole run). */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function startSystem(config: AppConfig, logger: Logger, mode: Mode, options: StartOptions = {}): Promise<RunningSystem> {
  const say = options.say ?? (() => undefined);
  const stops: (() => Promise<unknown>)[] = [];
  const ops = newOpsState();
  const stopAll = async () => {
    ops.draining = true; // readiness turns false before anything stops
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        logger.warn({ err }, 'error while stopping');
      }
    }
  };
  try {
    if (mode !== 'worker' && (await isPortTaken(config.port, config.host))) {
      throw new StartupError(`Port ${config.port} is already in use. Stop what uses it or set PORT to a free port.`);
    }

    // 1. Temporal: a cluster if configured, else the dev server with its state under .data/.
    let devServer: DevServer | null = null;
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | null = config.temporal.uiUrl;
    if (!temporalAddress) {
      if (mode !== 'all') temporalAddress = `127.0.0.1:${config.temporal.devServerPort}`;
      else {
        const cli = await obtainTemporalCli(say);
        say('Starting the Temporal dev server…');
        devServer = await startDevServer({
          cli,
          port: config.temporal.devServerPort,
          uiPort: config.temporal.devServerUiPort,
          namespace: config.temporal.namespace,
          dbFile: path.join(config.dataDir, 'temporal.db'),
          logFile: path.join(config.dataDir, 'temporal.log'),
          pidFile: path.join(config.dataDir, 'temporal.pid'),
          // Its UI shows payloads decrypted by the app (for signed-in admins, the safety hub and auditors).
          uiCodecEndpoint: `${config.appUrl}/api/temporal/codec`,
        });
        const server = devServer;
        stops.push(() => server.stop());
        temporalAddress = devServer.address;
        temporalUiUrl = devServer.uiUrl;
      }
    }
    // Tracing, when configured: the entry point started it before the app loaded (scripts/start-tracing.ts); this returns that one.
    const tracing = startTracing(config.tracing, tracingRole(mode));
    if (tracing) stops.push(() => tracing.flush());

    let client: Client;
    let connection: Connection;
    const codec = payloadCodec(config);
    try {
      ({ client, connection } = await connectClient({ ...config.temporal, address: temporalAddress }, codec, Boolean(tracing)));
    } catch (err) {
      throw new StartupError(`Cannot reach Temporal at ${temporalAddress} (${(err as Error).message}). Check TEMPORAL_ADDRESS.`);
    }
    stops.push(() => connection.close());
    setUpdateDeadline(client, config.temporal.updateDeadlineSeconds);
    await registerSearchAttributes(connection, config.temporal.namespace);

    // 2. Database: connect, migrate, seed the demo organisation where asked.
    const databaseLabel = describeDatabase(config.database);
    let dataSource: DataSource;
    try {
      dataSource = await openDatabase(config.database);
    } catch (err) {
      throw new StartupError(`Cannot connect to the database ${databaseLabel} (${(err as Error).message}). Check DATABASE_URL.`);
    }
    stops.push(async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
    });
    observeDatabase(dataSource);
    setAuditHashAlgorithm(config.crypto.profile === 'gm' ? 'sm3' : 'sha256');
    let seeded = false;
    // Schema and demo data: `npm start` does it here; in production the `migrate` job does it
    // once, so scaled-out workers never race each other over migrations.
    if (mode === 'all') {
      const applied = await migrate(dataSource);
      if (applied.length) logger.info({ applied }, 'migrations applied');
      if (config.seedDemo) seeded = (await seedDemo(dataSource, { locale: config.demoLocale })).created;
    }

    // A worker on its own gets a small server for the probes and /metrics (the API serves them on its
    // port), started before the worker so that it is stopped after it: readiness says "draining" while
    // running activities finish.
    if (mode === 'worker' && config.metrics.workerPort) {
      const opsServer = await startOpsServer(config.metrics.workerPort, config.host, {
        dataSource,
        temporal: { connection, namespace: config.temporal.namespace },
        state: ops,
        metricsToken: config.metrics.token,
      });
      stops.push(() => new Promise<void>((resolve) => opsServer.close(() => resolve())));
    }

    // 3. Mail: a real SMTP server, or in the all-in-one mode the local sink.
    let smtpUrl = config.mail.smtpUrl;
    let mailSinkPort: number | null = null;
    if (!smtpUrl && mode === 'all') {
      const sink = await startMailSink(dataSource, config.mail.sinkPort, logger).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EADDRINUSE'
          ? new StartupError(`Port ${config.mail.sinkPort} (mail sink) is already in use. Set SMTP_SINK_PORT to a free port.`)
          : err;
      });
      stops.push(sink.stop);
      mailSinkPort = sink.port;
      smtpUrl = `smtp://127.0.0.1:${sink.port}`;
    }
    // Pooled: a handful of SMTP connections reused from message to message instead of a connect,
    // greeting and quit for each (SMTP_URL's own `?pool=false` still turns it off).
    const mailer = smtpUrl ? nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 4 }) : null;
    if (mailer) stops.push(async () => mailer.close());

    // 4. Workers: one per kind of task queue this process serves (WORKER_QUEUES; all three by
    // default, so `npm start` and a plain `npm run worker` run everything), on one connection.
    let workerFailure: Promise<Error> | null = null;
    const workerQueues: Partial<Record<WorkerKind, string>> = {};
    if (mode !== 'api') {
      const kinds = config.workers.queues;
      say(kinds.includes('interactive') ? 'Bundling workflows and starting the workers…' : `Starting the ${kinds.join(' and ')} workers…`);
      const sdkBind = config.metrics.sdkBind === 'off' ? null : (config.metrics.sdkBind ?? `127.0.0.1:${await freePort()}`);
      if (installTemporalRuntime(logger, 'WARN', sdkBind) && sdkBind) setSdkMetricsUrl(`http://${sdkBind.replace(/^0\.0\.0\.0:/, '127.0.0.1:')}/metrics`);
      const nativeConnection: NativeConnection = await connectWorker({ ...config.temporal, address: temporalAddress });
      stops.push(() => nativeConnection.close());
      const deps = { dataSource, logger, now: () => new Date(), mailer, mailFrom: config.mail.from, appUrl: config.appUrl };
      const workflowBundle = kinds.includes('interactive')
        ? (options.workflowBundle ?? (config.temporal.workflowBundle ? { codePath: config.temporal.workflowBundle } : await bundleWorkflows()))
        : undefined;
      const workers: { kind: WorkerKind; worker: Worker }[] = [];
      for (const kind of kinds) {
        const settings = config.workers.settings[kind];
        workerQueues[kind] = taskQueueFor(kind, config.temporal.taskQueue);
        workers.push({
          kind,
          worker: await createWorker({
            kind,
            connection: nativeConnection,
            namespace: config.temporal.namespace,
            taskQueue: config.temporal.taskQueue,
            workflowBundle,
            deps,
            shutdownGraceSeconds: config.workerShutdownGraceSeconds,
            shutdownForceSeconds: config.workerShutdownForceSeconds,
            activitySlots: settings.activitySlots,
            queueActivitiesPerSecond: settings.queueActivitiesPerSecond,
            codec,
            tracing,
          }),
        });
      }
      // RUNNING when every worker runs, else which one does not (readiness reports it).
      ops.workerState = () => {
        const off = workers.filter(({ worker }) => worker.getState() !== 'RUNNING');
        return off.length ? off.map(({ kind, worker }) => `${kind} ${worker.getState()}`).join(', ') : 'RUNNING';
      };
      let shuttingDown = false;
      const runs = workers.map(({ kind, worker }) => ({ kind, worker, running: worker.run() }));
      // The first worker to stop by itself stands for the process: it cannot do all its work any more.
      workerFailure = Promise.race(
        runs.map(
          ({ kind, running }) =>
            new Promise<Error>((resolve) => {
              running.then(
                () => {
                  if (!shuttingDown) resolve(new Error(`the ${kind} worker stopped without being asked to`));
                },
                (err: unknown) => {
                  logger.error({ err, worker: kind }, 'worker stopped with an error');
                  if (!shuttingDown) resolve(err instanceof Error ? err : new Error(String(err)));
                },
              );
            }),
        ),
      );
      // All drain at once (each lets its running activities finish), before the connection closes.
      stops.push(async () => {
        shuttingDown = true;
        for (const { worker } of runs) if (worker.getState() === 'RUNNING') worker.shutdown();
        await Promise.all(runs.map(({ running }) => running.catch(() => undefined)));
      });
    }

    if (seeded && mode === 'all') await startDemoProcesses(client, dataSource, config.temporal.taskQueue);

    // The alert sweep's schedule and the default alert rules, ensured idempotently by every role
    // once the schema is current (in production the migrate job may still be on its way).
    if (!(await dataSource.showMigrations())) {
      const sweep = await ensureAlertSweepSchedule(client, dataSource, config.temporal.taskQueue);
      logger.info(sweep, 'alert sweep schedule ensured');
      logger.info(await ensureCertificateSweepSchedule(client, dataSource, config.temporal.taskQueue), 'certificates sweep schedule ensured');
      const cycles = await upgradeCycleSchedules(client);
      if (cycles.upgraded.length) logger.info(cycles, 'cycle schedules given their time zone and a bounded catch-up window');
    }

    // 5. API + web.
    let appUrl: string | null = null;
    if (mode !== 'worker') {
      const app = createApp({
        dataSource,
        databaseLabel,
        temporal: {
          client,
          connection,
          namespace: config.temporal.namespace,
          taskQueue: config.temporal.taskQueue,
          address: temporalAddress,
          uiUrl: temporalUiUrl,
        },
        tokens: new TokenService(jwtSecret(config), config.jwtTtlSeconds),
        loginRateLimit: config.loginRateLimit,
        evidenceDir: config.evidenceDir,
        logger,
        webDir: path.resolve(__dirname, '../web/dist'),
        ops,
        metricsToken: config.metrics.token,
        hazardOpen: config.hazardOpen,
      });
      const server = await listen(app, config.port, config.host);
      stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
      const port = (server.address() as { port: number }).port;
      appUrl = `http://localhost:${port}`;
    }

    return { appUrl, temporalAddress, temporalUiUrl, databaseLabel, mailSinkPort, seeded, dataSource, client, workerFailure, workerQueues, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new StartupError(`Port ${port} is already in use. Stop what uses it or set PORT to a free port.`) : err),
    );
  });
}

/**
 * The Temporal payload codec (temporal/codec.ts): PAYLOAD_KEYS, or on a developer machine a key
 * generated once into DATA_DIR, so the dev server's stored histories stay readable across restarts.
 */
function payloadCodec(config: AppConfig): EncryptionCodec {
  let spec = config.crypto.payloadKeys;
  if (!spec) {
    const file = path.join(config.dataDir, 'payload-keys');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(file, newKeySpec('dev1'), { mode: 0o600 });
    }
    spec = fs.readFileSync(file, 'utf8').trim();
  }
  return new EncryptionCodec(parseKeyRing(spec), config.crypto.profile);
}

/** JWT_SECRET, or on a developer machine a random secret kept under .data/ so tokens survive restarts. */
function jwtSecret(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
