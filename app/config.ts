import path from 'node:path';
import { z } from 'zod';
import { parseKeyRing } from '../temporal/codec';
import { TASK_QUEUES, WORKER_KINDS, type WorkerKind } from '../temporal/task-queues';
import type { QueueWorkerSettings } from '../temporal/worker';

/**
 * All runtime configuration, read once from the environment. Everything has a default that
 * makes `npm start` work on a fresh clone (embedded database, dev Temporal server).
 */
const boolish = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^mysql:\/\//, 'DATABASE_URL must be a mysql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SEED_DEMO: boolish.optional(),
  /** The demo accounts' language (their mails and notices): Chinese, as a plant's people read, unless set. */
  DEMO_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  TEMPORAL_ADDRESS: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'TEMPORAL_TASK_QUEUE must be kebab-case')
    .default(TASK_QUEUES.interactive),
  TEMPORAL_TLS: boolish.optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_UI_URL: z.string().optional(),
  /** A workflow bundle built ahead (e.g. by the test set-up or an image build): workers load it instead of running webpack at start. */
  WORKFLOW_BUNDLE: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** How long the API waits for a process to answer an update before it answers 504. */
  TEMPORAL_UPDATE_DEADLINE_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 3600),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SMTP_SINK_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  MAIL_FROM: z.string().default('SafeLoop <safeloop@localhost>'),
  APP_URL: z.string().url().optional(),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  EVIDENCE_DIR: z.string().optional(),
  /** Payload encryption: `aes` (AES-256-GCM) or `gm` (国密: SM4 + HMAC-SM3; the audit log's hash chain becomes SM3). */
  CRYPTO_PROFILE: z.enum(['aes', 'gm']).default('aes'),
  /** Keys of the Temporal payload codec, `id:base64(32 bytes)[,id:base64…]`, the first encrypts; required in production (else generated into DATA_DIR). */
  PAYLOAD_KEYS: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** When set, `/metrics` answers only requests with `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** A worker (`npm run worker`) serves /metrics, /livez and /readyz on this port (0: none). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Where the Temporal SDK exports its own metrics (host:port, loopback by default, appended to /metrics); empty: a free loopback port; "off": none. */
  TEMPORAL_SDK_METRICS_BIND: z.string().optional(),
  /** Connections in the MySQL/MariaDB pool of each process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  /** Which workers this process runs (`npm run worker`, `npm start`): a comma-separated subset of interactive, scoring, notifications. */
  WORKER_QUEUES: z
    .string()
    .default(WORKER_KINDS.join(','))
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.enum(WORKER_KINDS), { message: `WORKER_QUEUES must list some of ${WORKER_KINDS.join(', ')}` })
        .min(1, `WORKER_QUEUES must list some of ${WORKER_KINDS.join(', ')}`),
    ),
  /**
   * Activities the interactive worker runs at once; default: the database pool's size, so they never queue for a connection. A
   * process that also runs the scoring and notifications workers shares the pool with their few slots (production runs them apart).
   */
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(1000).optional(),
  /** Long scoring and reporting activities a scoring worker runs at once. */
  WORKER_SCORING_SLOTS: z.coerce.number().int().min(1).max(100).default(2),
  /** Notification deliveries a notifications worker runs at once. */
  WORKER_NOTIFICATION_SLOTS: z.coerce.number().int().min(1).max(100).default(4),
  /** Notification deliveries (activities: one alert's items each) the server hands out per second, across all notifications workers; 0: no limit. */
  NOTIFICATIONS_PER_SECOND: z.coerce.number().min(0).max(10000).default(10),
  /**
   * How the API opens a hazard (issue 22 asked for both to be measured; bench:processes compares them): `transaction` writes
   * the report and its grading task in the transaction that starts the process; `update` starts it with update-with-start and
   * answers when the process has written them. `transaction` is faster (docs/RESULTS.md) and the default.
   */
  HAZARD_OPEN: z.enum(['transaction', 'update']).default('transaction'),
  /** How long a stopping worker lets its running activities finish before they are asked to cancel. */
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** When a stopping worker gives up on activities still running and exits (unset: it waits for them). */
  WORKER_SHUTDOWN_FORCE_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  /** OpenTelemetry traces go over OTLP/HTTP to this collector (the standard variable: traces to <endpoint>/v1/traces); unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The traces endpoint itself, used as given (wins over OTEL_EXPORTER_OTLP_ENDPOINT). */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The service name on the traces; default safeloop (npm start), safeloop-api or safeloop-worker. */
  OTEL_SERVICE_NAME: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export type DatabaseConfig =
  { kind: 'mysql'; url: string; /** connections in the pool (default 10) */ poolSize?: number } | { kind: 'sqlite'; file: string | null /* null: in memory */ };

export interface TemporalConfig {
  /** An external cluster; when unset the dev server is launched locally. */
  address: string | null;
  namespace: string;
  taskQueue: string;
  /** TLS and API key for a remote cluster such as Temporal Cloud. */
  tls: boolean;
  apiKey: string | null;
  devServerPort: number;
  devServerUiPort: number;
  uiUrl: string;
  /** How long the API waits for a process to answer an update (then 504, `process_timeout`). */
  updateDeadlineSeconds: number;
  /** Path of a prebuilt workflow bundle; null: bundle at worker start. */
  workflowBundle: string | null;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  seedDemo: boolean;
  /** The language the demo accounts are seeded with. */
  demoLocale: 'zh-CN' | 'en';
  temporal: TemporalConfig;
  mail: {
    /** A real SMTP server; when unset, `npm start` runs the local sink and sends there. */
    smtpUrl: string | null;
    sinkPort: number;
    from: string;
  };
  /** Public URL of the app (links in messages). */
  appUrl: string;
  /** Failed logins allowed per username and address in 15 minutes. */
  loginRateLimit: number;
  /** Where uploaded evidence files live (a shared volume in production). */
  evidenceDir: string;
  jwtSecret: string | null;
  jwtTtlSeconds: number;
  logLevel: string;
  production: boolean;
  /** HAZARD_OPEN. */
  hazardOpen: 'transaction' | 'update';
  metrics: {
    token: string | null;
    /** The worker's own port for /metrics and the probes (0: none). */
    workerPort: number;
    /** host:port for the SDK's Prometheus exporter; null: a free loopback port; 'off': none. */
    sdkBind: string | null;
  };
  crypto: {
    profile: 'aes' | 'gm';
    /** PAYLOAD_KEYS as given; null: a key generated into DATA_DIR (development only). */
    payloadKeys: string | null;
  };
  /** Seconds a stopping worker waits for running activities (Worker shutdownGraceTime). */
  workerShutdownGraceSeconds: number;
  /** Seconds after which a stopping worker exits even with activities still running (null: waits). */
  workerShutdownForceSeconds: number | null;
  /** The workers this process runs (WORKER_QUEUES), each with its settings. */
  workers: { queues: WorkerKind[]; settings: Record<WorkerKind, QueueWorkerSettings> };
  tracing: TracingConfig;
}

/** OpenTelemetry tracing (app/tracing.ts), set by the standard OTEL_* variables. */
export interface TracingConfig {
  /** Where spans are POSTed (OTLP/HTTP JSON); null: tracing is off. */
  tracesUrl: string | null;
  /** OTEL_SERVICE_NAME; null: named after the process's role. */
  serviceName: string | null;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${first.path.join('.')}: ${first.message}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const database: DatabaseConfig = e.DATABASE_URL
    ? { kind: 'mysql', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
    : { kind: 'sqlite', file: path.join(dataDir, 'safeloop.sqlite') };
  const production = e.NODE_ENV === 'production';
  if (production && !e.JWT_SECRET) throw new ConfigError('Invalid configuration: JWT_SECRET is required in production');
  if (e.PAYLOAD_KEYS) {
    try {
      parseKeyRing(e.PAYLOAD_KEYS);
    } catch (err) {
      throw new ConfigError(`Invalid configuration: ${(err as Error).message}`);
    }
  }
  if (production && !e.PAYLOAD_KEYS)
    throw new ConfigError('Invalid configuration: PAYLOAD_KEYS is required in production (id:base64 of 32 random bytes, e.g. k1:$(openssl rand -base64 32))');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    // Demo data goes into the embedded default only, unless asked for explicitly.
    seedDemo: e.SEED_DEMO ?? database.kind === 'sqlite',
    demoLocale: e.DEMO_LOCALE,
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? null,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: e.TEMPORAL_TLS ?? Boolean(e.TEMPORAL_API_KEY),
      apiKey: e.TEMPORAL_API_KEY || null,
      devServerPort: e.TEMPORAL_PORT,
      devServerUiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`,
      updateDeadlineSeconds: e.TEMPORAL_UPDATE_DEADLINE_SECONDS,
      workflowBundle: e.WORKFLOW_BUNDLE ?? null,
    },
    mail: { smtpUrl: e.SMTP_URL ?? null, sinkPort: e.SMTP_SINK_PORT, from: e.MAIL_FROM },
    appUrl: e.APP_URL ?? `http://localhost:${e.PORT}`,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    evidenceDir: path.resolve(e.EVIDENCE_DIR ?? path.join(dataDir, 'evidence')),
    jwtSecret: e.JWT_SECRET ?? null,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    logLevel: e.LOG_LEVEL,
    production,
    hazardOpen: e.HAZARD_OPEN,
    metrics: { token: e.METRICS_TOKEN ?? null, workerPort: e.METRICS_PORT, sdkBind: e.TEMPORAL_SDK_METRICS_BIND || null },
    workerShutdownGraceSeconds: e.WORKER_SHUTDOWN_GRACE_SECONDS,
    workers: {
      queues: e.WORKER_QUEUES,
      settings: {
        interactive: { activitySlots: e.WORKER_ACTIVITY_SLOTS ?? e.DATABASE_POOL_SIZE, queueActivitiesPerSecond: null },
        scoring: { activitySlots: e.WORKER_SCORING_SLOTS, queueActivitiesPerSecond: null },
        notifications: { activitySlots: e.WORKER_NOTIFICATION_SLOTS, queueActivitiesPerSecond: e.NOTIFICATIONS_PER_SECOND || null },
      },
    },
    workerShutdownForceSeconds: e.WORKER_SHUTDOWN_FORCE_SECONDS ?? null,
    crypto: { profile: e.CRYPTO_PROFILE, payloadKeys: e.PAYLOAD_KEYS ?? null },
    tracing: {
      // The OTLP exporter specification: the signal path is appended to the generic endpoint only.
      tracesUrl:
        e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : null),
      serviceName: e.OTEL_SERVICE_NAME || null,
    },
  };
}
