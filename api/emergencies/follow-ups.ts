import { In, type DataSource } from 'typeorm';
import { CorrectiveAction, Incident, OrgUnit } from '../../db/entities';
import { INCIDENT_KINDS } from '../../domain/incident/constants';
import { CorrectiveActionView, INCIDENT_STATUS } from '../incidents/schemas';
import { z } from '../platform/openapi';
import { TaskViewSchema } from '../tasks/routes';
import { named } from '../platform/names';

/**
 * What followed an emergency: the incidents reported from it and its improvement actions watched
 * by a `CorrectiveActionWorkflow` (effectiveness re-checks) with their open tasks.
 */
export const EmergencyFollowUps = z
  .object({
    incidents: z
      .array(
        z.object({
          id: z.string(),
          kind: z.enum(INCIDENT_KINDS),
          title: z.string(),
          status: INCIDENT_STATUS,
          reportedAt: z.string(),
        }),
      )
      .describe('Incidents reported from this emergency, oldest first'),
    actions: z.array(CorrectiveActionView).describe('Improvement actions watched by effectiveness re-checks, by number'),
    tasks: z.array(TaskViewSchema).describe('The tasks of those actions you may see (re-checks, reopened work), oldest first'),
  })
  .openapi('EmergencyFollowUps');

/** Corrective actions as the API shows them, with their owning department's name. */
export async function correctiveActionViews(ds: DataSource, actions: CorrectiveAction[]): Promise<z.infer<typeof CorrectiveActionView>[]> {
  const units = actions.length ? await ds.getRepository(OrgUnit).findBy({ id: In([...new Set(actions.map((a) => a.orgUnitId))]) }) : [];
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  // The projection's varchar columns hold the workflow's values.
  return actions.map((a) => ({
    id: a.id,
    workflowId: a.workflowId,
    n: a.n,
    kind: a.kind as never,
    description: a.description,
    orgUnitId: a.orgUnitId,
    orgUnitName: named(units.find((u) => u.id === a.orgUnitId)) || null,
    status: a.status as never,
    dueAt: a.dueAt.toISOString(),
    round: a.round,
    verifiedAt: iso(a.verifiedAt),
    nextRecheckAt: iso(a.nextRecheckAt),
    rechecksPassed: a.rechecksPassed,
    rechecksFailed: a.rechecksFailed,
    closedAt: iso(a.closedAt),
  }));
}

/** The incidents reported from an emergency and its watched improvement actions (the tasks are the caller's to filter). */
export async function followUpsOf(ds: DataSource, emergencyId: string) {
  const [incidents, actions] = await Promise.all([
    ds.getRepository(Incident).find({ where: { emergencyId }, order: { reportedAt: 'ASC', id: 'ASC' } }),
    ds.getRepository(CorrectiveAction).find({ where: { sourceType: 'emergency', sourceId: emergencyId }, order: { n: 'ASC' } }),
  ]);
  return {
    incidents: incidents.map((i) => ({ id: i.id, kind: i.kind as never, title: i.title, status: i.status as never, reportedAt: i.reportedAt.toISOString() })),
    actions: await correctiveActionViews(ds, actions),
    workflowIds: actions.map((a) => a.workflowId),
  };
}
