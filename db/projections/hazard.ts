import type { EntityManager } from 'typeorm';
import { Hazard } from '../entities';
import { refreshMonitorRow } from './process-monitor';
import type { HazardReport } from '../../workflows/hazard/messages';

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
