import { Context } from '@temporalio/activity';
import { appendAudit } from '../db/audit/audit-log';
import { AssessmentCycle, Declaration, OrgUnit, ScoreAdjustment, ScoreAppeal, ScoreSnapshot } from '../db/entities';
import type { ActivityDeps } from './deps';
import { insertFacts } from './facts';
import { rulesetOf, scoreCycleInput, writeSnapshot } from './scoring-data';

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
 * Appeals and manual adjustments: their projections, and applying an approved change as a
 * `score.adjustment` fact in the cycle's period plus a new published snapshot version scored
 * under the cycle's frozen ruleset — the earlier versions stay as they were.
 */
export function createScoreRequestActivities({ dataSource: ds, now }: Pick<ActivityDeps, 'dataSource' | 'now'>) {
  return {
    /** The reviewer of an appeal: level 1 the person's department (its head), level 2 the plant (its managers). */
    async resolveAppealReviewer(input: { personOrgUnitId: string; level: number }): Promise<{ orgUnitId: string; role: 'department_head' | 'manager' }> {
      const unit = await ds.getRepository(OrgUnit).findOneByOrFail({ id: input.personOrgUnitId });
      const chain = (await ds.getRepository(OrgUnit).find()).filter((u) => unit.path.startsWith(u.path)).sort((a, b) => b.path.length - a.path.length);
      if (input.level === 1) return { orgUnitId: (chain.find((u) => u.kind === 'department') ?? unit).id, role: 'department_head' };
      return { orgUnitId: (chain.find((u) => u.kind === 'plant') ?? chain.find((u) => u.kind === 'company') ?? unit).id, role: 'manager' };
    },

    async recordAppealDecision(input: { appealId: string; status: 'upheld' | 'adjusted'; by: string; reason: string; delta: number | null; evidenceIds: string[]; newVersion: number | null }): Promise<void> {
      await ds.transaction(async (em) => {
        const a = await em.getRepository(ScoreAppeal).findOneByOrFail({ id: input.appealId });
        if (a.status !== 'open') return;
        const at = now();
        const changes = { status: input.status, decidedBy: input.by, decidedAt: at, decisionReason: input.reason, delta: input.delta, evidenceIds: JSON.stringify(input.evidenceIds), newVersion: input.newVersion };
        await em.getRepository(ScoreAppeal).update({ id: a.id }, changes);
        await appendAudit(em, { actorType: 'user', actor: input.by, action: `appeal.${input.status}`, entityType: 'appeal', entityId: a.id, before: { status: a.status }, after: changes, at });
      });
    },

    async recordAdjustmentDecision(input: { adjustmentId: string; approved: boolean; by: string; reason: string; newVersion: number | null }): Promise<void> {
      await ds.transaction(async (em) => {
        const a = await em.getRepository(ScoreAdjustment).findOneByOrFail({ id: input.adjustmentId });
        if (a.status !== 'pending') return;
        const at = now();
        const changes = { status: input.approved ? 'approved' : 'rejected', decidedBy: input.by, decidedAt: at, decisionReason: input.reason, newVersion: input.newVersion };
        await em.getRepository(ScoreAdjustment).update({ id: a.id }, changes);
        await appendAudit(em, { actorType: 'user', actor: input.by, action: `adjustment.${changes.status}`, entityType: 'adjustment', entityId: a.id, before: { status: a.status }, after: changes, at });
      });
    },

    /** A reviewed declaration: approved ones become a `declaration.approved` bonus fact in their period (the ruleset caps it). */
    async recordDeclarationDecision(input: { declarationId: string; workflowId: string; approved: boolean; points: number | null; by: string; reason: string; periodEnd: string; policyVersion: number }): Promise<void> {
      await ds.transaction(async (em) => {
        const d = await em.getRepository(Declaration).findOneByOrFail({ id: input.declarationId });
        if (d.status !== 'pending') return;
        const at = now();
        const changes = { status: input.approved ? 'approved' : 'rejected', reviewedBy: input.by, reviewedAt: at, points: input.approved ? input.points : null, reason: input.reason };
        await em.getRepository(Declaration).update({ id: d.id }, changes);
        if (input.approved) {
          const occurred = Math.min(at.getTime(), Date.parse(input.periodEnd) - 1);
          await insertFacts(em, [{ id: `${input.workflowId}/approved`, kind: 'declaration.approved', personId: d.personId, attribution: 'direct', orgUnitId: null, departmentHeadPersonId: null, sourceWorkflowId: input.workflowId, subjectId: d.id, value: input.points, occurredAt: new Date(occurred).toISOString(), data: { kind: d.kind, title: d.title, approvedBy: input.by }, policyVersion: input.policyVersion }]);
        }
        await appendAudit(em, { actorType: 'user', actor: input.by, action: `declaration.${changes.status}`, entityType: 'declaration', entityId: d.id, before: { status: d.status }, after: changes, at });
      });
    },

    /** The fact and the new published snapshot version; idempotent per workflow (a retry finds its version). */
    async applyScoreAdjustment(a: AdjustmentToApply): Promise<number> {
      Context.current().heartbeat({ phase: 'loading' });
      const cycle = await ds.getRepository(AssessmentCycle).findOneByOrFail({ id: a.cycleId });
      let version = (await ds.getRepository(ScoreSnapshot).findOneBy({ cycleId: a.cycleId, note: a.workflowId }))?.version;
      if (version === undefined) version = await scoreWithAdjustment(a, cycle);
      await publish(a, cycle, version);
      return version;
    },
  };

  async function scoreWithAdjustment(a: AdjustmentToApply, cycle: AssessmentCycle): Promise<number> {
      await ds.transaction(async (em) => {
        // The correction belongs to the period it corrects: dated the period's last millisecond.
        await insertFacts(em, [
          {
            id: `${a.workflowId}/adjustment`,
            kind: 'score.adjustment',
            personId: a.subjectType === 'person' ? a.subjectId : null,
            attribution: a.subjectType === 'person' ? 'direct' : 'none',
            orgUnitId: a.subjectType === 'department' ? a.subjectId : null,
            departmentHeadPersonId: null,
            sourceWorkflowId: a.workflowId,
            subjectId: a.cycleId,
            value: a.delta,
            occurredAt: new Date(cycle.periodEnd.getTime() - 1).toISOString(),
            data: { subjectType: a.subjectType, lineCode: a.lineCode, reasonCode: a.reasonCode, text: a.text, proposedBy: a.proposedBy, approvedBy: a.approvedBy, kind: a.kind },
            policyVersion: null,
          },
        ]);
      });
      const ruleset = await rulesetOf(ds, cycle.rulesetVersion);
      const { result, factCount } = await scoreCycleInput(ds, cycle, ruleset);
      const last = await ds.getRepository(ScoreSnapshot).createQueryBuilder('s').select('MAX(s.version)', 'v').where('s.cycle_id = :id', { id: cycle.id }).getRawOne<{ v: number | string }>();
      const version = Number(last?.v ?? 0) + 1;
      Context.current().heartbeat({ phase: 'writing', version });
      await writeSnapshot(ds, { cycleId: cycle.id, version, reason: a.kind, status: 'draft', rulesetVersion: cycle.rulesetVersion, note: a.workflowId, createdBy: a.approvedBy, factCount, result }, async (done, total) => {
        Context.current().heartbeat({ phase: 'writing', version, done, total });
      });
      return version;
  }

  /** Publishes the version (once): the previous published one is superseded, never changed. */
  async function publish(a: AdjustmentToApply, cycle: AssessmentCycle, version: number): Promise<void> {
      await ds.transaction(async (em) => {
        const snap = await em.getRepository(ScoreSnapshot).findOneByOrFail({ cycleId: cycle.id, version });
        if (snap.status === 'published') return;
        const at = now();
        await em.getRepository(ScoreSnapshot).update({ cycleId: cycle.id, status: 'published' }, { status: 'superseded' });
        await em.getRepository(ScoreSnapshot).update({ cycleId: cycle.id, version }, { status: 'published', publishedAt: at });
        await em.getRepository(AssessmentCycle).update({ id: cycle.id }, { currentSnapshot: version });
        await appendAudit(em, { actorType: 'workflow', actor: a.workflowId, onBehalfOf: a.approvedBy, action: `cycle.${a.kind}_applied`, entityType: 'assessment_cycle', entityId: cycle.id, after: { version, inputHash: snap.inputHash, subjectType: a.subjectType, subjectId: a.subjectId, lineCode: a.lineCode, delta: a.delta, reasonCode: a.reasonCode, text: a.text, proposedBy: a.proposedBy, approvedBy: a.approvedBy }, orgUnitId: cycle.scopeOrgUnitId, at });
      });
  }
}

export type ScoreRequestActivities = ReturnType<typeof createScoreRequestActivities>;
