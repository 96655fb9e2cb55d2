import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { TaskActivities } from '../../activities/tasks';
import { completeTaskUpdate, type TaskCompletion } from './tasks';

const tasks = proxyActivities<TaskActivities>({ startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } });

export interface Completed {
  by: string;
  at: string;
  payload: Record<string, unknown>;
}

/**
 * Accepts completions of the process's inbox tasks: the update validator refuses a task that is
 * not open here (or already done) and whatever `refuse` names (e.g. self-approval); the handler
 * records the completion and returns when it happened. Returns the completions by task ID.
 */
export function acceptTaskCompletions(opts: { workflowId: string; what: string; isOpen: (taskId: string) => boolean; refuse?: (c: TaskCompletion) => string | null; onCompleted?: (taskId: string) => void }): Map<string, Completed> {
  const completed = new Map<string, Completed>();
  setHandler(
    completeTaskUpdate,
    async (c: TaskCompletion) => {
      const at = await tasks.recordTaskCompletion({ ...c, workflowId: opts.workflowId });
      completed.set(c.taskId, { by: c.by, at, payload: c.payload });
      opts.onCompleted?.(c.taskId);
      return { taskId: c.taskId, completedAt: at };
    },
    {
      validator: (c) => {
        if (!opts.isOpen(c.taskId) || completed.has(c.taskId)) throw new Error(`this task is not open in the ${opts.what}`);
        const refusal = opts.refuse?.(c);
        if (refusal) throw new Error(refusal);
      },
    },
  );
  return completed;
}
