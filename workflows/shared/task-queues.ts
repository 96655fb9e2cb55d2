/**
 * Task queues (kebab-case), one per kind of work, each served by workers with their own settings
 * (app/config.ts, temporal/worker.ts):
 * - `interactive`: every workflow and the short activities people wait on (hazards, emergencies,
 *   incidents, permits, appeals… and their inbox tasks), slots sized to the database pool;
 * - `scoring`: the long scoring and reporting activities (a cycle's scoring and its reports, a
 *   score correction), a few slots, long timeouts, heartbeats;
 * - `notifications`: delivery of notifications (mail, webhook), rate-limited for the mail server.
 * The interactive queue keeps the historical name `safeloop-main` so that processes and schedules
 * started before the split go on running. The others are named after it: a deployment (or a test)
 * with its own TEMPORAL_TASK_QUEUE gets its own scoring and notifications queues too
 * (`taskQueueFor`). Here, dependency-free, because workflows route activities with it
 * (./activity-options.ts); everything else imports it as temporal/task-queues.ts.
 */
export const WORKER_KINDS = ['interactive', 'scoring', 'notifications'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/** The queue of `kind` beside the interactive queue `interactive`: `x-main` -> `x-scoring`, else `x` -> `x-scoring`. */
export function taskQueueFor(kind: WorkerKind, interactive: string): string {
  if (kind === 'interactive') return interactive;
  return `${interactive.endsWith('-main') ? interactive.slice(0, -'-main'.length) : interactive}-${kind}`;
}

/** Every queue beside the interactive queue `interactive`. */
export function taskQueuesFor(interactive: string): Record<WorkerKind, string> {
  return { interactive, scoring: taskQueueFor('scoring', interactive), notifications: taskQueueFor('notifications', interactive) };
}

/** The default queues: `safeloop-main`, `safeloop-scoring`, `safeloop-notifications`. */
export const TASK_QUEUES = taskQueuesFor('safeloop-main') as {
  interactive: 'safeloop-main';
  scoring: 'safeloop-scoring';
  notifications: 'safeloop-notifications';
};

export type TaskQueue = (typeof TASK_QUEUES)[WorkerKind];

/**
 * The activities served on the scoring and notifications queues (the workflows route them there,
 * workflows/shared/activity-options.ts); everything else runs on the interactive queue, whose
 * workers register every activity (so an activity scheduled there before the split still runs).
 */
export const QUEUE_ACTIVITIES = {
  scoring: ['scoreSnapshot', 'sendScoreReports', 'applyScoreAdjustment'],
  // The outbox dispatcher's deliveries; deliverMany and recordDeferred of notifications sent as child workflows before the outbox.
  notifications: ['deliverDueNotifications', 'deliverMany', 'recordDeferred'],
} as const satisfies Record<Exclude<WorkerKind, 'interactive'>, readonly string[]>;
