import { In } from 'typeorm';
import { Hazard, HazardEvent, OrgUnit } from '../db/entities';
import { insertHazardProjection } from '../db/projections/hazard';
import { escapeLike } from '../db/sql';
import type { HazardReport, HazardUnits, Responsible } from '../workflows/hazard/messages';
import type { ActivityDeps } from './shared/deps';
import type { FactInput } from '../db/projections/facts';
import { applyReported, applyTransition, type ProcessEvent } from './shared/process-transition';
import { withdrawOpenTasks } from './shared/withdraw-tasks';

export type { FactInput };

export interface HazardTransition {
  hazardId: string;
  workflowId: string;
  changes: Partial<Record<keyof Hazard, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
}

const HAZARD_TABLES = {
  projection: Hazard,
  events: HazardEvent,
  eventKey: 'hazardId',
  entityType: 'hazard',
  dateFields: new Set(['dueAt', 'gradedAt', 'acknowledgedAt', 'closedAt', 'reportedAt']),
} as const;

/** Hazard projection, timeline and scoring facts; every write idempotent per workflow step. */
export function createHazardActivities({ dataSource }: Pick<ActivityDeps, 'dataSource'>) {
  const units = () => dataSource.getRepository(OrgUnit);

  async function ancestors(unit: OrgUnit): Promise<OrgUnit[]> {
    return units().findBy({ id: In(unit.path.split('/').filter(Boolean)) });
  }
  const nearest = (list: OrgUnit[], kinds: OrgUnit['kind'][]) => list.filter((a) => kinds.includes(a.kind)).sort((a, b) => b.path.length - a.path.length)[0];

  return {
    /** The plant's safety hub, production and equipment departments for a hazard found in `orgUnitId`. */
    async resolveHazardUnits(orgUnitId: string): Promise<HazardUnits> {
      const unit = await units().findOneByOrFail({ id: orgUnitId });
      const site = nearest(await ancestors(unit), ['plant']) ?? nearest(await ancestors(unit), ['company', 'group'])!;
      const depts = await units()
        .createQueryBuilder('o')
        .where('o.path LIKE :p', { p: `${escapeLike(site.path)}%` })
        .andWhere('o.kind = :k', { k: 'department' })
        .getMany();
      const fn = (f: string) => depts.find((d) => d.departmentFunction === f)?.id ?? site.id;
      return { safety: fn('safety'), production: fn('production'), equipment: fn('equipment'), plant: site.id };
    },

    /** Attribution (SPEC §4): the named person, else the head of the unit's department. */
    async resolveResponsible(input: { orgUnitId: string; personId: string | null }): Promise<Responsible> {
      const unit = await units().findOneByOrFail({ id: input.orgUnitId });
      const chain = await ancestors(unit);
      const dept = nearest(chain, ['department']);
      const headUnit = unit.headPersonId ? unit : dept;
      const head = headUnit?.headPersonId ?? null;
      const level: Responsible['level'] =
        unit.kind === 'workshop' ? 'workshop' : unit.kind === 'department' || unit.kind === 'plant' ? 'plant' : 'headquarters';
      if (input.personId) return { orgUnitId: unit.id, personId: input.personId, attribution: 'direct', departmentHeadPersonId: head, level };
      return { orgUnitId: unit.id, personId: head, attribution: head ? 'department_head' : 'none', departmentHeadPersonId: head, level };
    },

    async recordHazardReported(input: { report: HazardReport; workflowId: string; policyVersion: number }): Promise<void> {
      const r = input.report;
      await applyReported(dataSource, HAZARD_TABLES, {
        workflowId: input.workflowId,
        policyVersion: input.policyVersion,
        report: { ...r, id: r.hazardId },
        insertRow: (em) => insertHazardProjection(em, r, input.workflowId, input.policyVersion),
        eventData: { title: r.title, category: r.category, area: r.area, evidenceIds: r.evidenceIds },
        factData: { category: r.category, suspectedSeverity: r.suspectedSeverity },
      });
    },

    /** One transition: projection fields, a timeline event and facts, with an audit row. */
    async recordHazardTransition(t: HazardTransition): Promise<void> {
      await applyTransition(dataSource, HAZARD_TABLES, { id: t.hazardId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts });
    },

    /** Cancels specific open tasks (rerouted, superseded, or the hazard was cancelled). */
    async cancelTasks(input: { workflowId: string; ids: string[]; reason: string }): Promise<void> {
      if (!input.ids.length) return;
      await dataSource.transaction((em) => withdrawOpenTasks(em, input));
    },
  };
}

export type HazardActivities = ReturnType<typeof createHazardActivities>;
