/** Task queues (kebab-case). One queue for now; split by load profile when workers specialise. */
export const TASK_QUEUES = {
  main: 'safeloop-main',
  /** Notification delivery (the outbox dispatcher's SMTP and webhook activities). */
  notifications: 'safeloop-notifications',
} as const;

export type TaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];

/**
 * The notification delivery queue that goes with a main queue: `safeloop-notifications` beside
 * `safeloop-main`, `<queue>-notifications` beside any other (a test's own queue), so a system on
 * a queue of its own also delivers on a queue of its own. Pure: workflows call it.
 */
export function notificationQueueFor(mainQueue: string): string {
  return mainQueue === TASK_QUEUES.main ? TASK_QUEUES.notifications : `${mainQueue}-notifications`;
}
