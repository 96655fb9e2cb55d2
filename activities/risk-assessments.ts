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
import type { StepRecord } from './hazards';
import { createNotificationOutbox } from './notifications';
import { writeProcessStep, type StepCommonWrites } from './shared/process-step';
import { applyStartedIn, applyTransitionIn, type ProcessEvent } from './shared/process-transition';

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

/**
 * Everything one step of a risk assessment writes (issue 22: one transaction per step, patch
 * `risk-assessment-one-step`): the start (its projection row and `started` event), the transitions
 * in the order the process made them (with their register, plan and measure rows), the tasks it
 * withdraws and opens and the outbox rows of the notifications it owes. `workflowId` is the
 * workflow whose tasks the step withdraws (a measure's child for its own); the timeline, facts and
 * audit rows are the assessment's (`assessmentWorkflowId`, default `workflowId`).
 */
export interface RiskAssessmentStep extends StepCommonWrites {
  assessmentId: string;
  assessmentWorkflowId?: string;
  started?: { request: RiskAssessmentRequest; plantId: string; policyVersion: number };
  transitions: Omit<RiskTransition, 'assessmentId' | 'workflowId'>[];
}

/** What a step wrote, as its marker records it (the hazard's `StepRecord`; `reported`: the step recorded the start). */
export type RiskAssessmentStepRecord = StepRecord & { reported?: true };

const TABLES = {
  projection: RiskAssessment,
  events: RiskAssessmentEvent,
  eventKey: 'assessmentId',
  entityType: 'risk_assessment',
  dateFields: new Set(['dueAt', 'startedAt', 'compiledAt', 'closedAt']),
} as const;

const MEASURE_DATES = new Set(['dueAt', 'doneAt', 'verifiedAt']);

/** Risk assessment projection, register, plan, timeline and facts; every write idempotent per workflow step. */
/** `now` and `logger` (the worker's): for `recordRiskAssessmentStep`'s outbox rows; a factory built for the look-ups alone needs only the data source. */
export function createRiskAssessmentActivities(deps: Pick<ActivityDeps, 'dataSource'> & Partial<Pick<ActivityDeps, 'now' | 'logger'>>) {
  const { dataSource } = deps;
  const plant = createEmergencyActivities({ dataSource });
  const stepDeps =
    deps.now && deps.logger ? { dataSource, now: deps.now, outbox: createNotificationOutbox({ dataSource, now: deps.now, logger: deps.logger }) } : null;

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
      await dataSource.transaction((em) => recordStartedIn(em, input));
    },

    /** One transition, with the register, the plan or a measure's change written alongside. */
    async recordRiskTransition(t: RiskTransition): Promise<void> {
      await dataSource.transaction((em) => recordTransitionIn(em, t));
    },

    /**
     * One step of the process (`RiskAssessmentStep`), run as a local activity inside the workflow
     * task that made it, in one transaction. Every write is keyed by the step: the start's and the
     * events' IDs, task IDs, outbox IDs. A step whose first event is written already was committed
     * whole (one transaction), so a retry — the worker died after the commit — writes none of its
     * transitions again (not even the clock updates among them, which have no key of their own).
     */
    async recordRiskAssessmentStep(step: RiskAssessmentStep): Promise<RiskAssessmentStepRecord> {
      if (!stepDeps) throw new Error('recordRiskAssessmentStep needs the worker’s dependencies (now, logger)');
      const workflowId = step.assessmentWorkflowId ?? step.workflowId;
      const { withdrawn, notifications } = await writeProcessStep(stepDeps, stepDeps.outbox, step, async (em) => {
        const first = step.started ? `${workflowId}/started` : step.transitions.find((t) => t.event)?.event?.id;
        if (first && (await em.getRepository(RiskAssessmentEvent).existsBy({ id: first }))) return;
        if (step.started) await recordStartedIn(em, { ...step.started, workflowId });
        for (const t of step.transitions) await recordTransitionIn(em, { assessmentId: step.assessmentId, workflowId, ...t });
      });
      return {
        ...(step.started ? { reported: true as const } : {}),
        transitions: step.transitions.map((t) => ({ changes: t.changes, ...(t.event ? { event: t.event } : {}), facts: (t.facts ?? []).map((f) => f.id) })),
        withdrawn,
        tasks: step.tasks,
        notifications,
      };
    },
  };
}

/** The assessment's projection row and `started` event, once (keyed by the event). */
async function recordStartedIn(
  em: EntityManager,
  input: { request: RiskAssessmentRequest; workflowId: string; plantId: string; policyVersion: number },
): Promise<void> {
  const r = input.request;
  await applyStartedIn(em, TABLES, {
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
    insertRow: (e) => insertRiskProjection(e, r, input.workflowId, input.plantId, input.policyVersion),
  });
}

/** One transition with its register, plan or measure rows, inside the caller's transaction. */
async function recordTransitionIn(em: EntityManager, t: RiskTransition): Promise<void> {
  // Register, plan and measure rows only when the transition carries some (a bare clock update that repeats stays a no-op).
  const rows =
    !t.register && !t.plan && !t.measure
      ? undefined
      : async (e: EntityManager) => {
          if (t.register) {
            await e.getRepository(RiskRegisterItem).delete({ assessmentId: t.assessmentId });
            await e
              .getRepository(RiskRegisterItem)
              .insert(t.register.map((i, position) => ({ id: `${t.assessmentId}/${i.key}`, assessmentId: t.assessmentId, position, ...i })));
          }
          if (t.plan) {
            await e.getRepository(RiskMeasure).delete({ assessmentId: t.assessmentId });
            await e.getRepository(RiskMeasure).insert(t.plan.map((m) => ({ ...m, assessmentId: t.assessmentId, dueAt: new Date(m.dueAt), status: 'planned' })));
          }
          if (t.measure) {
            const changes: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(t.measure.changes)) changes[k] = MEASURE_DATES.has(k) && typeof v === 'string' ? new Date(v) : v;
            await e.getRepository(RiskMeasure).update({ id: t.measure.id }, changes);
          }
        };
  await applyTransitionIn(em, TABLES, { id: t.assessmentId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts }, rows);
}

export type RiskAssessmentActivities = ReturnType<typeof createRiskAssessmentActivities>;
