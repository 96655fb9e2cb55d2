import type { ImprovementPlanDetail, ImprovementPlanView } from '../approvals/api';
import type { Page } from '../../shared/api/core';
import { api, id, query } from '../../shared/api/http';

/** The four core dimensions of every score (group level; never dropped from a weight set). */
export const DIMENSIONS = ['compliance_execution', 'risk_control', 'emergency_response', 'collaboration'] as const;

export type Dimension = (typeof DIMENSIONS)[number];

export const RATINGS = ['excellent', 'qualified', 'needs_improvement'] as const;

export type Rating = (typeof RATINGS)[number];

/** Who is scored; persons and departments straight from facts, posts and companies pooled from them. */
export const SUBJECT_TYPES = ['person', 'department', 'post', 'company'] as const;

export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const CADENCES = ['monthly', 'quarterly', 'weekly'] as const;

export type Cadence = (typeof CADENCES)[number];

export const CYCLE_STATUSES = ['scoring', 'review', 'published'] as const;

export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** The workflow's phase: `publishing` between the review's "publish" and the reports being out. */
export type CyclePhase = CycleStatus | 'publishing';

export type RulesetStatus = 'draft' | 'published';

export interface RulesetSummary {
  version: number;
  status: RulesetStatus;
  note: string;
  basedOn: number | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

/**
 * A ruleset document (domain/scoring/ruleset.ts `RulesetSchema`). The editor works on it as plain
 * JSON the user may change freely, so the UI reads it defensively and the server validates it.
 */
export type RulesetDocument = Record<string, unknown>;

export interface RulesetVersion extends RulesetSummary {
  document: RulesetDocument;
}

export interface RulesetIssue {
  /** Dotted path inside the document (`weights.bySubjectType.department.dimensions.collaboration`). */
  path: string;
  message: string;
}

export interface RulesetChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** An indicator of the library (`GET /api/indicators`). */
export interface IndicatorDef {
  code: string;
  name: string;
  nameZh: string;
  dimension: Dimension;
  type: string;
  direction: 'higher_better' | 'lower_better';
  unit: 'percent' | 'count' | 'seconds' | 'points';
  thresholds: { excellent: number; qualified: number };
}

export interface WhatIfDifference {
  subjectType: SubjectType;
  subjectId: string;
  name: string;
  before: number | null;
  after: number | null;
  /** after − before; null when the subject is on one side only. */
  delta: number | null;
  ratingBefore: Rating | null;
  ratingAfter: Rating | null;
}

export interface WhatIfResult {
  cycleId: string;
  baseVersion: number;
  draftVersion: number;
  differences: WhatIfDifference[];
}

export interface CycleSummary {
  id: string;
  workflowId: string;
  scopeOrgUnitId: string;
  cadence: Cadence;
  /** `2026-11`, `2026-Q4`, `2026-W47`. */
  period: string;
  periodStart: string;
  periodEnd: string;
  rulesetVersion: number;
  status: CycleStatus;
  progress: { done: number; total: number };
  currentSnapshot: number;
  startedBy: string;
  reviewedBy: string | null;
  publishedAt: string | null;
}

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

export interface CycleLive {
  phase: CyclePhase;
  rulesetVersion: number | null;
  snapshot: SnapshotSummary | null;
  reviewTaskId: string | null;
  reviewRound: number;
  publishedAt: string | null;
  reportsSent: number;
  plansStarted: string[];
  flagged: string[];
}

export type SnapshotReason = 'initial' | 'late_facts' | 'recompute' | 'appeal' | 'adjustment';

export interface SnapshotView {
  version: number;
  reason: SnapshotReason | string;
  status: 'draft' | 'published' | 'superseded';
  /** The version that superseded this one. */
  supersededBy?: number | null;
  rulesetVersion: number;
  inputHash: string;
  factCount: number;
  subjectCount: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
}

export interface CycleDetail {
  cycle: CycleSummary;
  live: CycleLive | null;
  snapshots: SnapshotView[];
}

export interface NewCycle {
  scopeOrgUnitId: string;
  period: string;
  rulesetVersion?: number;
}

export interface CycleCreated {
  cycleId: string;
  workflowId: string;
  created: boolean;
}

export interface CycleScheduleInput {
  scopeOrgUnitId: string;
  cadence: Cadence;
  paused: boolean;
  /** HH:MM in `timeZone`. */
  time: string;
  timeZone: string;
}

export interface CycleSchedule {
  scheduleId: string;
  paused: boolean;
  nextRuns: string[];
  recentRuns: { at: string; workflowId: string }[];
  runs: number;
}

export interface RecomputeResult {
  /** Same inputs, same hash: the published scores are reproduced exactly. */
  reproduced: boolean;
  inputHash: string;
  version: number;
  /** Late facts: the new draft snapshot version. */
  newVersion: number | null;
}

export type DimensionScores = Record<Dimension, number>;

export interface ScoreFlags {
  specialReview: boolean;
  consecutiveNeedsImprovement: boolean;
  improvementStreak: number;
  shortfallDimension: Dimension | null;
  boostedDimension: Dimension | null;
  ratingDiscrepancies: string[];
}

/** One line of a score: an indicator (0–100 points, weighted) or a penalty / bonus rule (signed points). */
export interface ScoreLine {
  kind: 'indicator' | 'penalty' | 'bonus';
  indicatorCode?: string;
  ruleCode?: string;
  dimension: Dimension | null;
  custom?: boolean;
  value: number;
  points: number;
  rating: Rating | null;
  n: number;
  weight?: number;
  /** false: an indicator below its minimum sample, shown but not counted (weight 0). */
  counted?: boolean;
  factIds: string[];
  /** English, without the indicator's or rule's name. */
  explanation: string;
  /** Points added to the total by accepted appeals and approved adjustments of this line (a rule line's `points` include them). */
  adjustment?: number;
  /** Those appeals and adjustments, with their reason and decision, oldest first. */
  corrections?: LineCorrection[];
}

/** An accepted appeal or approved adjustment, shown beside the line it changed. */
export interface LineCorrection {
  kind: 'appeal' | 'adjustment';
  workflowId: string;
  /** The version it was first applied in. */
  version: number;
  delta: number;
  reasonCode: string;
  reason: string;
  decision: string | null;
  proposedBy: string;
  decidedBy: string;
}

/** A subject's result as rankings and reports carry it. */
export interface ScoreSummary {
  subjectType: SubjectType;
  subjectId: string;
  name: string;
  total: number;
  rating: Rating;
  dimensionScores: DimensionScores;
  dimensionAdjustments?: Partial<DimensionScores>;
  weights?: { dimensions: DimensionScores; custom: Record<string, number> };
  weightSource?: string;
  flags?: ScoreFlags;
  members?: number;
}

export interface RankingRow extends ScoreSummary {
  rank: number;
  departmentId: string | null;
}

export interface RankingPage extends Page<RankingRow> {
  /** The snapshot version ranked. */
  version: number;
}

/** One snapshot version of a subject's score: why it was made and whether it is the one in force. */
export interface ScoreVersion {
  version: number;
  total: number;
  rating: Rating;
  /** Absent from servers older than appeals. */
  status?: SnapshotView['status'];
  /** The version that superseded this one (shown beside it; never part of the version). */
  supersededBy?: number | null;
  reason?: SnapshotReason | string;
}

export interface ScoreReport extends ScoreSummary {
  cycleId: string;
  period: string;
  version: number;
  versions: ScoreVersion[];
  /** The ruleset the snapshot was scored with (names its lines). */
  rulesetVersion?: number;
  inputHash: string;
  lines: ScoreLine[];
}

export interface MyScore {
  cycleId: string;
  period: string;
  version: number;
  total: number;
  rating: Rating;
}

/** The facts behind one line (per group, e.g. per hazard). */
export interface FactGroup {
  code: string;
  groupKey: string | null;
  n: number;
  factIds: string[];
}

export const listRulesets = () => api<{ items: RulesetSummary[] }>('GET', '/api/rulesets');

export const fetchCurrentRuleset = () => api<RulesetVersion>('GET', '/api/rulesets/current');

export const fetchRuleset = (version: number) => api<RulesetVersion>('GET', `/api/rulesets/${version}`);

export const createRulesetDraft = (document: unknown, note: string, basedOn?: number) =>
  api<RulesetVersion>('POST', '/api/rulesets', basedOn ? { document, note, basedOn } : { document, note });

export const saveRulesetDraft = (version: number, document: unknown, note?: string) =>
  api<RulesetVersion>('PUT', `/api/rulesets/${version}`, note ? { document, note } : { document });

export const validateRulesetDocument = (document: unknown) => api<{ ok: boolean; issues: RulesetIssue[] }>('POST', '/api/rulesets/validate', { document });

export const diffRulesets = (from: number, to: number) =>
  api<{ from: number; to: number; changes: RulesetChange[] }>('GET', `/api/rulesets/diff${query({ from, to })}`);

export const approveRuleset = (version: number, note: string) => api<RulesetVersion>('POST', `/api/rulesets/${version}/approve`, { note });

export const whatIfRuleset = (version: number, cycleId: string) => api<WhatIfResult>('POST', `/api/rulesets/${version}/what-if`, { cycleId });

export const listIndicators = () => api<{ items: IndicatorDef[] }>('GET', '/api/indicators');

export const startCycle = (body: NewCycle) => api<CycleCreated>('POST', '/api/assessment-cycles', body);

export const listCycles = (filter: { status?: CycleStatus; page?: number; pageSize?: number }) =>
  api<Page<CycleSummary>>('GET', `/api/assessment-cycles${query(filter)}`);

export const fetchCycle = (cycleId: string) => api<CycleDetail>('GET', `/api/assessment-cycles/${id(cycleId)}`);

export const fetchRanking = (cycleId: string, subjectType: SubjectType, opts: { version?: number; page?: number; pageSize?: number } = {}) =>
  api<RankingPage>('GET', `/api/assessment-cycles/${id(cycleId)}/results${query({ subjectType, ...opts })}`);

export const recomputeCycle = (cycleId: string, note: string) => api<RecomputeResult>('POST', `/api/assessment-cycles/${id(cycleId)}/recompute`, { note });

export const saveCycleSchedule = (body: CycleScheduleInput) => api<CycleSchedule>('PUT', '/api/assessment-cycles/schedules', body);

export const triggerCycleSchedule = (scheduleId: string) => api<{ triggered: true }>('POST', `/api/assessment-cycles/schedules/${id(scheduleId)}/trigger`);

export const deleteCycleSchedule = (scheduleId: string) => api<unknown>('DELETE', `/api/assessment-cycles/schedules/${id(scheduleId)}`);

export const listMyScores = () => api<{ items: MyScore[] }>('GET', '/api/scores/me');

export const fetchScoreReport = (cycleId: string, subjectType: SubjectType, subjectId: string, version?: number) =>
  api<ScoreReport>('GET', `/api/scores/${id(cycleId)}/${subjectType}/${id(subjectId)}${query({ version })}`);

export const listImprovementPlans = () => api<{ items: ImprovementPlanView[] }>('GET', '/api/improvement-plans');

export const fetchImprovementPlan = (workflowId: string) => api<ImprovementPlanDetail>('GET', `/api/improvement-plans/${id(workflowId)}`);

export const fetchScoreFacts = (cycleId: string, subjectType: SubjectType, subjectId: string, code?: string) =>
  api<{ lines: FactGroup[] }>('GET', `/api/scores/${id(cycleId)}/${subjectType}/${id(subjectId)}/facts${query({ code })}`);
