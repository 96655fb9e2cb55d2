/**
 * The scoring engine (SPEC §4): aggregates + ruleset (+ history, behaviour ratings) → explained
 * scores for persons, posts, departments and companies. `scoreFromAggregates` is the one rule
 * evaluation path, used by a run, a recompute and a what-if alike; `scoreSubjects` is
 * `aggregateFacts` + `scoreFromAggregates`. Pure and deterministic (no clock, no randomness,
 * sorted everywhere); hashes use node:crypto, so workflow code must not import this file (the
 * ruleset, indicators and templates are workflow-safe).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { aggregateSorted, buildOrgIndex, periodBounds, sortFacts, type Aggregate, type Period, type ScoringDepartment, type ScoringSubject } from './aggregate';
import { compareStrings, sortStrings, type Fact } from './facts';
import { DIMENSIONS, type Dimension, type RaterRole, type Rating } from './indicators';
import {
  departmentScoringOf,
  indicatorActive,
  parseRuleset,
  weightSetFor,
  type FactRule,
  type IndicatorEntry,
  type Rule,
  type Ruleset,
  type RulesetInput,
  type SubjectType,
  type WeightSet,
} from './ruleset';

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

const SUBJECT_ORDER: Record<SubjectType, number> = { person: 0, post: 1, department: 2, company: 3 };
const RATING_RANK: Record<Rating, number> = { excellent: 0, qualified: 1, needs_improvement: 2 };
const RATING_TEXT: Record<Rating, string> = { excellent: 'excellent, ', qualified: 'qualified, ', needs_improvement: 'needs improvement, ' };
const DEFAULT_COMPANY = 'company';

/** facts → aggregates → scores. Same input in any order → identical result and hash. */
export function scoreSubjects(scoringInput: ScoringInput): ScoringResult {
  const ruleset = parseRuleset(scoringInput.ruleset);
  const input = withPriorHistory(scoringInput);
  const facts = sortFacts([...input.facts, ...(input.declarations ?? [])]);
  const org = buildOrgIndex(input.subjects, input.departments);
  const agg = aggregateSorted(facts, ruleset, org, input.period);
  const hash = createHash('sha256');
  hash.update(canonicalJson(hashHeader(ruleset, input)));
  let chunk: string[] = [];
  for (const f of facts) {
    chunk.push('\n', factJson(f));
    if (chunk.length >= 8192) {
      hash.update(chunk.join(''));
      chunk = [];
    }
  }
  hash.update(chunk.join(''));
  return evaluate(agg.aggregates, ruleset, input, {
    inputHash: hash.digest('hex'),
    hashBasis: 'facts',
    unattributedFactIds: agg.unattributedFactIds,
    outOfPeriod: agg.outOfPeriod,
  });
}

/**
 * The rule evaluation over aggregates (from `aggregateFacts` or a SQL GROUP BY shaped like
 * `Aggregate`). The result's `inputHash` then covers what the scores are computed from (header +
 * every subject's input hash); pass `options.inputHash` to record your own (e.g. a sha-256 over
 * the fact rows the aggregates were read from), reported with `hashBasis: 'provided'`.
 */
export function scoreFromAggregates(aggregates: readonly Aggregate[], context: ScoringContext, options: { inputHash?: string } = {}): ScoringResult {
  const ruleset = parseRuleset(context.ruleset);
  const ctx = withPriorHistory(context);
  return evaluate(aggregates, ruleset, ctx, {
    inputHash: options.inputHash ?? null,
    hashBasis: options.inputHash ? 'provided' : 'aggregates',
    unattributedFactIds: [],
    outOfPeriod: 0,
  });
}

/** Only periods that ended by this period's start count as history (a recompute ignores later ones). */
function withPriorHistory<T extends ScoringContext>(ctx: T): T {
  const [start] = periodBounds(ctx.period);
  if (!ctx.history?.length) return ctx;
  return { ...ctx, history: ctx.history.filter((h) => Date.parse(h.periodEnd) <= start) };
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

/** A draft ruleset over the same input as `base`: every subject's before / after, largest change first. */
export function whatIf(
  base: ScoringResult,
  draftRuleset: Ruleset | RulesetInput,
  input: ScoringInput | AggregateInput,
): { draft: ScoringResult; differences: WhatIfDifference[] } {
  const draft =
    'facts' in input ? scoreSubjects({ ...input, ruleset: draftRuleset }) : scoreFromAggregates(input.aggregates, { ...input, ruleset: draftRuleset });
  const key = (r: { subjectType: SubjectType; subjectId: string }) => `${r.subjectType}\u0000${r.subjectId}`;
  const before = new Map(base.results.map((r) => [key(r), r]));
  const after = new Map(draft.results.map((r) => [key(r), r]));
  const differences: WhatIfDifference[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k);
    const a = after.get(k);
    const s = (a ?? b)!;
    differences.push({
      subjectType: s.subjectType,
      subjectId: s.subjectId,
      before: b?.total ?? null,
      after: a?.total ?? null,
      delta: a && b ? round2(a.total - b.total) : null,
      ratingBefore: b?.rating ?? null,
      ratingAfter: a?.rating ?? null,
    });
  }
  differences.sort(
    (x, y) =>
      (y.delta === null ? -1 : Math.abs(y.delta)) - (x.delta === null ? -1 : Math.abs(x.delta)) ||
      SUBJECT_ORDER[x.subjectType] - SUBJECT_ORDER[y.subjectType] ||
      compareStrings(x.subjectId, y.subjectId),
  );
  return { draft, differences };
}

/** This period's results as next period's history. */
export function historyFrom(result: ScoringResult): HistoryEntry[] {
  return result.results.map((r) => ({
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    periodEnd: result.period.end,
    total: r.total,
    rating: r.rating,
    dimensionScores: { ...r.dimensionScores },
    dimensionAdjustments: { ...r.dimensionAdjustments },
  }));
}

// ————————————————————————————————————————— evaluation —————————————————————————————————————————

interface Extras {
  /** null: hash the aggregates (header + every subject's input hash + rows of unknown subjects). */
  inputHash: string | null;
  hashBasis: 'facts' | 'aggregates' | 'provided';
  unattributedFactIds: string[];
  outOfPeriod: number;
}

interface Model {
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
interface Merged {
  n: number;
  sum: number;
  hits: number;
  persons: number;
  rows: Aggregate[];
}
type Pool = Aggregate | Merged;

function rowsOf(p: Pool): Aggregate[] {
  return 'rows' in p ? p.rows : [p as Aggregate];
}

/** What one subject is scored from. */
interface Evidence {
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
  rated: Map<string, { value: number; n: number }>;
  /** Pooled subjects: the members' rule lines, averaged. */
  pooledRuleLines: RuleLine[] | null;
  pooledSpecialReview: boolean;
  history: HistoryEntry[];
  hashParts: string[];
}

function evaluate(rows: readonly Aggregate[], ruleset: Ruleset, ctx: ScoringContext, extras: Extras): ScoringResult {
  const model = buildModel(ruleset);
  const org = buildOrgIndex(ctx.subjects, ctx.departments);

  // Index aggregates: subject type → subject → code → pool.
  const bySubject: Record<'person' | 'department', Map<string, Map<string, Pool>>> = { person: new Map(), department: new Map() };
  let lastType = '';
  let lastId = '';
  let codes: Map<string, Pool> | undefined;
  const merged: Merged[] = [];
  for (const a of rows) {
    if (!(
      Number.isInteger(a.n) &&
      a.n >= 0 &&
      Number.isFinite(a.sum) &&
      Number.isInteger(a.hits) &&
      a.hits >= 0 &&
      Number.isInteger(a.persons) &&
      a.persons >= 0 &&
      Array.isArray(a.factIds)
    )) {
      throw new RangeError(`aggregate ${a.subjectType}/${a.subjectId}/${a.code} has invalid counts`);
    }
    // Rows usually arrive grouped by subject: skip the lookup while the subject stays the same.
    if (a.subjectId !== lastId || a.subjectType !== lastType || !codes) {
      const index = bySubject[a.subjectType];
      if (!index) throw new RangeError(`aggregate subject type must be person or department, not ${String(a.subjectType)}`);
      codes = index.get(a.subjectId);
      if (!codes) index.set(a.subjectId, (codes = new Map()));
      lastType = a.subjectType;
      lastId = a.subjectId;
    }
    const p = codes.get(a.code);
    if (!p) codes.set(a.code, a);
    else if ('rows' in p) {
      p.n += a.n;
      p.sum += a.sum;
      p.hits += a.hits;
      p.persons += a.persons;
      p.rows.push(a);
    } else {
      const m: Merged = { n: p.n + a.n, sum: p.sum + a.sum, hits: p.hits + a.hits, persons: p.persons + a.persons, rows: [p, a] };
      codes.set(a.code, m);
      merged.push(m);
    }
  }
  // Several rows of one code: add them up again in a fixed order (floating-point sums depend on it).
  for (const m of merged) {
    m.rows.sort(compareAggregates);
    m.n = m.sum = m.hits = m.persons = 0;
    for (const r of m.rows) {
      m.n += r.n;
      m.sum += r.sum;
      m.hits += r.hits;
      m.persons += r.persons;
    }
  }
  const noPools = new Map<string, Pool>();

  // Ratings: person → code → role → scores.
  const ratingsBy = new Map<string, Map<string, BehaviourRating[]>>();
  const scaleMax = ruleset.behaviour.scaleMax;
  for (const r of [...(ctx.ratings ?? [])].sort(compareRatings)) {
    if (!(Number.isFinite(r.score) && r.score >= 0 && r.score <= scaleMax))
      throw new RangeError(`rating of ${r.personId} on ${r.indicatorCode} must be within 0..${scaleMax}`);
    let m = ratingsBy.get(r.personId);
    if (!m) ratingsBy.set(r.personId, (m = new Map()));
    const list = m.get(r.indicatorCode) ?? [];
    list.push(r);
    m.set(r.indicatorCode, list);
  }

  const historyBy = new Map<string, HistoryEntry[]>();
  for (const h of [...(ctx.history ?? [])].sort(compareHistory)) {
    const k = `${h.subjectType}\u0000${h.subjectId}`;
    const list = historyBy.get(k) ?? [];
    list.push(h);
    historyBy.set(k, list);
  }
  const historyOf = (type: SubjectType, id: string) => historyBy.get(`${type}\u0000${id}`) ?? [];

  const indicatorDefs = new Map(model.indicators.map((i) => [i.code, i.def]));
  const personCodes = model.indicators.filter((i) => i.def.subjects.includes('person')).map((i) => i.code);
  const ratedCodes = personCodes.filter((c) => indicatorDefs.get(c)!.measure.op === 'ratings');
  // The duty list narrows the core indicators; approved custom indicators apply to everyone of their subject type.
  const dutyFiltered = (s: ScoringSubject) =>
    s.indicatorCodes ? personCodes.filter((c) => indicatorDefs.get(c)!.custom || s.indicatorCodes!.includes(c)) : personCodes;
  const departmentCodes = new Set(model.indicators.filter((i) => i.def.subjects.includes('department')).map((i) => i.code));
  const results: SubjectResult[] = [];

  // Persons.
  const personResults = new Map<string, SubjectResult>();
  const personApplies = new Map<string, Set<string>>();
  const appliesCache = new Map<string, Set<string>>();
  const weightCache = new Map<string, { set: WeightSet; source: string }>();
  const noRatings = new Map<string, { value: number; n: number }>();
  for (const s of org.persons.values()) {
    const dutyKey = s.indicatorCodes ? s.indicatorCodes.join('\u0000') : '\u0001all';
    let applies = appliesCache.get(dutyKey);
    if (!applies) appliesCache.set(dutyKey, (applies = new Set(dutyFiltered(s))));
    personApplies.set(s.personId, applies);
    let weights = weightCache.get(s.postProfile);
    if (!weights) weightCache.set(s.postProfile, (weights = weightSetFor(ruleset, 'person', { postProfile: s.postProfile })));
    let rated = noRatings;
    const mine = ratingsBy.get(s.personId);
    if (mine) {
      rated = new Map();
      for (const [code, list] of mine) {
        const v = applies.has(code) ? ratedValue(list, ruleset) : null;
        if (v) rated.set(code, v);
      }
    }
    const pools = bySubject.person.get(s.personId) ?? noPools;
    const r = scoreOne(model, {
      type: 'person',
      id: s.personId,
      departmentId: s.departmentId,
      memberIds: [],
      weights,
      applies,
      pools,
      headcount: 1,
      countSpread: null,
      rated,
      pooledRuleLines: null,
      pooledSpecialReview: false,
      history: historyOf('person', s.personId),
      hashParts: [subjectDigest(s), mine ? canonicalJson([...mine.entries()]) : '[]'],
    });
    personResults.set(s.personId, r);
    results.push(r);
  }

  // Posts: pooled from their holders; only real posts (people without one are in no post).
  const posts = new Map<string, ScoringSubject[]>();
  for (const s of org.persons.values()) {
    if (!s.postId) continue;
    const id = s.postId;
    const list = posts.get(id) ?? [];
    list.push(s);
    posts.set(id, list);
  }
  for (const postId of [...posts.keys()].sort(compareStrings)) {
    const holders = posts.get(postId)!;
    const members = holders.map((h) => ({
      id: h.personId,
      pools: bySubject.person.get(h.personId) ?? noPools,
      applies: personApplies.get(h.personId)!,
      result: personResults.get(h.personId)!,
    }));
    const ev = pooledEvidence(
      model,
      'post',
      postId,
      holders[0].departmentId,
      members,
      weightSetFor(ruleset, 'post', { postProfile: holders[0].postProfile }),
      historyOf('post', postId),
    );
    const rated = new Map<string, { value: number; n: number }>();
    for (const code of ratedCodes) {
      const vs = members
        .map((m) => m.result.lines.find((l): l is IndicatorLine => l.kind === 'indicator' && l.indicatorCode === code))
        .filter((l): l is IndicatorLine => !!l);
      if (vs.length) rated.set(code, { value: vs.reduce((a, l) => a + l.value, 0) / vs.length, n: vs.reduce((a, l) => a + l.n, 0) });
    }
    ev.rated = rated;
    results.push(scoreOne(model, ev));
  }

  // Departments.
  const deptResults = new Map<string, SubjectResult>();
  const headcount = new Map<string, number>();
  for (const s of org.persons.values()) headcount.set(s.departmentId, (headcount.get(s.departmentId) ?? 0) + 1);
  for (const d of org.departments.values()) {
    const pools = bySubject.department.get(d.departmentId) ?? noPools;
    const r = scoreOne(model, {
      type: 'department',
      id: d.departmentId,
      departmentId: d.departmentId,
      memberIds: [],
      weights: weightSetFor(ruleset, 'department', { departmentId: d.departmentId }),
      applies: departmentCodes,
      pools,
      headcount: headcount.get(d.departmentId) ?? 0,
      countSpread: null,
      rated: new Map(),
      pooledRuleLines: null,
      pooledSpecialReview: false,
      history: historyOf('department', d.departmentId),
      hashParts: [canonicalJson(d), String(headcount.get(d.departmentId) ?? 0)],
    });
    deptResults.set(d.departmentId, r);
    results.push(r);
  }

  // Companies: pooled from their departments, only in a company-scope (or group) cycle.
  const companies = new Map<string, ScoringDepartment[]>();
  for (const d of ctx.scoreCompanies === true ? org.departments.values() : []) {
    const id = d.companyId ?? DEFAULT_COMPANY;
    const list = companies.get(id) ?? [];
    list.push(d);
    companies.set(id, list);
  }
  for (const companyId of [...companies.keys()].sort(compareStrings)) {
    const members = companies.get(companyId)!.map((d) => ({
      id: d.departmentId,
      pools: bySubject.department.get(d.departmentId) ?? noPools,
      applies: departmentCodes,
      result: deptResults.get(d.departmentId)!,
      headcount: headcount.get(d.departmentId) ?? 0,
    }));
    results.push(
      scoreOne(model, pooledEvidence(model, 'company', companyId, null, members, weightSetFor(ruleset, 'company'), historyOf('company', companyId))),
    );
  }

  // The input hash over aggregates: the header, every subject's own input hash and the rows of unknown subjects.
  let inputHash = extras.inputHash;
  if (inputHash === null) {
    const text: string[] = [canonicalJson(hashHeader(ruleset, ctx))];
    for (const r of results) text.push('\n', r.subjectType, '\u0000', r.subjectId, '\u0000', r.inputHash);
    const orphans: Aggregate[] = [];
    for (const [id, codes] of bySubject.person) if (!org.persons.has(id)) for (const p of codes.values()) orphans.push(...rowsOf(p));
    for (const [id, codes] of bySubject.department) if (!org.departments.has(id)) for (const p of codes.values()) orphans.push(...rowsOf(p));
    for (const a of orphans.sort(compareAggregates)) aggregateText(a, text, true);
    inputHash = sha256(text.join(''));
  }

  return {
    rulesetVersion: ruleset.version,
    period: { start: ctx.period.start, end: ctx.period.end },
    inputHash,
    hashBasis: extras.hashBasis,
    results,
    unattributedFactIds: extras.unattributedFactIds,
    outOfPeriod: extras.outOfPeriod,
  };
}

function buildModel(ruleset: Ruleset): Model {
  const indicators = Object.keys(ruleset.indicators)
    .sort(compareStrings)
    .filter((c) => indicatorActive(ruleset.indicators[c]))
    .map((code) => ({ code, def: ruleset.indicators[code], thresholds: `; ${thresholdText(ruleset.indicators[code])} -> ` }));
  const factRules: Model['factRules'] = [];
  const improvement: Model['improvement'] = [];
  for (const code of Object.keys(ruleset.rules).sort(compareStrings)) {
    const rule = ruleset.rules[code];
    if (rule.type === 'consecutive_improvement') improvement.push({ code, rule });
    else factRules.push({ code, rule, perHead: departmentScoringOf(ruleset, rule) === 'per_head' });
  }
  return { ruleset, rulesetHash: sha256(canonicalJson(ruleset)), indicators, factRules, factRuleCodes: new Set(factRules.map((r) => r.code)), improvement };
}

interface Member {
  id: string;
  pools: Map<string, Pool>;
  applies: ReadonlySet<string>;
  result: SubjectResult;
  headcount?: number;
}

/** A post or company: indicator facts pooled over the members, rule points averaged over them. */
function pooledEvidence(
  model: Model,
  type: 'post' | 'company',
  id: string,
  departmentId: string | null,
  members: Member[],
  weights: { set: WeightSet; source: string },
  history: HistoryEntry[],
): Evidence {
  const pools = new Map<string, Pool>();
  const spread = new Map<string, number>();
  const heads = new Map<ReadonlySet<string>, number>();
  let people = 0;
  // Members in id order, so sums always add up in the same order.
  for (const m of members) {
    const h = m.headcount ?? 1;
    people += h;
    heads.set(m.applies, (heads.get(m.applies) ?? 0) + h);
    for (const [code, p] of m.pools) {
      if (!m.applies.has(code)) continue;
      const q = pools.get(code) as Merged | undefined;
      // The members' rows come along: their fact ids are the pooled line's evidence.
      if (q) {
        q.n += p.n;
        q.sum += p.sum;
        q.hits += p.hits;
        q.persons += p.persons;
        for (const r of rowsOf(p)) q.rows.push(r);
      } else pools.set(code, { n: p.n, sum: p.sum, hits: p.hits, persons: p.persons, rows: [...rowsOf(p)] } satisfies Merged);
    }
  }
  for (const [set, h] of heads) for (const code of set) spread.set(code, (spread.get(code) ?? 0) + h);
  // Rule lines: the members' points per rule, averaged over all members.
  const byRule = new Map<string, { points: number; value: number; n: number; holders: number; line: RuleLine; factIds: string[][] }>();
  for (const m of members) {
    for (const l of m.result.lines) {
      if (l.kind === 'indicator' || !model.factRuleCodes.has(l.ruleCode)) continue;
      const e = byRule.get(l.ruleCode);
      if (e) {
        e.points += l.points;
        e.value += l.value;
        e.n += l.n;
        e.holders += 1;
        e.factIds.push(l.factIds);
      } else byRule.set(l.ruleCode, { points: l.points, value: l.value, n: l.n, holders: 1, line: l, factIds: [l.factIds] });
    }
  }
  const pooledRuleLines: RuleLine[] = [];
  for (const code of [...byRule.keys()].sort(compareStrings)) {
    const e = byRule.get(code)!;
    const points = e.points / members.length;
    pooledRuleLines.push({
      kind: points < 0 ? 'penalty' : 'bonus',
      ruleCode: code,
      dimension: e.line.dimension,
      value: e.value,
      points: round2(points),
      rating: null,
      n: e.n,
      // The evidence: every member's facts behind the line, member by member (members in id order).
      factIds: e.factIds.length === 1 ? e.factIds[0] : e.factIds.flat(),
      explanation: `${fmtSigned(e.points)} from ${e.n} fact${e.n === 1 ? '' : 's'} of ${e.holders} of ${members.length} ${type === 'post' ? 'holders' : 'departments'}, averaged over ${members.length} -> ${fmtSigned(points)}`,
    });
  }
  const sortedMembers = members.map((m) => m.id).sort(compareStrings);
  return {
    type,
    id,
    departmentId,
    memberIds: sortedMembers,
    weights,
    applies: spread,
    pools,
    headcount: people,
    countSpread: spread,
    rated: new Map(),
    pooledRuleLines,
    pooledSpecialReview: members.some((m) => m.result.flags.specialReview),
    history,
    hashParts: members.map((m) => `${m.id}:${m.result.inputHash}`).sort(compareStrings),
  };
}

/** Score one subject from its evidence. */
function scoreOne(model: Model, ev: Evidence): SubjectResult {
  const rs = model.ruleset;
  const lines: ScoreLine[] = [];
  const qualifiedPoints = rs.indicatorPoints.qualified;

  // Weights, with last period's shortfall dimension raised.
  const last = ev.history.length ? ev.history[ev.history.length - 1] : null;
  const boosted = last ? shortfallOf(last.dimensionScores, last.dimensionAdjustments ?? {}, rs.ratingThresholds.qualified) : null;
  const weights = boostWeights(ev.weights.set, boosted, rs.history.shortfallBoost, ev.type === 'department' ? rs.groupCaps.departmentCollaborationMin : 0);

  // Indicators.
  const dimSums: Record<Dimension, { w: number; p: number }> = {
    compliance_execution: { w: 0, p: 0 },
    risk_control: { w: 0, p: 0 },
    emergency_response: { w: 0, p: 0 },
    collaboration: { w: 0, p: 0 },
  };
  const customPoints = new Map<string, number>();
  const measured: { def: IndicatorEntry; code: string; thresholds: string; m: Measured; points: number; counted: boolean }[] = [];
  for (const { code, def, thresholds } of model.indicators) {
    if (!ev.applies.has(code)) continue;
    const m = measureIndicator(code, def, ev);
    if (!m) continue;
    const points = indicatorPointsFor(m.value, def, qualifiedPoints);
    // Below its minimum sample an indicator is shown, not counted.
    const counted = m.n >= def.minSample;
    if (!counted) {
      if (m.n > 0) measured.push({ def, code, thresholds, m, points, counted });
      continue;
    }
    if (def.custom) customPoints.set(code, points);
    else {
      dimSums[def.dimension].w += def.weight;
      dimSums[def.dimension].p += def.weight * points;
    }
    measured.push({ def, code, thresholds, m, points, counted });
  }
  const dimensionScores = {} as DimensionScores;
  for (const d of DIMENSIONS) dimensionScores[d] = dimSums[d].w > 0 ? dimSums[d].p / dimSums[d].w : rs.base;
  // Lines are built once complete (a field changing type later would cost every line).
  const indicatorLines: IndicatorLine[] = [];
  for (const { def, code, thresholds, m, points, counted } of measured) {
    const rating = ratingOf(m.value, def);
    indicatorLines.push({
      kind: 'indicator',
      indicatorCode: code,
      dimension: def.dimension,
      custom: def.custom,
      value: round2(m.value),
      points: round2(points),
      rating,
      n: m.n,
      weight: !counted ? 0 : def.custom ? (weights.custom[code] ?? 0) : round6((weights.dimensions[def.dimension] * def.weight) / dimSums[def.dimension].w),
      counted,
      factIds: m.factIds,
      explanation: counted
        ? flat([m.detail, thresholds, RATING_TEXT[rating], fmt(points), ' points'])
        : flat([m.detail, '; needs at least ', String(def.minSample), ', not counted (the score stays at the rules)']),
    });
  }
  for (const l of indicatorLines) lines.push(l);

  // Rated behaviour cross-checked against the facts.
  const ratingDiscrepancies: string[] = [];
  for (const l of indicatorLines) {
    const other = rs.indicators[l.indicatorCode].crossCheck;
    if (!other || l.counted === false) continue;
    const o = indicatorLines.find((x) => x.indicatorCode === other && x.counted !== false);
    if (o && Math.abs(RATING_RANK[l.rating] - RATING_RANK[o.rating]) >= 2) ratingDiscrepancies.push(l.indicatorCode);
  }

  let weighted = 0;
  for (const d of DIMENSIONS) weighted += weights.dimensions[d] * dimensionScores[d];
  for (const c of Object.keys(weights.custom).sort(compareStrings)) weighted += weights.custom[c] * (customPoints.get(c) ?? rs.base);

  // Penalties and bonuses from facts (pooled subjects: the members' average).
  let specialReview = ev.pooledSpecialReview;
  const ruleLines: RuleLine[] = ev.pooledRuleLines ?? [];
  if (!ev.pooledRuleLines) {
    for (const { code, rule, perHead } of model.factRules) {
      if (!rule.appliesTo.includes(ev.type as 'person' | 'department')) continue;
      const pool = ev.pools.get(code);
      if (!pool || pool.n === 0) continue;
      const line = ruleLine(code, rule, pool, ev.type === 'department' && perHead ? Math.max(ev.headcount, 1) : 1);
      if (!line) continue;
      if (rule.type === 'per_fact' && rule.flag === 'specialReview') specialReview = true;
      ruleLines.push(line);
    }
  }
  let adjust = 0;
  for (const l of ruleLines) adjust += l.points;
  const pre = clamp(weighted + adjust);

  // Consecutive improvement (on the total before this bonus).
  const totals = ev.history.map((h) => h.total);
  const seq = [...totals, round2(pre)];
  let streak = 0;
  for (let i = seq.length - 1; i > 0 && seq[i] > seq[i - 1]; i--) streak++;
  let bonus = 0;
  for (const { code, rule } of model.improvement) {
    if (!rule.appliesTo.includes(ev.type) || streak < rule.periods) continue;
    bonus += rule.points;
    ruleLines.push({
      kind: 'bonus',
      ruleCode: code,
      dimension: rule.dimension,
      value: streak,
      points: rule.points,
      rating: null,
      n: 0,
      factIds: [],
      explanation: `improved ${streak} periods in a row (${seq
        .slice(-streak - 1)
        .map(fmt)
        .join(' -> ')}) -> +${fmt(rule.points)}`,
    });
  }
  lines.push(...ruleLines);

  const total = round2(clamp(pre + bonus));
  const rating: Rating = total >= rs.ratingThresholds.excellent ? 'excellent' : total >= rs.ratingThresholds.qualified ? 'qualified' : 'needs_improvement';

  const dimensionAdjustments: DimensionScores = { compliance_execution: 0, risk_control: 0, emergency_response: 0, collaboration: 0 };
  for (const l of ruleLines) if (l.dimension) dimensionAdjustments[l.dimension] += l.points;
  for (const d of DIMENSIONS) {
    dimensionScores[d] = round2(dimensionScores[d]);
    dimensionAdjustments[d] = round2(dimensionAdjustments[d]);
  }

  const needStreak = rs.history.needsImprovementStreak;
  const recent = ev.history.slice(-(needStreak - 1));
  const consecutiveNeedsImprovement =
    rating === 'needs_improvement' && recent.length === needStreak - 1 && recent.every((h) => h.rating === 'needs_improvement');

  // The subject's input hash: its texts in one update, the rows' numbers as binary in another.
  const text: string[] = [model.rulesetHash, '\n', ev.type, '\u0000', ev.id, '\n'];
  for (const p of ev.hashParts) text.push(p, '\n');
  text.push(ev.history.length ? canonicalJson(ev.history) : '[]');
  let numbers: Float64Array | null = null;
  if (!ev.pooledRuleLines && ev.pools.size) {
    const codes = [...ev.pools.keys()];
    if (codes.length > 1) codes.sort(compareStrings);
    let count = 0;
    for (const code of codes) count += rowsOf(ev.pools.get(code)!).length;
    numbers = new Float64Array(count * 5);
    let i = 0;
    for (const code of codes) {
      // Several rows of one code are already in compareAggregates order (see evaluate).
      for (const r of rowsOf(ev.pools.get(code)!)) {
        text.push('\n', code, '\u0001', r.groupKey === null ? '\u0002' : r.groupKey);
        numbers[i++] = r.n;
        numbers[i++] = r.sum;
        numbers[i++] = r.hits;
        numbers[i++] = r.persons;
        numbers[i++] = r.factIds.length;
      }
    }
  }
  const h = createHash('sha256').update(text.join(''));
  if (numbers) h.update(numbers);
  const inputHash = h.digest('hex');

  return {
    subjectType: ev.type,
    subjectId: ev.id,
    departmentId: ev.departmentId,
    memberIds: ev.memberIds,
    weightSource: ev.weights.source,
    weights: {
      dimensions: mapDims((d) => round6(weights.dimensions[d])),
      custom: Object.fromEntries(
        Object.keys(weights.custom)
          .sort(compareStrings)
          .map((c) => [c, weights.custom[c]]),
      ),
    },
    lines,
    dimensionScores,
    dimensionAdjustments,
    total,
    rating,
    flags: {
      specialReview,
      consecutiveNeedsImprovement,
      improvementStreak: streak,
      shortfallDimension: shortfallOf(dimensionScores, dimensionAdjustments, rs.ratingThresholds.qualified),
      boostedDimension: boosted,
      ratingDiscrepancies,
    },
    inputHash,
  };
}

interface Measured {
  value: number;
  n: number;
  factIds: string[];
  detail: string;
}

const UNIT: Record<IndicatorEntry['unit'], string> = { percent: ' %', count: '', seconds: ' s', points: ' points' };

function measureIndicator(code: string, def: IndicatorEntry, ev: Evidence): Measured | null {
  const m = def.measure;
  const unit = UNIT[def.unit];
  if (m.op === 'ratings') {
    const r = ev.rated.get(code);
    return r ? { value: r.value, n: r.n, factIds: [], detail: `${fmt(r.value)}${unit} from ${r.n} rating${r.n === 1 ? '' : 's'} (rater-weighted)` } : null;
  }
  const pool = ev.pools.get(code);
  const n = pool?.n ?? 0;
  const factIds = pool ? poolFactIds(pool) : [];
  switch (m.op) {
    case 'rate':
      if (!pool || n === 0) return null;
      return { value: (pool.hits / n) * 100, n, factIds, detail: `${fmt((pool.hits / n) * 100)} % (${pool.hits}/${n})` };
    case 'coverage': {
      if (!pool || n === 0 || ev.headcount <= 0) return null;
      const v = Math.min(100, (pool.persons / ev.headcount) * 100);
      return { value: v, n, factIds, detail: `${fmt(v)} % (${pool.persons} of ${ev.headcount} people)` };
    }
    case 'average':
      if (!pool || n === 0) return null;
      return { value: pool.sum / n, n, factIds, detail: `${fmt(pool.sum / n)}${unit} (mean of ${n})` };
    case 'count': {
      // A count always has a value (0 without facts); pooled subjects count per person.
      const per = ev.type === 'person' ? 1 : Math.max(ev.countSpread?.get(code) ?? ev.headcount, 1);
      const count = n / per;
      const perText = per === 1 ? `${n}` : `${n} over ${per} people = ${fmt(count)} each`;
      if (def.type === 'behaviour_scale') {
        const step = def.scale!.find((s) => count >= s.min);
        const pts = step ? step.points : 0;
        return { value: pts, n, factIds, detail: `${perText} -> ${fmt(pts)} on the scale` };
      }
      return { value: count, n, factIds, detail: perText };
    }
  }
}

function poolFactIds(pool: Pool): string[] {
  if (!('rows' in pool)) return sortedIds(pool.factIds);
  if (pool.rows.length === 1) return sortedIds(pool.rows[0].factIds);
  const all: string[] = [];
  for (const r of pool.rows) for (const id of r.factIds) all.push(id);
  return sortStrings(all);
}

function sortedIds(ids: string[]): string[] {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1] > ids[i]) return sortStrings([...ids]);
  return ids;
}

/** Rater-weighted mean: each role's mean, weighted by the role weights of the roles that rated. */
function ratedValue(list: BehaviourRating[], rs: Ruleset): { value: number; n: number } | null {
  const byRole = new Map<RaterRole, { s: number; k: number }>();
  for (const r of list) {
    const e = byRole.get(r.raterRole) ?? { s: 0, k: 0 };
    e.s += r.score;
    e.k += 1;
    byRole.set(r.raterRole, e);
  }
  let w = 0;
  let v = 0;
  for (const role of Object.keys(rs.behaviour.raterWeights).sort(compareStrings) as RaterRole[]) {
    const e = byRole.get(role);
    const rw = rs.behaviour.raterWeights[role];
    if (!e || rw <= 0) continue;
    w += rw;
    v += (rw * e.s) / e.k;
  }
  return w > 0 ? { value: v / w, n: list.length } : null;
}

/**
 * 0–100 points of a measured value: 100 at excellent or better, `qualified` points at the
 * qualified threshold (linear in between), and beyond qualified falling proportionally towards 0.
 */
export function indicatorPointsFor(value: number, def: Pick<IndicatorEntry, 'direction' | 'thresholds'>, qualifiedPoints: number): number {
  const { excellent: e, qualified: q } = def.thresholds;
  const v = Math.max(value, 0);
  if (def.direction === 'higher_better') {
    if (v >= e) return 100;
    if (v >= q) return qualifiedPoints + ((100 - qualifiedPoints) * (v - q)) / (e - q);
    return q > 0 ? (qualifiedPoints * v) / q : 0;
  }
  if (v <= e) return 100;
  if (v <= q) return 100 - ((100 - qualifiedPoints) * (v - e)) / (q - e);
  return q > 0 ? (qualifiedPoints * q) / v : qualifiedPoints / (1 + v - q);
}

export function ratingOf(value: number, def: Pick<IndicatorEntry, 'direction' | 'thresholds'>): Rating {
  const { excellent: e, qualified: q } = def.thresholds;
  if (def.direction === 'higher_better') return value >= e ? 'excellent' : value >= q ? 'qualified' : 'needs_improvement';
  return value <= e ? 'excellent' : value <= q ? 'qualified' : 'needs_improvement';
}

/** A rule's line from its pooled facts; `perHead` > 1: a department's points divided by its headcount. */
function ruleLine(code: string, rule: FactRule, pool: Pool, perHead = 1): RuleLine | null {
  const rows = rowsOf(pool); // in compareAggregates order, i.e. by group key
  const sign = rule.kind === 'penalty' ? -1 : 1;
  let magnitude: number;
  let explanation: string;
  if (rule.type === 'per_fact') {
    let sum = 0;
    let cappedGroups = 0;
    if (rule.groupBy) {
      const groups = new Map<string, number>();
      for (const r of rows) groups.set(r.groupKey ?? '', (groups.get(r.groupKey ?? '') ?? 0) + r.n);
      for (const n of groups.values()) {
        const p = n * rule.points;
        if (rule.capPerGroup !== undefined && p > rule.capPerGroup) cappedGroups++;
        sum += rule.capPerGroup !== undefined ? Math.min(p, rule.capPerGroup) : p;
      }
      explanation = `${pool.n} x ${fmt(rule.points)} over ${groups.size} group${groups.size === 1 ? '' : 's'}${cappedGroups ? `, ${cappedGroups} capped at ${fmt(rule.capPerGroup!)}` : ''}`;
    } else {
      sum = pool.n * rule.points;
      explanation = `${pool.n} x ${fmt(rule.points)}`;
    }
    magnitude = sum;
    if (rule.capPerPeriod !== undefined && magnitude > rule.capPerPeriod) {
      magnitude = rule.capPerPeriod;
      explanation += `, capped at ${fmt(rule.capPerPeriod)} per period`;
    }
    let points = sign * magnitude;
    if (perHead > 1) {
      explanation += `, ${fmtSigned(points)} over ${perHead} people`;
      points /= perHead;
    }
    return {
      kind: rule.kind,
      ruleCode: code,
      dimension: rule.dimension,
      value: pool.n,
      points: round2(points),
      rating: null,
      n: pool.n,
      factIds: poolFactIds(pool),
      explanation: flat([explanation, ' -> ', fmtSigned(points)]),
    };
  }
  // per_value
  let sum = 0;
  for (const r of rows) sum += r.sum;
  let raw = sum * rule.factor;
  explanation = `sum ${fmt(sum)} of ${pool.n} fact${pool.n === 1 ? '' : 's'}${rule.factor !== 1 ? ` x ${fmt(rule.factor)}` : ''}`;
  if (rule.kind !== 'adjustment') raw = Math.max(raw, 0) * sign;
  if (rule.capPerPeriod !== undefined && Math.abs(raw) > rule.capPerPeriod) {
    raw = Math.sign(raw) * rule.capPerPeriod;
    explanation += `, capped at ${fmt(rule.capPerPeriod)} per period`;
  }
  if (raw === 0 && rule.kind !== 'adjustment') return null;
  if (perHead > 1) {
    explanation += `, ${fmtSigned(raw)} over ${perHead} people`;
    raw /= perHead;
  }
  return {
    kind: raw < 0 ? 'penalty' : 'bonus',
    ruleCode: code,
    dimension: rule.dimension,
    value: round2(sum),
    points: round2(raw),
    rating: null,
    n: pool.n,
    factIds: poolFactIds(pool),
    explanation: flat([explanation, ' -> ', fmtSigned(raw)]),
  };
}

/** The weakest dimension (indicators + its rule points), when it is below the qualified threshold. */
function shortfallOf(scores: DimensionScores, adjustments: Partial<DimensionScores>, qualified: number): Dimension | null {
  let best: Dimension | null = null;
  let low = Infinity;
  for (const d of DIMENSIONS) {
    const v = scores[d] + (adjustments[d] ?? 0);
    if (v < low) {
      low = v;
      best = d;
    }
  }
  return best !== null && low < qualified ? best : null;
}

/**
 * Moves `boost` of weight onto `dim`, taken from the other dimensions in proportion to what
 * they hold above their floor (a department keeps its collaboration minimum), and never more
 * than half of that; custom indicator weights stay as they are.
 */
function boostWeights(
  set: WeightSet,
  dim: Dimension | null,
  boost: number,
  collaborationFloor: number,
): { dimensions: DimensionScores; custom: Record<string, number> } {
  const dimensions = { ...set.dimensions };
  if (dim && boost > 0) {
    const others = DIMENSIONS.filter((d) => d !== dim);
    const floor = (d: Dimension) => (d === 'collaboration' ? collaborationFloor : 0);
    const room = others.reduce((s, d) => s + Math.max(0, dimensions[d] - floor(d)), 0);
    const take = Math.min(boost, room / 2);
    if (take > 0) {
      for (const d of others) dimensions[d] -= (take * Math.max(0, dimensions[d] - floor(d))) / room;
      dimensions[dim] += take;
    }
  }
  return { dimensions, custom: set.custom };
}

// ————————————————————————————————————————— hashing and helpers —————————————————————————————————————————

/** Whether plain JSON of `data` is its canonical JSON: keys already in sorted order, every value a primitive. */
function flatSorted(data: Record<string, unknown>): boolean {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  let prev = '';
  for (const k in data) {
    if (!Object.prototype.hasOwnProperty.call(data, k)) return false;
    const v = data[k];
    if (k < prev || (v !== null && typeof v === 'object')) return false;
    prev = k;
  }
  return true;
}

/** `canonicalJson(fact)`, fast for the usual shape (exactly the Fact fields, none undefined, flat `data`). */
export function factJson(f: Fact): string {
  let keys = 0;
  for (const k in f) if (Object.prototype.hasOwnProperty.call(f, k)) keys++;
  if (
    keys !== 11 ||
    f.id === undefined ||
    f.kind === undefined ||
    f.personId === undefined ||
    f.attribution === undefined ||
    f.orgUnitId === undefined ||
    f.departmentHeadPersonId === undefined ||
    f.sourceWorkflowId === undefined ||
    f.subjectId === undefined ||
    f.value === undefined ||
    f.occurredAt === undefined ||
    !flatSorted(f.data)
  ) {
    return canonicalJson(f);
  }
  // Keys in sorted order: JSON.stringify keeps insertion order, so this is the canonical text.
  return JSON.stringify({
    attribution: f.attribution,
    data: f.data,
    departmentHeadPersonId: f.departmentHeadPersonId,
    id: f.id,
    kind: f.kind,
    occurredAt: f.occurredAt,
    orgUnitId: f.orgUnitId,
    personId: f.personId,
    sourceWorkflowId: f.sourceWorkflowId,
    subjectId: f.subjectId,
    value: f.value,
  });
}

function hashHeader(ruleset: Ruleset, ctx: ScoringContext): unknown {
  return {
    ruleset,
    period: { start: ctx.period.start, end: ctx.period.end },
    subjects: [...ctx.subjects].sort((a, b) => compareStrings(a.personId, b.personId)),
    departments: [...ctx.departments].sort((a, b) => compareStrings(a.departmentId, b.departmentId)),
    history: [...(ctx.history ?? [])].sort(compareHistory),
    ratings: [...(ctx.ratings ?? [])].sort(compareRatings),
    scoreCompanies: ctx.scoreCompanies === true,
  };
}

/** A person's record as text, fields in a fixed order. */
function subjectDigest(s: ScoringSubject): string {
  return JSON.stringify([s.personId, s.postProfile, s.orgUnitId, s.departmentId, s.isDepartmentHead === true, s.postId ?? null, s.indicatorCodes ?? null]);
}

/** One row as text, appended to `out`: its key and sums, then (with `ids`) its sorted fact ids, newline-separated. */
function aggregateText(a: Aggregate, out: string[], ids: boolean): void {
  out.push(
    `\n${a.subjectType}\u0001${a.subjectId}\u0001${a.code}\u0001${a.groupKey ?? '\u0002'}\u0001${a.n}\u0001${a.sum}\u0001${a.hits}\u0001${a.persons}\u0001${a.factIds.length}\n`,
  );
  if (ids) out.push(sortedIds(a.factIds).join('\n'));
}

function compareAggregates(a: Aggregate, b: Aggregate): number {
  return (
    compareStrings(a.subjectType, b.subjectType) ||
    compareStrings(a.subjectId, b.subjectId) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.groupKey ?? '', b.groupKey ?? '') ||
    (a.groupKey === null ? 0 : 1) - (b.groupKey === null ? 0 : 1) ||
    a.n - b.n ||
    a.sum - b.sum ||
    a.hits - b.hits ||
    a.persons - b.persons
  );
}

function compareRatings(a: BehaviourRating, b: BehaviourRating): number {
  return (
    compareStrings(a.personId, b.personId) ||
    compareStrings(a.indicatorCode, b.indicatorCode) ||
    compareStrings(a.raterRole, b.raterRole) ||
    compareStrings(a.raterId, b.raterId) ||
    a.score - b.score
  );
}

function compareHistory(a: HistoryEntry, b: HistoryEntry): number {
  return (
    SUBJECT_ORDER[a.subjectType] - SUBJECT_ORDER[b.subjectType] ||
    compareStrings(a.subjectId, b.subjectId) ||
    Date.parse(a.periodEnd) - Date.parse(b.periodEnd) ||
    compareStrings(a.periodEnd, b.periodEnd)
  );
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function mapDims(f: (d: Dimension) => number): DimensionScores {
  return {
    compliance_execution: f('compliance_execution'),
    risk_control: f('risk_control'),
    emergency_response: f('emergency_response'),
    collaboration: f('collaboration'),
  };
}

function clamp(x: number): number {
  return x < 0 ? 0 : x > 100 ? 100 : x;
}

/** 2 decimals, half away from zero, tolerant of binary noise (1.005 → 1.01). */
export function round2(x: number): number {
  const r = Math.round(Math.abs(x) * 100 + 1e-7) / 100;
  return x < 0 && r !== 0 ? -r : r;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** One flat string (concatenation builds rope pieces that every kept result would carry). */
function flat(parts: string[]): string {
  return parts.join('');
}

function fmt(x: number): string {
  return String(round2(x));
}

function fmtSigned(x: number): string {
  const r = round2(x);
  return r > 0 ? `+${r}` : String(r);
}

function thresholdText(def: IndicatorEntry): string {
  const op = def.direction === 'higher_better' ? '>=' : '<=';
  const unit = UNIT[def.unit];
  return `excellent ${op} ${def.thresholds.excellent}${unit}, qualified ${op} ${def.thresholds.qualified}${unit}`;
}
