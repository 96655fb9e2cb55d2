import type { ImprovementPlanDetail, ImprovementPlanView } from '../approvals/api';
import { client, dataOf, type Body, type Ok, type Query, type Schemas } from '../../shared/api/client';
import { listingEvery } from '../../shared/api/lists';
import type {
  Dimension,
  Rating,
  Cadence,
  CycleStatus,
  RulesetVersion,
  WhatIfResult,
  CycleDetail,
  SnapshotView,
  RankingRow,
  ScoreReport,
} from '../../shared/api/types';

export type { Dimension, Rating, Cadence, CycleStatus, RulesetVersion, WhatIfResult, CycleDetail, SnapshotView, RankingRow, ScoreReport };

/** The four core dimensions of every score (group level; never dropped from a weight set). */
export const DIMENSIONS = listingEvery<Dimension>()(['compliance_execution', 'risk_control', 'emergency_response', 'collaboration']);

/** Who is scored; persons and departments straight from facts, posts and companies pooled from them. */
export type SubjectType = Schemas['SubjectType'];

export const SUBJECT_TYPES = listingEvery<SubjectType>()(['person', 'department', 'post', 'company']);

export const CADENCES = listingEvery<Cadence>()(['monthly', 'quarterly', 'weekly']);

export const CYCLE_STATUSES = listingEvery<CycleStatus>()(['scoring', 'review', 'published']);

/** The workflow's phase: `publishing` between the review's "publish" and the reports being out. */
export type CyclePhase = CycleLive['phase'];

export type RulesetSummary = Schemas['RulesetVersionSummary'];

export type RulesetStatus = RulesetSummary['status'];

/**
 * A ruleset document (domain/scoring/ruleset.ts `RulesetSchema`). The editor works on it as plain
 * JSON the user may change freely, so the UI reads it defensively and the server validates it.
 */
export type RulesetDocument = RulesetVersion['document'];

/** `path`: dotted inside the document (`weights.bySubjectType.department.dimensions.collaboration`). */
export type RulesetIssue = Ok<'validateRuleset'>['issues'][number];

export type RulesetChange = Ok<'diffRulesets'>['changes'][number];

/** An indicator of the library (`GET /api/indicators`). */
export type IndicatorDef = Schemas['Indicator'];

export type WhatIfDifference = WhatIfResult['differences'][number];

export type CycleSummary = Schemas['AssessmentCycle'];

export type CycleLive = NonNullable<CycleDetail['live']>;

export type NewCycle = Body<'startAssessmentCycle'>;

/** What the schedule form sends: every field (the server's defaults for paused, time and zone are not relied on). */
export type CycleScheduleInput = Required<Body<'saveCycleSchedule'>>;

export type CycleSchedule = Ok<'saveCycleSchedule'>;

/** `reproduced`: same inputs, same hash; `newVersion`: late facts made this new draft snapshot version. */
export type RecomputeResult = Ok<'recomputeCycle'>;

/** One line of a score: an indicator (0–100 points, weighted) or a penalty / bonus rule (signed points). */
export type ScoreLine = Schemas['ScoreLine'];

/** One snapshot version of a subject's score: why it was made and whether it is the one in force. */
export type ScoreVersion = ScoreReport['versions'][number];

export type MyScore = Ok<'listMyScores'>['items'][number];

/** The facts behind one line (per group, e.g. per hazard). */
export type FactGroup = Schemas['ScoreFacts']['lines'][number];

export const listRulesets = () => dataOf(client.GET('/api/rulesets'));

export const fetchCurrentRuleset = () => dataOf(client.GET('/api/rulesets/current'));

export const fetchRuleset = (version: number) => dataOf(client.GET('/api/rulesets/{version}', { params: { path: { version } } }));

export const createRulesetDraft = (document: unknown, note: string, basedOn?: number) =>
  dataOf(client.POST('/api/rulesets', { body: basedOn ? { document, note, basedOn } : { document, note } }));

export const saveRulesetDraft = (version: number, document: unknown, note?: string) =>
  dataOf(client.PUT('/api/rulesets/{version}', { params: { path: { version } }, body: note ? { document, note } : { document } }));

export const validateRulesetDocument = (document: unknown) => dataOf(client.POST('/api/rulesets/validate', { body: { document } }));

export const diffRulesets = (from: number, to: number) => dataOf(client.GET('/api/rulesets/diff', { params: { query: { from, to } } }));

export const approveRuleset = (version: number, note: string) =>
  dataOf(client.POST('/api/rulesets/{version}/approve', { params: { path: { version } }, body: { note } }));

export const whatIfRuleset = (version: number, cycleId: string) =>
  dataOf(client.POST('/api/rulesets/{version}/what-if', { params: { path: { version } }, body: { cycleId } }));

export const listIndicators = () => dataOf(client.GET('/api/indicators'));

export const startCycle = (body: NewCycle) => dataOf(client.POST('/api/assessment-cycles', { body }));

export const listCycles = (filter: Query<'listAssessmentCycles'>) => dataOf(client.GET('/api/assessment-cycles', { params: { query: filter } }));

export const fetchCycle = (cycleId: string) => dataOf(client.GET('/api/assessment-cycles/{id}', { params: { path: { id: cycleId } } }));

export const fetchRanking = (cycleId: string, subjectType: SubjectType, opts: { version?: number; page?: number; pageSize?: number } = {}) =>
  dataOf(client.GET('/api/assessment-cycles/{id}/results', { params: { path: { id: cycleId }, query: { subjectType, ...opts } } }));

export const recomputeCycle = (cycleId: string, note: string) =>
  dataOf(client.POST('/api/assessment-cycles/{id}/recompute', { params: { path: { id: cycleId } }, body: { note } }));

export const saveCycleSchedule = (body: CycleScheduleInput) => dataOf(client.PUT('/api/assessment-cycles/schedules', { body }));

export const triggerCycleSchedule = (scheduleId: string) =>
  dataOf(client.POST('/api/assessment-cycles/schedules/{scheduleId}/trigger', { params: { path: { scheduleId } } }));

export const deleteCycleSchedule = (scheduleId: string) =>
  dataOf(client.DELETE('/api/assessment-cycles/schedules/{scheduleId}', { params: { path: { scheduleId } } }));

export const listMyScores = () => dataOf(client.GET('/api/scores/me'));

/**
 * openapi-fetch types an answer through Readable<>, which drops the keys typed only null (a rule
 * line's `rating: null`); the server sends them, so the report is typed as documented.
 */
export const fetchScoreReport = (cycleId: string, subjectType: SubjectType, subjectId: string, version?: number) =>
  dataOf(
    client.GET('/api/scores/{cycleId}/{subjectType}/{subjectId}', { params: { path: { cycleId, subjectType, subjectId }, query: { version } } }),
  ) as Promise<ScoreReport>;

export const listImprovementPlans = (): Promise<{ items: ImprovementPlanView[] }> => dataOf(client.GET('/api/improvement-plans'));

export const fetchImprovementPlan = (workflowId: string): Promise<ImprovementPlanDetail> =>
  dataOf(client.GET('/api/improvement-plans/{workflowId}', { params: { path: { workflowId } } }));

/** `code`: the line's facts only (an empty code asks for every line's, as before). */
export const fetchScoreFacts = (cycleId: string, subjectType: SubjectType, subjectId: string, code?: string) =>
  dataOf(
    client.GET('/api/scores/{cycleId}/{subjectType}/{subjectId}/facts', {
      params: { path: { cycleId, subjectType, subjectId }, query: { code: code || undefined } },
    }),
  );
