import { TASK_QUEUES, taskQueueFor, taskQueuesFor } from './task-queues';

describe('task queues', () => {
  it('names the scoring and notifications queues after the interactive one', () => {
    expect(TASK_QUEUES).toEqual({ interactive: 'safeloop-main', scoring: 'safeloop-scoring', notifications: 'safeloop-notifications' });
    expect(taskQueuesFor('test-1a2b3c4d')).toEqual({
      interactive: 'test-1a2b3c4d',
      scoring: 'test-1a2b3c4d-scoring',
      notifications: 'test-1a2b3c4d-notifications',
    });
    expect(taskQueueFor('notifications', 'plant-b-main')).toBe('plant-b-notifications');
    expect(taskQueueFor('interactive', 'plant-b-main')).toBe('plant-b-main');
  });
});
