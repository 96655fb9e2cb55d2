/** Task queues (kebab-case). One queue for now; split by load profile when workers specialise. */
export const TASK_QUEUES = {
  main: 'safeloop-main',
} as const;

export type TaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];
