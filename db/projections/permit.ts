import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Permit, PermitCrewMember } from '../entities';
import type { PermitRequest } from '../../workflows/permit/messages';

/** The permit's projection row as the API (at once, when it starts the process) and the workflow's first activity both write it. */
export function permitProjectionOf(r: PermitRequest, workflowId: string, policyVersion: number): Partial<Permit> {
  return {
    id: r.permitId,
    workflowId,
    number: r.number,
    type: r.type,
    level: r.level,
    areaId: r.areaId,
    equipmentId: r.equipmentId,
    orgUnitId: r.orgUnitId,
    workContent: r.workContent,
    windowFrom: new Date(r.windowFrom),
    windowTo: new Date(r.windowTo),
    requesterUserId: r.requesterUserId,
    contractor: r.contractor,
    jsa: JSON.stringify(r.jsa),
    measures: JSON.stringify(r.measures),
    conflicts: JSON.stringify(r.conflicts),
    status: 'preparing',
    policyVersion,
  };
}

/** Inserts the row and its crew unless the permit is there already; returns the row. */
export async function insertPermitProjection(em: EntityManager, r: PermitRequest, workflowId: string, policyVersion: number): Promise<Partial<Permit>> {
  const row = permitProjectionOf(r, workflowId, policyVersion);
  await em.createQueryBuilder().insert().into(Permit).values(row).orIgnore().execute();
  if (!(await em.getRepository(PermitCrewMember).existsBy({ permitId: r.permitId })))
    await em.getRepository(PermitCrewMember).insert(r.crew.map((c) => ({ id: randomUUID(), permitId: r.permitId, personId: c.personId, role: c.role })));
  return row;
}
