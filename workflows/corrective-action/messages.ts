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
  source: { type: CorrectiveActionSource; id: string; workflowId: string; title: string; link: string };
  kind: ActionKind;
  description: string;
  orgUnitId: string;
  verifierOrgUnitId: string;
  dueAt: string;
  /** Set when the source process already saw it done (an emergency's improvement action): only the effectiveness re-checks run, from then. */
  doneAt?: string;
  /**
   * Set when a failed re-check reports a new hazard (at this area, of this category, reported by
   * the re-checker) instead of reopening the action, which then closes: a major hazard's
   * rectification, whose recurrence must be graded and rectified as a hazard again.
   */
  recheckFailure?: { hazard: { area: string; category: string } };
  policy: Policy;
  policyVersion: number;
}

/** What an action corrects: an incident's CAPA, an emergency's improvement action, a major hazard's rectification, a risk assessment's control measure. */
export type CorrectiveActionSource = 'incident' | 'emergency' | 'hazard' | 'risk_assessment';

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
  /** The hazard a failed re-check reported (`recheckFailure`), if any. */
  hazardId: string | null;
}

export const correctiveActionStateQuery = defineQuery<CorrectiveActionState>('state');

export function correctiveActionWorkflowId(actionId: string): string {
  return `Action:${actionId}`;
}
