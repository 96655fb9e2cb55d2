import { In } from 'typeorm';
import { Permit, PermitEvent, PermitGasTest, User } from '../db/entities';
import type { FactInput } from '../db/projections/facts';
import { insertPermitProjection } from '../db/projections/permit';
import type { GasVerdict } from '../domain/permit/rules';
import type { GasTestInput, PermitRequest } from '../workflows/permit/messages';
import type { ActivityDeps } from './shared/deps';
import { applyStarted, applyTransition, type ProcessEvent } from './shared/process-transition';

export interface PermitTransition {
  permitId: string;
  workflowId: string;
  changes: Partial<Record<keyof Permit, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
}

const PERMIT_TABLES = {
  projection: Permit,
  events: PermitEvent,
  eventKey: 'permitId',
  entityType: 'permit',
  dateFields: new Set(['issuedAt', 'validUntil', 'lastGasTestAt', 'nextClockAt', 'completedAt', 'closedAt']),
} as const;

/** Permit projections, crew, gas tests, timelines and facts; every write idempotent per workflow step. */
export function createPermitActivities({ dataSource }: Pick<ActivityDeps, 'dataSource'>) {
  return {
    /** The request's timeline entry and audit row (the API wrote the projection row; written here if it did not). */
    async recordPermitRequested(input: { request: PermitRequest; workflowId: string; policyVersion: number }): Promise<void> {
      const r = input.request;
      await applyStarted(dataSource, PERMIT_TABLES, {
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
        insertRow: (em) => insertPermitProjection(em, r, input.workflowId, input.policyVersion),
      });
    },

    async recordPermitTransition(t: PermitTransition): Promise<void> {
      await applyTransition(dataSource, PERMIT_TABLES, { id: t.permitId, workflowId: t.workflowId, changes: t.changes, event: t.event, facts: t.facts });
    },

    /** A gas test's row, once per client id, with the timeline entry and the projection's last test (when it passed). */
    async recordPermitGasTest(input: { permitId: string; workflowId: string; test: GasTestInput; verdict: GasVerdict }): Promise<void> {
      const { test, verdict } = input;
      await applyTransition(
        dataSource,
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
        async (em) => {
          await em
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
    },

    /** Users of the crew who can be told (a critical suspension goes to each of them). */
    async permitCrewUserIds(personIds: string[]): Promise<string[]> {
      if (!personIds.length) return [];
      return (await dataSource.getRepository(User).findBy({ personId: In(personIds), active: true })).map((u) => u.id);
    },
  };
}

export type PermitActivities = ReturnType<typeof createPermitActivities>;
