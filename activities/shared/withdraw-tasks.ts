import { In, type EntityManager } from 'typeorm';
import { recordAudit } from '../../db/audit/audit-log';
import { Task } from '../../db/entities';
import { refreshMonitorRow } from '../../db/projections/process-monitor';

/**
 * Withdraws a process's open tasks (all of them, or those of `ids`) in the caller's transaction:
 * each one still open becomes `cancelled`, with an audit row giving the reason. A completion
 * committed meanwhile stays a completion. `clock` times the audit rows (the audit log's own
 * clock when absent). Returns how many tasks were open.
 */
export async function withdrawOpenTasks(em: EntityManager, input: { workflowId: string; ids?: string[]; reason: string }, clock?: () => Date): Promise<number> {
  const open = await em.getRepository(Task).findBy({ ...(input.ids ? { id: In(input.ids) } : {}), workflowId: input.workflowId, status: 'open' });
  for (const t of open) {
    if (!(await em.getRepository(Task).update({ id: t.id, status: 'open' }, { status: 'cancelled' })).affected) continue;
    await recordAudit(em, {
      actorType: 'workflow',
      actor: input.workflowId,
      action: 'task.cancelled',
      entityType: 'task',
      entityId: t.id,
      before: { status: 'open' },
      after: { status: 'cancelled', reason: input.reason },
      orgUnitId: t.orgUnitId,
      at: clock?.(),
    });
  }
  await refreshMonitorRow(em, input.workflowId);
  return open.length;
}
