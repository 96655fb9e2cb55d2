/** Rule lines: a penalty, bonus or adjustment from the facts pooled for one rule and subject. */
import { perFactText, periodCapText, perGroupText, perHeadText, perValueText, ruleText } from './explain';
import type { Pool } from './model';
import { round2 } from './numbers';
import { poolFactIds, rowsOf } from './pool';
import type { FactRule } from './ruleset';
import type { RuleLine } from './types';

/** A rule's line from its pooled facts; `perHead` > 1: a department's points divided by its headcount. */
export function ruleLine(code: string, rule: FactRule, pool: Pool, perHead = 1): RuleLine | null {
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
      explanation = perGroupText(pool.n, rule.points, groups.size, cappedGroups, rule.capPerGroup);
    } else {
      sum = pool.n * rule.points;
      explanation = perFactText(pool.n, rule.points);
    }
    magnitude = sum;
    if (rule.capPerPeriod !== undefined && magnitude > rule.capPerPeriod) {
      magnitude = rule.capPerPeriod;
      explanation += periodCapText(rule.capPerPeriod);
    }
    let points = sign * magnitude;
    if (perHead > 1) {
      explanation += perHeadText(points, perHead);
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
      explanation: ruleText(explanation, points),
    };
  }
  // per_value
  let sum = 0;
  for (const r of rows) sum += r.sum;
  let raw = sum * rule.factor;
  explanation = perValueText(sum, pool.n, rule.factor);
  if (rule.kind !== 'adjustment') raw = Math.max(raw, 0) * sign;
  if (rule.capPerPeriod !== undefined && Math.abs(raw) > rule.capPerPeriod) {
    raw = Math.sign(raw) * rule.capPerPeriod;
    explanation += periodCapText(rule.capPerPeriod);
  }
  if (raw === 0 && rule.kind !== 'adjustment') return null;
  if (perHead > 1) {
    explanation += perHeadText(raw, perHead);
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
    explanation: ruleText(explanation, raw),
  };
}
