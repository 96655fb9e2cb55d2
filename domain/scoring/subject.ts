/**
 * One subject's score from its evidence: weights (raised on last period's shortfall), indicator
 * lines, dimension scores, penalties and bonuses, the improvement streak, rating and flags.
 */
import { improvementText, indicatorText, notCountedText } from './explain';
import { compareStrings } from './facts';
import { subjectInputHash } from './hash';
import { DIMENSIONS, type Dimension, type Rating } from './indicators';
import { indicatorPointsFor, measureIndicator, ratingOf, type Measured } from './measure';
import type { Evidence, Model } from './model';
import { clamp, mapDims, round2, round6 } from './numbers';
import { ruleLine } from './rules';
import type { IndicatorEntry, WeightSet } from './ruleset';
import type { DimensionScores, IndicatorLine, RuleLine, ScoreLine, SubjectResult } from './types';

const RATING_RANK: Record<Rating, number> = { excellent: 0, qualified: 1, needs_improvement: 2 };

/** Score one subject from its evidence. */
export function scoreOne(model: Model, ev: Evidence): SubjectResult {
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
      explanation: counted ? indicatorText(m.detail, thresholds, rating, points) : notCountedText(m.detail, def.minSample),
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
      explanation: improvementText(streak, seq.slice(-streak - 1), rule.points),
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
    inputHash: subjectInputHash(model.rulesetHash, ev),
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
