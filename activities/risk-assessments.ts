import type { EntityManager } from 'typeorm';
import { RiskAssessment, RiskAssessmentEvent, RiskMeasure, RiskRegisterItem, User } from '../db/entities';
import { insertRiskProjection } from '../db/projections/risk-assessment';
import { currentPolicy } from '../db/stores/policy-store';
import type { Policy } from '../domain/policy';
import type { RiskItem } from '../domain/risk-assessment/rules';
import type { RiskAssessmentRequest, RiskUnits } from '../workflows/risk-assessment/messages';
import type { ActivityDeps } from './shared/deps';
import { createEmergencyActivities } from './emergencies';
import type { FactInput } from '../db/projections/facts';
import { applyStarted, applyTransition, type ProcessEvent } from './shared/process-transition';

export interface RiskTransition {
  assessmentId: string;
  workflowId: string;
  changes: Partial<Record<keyof RiskAssessment, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
  /** The compiled register (this assessment's version), written with the transition. */
  register?: RiskItem[];
  /** The control plan's measures, written with the transition. */
  plan?: { id: string; n: number; itemKey: string; description: string; ownerOrgUnitId: string; dueAt: string }[];
  /** One measure's new state. */
  measure?: { id: string; changes: Partial<Record<keyof RiskMeasure, unknown>> };
}

const TABLES = {
  projection: RiskAssessment,
  events: RiskAssessmentEvent,
  eventKey: 'assessmentId',
  entityType: 'risk_assessment',
  dateFields: new Set(['dueAt', 'startedAt', 'compiledAt', 'closedAt']),
} as const;

const MEASURE_DATES = new Set(['dueAt', 'doneAt', 'verifiedAt']);

/** Risk assessment projection, register, plan, timeline and facts; every write idempotent per workflow step. */
export function createRiskAssessmentActivities({ dataSource }: Pick<ActivityDeps, 'dataSource'>) {
  const plant = createEmergencyActivities({ dataSource });

  return {
    /** The policy in force when a scheduled run starts (recorded in history, so replay keeps it). */
    async currentRiskPolicy(): Promise<{ policy: Policy; version: number }> {
      const p = await currentPolicy(dataSource);
      return { policy: p.document, version: p.version };
    },

    /** The plant's safety, production, equipment and HR departments for the unit assessed. */
    async resolveRiskUnits(orgUnitId: string): Promise<RiskUnits> {
      const u = await plant.resolveEmergencyUnits(orgUnitId);
      return {
        safety: u.safety,
        production: u.production,
        equipment: u.equipment,
        hr: u.hr,
        plant: u.plant,
        heads: u.heads,
        names: u.names,
        namesZh: u.namesZh,
      };
    },

    resolveUnitHeads: plant.resolveUnitHeads,

    /** The user behind a username (the reporter of a hazard started by a failed measure). */
    async resolveUser(username: string): Promise<{ userId: string; personId: string | null }> {
      const u = await dataSource.getRepository(User).findOneByOrFail({ username });
      return { userId: u.id, personId: u.personId };
    },

    async recordRiskAssessmentStarted(input: { request: RiskAssessmentRequest; workflowId: string; plantId: string; policyVersion: number }): Promise<void> {
      const r = input.request;
      await applyStarted(dataSource, TABLES, {
        id: r.assessmentId,
        workflowId: input.workflowId,
        orgUnitId: r.orgUnitId,
        event: {
          id: `${input.workflowId}/started`,
          type: 'started',
          actor: r.initiatedBy,
          at: r.startedAt,
          data: { title: r.title, area: r.area, departments: r.departments, scheduleId: r.scheduleId },
        },
        insertRow: (em) => insertRiskProjection(em, r, input.workflowId, input.plantId, input.policyVersion),
      });
    },

    /** One transition, with the register, the plan or a measure's change written alongside. */
    async recordRiskTransition(t: RiskTransition): Promise<void> {
      // Register, plan and measure rows only when the transition carries some (a bare clock update that repeats stays a no-op).
      const rows =
        !t.register && !t.plan && !t.measure
          ? undefined
          : async (em: EntityManager) => {
              if (t.register) {
                await em.getRepository(RiskRegisterItem).delete({ assessmentId: t.assessmentId });
                await em
                  .getRepository(RiskRegisterItem)
                  .insert(t.register.map((i, position) => ({ id: `${t.assessmentId}/${i.key}`, assessmentId: t.assessmentId, position, ...i })));
              }
              if (t.plan) {
                await em.getRepository(RiskMeasure).delete({ assessmentId: t.assessmentId });
                await em
                  .getRepository(RiskMeasure)
                  .insert(t.plan.map((m) => ({ ...m, assessmentId: t.assessmentId, dueAt: new Date(m.dueAt), status: 'planned' })));
              }
              if (t.measure) {
                const changes: Record<string, unknown> = {};
                for (const [k, v] of Object.entries(t.measure.changes)) changes[k] = MEASURE_DATES.has(k) && typeof v === 'string' ? new Date(v) : v;
                await em.getRepository(RiskMeasure).update({ id: t.measure.id }, changes);
              }
            };
      await applyTransition(dataSource, TABLES, { id: t.assessmentId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts }, rows);
    },
  };
}

export type RiskAssessmentActivities = ReturnType<typeof createRiskAssessmentActivities>;
