import { In, type EntityManager } from 'typeorm';
import { appendAudit } from '../db/audit/audit-log';
import { CorrectiveAction, CorrectiveActionEvent, Incident, IncidentEvent, Person, User } from '../db/entities';
import type { FactInput } from '../db/projections/facts';
import { insertIncidentProjection } from '../db/projections/incident';
import type { CorrectiveActionInput } from '../workflows/corrective-action/messages';
import type { IncidentReport, TeamMember } from '../workflows/incident/messages';
import type { ActivityDeps } from './shared/deps';
import type { StepRecord } from './hazards';
import { createNotificationOutbox } from './notifications';
import { writeProcessStep, type StepCommonWrites } from './shared/process-step';
import { applyStartedIn, applyTransition, applyTransitionIn, type ProcessEvent } from './shared/process-transition';

export interface IncidentTransition {
  incidentId: string;
  workflowId: string;
  changes: Partial<Record<keyof Incident, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
}

export interface ActionTransition {
  actionId: string;
  workflowId: string;
  changes: Partial<Record<keyof CorrectiveAction, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
}

/** The report's record as the workflow hands it over (the API wrote the projection row; written here if it did not). */
export interface IncidentReported {
  report: IncidentReport;
  receiptHash: string;
  workflowId: string;
  policyVersion: number;
}

/**
 * Everything one step of an incident writes (issue 22: one transaction per step, patch
 * `incident-one-step`): the report's record (the start), the transitions in the order the process
 * made them (timeline events, facts, the SLA clocks), the tasks it opens and the outbox rows of
 * the notifications it owes.
 */
export interface IncidentStep extends StepCommonWrites {
  incidentId: string;
  reported?: Omit<IncidentReported, 'report' | 'workflowId'> & { report: IncidentReport };
  transitions: Omit<IncidentTransition, 'incidentId' | 'workflowId'>[];
}

/** What a step wrote, as its marker records it (the hazard's `StepRecord`; `reported`: the start recorded the report). */
export type IncidentStepRecord = StepRecord & { reported?: true };

const INCIDENT_TABLES = {
  projection: Incident,
  events: IncidentEvent,
  eventKey: 'incidentId',
  entityType: 'incident',
  dateFields: new Set(['dueAt', 'classifiedAt', 'regulatoryDueAt', 'regulatoryReportedAt', 'investigatedAt', 'determinedAt', 'closedAt']),
} as const;

const ACTION_TABLES = {
  projection: CorrectiveAction,
  events: CorrectiveActionEvent,
  eventKey: 'actionId',
  entityType: 'corrective_action',
  dateFields: new Set(['dueAt', 'verifiedAt', 'nextRecheckAt', 'closedAt']),
} as const;

/** Incident and corrective-action projections, timelines and facts; every write idempotent per workflow step. */
/** `now` and `logger` (the worker's): for `recordIncidentStep`'s outbox rows. */
export function createIncidentActivities(deps: Pick<ActivityDeps, 'dataSource'> & Partial<Pick<ActivityDeps, 'now' | 'logger'>>) {
  const { dataSource } = deps;
  const stepDeps =
    deps.now && deps.logger ? { dataSource, now: deps.now, outbox: createNotificationOutbox({ dataSource, now: deps.now, logger: deps.logger }) } : null;
  return {
    /** The people of an investigation team or a responsibility list, with their login if they have one. */
    async resolvePeople(personIds: string[]): Promise<TeamMember[]> {
      if (!personIds.length) return [];
      const people = await dataSource.getRepository(Person).findBy({ id: In(personIds) });
      const users = await dataSource.getRepository(User).findBy({ personId: In(personIds), active: true });
      return personIds.flatMap((id) => {
        const p = people.find((x) => x.id === id);
        if (!p) return [];
        const u = users.find((x) => x.personId === id);
        return [{ personId: id, name: p.name, orgUnitId: p.orgUnitId, userId: u?.id ?? null, username: u?.username ?? null }];
      });
    },

    /** The report's timeline entry and audit row (the API wrote the projection row; written here if it did not). No identity for an anonymous report. */
    async recordIncidentReported(input: IncidentReported): Promise<void> {
      await dataSource.transaction((em) => recordIncidentReportedIn(em, input));
    },

    /**
     * One step of the process (`IncidentStep`), run as a local activity inside the workflow task
     * that made it, in one transaction. Every write is keyed by the step (the events' IDs, task
     * IDs, outbox IDs): a retry — the worker died after the commit — writes nothing twice.
     */
    async recordIncidentStep(step: IncidentStep): Promise<IncidentStepRecord> {
      if (!stepDeps) throw new Error('recordIncidentStep needs the worker’s dependencies (now, logger)');
      const { withdrawn, notifications } = await writeProcessStep(stepDeps, stepDeps.outbox, step, async (em) => {
        if (step.reported) await recordIncidentReportedIn(em, { ...step.reported, workflowId: step.workflowId });
        for (const t of step.transitions) await applyTransitionIn(em, INCIDENT_TABLES, { id: step.incidentId, workflowId: step.workflowId, ...t });
      });
      return {
        ...(step.reported ? { reported: true as const } : {}),
        transitions: step.transitions.map((t) => ({ changes: t.changes, ...(t.event ? { event: t.event } : {}), facts: (t.facts ?? []).map((f) => f.id) })),
        withdrawn,
        tasks: step.tasks,
        notifications,
      };
    },

    async recordIncidentTransition(t: IncidentTransition): Promise<void> {
      await applyTransition(dataSource, INCIDENT_TABLES, { id: t.incidentId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts });
    },

    /** A corrective action's projection row, timeline entry and audit row, once. */
    async recordActionCreated(input: Omit<CorrectiveActionInput, 'policy'> & { workflowId: string; by: string; at: string }): Promise<void> {
      const eventId = `${input.workflowId}/created`;
      await dataSource.transaction(async (em) => {
        if (await em.getRepository(CorrectiveActionEvent).existsBy({ id: eventId })) return;
        const row: Partial<CorrectiveAction> = {
          id: input.actionId,
          workflowId: input.workflowId,
          sourceType: input.source.type,
          sourceId: input.source.id,
          sourceWorkflowId: input.source.workflowId,
          n: input.n,
          kind: input.kind,
          description: input.description,
          orgUnitId: input.orgUnitId,
          verifierOrgUnitId: input.verifierOrgUnitId,
          status: 'doing',
          dueAt: new Date(input.dueAt),
          round: 1,
          policyVersion: input.policyVersion,
        };
        await em.createQueryBuilder().insert().into(CorrectiveAction).values(row).orIgnore().execute();
        await em.getRepository(CorrectiveActionEvent).insert({
          id: eventId,
          actionId: input.actionId,
          at: new Date(input.at),
          type: 'created',
          actor: input.by,
          data: JSON.stringify({ kind: input.kind, description: input.description, orgUnitId: input.orgUnitId, dueAt: input.dueAt, source: input.source }),
        });
        await appendAudit(em, {
          actorType: 'workflow',
          actor: input.workflowId,
          onBehalfOf: input.by,
          action: 'corrective_action.created',
          entityType: 'corrective_action',
          entityId: input.actionId,
          after: row,
          orgUnitId: input.orgUnitId,
          at: new Date(input.at),
        });
      });
    },

    async recordActionTransition(t: ActionTransition): Promise<void> {
      await applyTransition(dataSource, ACTION_TABLES, { id: t.actionId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts });
    },
  };
}

export type IncidentActivities = ReturnType<typeof createIncidentActivities>;

/** The report's timeline entry and audit row, once (keyed by the `reported` event); the projection row if the API did not write it. */
async function recordIncidentReportedIn(em: EntityManager, input: IncidentReported): Promise<void> {
  const r = input.report;
  await applyStartedIn(em, INCIDENT_TABLES, {
    id: r.incidentId,
    workflowId: input.workflowId,
    orgUnitId: r.orgUnitId,
    event: {
      id: `${input.workflowId}/reported`,
      type: 'reported',
      actor: r.anonymous ? 'anonymous' : (r.reporterUsername ?? 'anonymous'),
      at: r.reportedAt,
      data: { kind: r.kind, location: r.location, occurredAt: r.occurredAt, injured: r.injuredPeople.length, emergencyId: r.emergencyId },
    },
    // The audit row leaves the receipt's hash out.
    insertRow: async (e) => {
      const { receiptHash: _secret, ...after } = await insertIncidentProjection(e, r, input.receiptHash, input.workflowId, input.policyVersion);
      return after;
    },
  });
}
