import { In, type EntityManager } from 'typeorm';
import { Permit, PermitEvent, PermitGasTest, User } from '../db/entities';
import type { FactInput } from '../db/projections/facts';
import { insertPermitProjection } from '../db/projections/permit';
import type { GasVerdict } from '../domain/permit/rules';
import type { GasTestInput, PermitRequest } from '../workflows/permit/messages';
import type { ActivityDeps } from './shared/deps';
import type { StepRecord } from './hazards';
import { createNotificationOutbox } from './notifications';
import { writeProcessStep, type StepCommonWrites } from './shared/process-step';
import { applyStartedIn, applyTransitionIn, type ProcessEvent } from './shared/process-transition';

export interface PermitTransition {
  permitId: string;
  workflowId: string;
  changes: Partial<Record<keyof Permit, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
}

/** A gas test as the workflow hands it over: its row, timeline entry and the projection's last test. */
export interface PermitGasTestWrite {
  test: GasTestInput;
  verdict: GasVerdict;
}

/**
 * Everything one step of a permit writes (issue 22: one transaction per step, patch
 * `permit-one-step`): the request's record (the start), the gas test a step records (first), the
 * transitions in the order the process made them, the tasks it opens and the outbox rows of the
 * notifications it owes.
 */
export interface PermitStep extends StepCommonWrites {
  permitId: string;
  requested?: { request: PermitRequest; policyVersion: number };
  gasTest?: PermitGasTestWrite;
  transitions: Omit<PermitTransition, 'permitId' | 'workflowId'>[];
}

/** What a step wrote, as its marker records it (the hazard's `StepRecord`; `reported`: the request's record; `gasTest`: a gas test's). */
export type PermitStepRecord = StepRecord & { reported?: true; gasTest?: true };

const PERMIT_TABLES = {
  projection: Permit,
  events: PermitEvent,
  eventKey: 'permitId',
  entityType: 'permit',
  dateFields: new Set(['issuedAt', 'validUntil', 'lastGasTestAt', 'nextClockAt', 'completedAt', 'closedAt']),
} as const;

/** Permit projections, crew, gas tests, timelines and facts; every write idempotent per workflow step. */
/** `now` and `logger` (the worker's): for `recordPermitStep`'s outbox rows. */
export function createPermitActivities(deps: Pick<ActivityDeps, 'dataSource'> & Partial<Pick<ActivityDeps, 'now' | 'logger'>>) {
  const { dataSource } = deps;
  const stepDeps =
    deps.now && deps.logger ? { dataSource, now: deps.now, outbox: createNotificationOutbox({ dataSource, now: deps.now, logger: deps.logger }) } : null;
  return {
    /** The request's timeline entry and audit row (the API wrote the projection row; written here if it did not). */
    async recordPermitRequested(input: { request: PermitRequest; workflowId: string; policyVersion: number }): Promise<void> {
      await dataSource.transaction((em) => recordPermitRequestedIn(em, input));
    },

    /**
     * One step of the process (`PermitStep`), run as a local activity inside the workflow task
     * that made it, in one transaction. Every write is keyed by the step (the events' IDs, the gas
     * test's ID, task IDs, outbox IDs): a retry — the worker died after the commit — writes nothing twice.
     */
    async recordPermitStep(step: PermitStep): Promise<PermitStepRecord> {
      if (!stepDeps) throw new Error('recordPermitStep needs the worker’s dependencies (now, logger)');
      const { withdrawn, notifications } = await writeProcessStep(stepDeps, stepDeps.outbox, step, async (em) => {
        if (step.requested) await recordPermitRequestedIn(em, { ...step.requested, workflowId: step.workflowId });
        if (step.gasTest) await recordPermitGasTestIn(em, { permitId: step.permitId, workflowId: step.workflowId, ...step.gasTest });
        for (const t of step.transitions) await applyTransitionIn(em, PERMIT_TABLES, { id: step.permitId, workflowId: step.workflowId, ...t });
      });
      return {
        ...(step.requested ? { reported: true as const } : {}),
        ...(step.gasTest ? { gasTest: true as const } : {}),
        transitions: step.transitions.map((t) => ({ changes: t.changes, ...(t.event ? { event: t.event } : {}), facts: (t.facts ?? []).map((f) => f.id) })),
        withdrawn,
        tasks: step.tasks,
        notifications,
      };
    },

    async recordPermitTransition(t: PermitTransition): Promise<void> {
      await dataSource.transaction((em) =>
        applyTransitionIn(em, PERMIT_TABLES, { id: t.permitId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts }),
      );
    },

    /** A gas test's row, once per client id, with the timeline entry and the projection's last test (when it passed). */
    async recordPermitGasTest(input: { permitId: string; workflowId: string; test: GasTestInput; verdict: GasVerdict }): Promise<void> {
      await dataSource.transaction((em) => recordPermitGasTestIn(em, input));
    },

    /** Users of the crew who can be told (a critical suspension goes to each of them). */
    async permitCrewUserIds(personIds: string[]): Promise<string[]> {
      if (!personIds.length) return [];
      return (await dataSource.getRepository(User).findBy({ personId: In(personIds), active: true })).map((u) => u.id);
    },
  };
}

export type PermitActivities = ReturnType<typeof createPermitActivities>;

/** The request's timeline entry and audit row, once (keyed by the `requested` event); the projection row if the API did not write it. */
async function recordPermitRequestedIn(em: EntityManager, input: { request: PermitRequest; workflowId: string; policyVersion: number }): Promise<void> {
  const r = input.request;
  await applyStartedIn(em, PERMIT_TABLES, {
    id: r.permitId,
    workflowId: input.workflowId,
    orgUnitId: r.orgUnitId,
    event: {
      id: `${input.workflowId}/requested`,
      type: 'requested',
      actor: r.requesterUsername,
      at: r.requestedAt,
      data: {
        type: r.type,
        level: r.level,
        area: r.areaName,
        windowFrom: r.windowFrom,
        windowTo: r.windowTo,
        crew: r.crew.map((c) => ({ name: c.name, role: c.role })),
        conflicts: r.conflicts,
      },
    },
    insertRow: (e) => insertPermitProjection(e, r, input.workflowId, input.policyVersion),
  });
}

/** A gas test's row, once per client id, with the timeline entry and the projection's last test (when it passed). */
async function recordPermitGasTestIn(
  em: EntityManager,
  input: { permitId: string; workflowId: string; test: GasTestInput; verdict: GasVerdict },
): Promise<void> {
  const { test, verdict } = input;
  await applyTransitionIn(
    em,
    PERMIT_TABLES,
    {
      id: input.permitId,
      workflowId: input.workflowId,
      changes: verdict.passed ? { lastGasTestAt: test.takenAt } : {},
      event: {
        id: `${input.workflowId}/gas-test/${test.testId}`,
        type: verdict.passed ? 'gas_test_passed' : 'gas_test_failed',
        actor: test.testerUsername,
        at: test.takenAt,
        data: { readings: test.readings, failures: verdict.failures, missing: verdict.missing },
      },
    },
    async (e) => {
      await e
        .createQueryBuilder()
        .insert()
        .into(PermitGasTest)
        .values({
          id: test.testId,
          permitId: input.permitId,
          takenAt: new Date(test.takenAt),
          testerUserId: test.testerUserId,
          readings: JSON.stringify(test.readings),
          passed: verdict.passed,
          verdict: JSON.stringify({ failures: verdict.failures, missing: verdict.missing }),
        })
        .orIgnore()
        .execute();
    },
  );
}
