import type { EntityManager } from 'typeorm';
import { AssessmentCycle, CorrectiveAction, Declaration, Emergency, Incident, RiskAssessment, ScoreAdjustment, ScoreAppeal, Task } from '../db/entities';
import { appendAudit, processStream, recordAudit } from '../db/audit/audit-log';
import { refreshMonitorRow } from '../db/projections/process-monitor';
import { insertOne } from '../db/projections/insert';
import { inDbSpan } from '../db/tracing';
import type { NewTask, TaskCompletion } from '../workflows/shared/tasks';
import type { ActivityDeps } from './shared/deps';
import { permanentFailure } from './shared/failures';
import { storedTexts } from './shared/stored-texts';
import { withdrawOpenTasks } from './shared/withdraw-tasks';

/**
 * Puts a process's task in the inbox with its audit row, inside the caller's transaction (a
 * workflow's step, or the API writing a report with its first task). A task already there (the
 * same deterministic ID: a retry, or written by the API before the process ran) is left as is.
 * Returns the row written, or null when the task was there.
 */
export async function insertTask(em: EntityManager, t: NewTask, at: Date): Promise<Partial<Task> | null> {
  // sql.js does not tell whether an ignored insert wrote: there the task is looked up first.
  const sqljs = em.connection.options.type === 'sqljs';
  if (sqljs && (await em.getRepository(Task).existsBy({ id: t.id }))) return null;
  const row: Partial<Task> = {
    ...t,
    ...storedTexts({ title: t.title, description: t.description }),
    dueAt: t.dueAt ? new Date(t.dueAt) : null,
    context: t.context ? JSON.stringify(t.context) : null,
    status: 'open',
    assigneeUserId: t.assigneeUserId ?? null,
    followUpAt: null,
  };
  const tasks = em.getRepository(Task);
  try {
    await inDbSpan(em, 'INSERT', tasks.metadata.tableName, async () => {
      if (sqljs) await tasks.insert(row);
      else await insertOne(em, Task, row);
    });
  } catch (err) {
    // The insert decides (no look-up first): a task already there (its key, the task's only unique
    // one) fails this statement alone — the transaction goes on — and nothing else is written.
    if (!sqljs && isDuplicateKey(err)) return null;
    throw err;
  }
  await recordAudit(em, {
    actorType: 'workflow',
    actor: t.workflowId,
    action: 'task.created',
    entityType: 'task',
    entityId: t.id,
    after: row,
    orgUnitId: t.orgUnitId,
    at,
  });
  await refreshMonitorRow(em, t.workflowId);
  return row;
}

/** A task as its table holds it once `insertTask` wrote `row` at `at`: the columns' defaults filled in. */
export function insertedTask(row: Partial<Task>, at: Date): Task {
  return {
    escalationLevel: 0,
    priority: 'normal',
    candidateRole: null,
    description: null,
    titleText: null,
    descriptionText: null,
    completedBy: null,
    completedOnBehalfOf: null,
    completedAt: null,
    result: null,
    delegatedFromUserId: null,
    ...row,
    createdAt: at,
    updatedAt: at,
  } as Task;
}

/** MySQL's and MariaDB's duplicate-key error (1062). */
function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  return (e?.driverError?.code ?? e?.code) === 'ER_DUP_ENTRY' || (e?.driverError?.errno ?? e?.errno) === 1062;
}

/** Inbox writes made on behalf of workflows. All idempotent: a retry changes nothing twice. */
export function createTaskActivities({ dataSource, now }: Pick<ActivityDeps, 'dataSource' | 'now'>) {
  return {
    async createTask(t: NewTask): Promise<void> {
      await dataSource.transaction((em) => insertTask(em, t, now()));
    },

    /** Records a completion accepted by the workflow; returns when it was completed (first time). */
    async recordTaskCompletion(c: TaskCompletion & { workflowId: string }): Promise<string> {
      return dataSource.transaction(async (em) => {
        const repo = em.getRepository(Task);
        const lockable = dataSource.options.type !== 'sqljs';
        const task = await repo.findOne({
          where: { id: c.taskId, workflowId: c.workflowId },
          ...(lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        });
        // The API found the task before it sent the completion: a task missing now was deleted, and will not come back.
        if (!task) throw permanentFailure('NotFound', `task ${c.taskId} of ${c.workflowId} not found: its completion cannot be recorded (not retried)`);
        if (task.status === 'completed') return task.completedAt!.toISOString();
        const at = now();
        const changes = {
          status: 'completed' as const,
          completedBy: c.by,
          completedOnBehalfOf: c.onBehalfOf,
          completedAt: at,
          result: JSON.stringify(c.payload),
        };
        await repo.update({ id: task.id }, changes);
        await appendAudit(em, {
          actorType: 'user',
          actor: c.by,
          onBehalfOf: c.onBehalfOf,
          action: 'task.completed',
          entityType: 'task',
          entityId: task.id,
          stream: processStream(c.workflowId),
          before: { status: task.status, assigneeUserId: task.assigneeUserId },
          after: { ...changes, payload: c.payload },
          orgUnitId: task.orgUnitId,
          at,
        });
        await refreshMonitorRow(em, c.workflowId);
        return at.toISOString();
      });
    },

    /**
     * The SLA of a task was breached and the process escalated to the next rung of the ladder.
     * A retry (the worker died after the commit) finds the level recorded and writes nothing.
     */
    async recordEscalation(e: { taskId: string; workflowId: string; level: number; step: string }): Promise<void> {
      await dataSource.transaction(async (em) => {
        const lockable = dataSource.options.type !== 'sqljs';
        const task = await em.getRepository(Task).findOne({ where: { id: e.taskId }, ...(lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
        if (task && task.escalationLevel >= e.level) return; // already recorded
        if (task) await em.getRepository(Task).update({ id: e.taskId }, { escalationLevel: e.level });
        await appendAudit(em, {
          actorType: 'workflow',
          actor: e.workflowId,
          action: 'task.escalated',
          entityType: 'task',
          entityId: e.taskId,
          after: { escalationLevel: e.level, step: e.step },
          orgUnitId: task?.orgUnitId ?? null,
          at: now(),
        });
        await refreshMonitorRow(em, e.workflowId);
      });
    },

    /** The process ended: its open tasks can no longer be completed. */
    async cancelOpenTasks(input: { workflowId: string; reason: string }): Promise<number> {
      return dataSource.transaction(async (em) => {
        return withdrawOpenTasks(em, input, now);
      });
    },

    /**
     * The process was cancelled (the safety hub's bulk cancel, a Temporal cancellation request):
     * its open tasks are withdrawn and its projection, if it has one, says `cancelled`. Idempotent.
     */
    async markProcessCancelled(input: { workflowId: string; reason: string }): Promise<number> {
      return dataSource.transaction(async (em) => {
        const open = await withdrawOpenTasks(em, input, now);
        for (const entity of CANCELLABLE_PROJECTIONS) {
          const repo = em.getRepository(entity);
          const row = (await repo.findOneBy({ workflowId: input.workflowId })) as { id: string; status: string } | null;
          if (!row || row.status === 'cancelled') continue;
          await repo.update({ id: row.id }, { status: 'cancelled' } as never);
          await appendAudit(em, {
            actorType: 'workflow',
            actor: input.workflowId,
            action: 'process.cancelled',
            entityType: repo.metadata.tableName,
            entityId: row.id,
            before: { status: row.status },
            after: { status: 'cancelled', reason: input.reason },
            at: now(),
          });
        }
        return open;
      });
    },
  };
}

/** Projections whose `status` a cancelled process sets to `cancelled` (hazards cancel through their own update). */
const CANCELLABLE_PROJECTIONS = [Emergency, RiskAssessment, AssessmentCycle, ScoreAppeal, ScoreAdjustment, Declaration, Incident, CorrectiveAction] as const;

export type TaskActivities = ReturnType<typeof createTaskActivities>;
