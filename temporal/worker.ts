import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type LogLevel, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  type OpenTelemetryWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Tracing } from '../app/tracing';
import type { Logger } from '../app/logger';
import { createActivities, type Activities, type ActivityDeps } from '../activities';
import { QUEUE_ACTIVITIES, TASK_QUEUES, taskQueueFor, type WorkerKind } from './task-queues';

export const WORKFLOWS_PATH = require.resolve('../workflows');
/** Workflow interceptor modules, bundled with the workflows (a prebuilt bundle carries them; the worker's own option would be ignored). */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/shared/metrics'), require.resolve('../workflows/shared/tracing')];

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

/**
 * Modules evaluated once per worker thread and shared by every workflow in it (the SDK's
 * `preloadModules`; the SDK deep-freezes them). Without it the reusable V8 context evaluates every
 * module a workflow imports again for each workflow it creates or re-creates after a cache eviction:
 * zod's own module set was a fifth of the workflow thread's CPU under load (bench:processes). Only
 * stateless libraries go here (through workflows/shared/preload.ts); our modules keep their
 * per-workflow copies.
 */
export const PRELOADED_WORKFLOW_MODULES = [require.resolve('../workflows/shared/preload')];

/** Bundles the workflow code once (webpack); reuse the bundle for every worker in the process. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    preloadModules: PRELOADED_WORKFLOW_MODULES,
    logger: quietBundlerLogger,
  });
}

/** What a worker of one kind (temporal/task-queues.ts) is given from the configuration (app/config.ts). */
export interface QueueWorkerSettings {
  /** Activities (and, on the interactive queue, local activities) it runs at once. */
  activitySlots: number;
  /** Activities the server hands out per second on this queue, across all its workers (maxTaskQueueActivitiesPerSecond); null: no limit. */
  queueActivitiesPerSecond: number | null;
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  /** Which queue it serves (default interactive): only interactive workers run workflows. */
  kind?: WorkerKind;
  /** The workflow code; needed by the interactive worker only. */
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
  /** The interactive queue (TEMPORAL_TASK_QUEUE); the other kinds' queues are named after it (taskQueueFor). */
  taskQueue?: string;
  /** Encrypts and decrypts payloads (temporal/codec.ts); the client that starts the workflows must use the same keys. */
  codec?: PayloadCodec | null;
  /** Activities and local activities run at once (sized to the database pool: each holds a connection at most). */
  activitySlots?: number;
  /** Activities per second the server dispatches on this worker's queue (all its workers together); unset: no limit. */
  queueActivitiesPerSecond?: number | null;
  /** How long a stopping worker lets running activities finish before asking them to cancel (default 30 s). */
  shutdownGraceSeconds?: number;
  /** When a stopping worker gives up on activities still running (they are retried elsewhere after their timeout); unset: it waits. */
  shutdownForceSeconds?: number | null;
  /** OpenTelemetry (app/tracing.ts): activities get spans, workflows' spans are exported; null: off. */
  tracing?: Tracing | null;
}

/**
 * The activities a worker of `kind` registers: the scoring and notifications workers only theirs
 * (QUEUE_ACTIVITIES); the interactive worker every one, so that an activity scheduled on its
 * queue before the split (still retrying in a running process) finds a worker.
 */
export function activitiesFor(kind: WorkerKind, deps: ActivityDeps & { notificationsPerSecond?: number | null }): Partial<Activities> {
  const all = createActivities(deps);
  if (kind === 'interactive') return all;
  const names: readonly (keyof Activities)[] = QUEUE_ACTIVITIES[kind];
  return Object.fromEntries(names.map((name) => [name, all[name]]));
}

/**
 * A SafeLoop worker of one kind: the interactive one runs every workflow and the short activities;
 * the scoring and notifications ones only their activities (no workflow bundle needed), with their
 * own slots and, for notifications, a dispatch rate limit.
 */
export function createWorker(opts: WorkerOptions): Promise<Worker> {
  const kind = opts.kind ?? 'interactive';
  if (kind === 'interactive' && !opts.workflowBundle) throw new Error('the interactive worker needs the workflow bundle');
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: taskQueueFor(kind, opts.taskQueue ?? TASK_QUEUES.interactive),
    ...(kind === 'interactive' ? { workflowBundle: opts.workflowBundle } : {}),
    // A dispatcher round is one activity however many messages it sends: the notifications worker paces the messages themselves.
    activities: activitiesFor(kind, kind === 'notifications' ? { ...opts.deps, notificationsPerSecond: opts.queueActivitiesPerSecond ?? null } : opts.deps),
    shutdownGraceTime: `${opts.shutdownGraceSeconds ?? 30}s`,
    ...(opts.shutdownForceSeconds ? { shutdownForceTime: `${opts.shutdownForceSeconds}s` } : {}),
    ...(opts.activitySlots
      ? {
          maxConcurrentActivityTaskExecutions: opts.activitySlots,
          ...(kind === 'interactive' ? { maxConcurrentLocalActivityExecutions: opts.activitySlots } : {}),
        }
      : {}),
    ...(opts.queueActivitiesPerSecond ? { maxTaskQueueActivitiesPerSecond: opts.queueActivitiesPerSecond } : {}),
    ...(opts.codec ? { dataConverter: { payloadCodecs: [opts.codec] } } : {}),
    ...(opts.tracing
      ? {
          interceptors: { activity: [tracedActivities] },
        }
      : {}),
    sinks: workflowSpanSinks(opts.tracing ?? null),
  });
}

/**
 * The SDK's activity interceptors, for the activities of a trace only: an activity scheduled inside
 * a traced workflow (its header carries the context) gets a RunActivity span, child of the
 * workflow's StartActivity; the activities of untraced workflows (schedules) do not start traces
 * of their own, as their workflows do not (workflows/shared/tracing.ts).
 */
const tracedActivities: ActivityInterceptorsFactory = (ctx) => {
  const sdk = new OpenTelemetryActivityInboundInterceptor(ctx);
  return {
    inbound: { execute: (input, next) => (input.headers[TRACE_HEADER] !== undefined ? sdk.execute(input, next) : next(input)) },
    outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
  };
};

/**
 * Where the workflows' spans go (workflows/shared/tracing.ts makes them in the sandbox and hands
 * them to this sink): the process's span processor. Without tracing, a workflow still traces when
 * whoever started it did (its start carries trace context, e.g. an API with tracing on in front of
 * a worker without): its spans are dropped here instead of each one logging an unknown sink.
 */
function workflowSpanSinks(tracing: Tracing | null): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  if (tracing) return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
  return { exporter: { export: { fn: () => undefined } } };
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
