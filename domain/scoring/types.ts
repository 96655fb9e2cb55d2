/**
 * The scoring engine's shapes (SPEC §4): what a run takes (context, facts or aggregates, history,
 * behaviour ratings) and what it gives (explained results per subject). Types only.
 */
import type { Aggregate, Period, ScoringDepartment, ScoringSubject } from './aggregate';
import type { Fact } from './facts';
import type { Dimension, RaterRole, Rating } from './indicators';
import type { Ruleset, RulesetInput, SubjectType } from './ruleset';

export type DimensionScores = Record<Dimension, number>;

/** A previous period's result of one subject (see `historyFrom`). */
export interface HistoryEntry {
  subjectType: SubjectType;
  subjectId: string;
  /** ISO end of that period; entries are ordered by it. */
  periodEnd: string;
  total: number;
  rating: Rating;
  dimensionScores: DimensionScores;
  dimensionAdjustments?: Partial<DimensionScores>;
}

/** One rater's score of one person on a rated behaviour indicator (0..ruleset.behaviour.scaleMax). */
export interface BehaviourRating {
  personId: string;
  indicatorCode: string;
  raterRole: RaterRole;
  raterId: string;
  score: number;
}

export interface ScoringContext {
  /** A parsed ruleset or its JSON; validated either way. */
  ruleset: Ruleset | RulesetInput;
  period: Period;
  subjects: readonly ScoringSubject[];
  departments: readonly ScoringDepartment[];
  history?: readonly HistoryEntry[];
  ratings?: readonly BehaviourRating[];
  /**
   * Score companies too (pooled from their departments): only a cycle whose scope is a company
   * or the group has one; a department's or plant's cycle says nothing about the company.
   */
  scoreCompanies?: boolean;
}

export interface ScoringInput extends ScoringContext {
  facts: readonly Fact[];
  /** Approved self-declarations (facts of kind declaration.approved), scored with the facts. */
  declarations?: readonly Fact[];
}

export interface AggregateInput extends ScoringContext {
  aggregates: readonly Aggregate[];
}

export interface IndicatorLine {
  kind: 'indicator';
  indicatorCode: string;
  dimension: Dimension;
  custom: boolean;
  /** The measured value in the indicator's unit (%, count, seconds, points). */
  value: number;
  /** 0–100: 100 at excellent, `indicatorPoints.qualified` at qualified, falling towards 0 beyond. */
  points: number;
  rating: Rating;
  /** Facts (or ratings) behind it. */
  n: number;
  /** Its share of the total (dimension weight × its share of the dimension, or its custom weight); 0 when not counted. */
  weight: number;
  /**
   * false: below its minimum sample (`minSample`), the line only shows the data and does not move
   * the score. The engine always sets it; lines stored before it existed lack it (= counted).
   */
  counted?: boolean;
  factIds: string[];
  /** ASCII, in English, without the indicator's name (the UI prefixes name / nameZh from the ruleset). */
  explanation: string;
}

export interface RuleLine {
  kind: 'penalty' | 'bonus';
  ruleCode: string;
  dimension: Dimension | null;
  /** What was counted (facts, Σ values, improving periods). */
  value: number;
  /** Signed points added to the total. */
  points: number;
  rating: null;
  n: number;
  factIds: string[];
  /** ASCII, in English, without the rule's name (in the ruleset). */
  explanation: string;
}

export type ScoreLine = IndicatorLine | RuleLine;

export interface SubjectFlags {
  specialReview: boolean;
  /** Needs improvement now and in the previous (streak − 1) periods. */
  consecutiveNeedsImprovement: boolean;
  /** Periods in a row, ending now, whose total improved on the one before. */
  improvementStreak: number;
  /** This period's weakest dimension when it is below qualified (its weight rises next period). */
  shortfallDimension: Dimension | null;
  /** The dimension whose weight was raised because it fell short last period. */
  boostedDimension: Dimension | null;
  /** Rated indicators the raters scored two levels away from the facts they are cross-checked with. */
  ratingDiscrepancies: string[];
}

export interface SubjectResult {
  subjectType: SubjectType;
  subjectId: string;
  departmentId: string | null;
  /** Posts: their holders; companies: their departments. */
  memberIds: string[];
  weightSource: string;
  /** The weights used (after a shortfall boost). */
  weights: { dimensions: DimensionScores; custom: Record<string, number> };
  lines: ScoreLine[];
  /** Per dimension, 0–100 from its indicators (no data: the ruleset's base). */
  dimensionScores: DimensionScores;
  /** Per dimension, Σ of penalty / bonus points of rules of that dimension (already in the total). */
  dimensionAdjustments: DimensionScores;
  /** Σ weights × dimension scores + penalties and bonuses, clamped to 0–100, 2 decimals. */
  total: number;
  rating: Rating;
  flags: SubjectFlags;
  /**
   * sha-256 of what this subject's score is computed from: the ruleset, the subject's record, its
   * aggregate rows (per code and group: n, sum, hits, persons, number of facts — the numbers as
   * little-endian float64), ratings and history; for posts and companies, their members' hashes.
   * Same hash ⇒ same score. The fact ids themselves are covered by the overall `inputHash`.
   */
  inputHash: string;
}

export interface ScoringResult {
  rulesetVersion: string;
  period: Period;
  /** sha-256 over the whole input (see `hashBasis`). */
  inputHash: string;
  /** `facts`: sha-256 over the header and every fact (scoreSubjects); `aggregates`: over the header and every subject's input hash (scoreFromAggregates). */
  hashBasis: 'facts' | 'aggregates' | 'provided';
  results: SubjectResult[];
  unattributedFactIds: string[];
  outOfPeriod: number;
}

export interface WhatIfDifference {
  subjectType: SubjectType;
  subjectId: string;
  before: number | null;
  after: number | null;
  /** after − before (2 decimals); null when the subject is on one side only. */
  delta: number | null;
  ratingBefore: Rating | null;
  ratingAfter: Rating | null;
}
