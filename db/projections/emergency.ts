import type { EntityManager } from 'typeorm';
import { Emergency } from '../entities';
import type { EmergencyReport } from '../../workflows/emergency/messages';

/**
 * The emergency's projection row as both sides write it: the API at once when it starts the
 * process, and the workflow's first activity (a no-op when the API's row is there).
 */
export function emergencyProjectionOf(r: EmergencyReport, workflowId: string, policyVersion: number): Partial<Emergency> {
  return {
    id: r.emergencyId,
    workflowId,
    type: r.type,
    location: r.location,
    description: r.description,
    orgUnitId: r.orgUnitId,
    injuries: r.injuries,
    drill: r.drill,
    reporterUserId: r.reporterUserId,
    reporterPersonId: r.reporterPersonId,
    status: 'acknowledging',
    reportedAt: new Date(r.reportedAt),
    policyVersion,
  };
}

/** Inserts the row of a freshly triggered emergency unless it is there already; returns the row. */
export async function insertEmergencyProjection(em: EntityManager, r: EmergencyReport, workflowId: string, policyVersion: number): Promise<Partial<Emergency>> {
  const row = emergencyProjectionOf(r, workflowId, policyVersion);
  await em.createQueryBuilder().insert().into(Emergency).values(row).orIgnore().execute();
  return row;
}
