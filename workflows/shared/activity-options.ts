import { proxyActivities } from '@temporalio/workflow';
import type { TaskActivities } from '../../activities/tasks';

/** How a process retries an activity: after a second, backing off to once a minute, until it succeeds or fails for good. */
export const RETRY = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;

/** A short database write: a worker that dies in one is replaced within 30 s. */
export const SHORT = { startToCloseTimeout: '30 seconds', retry: RETRY } as const;

/** The inbox's activities (create, complete, cancel tasks) as every process calls them. */
export const tasks = proxyActivities<TaskActivities>(SHORT);
