/**
 * What the rule evaluation passes around inside the engine (not part of the public surface): the
 * ruleset prepared once per run, pooled aggregate rows, and the evidence one subject is scored
 * from. Types only.
 */
import type { Aggregate } from './aggregate';
import type { FactRule, IndicatorEntry, Rule, Ruleset, SubjectType, WeightSet } from './ruleset';
import type { HistoryEntry, RuleLine, SubjectResult } from './types';

export interface Model {
  ruleset: Ruleset;
  rulesetHash: string;
  /** Indicators in effect, by code order, with the fixed parts of their explanations. */
  indicators: { code: string; def: IndicatorEntry; thresholds: string }[];
  /** `perHead`: a department's points are divided by its headcount (`departmentScoringOf`). */
  factRules: { code: string; rule: FactRule; perHead: boolean }[];
  factRuleCodes: Set<string>;
  improvement: { code: string; rule: Extract<Rule, { type: 'consecutive_improvement' }> }[];
}

/** Sums of one code for one subject: its single row, or several rows merged (split SQL groups, per-hazard groups, pooled members). */
export interface Merged {
  n: number;
  sum: number;
  hits: number;
  persons: number;
  rows: Aggregate[];
}
export type Pool = Aggregate | Merged;

/** Aggregates by subject type → subject → code. */
export type PoolIndex = Record<'person' | 'department', Map<string, Map<string, Pool>>>;

/** A rated indicator's rater-weighted value and number of ratings. */
export interface RatedValue {
  value: number;
  n: number;
}

/** What one subject is scored from. */
export interface Evidence {
  type: SubjectType;
  id: string;
  departmentId: string | null;
  memberIds: string[];
  weights: { set: WeightSet; source: string };
  /** Indicator codes that apply. */
  applies: { has(code: string): boolean };
  /** code → pooled rows. */
  pools: Map<string, Pool>;
  /** People in the subject (coverage; counts are per person outside persons). */
  headcount: number;
  /** Pooled subjects: per code, the people of the members it applies to (counts are spread over them). */
  countSpread: Map<string, number> | null;
  /** Rated indicators: code → rater-weighted value and number of ratings. */
  rated: Map<string, RatedValue>;
  /** Pooled subjects: the members' rule lines, averaged. */
  pooledRuleLines: RuleLine[] | null;
  pooledSpecialReview: boolean;
  history: HistoryEntry[];
  hashParts: string[];
}

/** A member of a pooled subject: a post's holder or a company's department. */
export interface Member {
  id: string;
  pools: Map<string, Pool>;
  applies: ReadonlySet<string>;
  result: SubjectResult;
  headcount?: number;
}
