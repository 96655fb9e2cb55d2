import { Brackets, In, type EntityManager } from 'typeorm';
import { Emergency, EmergencyEvent, OrgUnit, Person, User } from '../db/entities';
import { insertEmergencyProjection } from '../db/projections/emergency';
import { escapeLike } from '../db/sql';
import type { EmergencyReport, EmergencyUnits } from '../workflows/emergency/messages';
import type { ActivityDeps } from './shared/deps';
import type { FactInput } from '../db/projections/facts';
import type { StepRecord } from './hazards';
import { createNotificationOutbox } from './notifications';
import { writeProcessStep, type StepCommonWrites } from './shared/process-step';
import { applyReportedIn, applyTransition, applyTransitionIn, type ProcessEvent } from './shared/process-transition';

export interface EmergencyTransition {
  emergencyId: string;
  workflowId: string;
  changes: Partial<Record<keyof Emergency, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
}

/**
 * Everything one step of an emergency writes (issue 22: one transaction per step, patch
 * `emergency-one-step`): the report (the raise), the transitions in the order the process made
 * them, the tasks it opens and the outbox rows of the notifications it owes (the three alerts of
 * the raise among them).
 */
export interface EmergencyStep extends StepCommonWrites {
  emergencyId: string;
  reported?: { report: EmergencyReport; policyVersion: number };
  transitions: Omit<EmergencyTransition, 'emergencyId' | 'workflowId'>[];
}

/** What a step wrote, as its marker records it (the hazard's `StepRecord`; `reported`: the raise wrote the report). */
export type EmergencyStepRecord = StepRecord & { reported?: true };

const EMERGENCY_TABLES = {
  projection: Emergency,
  events: EmergencyEvent,
  eventKey: 'emergencyId',
  entityType: 'emergency',
  dateFields: new Set(['dueAt', 'acknowledgedAt', 'controlledAt', 'reviewedAt', 'closedAt', 'reportedAt']),
} as const;

/** Emergency projection, timeline and scoring facts; every write idempotent per workflow step. */
/** `now` and `logger` (the worker's): for `recordEmergencyStep`'s outbox rows; a factory built for the look-ups alone needs only the data source. */
export function createEmergencyActivities(deps: Pick<ActivityDeps, 'dataSource'> & Partial<Pick<ActivityDeps, 'now' | 'logger'>>) {
  const { dataSource } = deps;
  const units = () => dataSource.getRepository(OrgUnit);
  const stepDeps =
    deps.now && deps.logger ? { dataSource, now: deps.now, outbox: createNotificationOutbox({ dataSource, now: deps.now, logger: deps.logger }) } : null;

  /** Active users who belong to a unit's subtree (by login or by person) and the unit's head. */
  async function alertUsers(unit: OrgUnit): Promise<string[]> {
    const prefix = `${escapeLike(unit.path)}%`;
    const rows = await dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(OrgUnit, 'ou', 'ou.id = u.org_unit_id')
      .leftJoin(Person, 'p', 'p.id = u.person_id')
      .leftJoin(OrgUnit, 'pou', 'pou.id = p.org_unit_id')
      .where('u.active = :active', { active: true })
      .andWhere(
        new Brackets((w) => {
          w.where('ou.path LIKE :prefix', { prefix }).orWhere('pou.path LIKE :prefix', { prefix });
          if (unit.headPersonId) w.orWhere('u.person_id = :head', { head: unit.headPersonId });
        }),
      )
      .orderBy('u.username')
      .getMany();
    return rows.map((u) => u.id);
  }

  return {
    /** The plant's safety, production, equipment and HR departments for an emergency in `orgUnitId`. */
    async resolveEmergencyUnits(orgUnitId: string): Promise<EmergencyUnits> {
      const unit = await units().findOneByOrFail({ id: orgUnitId });
      const chain = await units().findBy({ id: In(unit.path.split('/').filter(Boolean)) });
      const nearest = (kinds: OrgUnit['kind'][]) => chain.filter((a) => kinds.includes(a.kind)).sort((a, b) => b.path.length - a.path.length)[0];
      const site = nearest(['plant']) ?? nearest(['company', 'group'])!;
      const depts = await units()
        .createQueryBuilder('o')
        .where('o.path LIKE :p', { p: `${escapeLike(site.path)}%` })
        .andWhere('o.kind = :k', { k: 'department' })
        .getMany();
      const fn = (f: string) => depts.find((d) => d.departmentFunction === f) ?? site;
      const picked = { safety: fn('safety'), production: fn('production'), equipment: fn('equipment'), hr: fn('hr') };
      const all = [...Object.values(picked), site];
      return {
        safety: picked.safety.id,
        production: picked.production.id,
        equipment: picked.equipment.id,
        hr: picked.hr.id,
        plant: site.id,
        heads: Object.fromEntries(all.map((u) => [u.id, u.headPersonId])),
        names: Object.fromEntries(all.map((u) => [u.id, u.name])),
        namesZh: Object.fromEntries(all.map((u) => [u.id, u.nameZh ?? null])),
        alert: { safety: await alertUsers(picked.safety), equipment: await alertUsers(picked.equipment), hr: await alertUsers(picked.hr) },
      };
    },

    /** Department heads of units named by the review's improvement actions (attribution). */
    async resolveUnitHeads(orgUnitIds: string[]): Promise<{ heads: Record<string, string | null>; names: Record<string, string> }> {
      const found = orgUnitIds.length ? await units().findBy({ id: In(orgUnitIds) }) : [];
      const heads: Record<string, string | null> = {};
      const names: Record<string, string> = {};
      for (const u of found) {
        names[u.id] = u.name;
        if (u.headPersonId) {
          heads[u.id] = u.headPersonId;
          continue;
        }
        const chain = await units().findBy({ id: In(u.path.split('/').filter(Boolean)) });
        heads[u.id] = chain.filter((a) => a.kind === 'department' && a.headPersonId).sort((a, b) => b.path.length - a.path.length)[0]?.headPersonId ?? null;
      }
      return { heads, names };
    },

    async recordEmergencyReported(input: { report: EmergencyReport; workflowId: string; policyVersion: number }): Promise<void> {
      await dataSource.transaction((em) => recordEmergencyReportedIn(em, input));
    },

    /**
     * One step of the process (`EmergencyStep`), run as a local activity inside the workflow task
     * that made it, in one transaction. Every write is keyed by the step (the report's and the
     * events' IDs, task IDs, outbox IDs): a retry — the worker died after the commit — writes
     * nothing twice.
     */
    async recordEmergencyStep(step: EmergencyStep): Promise<EmergencyStepRecord> {
      if (!stepDeps) throw new Error('recordEmergencyStep needs the worker’s dependencies (now, logger)');
      const { withdrawn, notifications } = await writeProcessStep(stepDeps, stepDeps.outbox, step, async (em) => {
        if (step.reported) await recordEmergencyReportedIn(em, { ...step.reported, workflowId: step.workflowId });
        for (const t of step.transitions) await applyTransitionIn(em, EMERGENCY_TABLES, { id: step.emergencyId, workflowId: step.workflowId, ...t });
      });
      return {
        ...(step.reported ? { reported: true as const } : {}),
        transitions: step.transitions.map((t) => ({ changes: t.changes, ...(t.event ? { event: t.event } : {}), facts: (t.facts ?? []).map((f) => f.id) })),
        withdrawn,
        tasks: step.tasks,
        notifications,
      };
    },

    /** One transition: projection fields, a timeline event and facts, with an audit row. */
    async recordEmergencyTransition(t: EmergencyTransition): Promise<void> {
      await applyTransition(dataSource, EMERGENCY_TABLES, { id: t.emergencyId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts });
    },
  };
}

export type EmergencyActivities = ReturnType<typeof createEmergencyActivities>;

/** The report's projection row, `reported` event, fact and audit row, once (keyed by the `reported` event). */
async function recordEmergencyReportedIn(em: EntityManager, input: { report: EmergencyReport; workflowId: string; policyVersion: number }): Promise<void> {
  const r = input.report;
  await applyReportedIn(em, EMERGENCY_TABLES, {
    workflowId: input.workflowId,
    policyVersion: input.policyVersion,
    report: { ...r, id: r.emergencyId },
    insertRow: (e) => insertEmergencyProjection(e, r, input.workflowId, input.policyVersion),
    eventData: { type: r.type, location: r.location, injuries: r.injuries, drill: r.drill },
    factData: { type: r.type, injuries: r.injuries, drill: r.drill },
  });
}
