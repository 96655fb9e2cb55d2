import type { EntityManager } from 'typeorm';
import type { DeliverNotificationInput, NotificationRecorded } from '../../workflows/notification/messages';
import type { NewTask } from '../../workflows/shared/tasks';
import type { ActivityDeps } from './deps';
import { gatheringAudit } from '../../db/audit/audit-log';
import { writtenTogether, type createNotificationOutbox, type OutboxWritten } from '../notifications';
import { insertTask } from '../tasks';
import { withdrawOpenTasks } from './withdraw-tasks';

/** The writes of a process's step besides its own projection's (issue 22: one transaction per step). */
export interface StepCommonWrites {
  workflowId: string;
  /** Tasks withdrawn from the inbox: those of `ids`, or all the process's open tasks. */
  withdraw?: { ids?: string[]; reason: string }[];
  tasks: NewTask[];
  notifications: DeliverNotificationInput[];
}

/**
 * Writes one step of a process in one transaction: first its own rows (`own`: the projection's
 * transitions, the report), then the tasks it withdraws and opens, then the outbox rows of its
 * notifications (last: a task's notification may find its audience through the task written just
 * before). Once committed the dispatcher is woken once for the whole step. Every write is keyed
 * by the step (event, task and outbox IDs), so a retry writes nothing twice. Returns what the
 * step's marker records of the tasks withdrawn and the notifications.
 */
export async function writeProcessStep(
  { dataSource, now }: Pick<ActivityDeps, 'dataSource' | 'now'>,
  outbox: ReturnType<typeof createNotificationOutbox>,
  step: StepCommonWrites,
  own: (em: EntityManager) => Promise<void>,
): Promise<{ withdrawn: { ids?: string[]; reason: string; count: number }[]; notifications: NotificationRecorded[] }> {
  const withdraw = step.withdraw ?? [];
  const { counts, written } = await dataSource.transaction((em) =>
    gatheringAudit(em, async () => {
      await own(em);
      const counts: number[] = [];
      for (const w of withdraw) counts.push(await withdrawOpenTasks(em, { workflowId: step.workflowId, ...w }, now));
      for (const t of step.tasks) await insertTask(em, t, now());
      const written: OutboxWritten[] = [];
      for (const n of step.notifications) written.push(await outbox.writeOutboxRows(em, n));
      return { counts, written };
    }),
  );
  if (written.length) await outbox.outboxCommitted(writtenTogether(written));
  return { withdrawn: withdraw.map((w, i) => ({ ...w, count: counts[i] })), notifications: written.map((w) => w.recorded) };
}
