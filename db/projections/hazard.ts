import { In, type EntityManager } from 'typeorm';
import { Hazard, OrgUnit } from '../entities';
import { escapeLike } from '../sql';
import { refreshMonitorRow } from './process-monitor';
import type { HazardReport, HazardUnits } from '../../workflows/hazard/messages';

/**
 * The hazard's projection row as both sides write it: the API at once when it starts the
 * process (so the list and the detail answer before the workflow's first activity ran), and
 * the workflow's first activity (a no-op when the API's row is there).
 */
export function hazardProjectionOf(r: HazardReport, workflowId: string, policyVersion: number): Partial<Hazard> {
  return {
    id: r.hazardId,
    workflowId,
    title: r.title,
    description: r.description,
    category: r.category,
    area: r.area,
    orgUnitId: r.orgUnitId,
    suspectedSeverity: r.suspectedSeverity,
    evidenceIds: r.evidenceIds,
    reporterUserId: r.reporterUserId,
    reporterPersonId: r.reporterPersonId,
    status: 'grading',
    reportedAt: new Date(r.reportedAt),
    policyVersion,
  };
}

/** Inserts the row of a freshly reported hazard unless it is there already; returns the row. */
export async function insertHazardProjection(em: EntityManager, r: HazardReport, workflowId: string, policyVersion: number): Promise<Partial<Hazard>> {
  const row = hazardProjectionOf(r, workflowId, policyVersion);
  await em.createQueryBuilder().insert().into(Hazard).values(row).orIgnore().execute();
  await refreshMonitorRow(em, workflowId);
  return row;
}

/**
 * The plant's safety hub, production and equipment departments for a hazard found in `orgUnitId`
 * (each the plant itself when it has no such department). The API asks when it writes the report
 * with its grading task; the process when it was started without them.
 */
export async function hazardUnitsOf(em: EntityManager, orgUnitId: string): Promise<HazardUnits> {
  const units = em.getRepository(OrgUnit);
  const unit = await units.findOneByOrFail({ id: orgUnitId });
  const ancestors = await units.findBy({ id: In(unit.path.split('/').filter(Boolean)) });
  const nearest = (kinds: OrgUnit['kind'][]) => ancestors.filter((a) => kinds.includes(a.kind)).sort((a, b) => b.path.length - a.path.length)[0];
  const site = nearest(['plant']) ?? nearest(['company', 'group'])!;
  const depts = await units
    .createQueryBuilder('o')
    .where('o.path LIKE :p', { p: `${escapeLike(site.path)}%` })
    .andWhere('o.kind = :k', { k: 'department' })
    .getMany();
  const fn = (f: string) => depts.find((d) => d.departmentFunction === f)?.id ?? site.id;
  return { safety: fn('safety'), production: fn('production'), equipment: fn('equipment'), plant: site.id };
}
