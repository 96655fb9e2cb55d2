import { defineQuery } from '@temporalio/workflow';
import type { Policy } from '../../domain/policy';

/**
 * Appeal (复议): a person disputes a line of their published score within the appeal window → the
 * reviewer (level 1: their department head; level 2: the plant's managers) decides within the SLA
 * or it escalates → uphold, or adjust with a reason and attachments (a new snapshot version; the
 * original stays readable) → the appellant is told. ID `Appeal:<id>`.
 */
export interface AppealInput {
  appealId: string;
  cycleId: string;
  snapshotVersion: number;
  personId: string;
  personOrgUnitId: string;
  lineCode: string;
  level: number;
  appellant: string;
  appellantUserId: string;
  reason: string;
  policy: Policy;
}

export interface AppealState {
  phase: 'reviewing' | 'upheld' | 'adjusted';
  reviewer: { orgUnitId: string; role: string } | null;
  taskId: string | null;
  escalationLevel: number;
  decidedBy: string | null;
  delta: number | null;
  newVersion: number | null;
}

export const appealStateQuery = defineQuery<AppealState>('state');

export function appealWorkflowId(appealId: string): string {
  return `Appeal:${appealId}`;
}
