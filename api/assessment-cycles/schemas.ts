import { CADENCES } from '../../domain/assessment-cycle/period';
import { DIMENSIONS, RATINGS, SUBJECT_TYPES, type DimensionScores, type ScoreLine, type SubjectFlags, type SubjectResult } from '../../domain/scoring';
import type { LineCorrection } from '../../domain/scoring/corrections';
import { z } from '../platform/openapi';

/** What the assessment cycle and score routes answer (the request bodies stay beside their routes). */

export const Dimension = z.enum(DIMENSIONS).openapi('Dimension');
export const Rating = z.enum(RATINGS).openapi('Rating');
export const SubjectType = z.enum(SUBJECT_TYPES).openapi('SubjectType');
export const Cadence = z.enum(CADENCES).openapi('Cadence');
/** A cycle's status (assessment_cycles.status): the workflow's phase, but for the short `publishing`. */
export const CycleStatus = z.enum(['scoring', 'review', 'published']).openapi('CycleStatus');
/** A snapshot version's status (score_snapshots.status): a draft, the version in force, or one a later version replaced. */
export const SnapshotStatus = z.enum(['draft', 'published', 'superseded']).openapi('SnapshotStatus');

/**
 * A named schema or null: a union with null, not .nullable(), which zod-to-openapi 9 documents as
 * an allOf that excludes null, or as the named component itself being nullable.
 */
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

/**
 * The columns the entities type as string, as they are written: a cycle's cadence and status, a
 * snapshot's status, a result's subject type and rating. Handlers narrow the rows they send to these.
 */
export interface Written {
  cycle: { cadence: z.infer<typeof Cadence>; status: z.infer<typeof CycleStatus> };
  snapshot: { status: z.infer<typeof SnapshotStatus> };
  result: { subjectType: z.infer<typeof SubjectType>; rating: z.infer<typeof Rating> };
}

export const Cycle = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    scopeOrgUnitId: z.string(),
    cadence: Cadence,
    period: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    rulesetVersion: z.number(),
    status: CycleStatus,
    progress: z.object({ done: z.number(), total: z.number() }),
    currentSnapshot: z.number(),
    startedBy: z.string(),
    reviewedBy: z.string().nullable(),
    publishedAt: z.string().nullable(),
  })
  .openapi('AssessmentCycle');

export const CycleStarted = z.object({ cycleId: z.string(), workflowId: z.string(), created: z.boolean() }).openapi('CycleStarted');

/** The cycle process's own view (its state query), when Temporal answers. */
export const CycleLive = z
  .object({
    phase: z.enum(['scoring', 'review', 'publishing', 'published']),
    request: z
      .object({
        cycleId: z.string(),
        scopeOrgUnitId: z.string(),
        cadence: Cadence,
        period: z.string(),
        periodStart: z.string(),
        periodEnd: z.string(),
        rulesetVersion: z.number().nullable().describe('null: the newest published ruleset when the cycle starts'),
        startedBy: z.string(),
      })
      .nullable(),
    rulesetVersion: z.number().nullable(),
    snapshot: z
      .object({
        version: z.number(),
        inputHash: z.string(),
        subjects: z.number(),
        facts: z.number(),
        persons: z.number(),
        needsImprovement: z.number(),
        consecutiveNeedsImprovement: z.number(),
        specialReview: z.number(),
      })
      .nullable(),
    reviewTaskId: z.string().nullable(),
    reviewRound: z.number(),
    publishedAt: z.string().nullable(),
    reportsSent: z.number(),
    plansStarted: z.array(z.string()).describe('Workflow ids of the improvement plans it started'),
    flagged: z.array(z.string()).describe('Person ids flagged for post adjustment or intensive training'),
  })
  .openapi('CycleLive');

/** A snapshot version of a cycle's scores: why it was made and whether it is the one in force. */
export const SnapshotView = z
  .object({
    version: z.number(),
    reason: z.string().describe('initial, late_facts, recompute, appeal or adjustment'),
    status: SnapshotStatus,
    supersededBy: z.number().nullable(),
    rulesetVersion: z.number(),
    inputHash: z.string(),
    factCount: z.number(),
    subjectCount: z.number(),
    note: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .openapi('SnapshotView');

export const CycleDetail = z
  .object({
    cycle: Cycle.extend({ scopeName: z.string().nullable() }),
    live: orNull(CycleLive).describe('null when the process cannot be asked (history gone, Temporal unreachable)'),
    tasks: z.array(
      z.object({
        id: z.string(),
        taskType: z.string(),
        title: z.string(),
        status: z.enum(['open', 'completed', 'cancelled']),
        dueAt: z.string().nullable(),
        completedBy: z.string().nullable(),
        completedAt: z.string().nullable(),
      }),
    ),
    snapshots: z.array(SnapshotView),
  })
  .openapi('CycleDetail');

const DimensionScores = z.record(Dimension, z.number());

/** The breakdown stored with each result (score_results.summary); rows written before a field existed lack it. */
const ResultSummary = {
  dimensionScores: DimensionScores.describe('Per dimension, 0–100 from its indicators'),
  dimensionAdjustments: z.partialRecord(Dimension, z.number()).optional().describe('Per dimension, Σ penalty / bonus points of its rules'),
  weights: z.object({ dimensions: DimensionScores, custom: z.record(z.string(), z.number()) }).optional(),
  weightSource: z.string().optional(),
  flags: z
    .object({
      specialReview: z.boolean(),
      consecutiveNeedsImprovement: z.boolean(),
      improvementStreak: z.number(),
      shortfallDimension: orNull(Dimension),
      boostedDimension: orNull(Dimension),
      ratingDiscrepancies: z.array(z.string()),
    })
    .optional(),
  members: z.number().optional().describe('Posts: their holders; companies: their departments'),
};

/** What `score_results.summary` holds, as activities/scoring-data.ts (resultRow) and score-versions.ts write it. */
export type StoredSummary = Pick<SubjectResult, 'dimensionScores' | 'weights' | 'weightSource'> & {
  dimensionAdjustments: Partial<DimensionScores>;
  flags: SubjectFlags;
  members: number;
};

export const RankingRow = z
  .object({
    rank: z.number(),
    subjectType: SubjectType,
    subjectId: z.string(),
    name: z.string(),
    departmentId: z.string().nullable(),
    total: z.number(),
    rating: Rating,
    ...ResultSummary,
  })
  .openapi('RankingRow');

export const RankingPage = z
  .object({
    version: z.number().describe('The snapshot version ranked'),
    items: z.array(RankingRow),
    total: z.number(),
    page: z.number(),
    pageSize: z.number(),
  })
  .openapi('RankingPage');

const LineCorrectionSchema = z
  .object({
    kind: z.enum(['appeal', 'adjustment']),
    workflowId: z.string(),
    version: z.number().describe('The version it was first applied in'),
    delta: z.number(),
    reasonCode: z.string(),
    reason: z.string(),
    decision: z.string().nullable(),
    proposedBy: z.string(),
    decidedBy: z.string(),
  })
  .openapi('LineCorrection');

/** Accepted appeals and approved adjustments of the line (stored with it). */
const Corrected = {
  adjustment: z.number().optional().describe('Σ points its corrections added to the total'),
  corrections: z.array(LineCorrectionSchema).optional(),
};

/** One line of a score: an indicator (0–100 points, weighted) or a penalty / bonus rule (signed points). */
export const ScoreLineSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('indicator'),
      indicatorCode: z.string(),
      dimension: Dimension,
      custom: z.boolean(),
      value: z.number().describe('In the indicator’s unit (%, count, seconds, points)'),
      points: z.number(),
      rating: Rating,
      n: z.number(),
      weight: z.number(),
      counted: z.boolean().optional().describe('false: below its minimum sample, shown but not counted'),
      factIds: z.array(z.string()).describe('At most 100; n is the count'),
      explanation: z.string(),
      ...Corrected,
    }),
    z.object({
      kind: z.enum(['penalty', 'bonus']),
      ruleCode: z.string(),
      dimension: orNull(Dimension),
      value: z.number(),
      points: z.number(),
      rating: z.null(),
      n: z.number(),
      factIds: z.array(z.string()),
      explanation: z.string(),
      ...Corrected,
    }),
  ])
  .openapi('ScoreLine');

/** What `score_results.lines` holds: the engine's lines with the corrections applied to them. */
export type StoredLine = ScoreLine & { adjustment?: number; corrections?: LineCorrection[] };

export const ScoreReport = z
  .object({
    cycleId: z.string(),
    period: z.string(),
    version: z.number(),
    status: SnapshotStatus,
    supersededBy: z.number().nullable(),
    versions: z.array(
      z.object({
        version: z.number(),
        total: z.number(),
        rating: Rating,
        status: SnapshotStatus,
        supersededBy: z.number().nullable(),
        reason: z.string(),
      }),
    ),
    rulesetVersion: z.number().describe('The ruleset the version was scored with (names its lines)'),
    subjectType: SubjectType,
    subjectId: z.string(),
    name: z.string(),
    subject: z
      .object({ name: z.string(), employeeNo: z.string().nullable(), departmentName: z.string().nullable(), post: z.string().nullable() })
      .nullable()
      .describe('The subject as the version shows it (frozen when it was written)'),
    total: z.number(),
    rating: Rating,
    inputHash: z.string(),
    ...ResultSummary,
    lines: z.array(ScoreLineSchema),
  })
  .openapi('ScoreReport');

export const ScoreFacts = z
  .object({
    cycleId: z.string(),
    version: z.number(),
    subjectType: z.string(),
    subjectId: z.string(),
    lines: z.array(
      z
        .object({ code: z.string(), groupKey: z.string().nullable(), n: z.number(), factIds: z.array(z.string()) })
        .describe('The facts behind a line, per group'),
    ),
  })
  .openapi('ScoreFacts');

export const BehaviourRating = z
  .object({ indicatorCode: z.string(), raterRole: z.string(), score: z.number(), comment: z.string(), ratedBy: z.string(), at: z.string() })
  .openapi('BehaviourRating');

export const RatingRecorded = z
  .object({
    period: z.string(),
    personId: z.string(),
    indicatorCode: z.string(),
    raterRole: z.enum(['superior', 'peer', 'subordinate', 'external_expert']),
    raterPersonId: z.string(),
    score: z.number(),
    comment: z.string(),
    ratedBy: z.string(),
  })
  .openapi('RatingRecorded');

export const WhatIfResult = z
  .object({
    cycleId: z.string(),
    baseVersion: z.number(),
    draftVersion: z.number(),
    differences: z.array(
      z.object({
        subjectType: SubjectType,
        subjectId: z.string(),
        name: z.string(),
        before: z.number().nullable(),
        after: z.number().nullable(),
        delta: z.number().nullable().describe('after − before; null when the subject is on one side only'),
        ratingBefore: orNull(Rating),
        ratingAfter: orNull(Rating),
      }),
    ),
  })
  .openapi('WhatIfResult');
