import { defineQuery } from '@temporalio/workflow';
import type { ActionKind } from '../../domain/incident/constants';
import type { Policy } from '../../domain/policy';

/**
 * A corrective or preventive action (整改/预防措施), the shared mechanism of every process that
 * asks a department to fix something: the owner does it by its due date (overdue climbs the
 * ladder) → the verifying department verifies it (a failure sends it back) → the source hears it
 * is verified → effectiveness re-checks at the policy's offsets (30 / 60 / 90 days), each a task
 * for the verifying department; a failed re-check is a fact and reopens the action. Durable
 * timers; the monitor shows the next due date. ID `Action:<action id>`.
 */
export interface CorrectiveActionInput {
  actionId: string;
  n: number;
  source: { type: 'incident' | 'emergency'; id: string; workflowId: string; title: string; link: string };
  kind: ActionKind;
  description: string;
  orgUnitId: string;
  verifierOrgUnitId: string;
  dueAt: string;
  /** Set when the source process already saw it done (an emergency's improvement action): only the effectiveness re-checks run, from then. */
  doneAt?: string;
  policy: Policy;
  policyVersion: number;
}

export type CorrectiveActionPhase = 'doing' | 'verifying' | 'monitoring' | 'closed';

export interface CorrectiveActionState {
  phase: CorrectiveActionPhase;
  round: number;
  dueAt: string;
  verifiedAt: string | null;
  nextRecheckAt: string | null;
  rechecksPassed: number;
  rechecksFailed: number;
  openTasks: string[];
}

export const correctiveActionStateQuery = defineQuery<CorrectiveActionState>('state');

export function correctiveActionWorkflowId(actionId: string): string {
  return `Action:${actionId}`;
}
