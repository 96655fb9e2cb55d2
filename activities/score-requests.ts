import { Context } from '@temporalio/activity';
import type { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { appendAudit } from '../db/audit/audit-log';
import { Declaration, OrgUnit, ScoreAdjustment, ScoreAppeal } from '../db/entities';
import type { ActivityDeps } from './shared/deps';
import { insertFacts } from '../db/projections/facts';
import { publishCorrection } from './score-versions';

export interface AdjustmentToApply {
  /** The workflow applying it (appeal or manual adjustment); the fact and snapshot are keyed by it. */
  workflowId: string;
  cycleId: string;
  subjectType: 'person' | 'department';
  subjectId: string;
  lineCode: string | null;
  delta: number;
  reasonCode: string;
  text: string;
  proposedBy: string;
  approvedBy: string;
  kind: 'appeal' | 'adjustment';
}

/**
 * Appeals and manual adjustments: their projections, and applying an approved change as a new
 * published version — the version in force with that change on the disputed line, nothing else
 * scored again; the earlier versions stay as they were.
 */
export function createScoreRequestActivities({ dataSource: ds, now }: Pick<ActivityDeps, 'dataSource' | 'now'>) {
  /**
   * Records a decision on a request still `open` (appeal) or `pending` once: its row takes the
   * changes, `alongside` writes what goes with it in the same transaction, and the audit log says
   * who decided what. A repeat (a retried activity) finds it decided and does nothing.
   */
  async function recordDecision<E extends { id: string; status: string }>(
    entity: EntityTarget<E>,
    entityType: string,
    id: string,
    undecided: string,
    by: string,
    decide: (at: Date) => { status: string } & QueryDeepPartialEntity<E>,
    alongside?: (em: EntityManager, row: E, at: Date) => Promise<void>,
  ): Promise<void> {
    await ds.transaction(async (em) => {
      const row = await em.getRepository(entity).findOneByOrFail({ id } as FindOptionsWhere<E>);
      if (row.status !== undecided) return;
      const at = now();
      const changes = decide(at);
      await em.getRepository(entity).update({ id: row.id } as FindOptionsWhere<E>, changes);
      await alongside?.(em, row, at);
      await appendAudit(em, {
        actorType: 'user',
        actor: by,
        action: `${entityType}.${changes.status}`,
        entityType,
        entityId: row.id,
        before: { status: row.status },
        after: changes,
        at,
      });
    });
  }

  return {
    /** The reviewer of an appeal: level 1 the person's department (its head), level 2 the plant (its managers). */
    async resolveAppealReviewer(input: { personOrgUnitId: string; level: number }): Promise<{ orgUnitId: string; role: 'department_head' | 'manager' }> {
      const unit = await ds.getRepository(OrgUnit).findOneByOrFail({ id: input.personOrgUnitId });
      const chain = (await ds.getRepository(OrgUnit).find()).filter((u) => unit.path.startsWith(u.path)).sort((a, b) => b.path.length - a.path.length);
      if (input.level === 1) return { orgUnitId: (chain.find((u) => u.kind === 'department') ?? unit).id, role: 'department_head' };
      return { orgUnitId: (chain.find((u) => u.kind === 'plant') ?? chain.find((u) => u.kind === 'company') ?? unit).id, role: 'manager' };
    },

    async recordAppealDecision(input: {
      appealId: string;
      status: 'upheld' | 'adjusted';
      by: string;
      reason: string;
      delta: number | null;
      evidenceIds: string[];
      newVersion: number | null;
    }): Promise<void> {
      await recordDecision(ScoreAppeal, 'appeal', input.appealId, 'open', input.by, (at) => ({
        status: input.status,
        decidedBy: input.by,
        decidedAt: at,
        decisionReason: input.reason,
        delta: input.delta,
        evidenceIds: JSON.stringify(input.evidenceIds),
        newVersion: input.newVersion,
      }));
    },

    async recordAdjustmentDecision(input: { adjustmentId: string; approved: boolean; by: string; reason: string; newVersion: number | null }): Promise<void> {
      await recordDecision(ScoreAdjustment, 'adjustment', input.adjustmentId, 'pending', input.by, (at) => ({
        status: input.approved ? 'approved' : 'rejected',
        decidedBy: input.by,
        decidedAt: at,
        decisionReason: input.reason,
        newVersion: input.newVersion,
      }));
    },

    /** A reviewed declaration: approved ones become a `declaration.approved` bonus fact in their period (the ruleset caps it). */
    async recordDeclarationDecision(input: {
      declarationId: string;
      workflowId: string;
      approved: boolean;
      points: number | null;
      by: string;
      reason: string;
      periodEnd: string;
      policyVersion: number;
    }): Promise<void> {
      await recordDecision(
        Declaration,
        'declaration',
        input.declarationId,
        'pending',
        input.by,
        (at) => ({
          status: input.approved ? 'approved' : 'rejected',
          reviewedBy: input.by,
          reviewedAt: at,
          points: input.approved ? input.points : null,
          reason: input.reason,
        }),
        async (em, d, at) => {
          if (!input.approved) return;
          const occurred = Math.min(at.getTime(), Date.parse(input.periodEnd) - 1);
          await insertFacts(em, [
            {
              id: `${input.workflowId}/approved`,
              kind: 'declaration.approved',
              personId: d.personId,
              attribution: 'direct',
              orgUnitId: null,
              departmentHeadPersonId: null,
              sourceWorkflowId: input.workflowId,
              subjectId: d.id,
              value: input.points,
              occurredAt: new Date(occurred).toISOString(),
              data: { kind: d.kind, title: d.title, approvedBy: input.by },
              policyVersion: input.policyVersion,
            },
          ]);
        },
      );
    },

    /**
     * The new published version: the version in force with this one change on the line it names
     * (activities/score-versions.ts) — nothing scored again, no fact read. Idempotent per workflow.
     */
    async applyScoreAdjustment(a: AdjustmentToApply): Promise<number> {
      Context.current().heartbeat({ phase: 'loading' });
      // The appellant's own reason is kept beside the line with the decision.
      const appeal = a.kind === 'appeal' ? await ds.getRepository(ScoreAppeal).findOneBy({ workflowId: a.workflowId }) : null;
      const correction = {
        kind: a.kind,
        workflowId: a.workflowId,
        cycleId: a.cycleId,
        subjectType: a.subjectType,
        subjectId: a.subjectId,
        lineCode: a.lineCode,
        delta: a.delta,
        reasonCode: a.reasonCode,
        reason: a.kind === 'appeal' ? (appeal?.reason ?? '') : a.text,
        decision: a.kind === 'appeal' ? a.text : null,
        proposedBy: a.proposedBy,
        decidedBy: a.approvedBy,
      };
      return publishCorrection(ds, correction, now(), (done) => Context.current().heartbeat({ phase: 'writing', done }));
    },
  };
}

export type ScoreRequestActivities = ReturnType<typeof createScoreRequestActivities>;
