import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type LogLevel, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import type { Logger } from '../app/logger';
import { createActivities, type ActivityDeps } from '../activities';
import { notificationQueueFor, TASK_QUEUES } from './task-queues';

export const WORKFLOWS_PATH = require.resolve('../workflows');
/** Workflow interceptor modules, bundled with the workflows (a prebuilt bundle carries them; the worker's own option would be ignored). */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/shared/metrics')];

let runtimeInstalled = false;

/**
 * Routes the SDK's own logs (worker state, workflow and activity loggers) into our pino logger
 * and, with `metricsBind` (host:port), exports the SDK's metrics in Prometheus format there:
 * worker slots, schedule-to-start latency, sticky cache, activity and workflow failures, and the
 * workflows' own counters (workflows/shared/metrics.ts). The app's `/metrics` appends them.
 * Call once per process before the first worker connection; later calls are ignored (false).
 */
export function installTemporalRuntime(logger: Logger, level: LogLevel = 'WARN', metricsBind: string | null = null): boolean {
  if (runtimeInstalled) return false;
  runtimeInstalled = true;
  const toPino = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => logger[toPino[entry.level]]({ ...entry.meta, component: 'temporal' }, entry.message)),
    ...(metricsBind
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBind, countersTotalSuffix: true, useSecondsForDurations: true } } } }
      : {}),
  });
  return true;
}

/**
 * Writes the workflow bundle to `file`: `npm run build` does it once (dist/workflow-bundle.js, which
 * the image's workers load through WORKFLOW_BUNDLE instead of running webpack at every start), and
 * the test set-up does it the same way, so the replay test replays against such a file.
 */
export async function writeWorkflowBundle(file: string): Promise<void> {
  const bundle = await bundleWorkflows();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bundle.code);
}

/** Bundles the workflow code once (webpack); reuse the bundle for every worker in the process. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger: quietBundlerLogger });
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  workflowBundle: WorkflowBundleWithSourceMap | { codePath: string };
  taskQueue?: string;
  /** Encrypts and decrypts payloads (temporal/codec.ts); the client that starts the workflows must use the same keys. */
  codec?: PayloadCodec | null;
  /** Activities and local activities run at once (sized to the database pool: each holds a connection at most). */
  activitySlots?: number;
  /** How long a stopping worker lets running activities finish before asking them to cancel (default 30 s). */
  shutdownGraceSeconds?: number;
  /** When a stopping worker gives up on activities still running (they are retried elsewhere after their timeout); unset: it waits. */
  shutdownForceSeconds?: number | null;
}

/** The SafeLoop worker: every workflow, every activity (built from factories with `deps`). */
export function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUES.main,
    workflowBundle: opts.workflowBundle,
    activities: createActivities(opts.deps),
    shutdownGraceTime: `${opts.shutdownGraceSeconds ?? 30}s`,
    ...(opts.shutdownForceSeconds ? { shutdownForceTime: `${opts.shutdownForceSeconds}s` } : {}),
    ...(opts.activitySlots ? { maxConcurrentActivityTaskExecutions: opts.activitySlots, maxConcurrentLocalActivityExecutions: opts.activitySlots } : {}),
    ...(opts.codec ? { dataConverter: { payloadCodecs: [opts.codec] } } : {}),
  });
}

/**
 * The notification worker: the outbox dispatcher's delivery activities (SMTP, webhooks) on the
 * notification queue that goes with `taskQueue` (`safeloop-notifications` beside `safeloop-main`),
 * so slow mail servers never hold up the process queue. Activities only; no workflows.
 */
export function createNotificationWorker(opts: Omit<WorkerOptions, 'workflowBundle'>): Promise<Worker> {
  const all = createActivities(opts.deps);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: notificationQueueFor(opts.taskQueue ?? TASK_QUEUES.main),
    activities: { deliverDueNotifications: all.deliverDueNotifications },
    shutdownGraceTime: `${opts.shutdownGraceSeconds ?? 30}s`,
    ...(opts.shutdownForceSeconds ? { shutdownForceTime: `${opts.shutdownForceSeconds}s` } : {}),
    ...(opts.codec ? { dataConverter: { payloadCodecs: [opts.codec] } } : {}),
  });
}

const noop = () => undefined;
const quietBundlerLogger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
  log: noop,
};
