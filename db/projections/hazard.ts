import { EntityNotFoundError, type EntityManager } from 'typeorm';
import { Hazard, OrgUnit } from '../entities';
import { likePrefix } from '../sql';
import { insertOne } from './insert';
import { chainOf, nearestOf, readUnitChains, type UnitChains } from '../candidates';
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

/**
 * Inserts the row of a freshly reported hazard unless it is there already; returns the row and
 * whether this call inserted it (null on sql.js, whose driver does not tell). `dueAt`, when the
 * grading deadline is known (the API writes the report with its grading task), goes in the same
 * statement.
 */
export async function insertHazardProjection(
  em: EntityManager,
  r: HazardReport,
  workflowId: string,
  policyVersion: number,
  dueAt?: Date,
): Promise<{ row: Partial<Hazard>; inserted: boolean | null }> {
  const row = hazardProjectionOf(r, workflowId, policyVersion);
  const values = dueAt ? { ...row, dueAt } : row;
  let inserted: boolean | null;
  if (em.connection.options.type === 'sqljs') {
    await em.createQueryBuilder().insert().into(Hazard).values(values).orIgnore().execute();
    inserted = null; // sql.js does not say
  } else inserted = (await insertOne(em, Hazard, values, { ignore: true })) === 1;
  if (inserted !== false) await refreshMonitorRow(em, workflowId);
  return { row, inserted };
}

/**
 * The plant's safety hub, production and equipment departments for a hazard found in `orgUnitId`
 * (each the plant itself when it has no such department). The API asks when it writes the report
 * with its grading task; the process when it was started without them. `read`: the unit's chain
 * with the departments under it (`readUnitChains`), when the caller read them already.
 */
export async function hazardUnitsOf(em: EntityManager, orgUnitId: string, read?: UnitChains): Promise<HazardUnits> {
  const known = read?.units.has(orgUnitId) ? read : await readUnitChains(em, [orgUnitId], { departments: true });
  const unit = known.units.get(orgUnitId);
  if (!unit) throw new EntityNotFoundError(OrgUnit, { id: orgUnitId });
  const ancestors = chainOf(known.units, unit.path);
  const site = nearestOf(ancestors, ['plant']) ?? nearestOf(ancestors, ['company', 'group'])!;
  // A plant's departments sit directly under it (api/org/rules.ts): the chain's read brought them.
  // A company's may sit under its plants too: looked up by path.
  const depts: { id: string; departmentFunction: string | null }[] =
    site.kind === 'plant'
      ? known.departments.filter((d) => d.parentId === site.id)
      : ((await em.query(`SELECT id, department_function AS departmentFunction FROM org_units WHERE kind = 'department' AND path LIKE ? ESCAPE '!'`, [
          likePrefix(site.path),
        ])) as { id: string; departmentFunction: string | null }[]);
  const fn = (f: string) => depts.find((d) => d.departmentFunction === f)?.id ?? site.id;
  return { safety: fn('safety'), production: fn('production'), equipment: fn('equipment'), plant: site.id };
}
