import type { EntityManager } from 'typeorm';
import { Incident } from '../entities';
import type { IncidentReport } from '../../workflows/incident/messages';

/**
 * The incident's projection row as both sides write it: the API at once when it starts the
 * process, and the workflow's first activity (a no-op when the API's row is there).
 */
export function incidentProjectionOf(r: IncidentReport, receiptHash: string, workflowId: string, policyVersion: number): Partial<Incident> {
  return {
    id: r.incidentId,
    workflowId,
    kind: r.kind,
    anonymous: r.anonymous,
    title: r.title,
    description: r.description,
    location: r.location,
    orgUnitId: r.orgUnitId,
    occurredAt: new Date(r.occurredAt),
    reportedAt: new Date(r.reportedAt),
    injuredPeople: JSON.stringify(r.injuredPeople),
    immediateActions: r.immediateActions,
    evidenceIds: JSON.stringify(r.evidenceIds),
    emergencyId: r.emergencyId,
    reporterUserId: r.anonymous ? null : r.reporterUserId,
    reporterPersonId: r.anonymous ? null : r.reporterPersonId,
    receiptHash,
    status: 'classifying',
    policyVersion,
  };
}

/** Inserts the row of a fresh report unless it is there already; returns the row. */
export async function insertIncidentProjection(
  em: EntityManager,
  r: IncidentReport,
  receiptHash: string,
  workflowId: string,
  policyVersion: number,
): Promise<Partial<Incident>> {
  const row = incidentProjectionOf(r, receiptHash, workflowId, policyVersion);
  await em.createQueryBuilder().insert().into(Incident).values(row).orIgnore().execute();
  return row;
}
