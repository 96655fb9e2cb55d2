/** The task queues by kind of work: defined beside the workflows, which route activities with them (workflows/shared/task-queues.ts). */
export * from '../workflows/shared/task-queues';
