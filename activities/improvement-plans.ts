import { appendAudit } from '../db/audit/audit-log';
import { AuditEntry } from '../db/entities';
import type { ActivityDeps } from './shared/deps';
import { insertFacts } from '../db/projections/facts';

/**
 * Improvement plan records: an audit row per step and, at the check, the completion fact the next
 * cycle reads. Each step is recorded once per plan: a retry after a commit whose completion was
 * lost (the worker died) finds the step's audit row and writes nothing.
 */
export function createImprovementPlanActivities({ dataSource, now }: Pick<ActivityDeps, 'dataSource' | 'now'>) {
  return {
    async recordPlanEvent(e: {
      workflowId: string;
      personId: string;
      orgUnitId: string;
      cycleId: string;
      step: string;
      by: string;
      data: Record<string, unknown>;
      completed?: boolean;
      policyVersion?: number;
    }): Promise<void> {
      await dataSource.transaction(async (em) => {
        const action = `improvement_plan.${e.step}`;
        if (await em.getRepository(AuditEntry).existsBy({ entityType: 'improvement_plan', entityId: e.workflowId, action })) return;
        const at = now();
        if (e.completed !== undefined) {
          await insertFacts(em, [
            {
              id: `${e.workflowId}/checked`,
              kind: 'improvement_plan.completed',
              personId: e.personId,
              attribution: 'direct',
              orgUnitId: e.orgUnitId,
              departmentHeadPersonId: null,
              sourceWorkflowId: e.workflowId,
              subjectId: e.cycleId,
              value: e.completed ? 1 : 0,
              occurredAt: at.toISOString(),
              data: { cycleId: e.cycleId, ...e.data },
              policyVersion: e.policyVersion ?? null,
            },
          ]);
        }
        await appendAudit(em, {
          actorType: 'workflow',
          actor: e.workflowId,
          onBehalfOf: e.by,
          action,
          entityType: 'improvement_plan',
          entityId: e.workflowId,
          after: e.data,
          orgUnitId: e.orgUnitId,
          at,
        });
      });
    },
  };
}

export type ImprovementPlanActivities = ReturnType<typeof createImprovementPlanActivities>;
