import { defineQuery } from '@temporalio/workflow';
import type { Policy } from '../../domain/policy';

/**
 * Manual adjustment: a manager or HR proposes a change to a published score (subject, line or
 * total, delta, reason code, text) → a second person with the approving role approves or rejects
 * within the SLA (never the proposer) → applied as a new snapshot version. ID `Adjustment:<id>`.
 */
export interface AdjustmentInput {
  adjustmentId: string;
  cycleId: string;
  scopeOrgUnitId: string;
  subjectType: 'person' | 'department';
  subjectId: string;
  subjectName: string;
  lineCode: string | null;
  delta: number;
  reasonCode: string;
  text: string;
  proposedBy: string;
  proposerUserId: string;
  approverRole: 'hr' | 'manager';
  policy: Policy;
}

export interface AdjustmentState {
  phase: 'pending' | 'approved' | 'rejected';
  taskId: string | null;
  decidedBy: string | null;
  newVersion: number | null;
}

export const adjustmentStateQuery = defineQuery<AdjustmentState>('state');

export function adjustmentWorkflowId(id: string): string {
  return `Adjustment:${id}`;
}
