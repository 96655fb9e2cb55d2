import { defineQuery } from '@temporalio/workflow';
import type { Cadence } from '../../domain/assessment-cycle/period';
import type { Policy } from '../../domain/policy';
import type { NotificationRequest } from '../notification/messages';

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

/**
 * What a cycle schedule's action carries. A run scores the period before its scheduled time
 * (`TemporalScheduledStartTime`, never the time it happened to start) in the schedule's own time
 * zone; the zone and the window come from the schedule definition, so replay stays deterministic.
 * Schedules saved before these fields existed score in +08:00 with the default window.
 */
export interface ScheduledCycle {
  scheduleId: string;
  scopeOrgUnitId: string;
  cadence: Cadence;
  /** The IANA time zone of the schedule's calendar (its spec's `timezone`). */
  timeZone?: string;
  /** The schedule's catch-up window: a run starting later than this after its scheduled time is reported late. */
  catchupWindowSeconds?: number;
  /** When the schedule was set up (ISO): periods that ended before it were never due. */
  since?: string;
}

/** What a scheduled run found wrong with the schedule's runs: reported as alerts to HR and the safety hub. */
export interface CycleScheduleCheck {
  /** Earlier periods whose run never came (skipped beyond the catch-up window) and that were never scored. */
  missed: string[];
  /** This run started later than the catch-up window after its scheduled time. */
  late: boolean;
  /** The alerts this run fired, each with its notification (null: nobody to tell). */
  fired: { alertId: string; notification: NotificationRequest | null }[];
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
