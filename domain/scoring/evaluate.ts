/**
 * The scoring engine (SPEC §4): aggregates + ruleset (+ history, behaviour ratings) → explained
 * scores for persons, posts, departments and companies. `scoreFromAggregates` is the one rule
 * evaluation path, used by a run, a recompute and a what-if alike; `scoreSubjects` is
 * `aggregateFacts` + `scoreFromAggregates`. Pure and deterministic (no clock, no randomness,
 * sorted everywhere); hashes use node:crypto, so workflow code must not import this file (the
 * ruleset, indicators and templates are workflow-safe).
 */
import { canonicalJson } from '../canonical-json';
import { aggregateSorted, buildOrgIndex, sortFacts, type Aggregate, type ScoringDepartment, type ScoringSubject } from './aggregate';
import { thresholdText } from './explain';
import { compareStrings } from './facts';
import { aggregatesInputHash, factsInputHash, sha256, subjectDigest } from './hash';
import { historyIndex, withPriorHistory } from './history';
import { ratedValue, ratingsByPerson } from './measure';
import type { Model, Pool, RatedValue } from './model';
import { ownEvidence, poolAggregates, pooledEvidence } from './pool';
import { departmentScoringOf, indicatorActive, parseRuleset, weightSetFor, type Ruleset, type WeightSet } from './ruleset';
import { scoreOne } from './subject';
import type { IndicatorLine, ScoringContext, ScoringInput, ScoringResult, SubjectResult } from './types';

const DEFAULT_COMPANY = 'company';

/** facts → aggregates → scores. Same input in any order → identical result and hash. */
export function scoreSubjects(scoringInput: ScoringInput): ScoringResult {
  const ruleset = parseRuleset(scoringInput.ruleset);
  const input = withPriorHistory(scoringInput);
  const facts = sortFacts([...input.facts, ...(input.declarations ?? [])]);
  const org = buildOrgIndex(input.subjects, input.departments);
  const agg = aggregateSorted(facts, ruleset, org, input.period);
  return evaluate(agg.aggregates, ruleset, input, {
    inputHash: factsInputHash(ruleset, input, facts),
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

interface Extras {
  /** null: hash the aggregates (header + every subject's input hash + rows of unknown subjects). */
  inputHash: string | null;
  hashBasis: ScoringResult['hashBasis'];
  unattributedFactIds: string[];
  outOfPeriod: number;
}

function evaluate(rows: readonly Aggregate[], ruleset: Ruleset, ctx: ScoringContext, extras: Extras): ScoringResult {
  const model = buildModel(ruleset);
  const org = buildOrgIndex(ctx.subjects, ctx.departments);
  const bySubject = poolAggregates(rows);
  const noPools = new Map<string, Pool>();
  const ratingsBy = ratingsByPerson(ctx.ratings ?? [], ruleset.behaviour.scaleMax);
  const historyOf = historyIndex(ctx.history ?? []);

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
  const noRatings = new Map<string, RatedValue>();
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
    const r = scoreOne(
      model,
      ownEvidence({
        type: 'person',
        id: s.personId,
        departmentId: s.departmentId,
        weights,
        applies,
        pools: bySubject.person.get(s.personId) ?? noPools,
        headcount: 1,
        rated,
        history: historyOf('person', s.personId),
        hashParts: [subjectDigest(s), mine ? canonicalJson([...mine.entries()]) : '[]'],
      }),
    );
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
    const rated = new Map<string, RatedValue>();
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
    const r = scoreOne(
      model,
      ownEvidence({
        type: 'department',
        id: d.departmentId,
        departmentId: d.departmentId,
        weights: weightSetFor(ruleset, 'department', { departmentId: d.departmentId }),
        applies: departmentCodes,
        pools: bySubject.department.get(d.departmentId) ?? noPools,
        headcount: headcount.get(d.departmentId) ?? 0,
        rated: new Map(),
        history: historyOf('department', d.departmentId),
        hashParts: [canonicalJson(d), String(headcount.get(d.departmentId) ?? 0)],
      }),
    );
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

  return {
    rulesetVersion: ruleset.version,
    period: { start: ctx.period.start, end: ctx.period.end },
    inputHash: extras.inputHash ?? aggregatesInputHash(ruleset, ctx, results, bySubject, org),
    hashBasis: extras.hashBasis,
    results,
    unattributedFactIds: extras.unattributedFactIds,
    outOfPeriod: extras.outOfPeriod,
  };
}

/** The ruleset prepared for one run: indicators in effect and rules in code order, with the ruleset's hash. */
function buildModel(ruleset: Ruleset): Model {
  const indicators = Object.keys(ruleset.indicators)
    .sort(compareStrings)
    .filter((c) => indicatorActive(ruleset.indicators[c]))
    .map((code) => ({ code, def: ruleset.indicators[code], thresholds: thresholdText(ruleset.indicators[code]) }));
  const factRules: Model['factRules'] = [];
  const improvement: Model['improvement'] = [];
  for (const code of Object.keys(ruleset.rules).sort(compareStrings)) {
    const rule = ruleset.rules[code];
    if (rule.type === 'consecutive_improvement') improvement.push({ code, rule });
    else factRules.push({ code, rule, perHead: departmentScoringOf(ruleset, rule) === 'per_head' });
  }
  return { ruleset, rulesetHash: sha256(canonicalJson(ruleset)), indicators, factRules, factRuleCodes: new Set(factRules.map((r) => r.code)), improvement };
}
