import type { EntityManager } from 'typeorm';
import { RiskAssessment } from '../entities';
import type { RiskAssessmentRequest } from '../../workflows/risk-assessment/messages';

/**
 * The risk assessment's projection row as both sides write it: the API (and the demo seed) at
 * once when it starts the process, and the workflow's first activity (a no-op when that row is
 * there).
 */
export function riskProjectionOf(r: RiskAssessmentRequest, workflowId: string, plantId: string, policyVersion: number): Partial<RiskAssessment> {
  return {
    id: r.assessmentId,
    workflowId,
    title: r.title,
    area: r.area,
    orgUnitId: r.orgUnitId,
    plantId,
    departments: JSON.stringify(r.departments),
    status: 'inputs',
    scheduleId: r.scheduleId,
    initiatedBy: r.initiatedBy,
    gaps: '[]',
    startedAt: new Date(r.startedAt),
    policyVersion,
  };
}

/** Inserts the row of a new assessment unless it is there already; returns the row. */
export async function insertRiskProjection(
  em: EntityManager,
  r: RiskAssessmentRequest,
  workflowId: string,
  plantId: string,
  policyVersion: number,
): Promise<Partial<RiskAssessment>> {
  const row = riskProjectionOf(r, workflowId, plantId, policyVersion);
  await em.createQueryBuilder().insert().into(RiskAssessment).values(row).orIgnore().execute();
  return row;
}
