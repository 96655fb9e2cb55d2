import { setHandler } from '@temporalio/workflow';
import { ALREADY_COMPLETED, completeTaskUpdate, type PersonName, type TaskCompletion } from './tasks';
import { tasks } from './activity-options';

/**
 * Who took each task of this run. The completion handler claims its task synchronously, before
 * its first await, so a second completion of the same task (a double tap, two people at once,
 * even in the same workflow task) is refused by the validator: the process acts on exactly one
 * decision, the one the inbox and the audit log record. Seeded from the completions a previous
 * run handed over (continue-as-new).
 */
export class TaskClaims {
  private readonly by = new Map<string, string>();

  constructor(completed: Iterable<[string, { by: string }]> = []) {
    for (const [id, c] of completed) this.by.set(id, c.by);
  }

  /** Validator side: throws when the task is already taken. */
  refuseTaken(taskId: string): void {
    const by = this.by.get(taskId);
    if (by !== undefined) throw new Error(`${ALREADY_COMPLETED}${by}`);
  }

  /** Whether someone took the task (its completion may still be being recorded). */
  has(taskId: string): boolean {
    return this.by.has(taskId);
  }

  /** Handler side: call first, before any await. */
  claim(c: { taskId: string; by: string }): void {
    this.by.set(c.taskId, c.by);
  }

  /**
   * Handler side: records the completion with `record` after claiming the task; a recording that
   * failed for good (nothing was recorded) gives the task back, so it can still be completed.
   */
  async take<T>(c: { taskId: string; by: string }, record: () => Promise<T>): Promise<T> {
    this.claim(c);
    try {
      return await record();
    } catch (err) {
      this.by.delete(c.taskId);
      throw err;
    }
  }
}

export interface Completed {
  by: string;
  byName?: PersonName;
  at: string;
  payload: Record<string, unknown>;
}

/**
 * Accepts completions of the process's inbox tasks: the update validator refuses a task that is
 * not open here (or already done) and whatever `refuse` names (e.g. self-approval); the handler
 * records the completion and returns when it happened. Returns the completions by task ID,
 * starting with those a previous run handed over (`carried`, continue-as-new).
 */
export function acceptTaskCompletions(opts: {
  workflowId: string;
  what: string;
  isOpen: (taskId: string) => boolean;
  refuse?: (c: TaskCompletion) => string | null;
  onCompleted?: (taskId: string) => void;
  carried?: Iterable<[string, Completed]>;
}): Map<string, Completed> {
  const completed = new Map<string, Completed>(opts.carried ?? []);
  const claims = new TaskClaims(completed);
  setHandler(
    completeTaskUpdate,
    async (c: TaskCompletion) => {
      const at = await claims.take(c, () => tasks.recordTaskCompletion({ ...c, workflowId: opts.workflowId }));
      completed.set(c.taskId, { by: c.by, ...(c.byName ? { byName: c.byName } : {}), at, payload: c.payload });
      opts.onCompleted?.(c.taskId);
      return { taskId: c.taskId, completedAt: at };
    },
    {
      validator: (c) => {
        claims.refuseTaken(c.taskId);
        if (!opts.isOpen(c.taskId)) throw new Error(`this task is not open in the ${opts.what}`);
        const refusal = opts.refuse?.(c);
        if (refusal) throw new Error(refusal);
      },
    },
  );
  return completed;
}

/**
 * `isOpen` and `onCompleted` for a process that lists its open tasks in its state (`openTasks`,
 * which its state query shows): a task is open while it is listed, and its completion takes it off.
 */
export function listedOpenTasks<T extends { id: string }>(s: { openTasks: T[] }): Pick<Parameters<typeof acceptTaskCompletions>[0], 'isOpen' | 'onCompleted'> {
  return {
    isOpen: (id) => s.openTasks.some((t) => t.id === id),
    onCompleted: (id) => {
      s.openTasks = s.openTasks.filter((t) => t.id !== id);
    },
  };
}
