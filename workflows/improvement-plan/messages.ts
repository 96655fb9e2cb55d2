import { defineQuery } from '@temporalio/workflow';
import type { Policy } from '../../domain/policy';
import type { Dimension } from '../../domain/scoring/indicators';

/**
 * Improvement plan (能力提升计划) started by an assessment cycle for a person rated "needs
 * improvement": the supervisor (the person's department) agrees targets, measures and a
 * deadline → reminders → a completion check by the supervisor at the deadline → the result is a
 * fact the next cycle reads. ID `ImprovementPlan:<cycle id>:<person id>`.
 */
export interface ImprovementPlanInput {
  cycleId: string;
  period: string;
  personId: string;
  personName: string;
  /** The person's login, if any (reminders). */
  personUserId?: string | null;
  orgUnitId: string;
  shortfall: Dimension | null;
  total: number;
  policy: Policy;
  policyVersion: number;
}

export interface ImprovementPlanState {
  phase: 'planning' | 'in_progress' | 'checking' | 'completed' | 'not_completed';
  targets: string | null;
  measures: string | null;
  dueAt: string | null;
  checkedBy: string | null;
  openTasks: string[];
}

export const improvementPlanStateQuery = defineQuery<ImprovementPlanState>('state');

export function improvementPlanWorkflowId(cycleId: string, personId: string): string {
  return `ImprovementPlan:${cycleId}:${personId}`;
}
