import { EntityNotFoundError, type EntityManager } from 'typeorm';
import { chainOf, nearestOf, unitsWithAncestors } from '../db/candidates';
import { Hazard, HazardEvent, OrgUnit } from '../db/entities';
import { hazardUnitsOf, insertHazardProjection } from '../db/projections/hazard';
import type { HazardReport, HazardUnits, Responsible } from '../workflows/hazard/messages';
import type { DeliverNotificationInput, NotificationRecorded } from '../workflows/notification/messages';
import type { NewTask } from '../workflows/shared/tasks';
import type { ActivityDeps } from './shared/deps';
import type { FactInput } from '../db/projections/facts';
import { createNotificationOutbox, writtenTogether, type OutboxWritten } from './notifications';
import { gatheringAudit } from '../db/audit/audit-log';
import { applyReportedIn, applyTransition, applyTransitionIn, reportedStart, writeStartedIn, type ProcessEvent } from './shared/process-transition';
import { withdrawOpenTasks } from './shared/withdraw-tasks';
import { insertTask } from './tasks';

export type { FactInput };

export interface HazardTransition {
  hazardId: string;
  workflowId: string;
  changes: Partial<Record<keyof Hazard, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
}

/**
 * Everything one step of a hazard's process writes (issue 22: one transaction per step): the
 * report (the first step, when the API's own transaction did not get to commit it), the
 * transitions in the order the process made them, the tasks it withdraws and the tasks it opens,
 * and the outbox rows of the notifications the step owes — all in one transaction.
 */
export interface HazardStep {
  hazardId: string;
  workflowId: string;
  reported?: { report: HazardReport; policyVersion: number };
  transitions: Omit<HazardTransition, 'hazardId' | 'workflowId'>[];
  /** Tasks withdrawn from the inbox: those of `ids`, or all the process's open tasks. */
  withdraw: { ids?: string[]; reason: string }[];
  tasks: NewTask[];
  notifications: DeliverNotificationInput[];
}

/**
 * What a step wrote, as the marker of its local activity records it: the process history
 * (domain/process-history.ts) reads a step's transitions, withdrawals, tasks and notifications
 * from it, as it reads the inputs of the activities a step used to take one by one.
 */
export interface StepRecord {
  transitions: { changes: Record<string, unknown>; event?: ProcessEvent; facts: string[] }[];
  withdrawn: { ids?: string[]; reason: string; count: number }[];
  tasks: NewTask[];
  notifications: NotificationRecorded[];
}

const HAZARD_TABLES = {
  projection: Hazard,
  events: HazardEvent,
  eventKey: 'hazardId',
  entityType: 'hazard',
  dateFields: new Set(['dueAt', 'gradedAt', 'acknowledgedAt', 'closedAt', 'reportedAt']),
} as const;

/** Hazard projection, timeline and scoring facts; every write idempotent per workflow step. */
export function createHazardActivities(deps: ActivityDeps) {
  const { dataSource, now } = deps;
  const outbox = createNotificationOutbox(deps);

  return {
    /** The plant's safety hub, production and equipment departments for a hazard found in `orgUnitId`. */
    async resolveHazardUnits(orgUnitId: string): Promise<HazardUnits> {
      return hazardUnitsOf(dataSource.manager, orgUnitId);
    },

    /** Attribution (SPEC §4): the named person, else the head of the unit's department. */
    async resolveResponsible(input: { orgUnitId: string; personId: string | null }): Promise<Responsible> {
      // The unit with its ancestors, in one statement.
      const chain = await unitsWithAncestors(dataSource, [input.orgUnitId]);
      const unit = chain.get(input.orgUnitId);
      if (!unit) throw new EntityNotFoundError(OrgUnit, { id: input.orgUnitId });
      const dept = nearestOf(chainOf(chain, unit.path), ['department']);
      const headUnit = unit.headPersonId ? unit : dept;
      const head = headUnit?.headPersonId ?? null;
      const level: Responsible['level'] =
        unit.kind === 'workshop' ? 'workshop' : unit.kind === 'department' || unit.kind === 'plant' ? 'plant' : 'headquarters';
      if (input.personId) return { orgUnitId: unit.id, personId: input.personId, attribution: 'direct', departmentHeadPersonId: head, level };
      return { orgUnitId: unit.id, personId: head, attribution: head ? 'department_head' : 'none', departmentHeadPersonId: head, level };
    },

    async recordHazardReported(input: { report: HazardReport; workflowId: string; policyVersion: number }): Promise<void> {
      await dataSource.transaction((em) => recordHazardReportedIn(em, input));
    },

    /**
     * One step of the process (`HazardStep`), run as a local activity inside the workflow task
     * that made it. Every write is keyed by the step (event IDs, task IDs, outbox IDs), so a
     * retry — the worker died after the commit — writes nothing twice.
     */
    async recordHazardStep(step: HazardStep): Promise<StepRecord> {
      const { withdrawn, written } = await dataSource.transaction((em) =>
        gatheringAudit(em, async () => {
          if (step.reported) await recordHazardReportedIn(em, { ...step.reported, workflowId: step.workflowId });
          for (const t of step.transitions) await applyTransitionIn(em, HAZARD_TABLES, { id: step.hazardId, workflowId: step.workflowId, ...t });
          const counts: number[] = [];
          for (const w of step.withdraw) counts.push(await withdrawOpenTasks(em, { workflowId: step.workflowId, ...w }, now));
          for (const t of step.tasks) await insertTask(em, t, now());
          // Last: a task's notification finds its audience through the task, written just before in this transaction.
          const rows: OutboxWritten[] = [];
          for (const n of step.notifications) rows.push(await outbox.writeOutboxRows(em, n));
          return { withdrawn: step.withdraw.map((w, i) => ({ ...w, count: counts[i] })), written: rows };
        }),
      );
      // Committed: the dispatcher is woken once for the whole step.
      if (written.length) await outbox.outboxCommitted(writtenTogether(written));
      const notifications: NotificationRecorded[] = written.map((w) => w.recorded);
      return {
        transitions: step.transitions.map((t) => ({ changes: t.changes, ...(t.event ? { event: t.event } : {}), facts: (t.facts ?? []).map((f) => f.id) })),
        withdrawn,
        tasks: step.tasks,
        notifications,
      };
    },

    /** One transition: projection fields, a timeline event and facts, with an audit row. */
    async recordHazardTransition(t: HazardTransition): Promise<void> {
      await applyTransition(dataSource, HAZARD_TABLES, { id: t.hazardId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts });
    },

    /** Cancels specific open tasks (rerouted, superseded, or the hazard was cancelled). */
    async cancelTasks(input: { workflowId: string; ids: string[]; reason: string }): Promise<void> {
      if (!input.ids.length) return;
      await dataSource.transaction((em) => withdrawOpenTasks(em, input));
    },
  };
}

export type HazardActivities = ReturnType<typeof createHazardActivities>;

/** The report's projection row, `reported` event, fact and audit row, once (the API writes them with the first task; the process again if that did not commit). */
export async function recordHazardReportedIn(em: EntityManager, input: { report: HazardReport; workflowId: string; policyVersion: number }): Promise<void> {
  await applyReportedIn(em, HAZARD_TABLES, hazardReported(input));
}

function hazardReported(input: { report: HazardReport; workflowId: string; policyVersion: number }) {
  const r = input.report;
  return {
    workflowId: input.workflowId,
    policyVersion: input.policyVersion,
    report: { ...r, id: r.hazardId },
    insertRow: async (e: EntityManager) => (await insertHazardProjection(e, r, input.workflowId, input.policyVersion)).row,
    eventData: { title: r.title, category: r.category, area: r.area, evidenceIds: r.evidenceIds },
    factData: { category: r.category, suspectedSeverity: r.suspectedSeverity },
  };
}

/**
 * The API's opening of a hazard, inside its transaction: the report as `recordHazardReportedIn`
 * writes it, the grading deadline `dueAt` in the same row. The row's insert decides (no look-up
 * first): false, and nothing written, when the hazard was there already (a resend; the process
 * wrote it).
 */
export async function openHazardIn(
  em: EntityManager,
  input: { report: HazardReport; workflowId: string; policyVersion: number; dueAt: Date },
): Promise<boolean> {
  const r = input.report;
  const start = reportedStart(HAZARD_TABLES, hazardReported(input));
  const { row, inserted } = await insertHazardProjection(em, r, input.workflowId, input.policyVersion, input.dueAt);
  if (inserted === false) return false;
  if (inserted === null) {
    // sql.js does not say whether the row was new: the event says whether the report was recorded.
    if (await em.getRepository(HazardEvent).existsBy({ id: start.event.id })) return false;
    await em.getRepository(Hazard).update({ id: r.hazardId }, { dueAt: input.dueAt });
  }
  await writeStartedIn(em, HAZARD_TABLES, start, row);
  return true;
}
