import { defineQuery } from '@temporalio/workflow';
import type { Cadence } from '../../domain/cycle/period';
import type { Policy } from '../../domain/policy';

/**
 * Assessment cycle (考核周期): freeze the ruleset version → score every subject of the scope into
 * a draft snapshot (progress visible) → review by HR / managers → publish → each person gets a
 * report (dimension breakdown, shortfalls and the evidence behind them) → "needs improvement"
 * starts an improvement plan; two in a row flags the person for post adjustment or intensive
 * training; the next cycle weights last cycle's shortfall dimension higher (the engine does it
 * from history). ID `AssessmentCycle:<scope org unit id>:<period>`; started on demand or by a
 * Temporal Schedule per scope and cadence.
 */
export interface CycleRequest {
  cycleId: string;
  scopeOrgUnitId: string;
  cadence: Cadence;
  period: string;
  periodStart: string;
  periodEnd: string;
  /** null: the newest published ruleset when the cycle starts. */
  rulesetVersion: number | null;
  startedBy: string;
}

export interface ScheduledCycle {
  scheduleId: string;
  scopeOrgUnitId: string;
  cadence: Cadence;
}

export type CycleInput = { request: CycleRequest; policy: Policy; policyVersion: number } | { scheduled: ScheduledCycle };

export type CyclePhase = 'scoring' | 'review' | 'publishing' | 'published';

export interface SnapshotSummary {
  version: number;
  inputHash: string;
  subjects: number;
  facts: number;
  persons: number;
  needsImprovement: number;
  consecutiveNeedsImprovement: number;
  specialReview: number;
}

export interface CycleState {
  phase: CyclePhase;
  request: CycleRequest | null;
  rulesetVersion: number | null;
  snapshot: SnapshotSummary | null;
  reviewTaskId: string | null;
  reviewRound: number;
  publishedAt: string | null;
  reportsSent: number;
  plansStarted: string[];
  flagged: string[];
}

export const cycleStateQuery = defineQuery<CycleState>('state');

export const CYCLE_PREFIX = 'AssessmentCycle:';

export function cycleId(scopeOrgUnitId: string, period: string): string {
  return `${scopeOrgUnitId}:${period}`;
}

export function cycleWorkflowId(id: string): string {
  return `${CYCLE_PREFIX}${id}`;
}
