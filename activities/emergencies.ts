import { Brackets, In } from 'typeorm';
import { Emergency, EmergencyEvent, OrgUnit, Person, User } from '../db/entities';
import { insertEmergencyProjection } from '../db/projections/emergency';
import { escapeLike } from '../db/sql';
import type { EmergencyReport, EmergencyUnits } from '../workflows/emergency/messages';
import type { ActivityDeps } from './shared/deps';
import type { FactInput } from '../db/projections/facts';
import { applyReported, applyTransition, type ProcessEvent } from './shared/process-transition';

export interface EmergencyTransition {
  emergencyId: string;
  workflowId: string;
  changes: Partial<Record<keyof Emergency, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
}

const EMERGENCY_TABLES = {
  projection: Emergency,
  events: EmergencyEvent,
  eventKey: 'emergencyId',
  entityType: 'emergency',
  dateFields: new Set(['dueAt', 'acknowledgedAt', 'controlledAt', 'reviewedAt', 'closedAt', 'reportedAt']),
} as const;

/** Emergency projection, timeline and scoring facts; every write idempotent per workflow step. */
export function createEmergencyActivities({ dataSource }: Pick<ActivityDeps, 'dataSource'>) {
  const units = () => dataSource.getRepository(OrgUnit);

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
      const r = input.report;
      await applyReported(dataSource, EMERGENCY_TABLES, {
        workflowId: input.workflowId,
        policyVersion: input.policyVersion,
        report: { ...r, id: r.emergencyId },
        insertRow: (em) => insertEmergencyProjection(em, r, input.workflowId, input.policyVersion),
        eventData: { type: r.type, location: r.location, injuries: r.injuries, drill: r.drill },
        factData: { type: r.type, injuries: r.injuries, drill: r.drill },
      });
    },

    /** One transition: projection fields, a timeline event and facts, with an audit row. */
    async recordEmergencyTransition(t: EmergencyTransition): Promise<void> {
      await applyTransition(dataSource, EMERGENCY_TABLES, { id: t.emergencyId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts });
    },
  };
}

export type EmergencyActivities = ReturnType<typeof createEmergencyActivities>;
