import { proxyActivities, workflowInfo, type ActivityInterfaceFor, type ActivityOptions } from '@temporalio/workflow';
import type { TaskActivities } from '../../activities/tasks';
import { taskQueueFor, type WorkerKind } from './task-queues';

/** How a process retries an activity: after a second, backing off to once a minute, until it succeeds or fails for good. */
export const RETRY = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;

/** A short database write: a worker that dies in one is replaced within 30 s. */
export const SHORT = { startToCloseTimeout: '30 seconds', retry: RETRY } as const;

/** Long scoring and reporting work: minutes at most, heartbeating, so a dead worker is noticed within a minute. */
export const LONG = { startToCloseTimeout: '10 minutes', heartbeatTimeout: '1 minute', retry: RETRY } as const;

/** The inbox's activities (create, complete, cancel tasks) as every process calls them. */
export const tasks = proxyActivities<TaskActivities>(SHORT);

/**
 * Activities served on the task queue of another kind of worker (temporal/task-queues.ts): the
 * scoring or notifications queue beside the queue this process runs on (so a deployment or a test
 * with its own TEMPORAL_TASK_QUEUE routes to its own workers). The queue is read from
 * `workflowInfo()` when the activity is scheduled, not when the module loads. Replay does not
 * compare an activity's task queue with the recorded one, so histories recorded before the split
 * replay unchanged (test/replay).
 */
export function proxyActivitiesOn<A>(kind: Exclude<WorkerKind, 'interactive'>, options: ActivityOptions): ActivityInterfaceFor<A> {
  type Fn = ((...args: unknown[]) => Promise<unknown>) & { executeWithOptions(o: ActivityOptions, args: unknown[]): Promise<unknown> };
  const on = () =>
    proxyActivities<Record<string, (...args: unknown[]) => Promise<unknown>>>({ ...options, taskQueue: taskQueueFor(kind, workflowInfo().taskQueue) });
  return new Proxy({} as ActivityInterfaceFor<A>, {
    get(_, name) {
      if (typeof name !== 'string') throw new TypeError(`Only strings are supported for Activity types, got: ${String(name)}`);
      const fn = ((...args: unknown[]) => on()[name](...args)) as Fn;
      fn.executeWithOptions = (o, args) => on()[name].executeWithOptions(o, args);
      return fn;
    },
  });
}
