/**
 * Measurement: an indicator's value from a subject's evidence (rate, coverage, average, count,
 * behaviour scale, rater-weighted ratings), and the points and rating of a measured value.
 */
import { averageText, countText, coverageText, ratedText, rateText, scaleText } from './explain';
import { compareStrings } from './facts';
import type { RaterRole, Rating } from './indicators';
import type { Evidence, RatedValue } from './model';
import { compareRatings } from './order';
import { poolFactIds } from './pool';
import type { IndicatorEntry, Ruleset } from './ruleset';
import type { BehaviourRating } from './types';

export interface Measured {
  value: number;
  n: number;
  factIds: string[];
  /** The value in words: the start of the line's explanation. */
  detail: string;
}

export function measureIndicator(code: string, def: IndicatorEntry, ev: Evidence): Measured | null {
  const m = def.measure;
  if (m.op === 'ratings') {
    const r = ev.rated.get(code);
    return r ? { value: r.value, n: r.n, factIds: [], detail: ratedText(r.value, def.unit, r.n) } : null;
  }
  const pool = ev.pools.get(code);
  const n = pool?.n ?? 0;
  const factIds = pool ? poolFactIds(pool) : [];
  switch (m.op) {
    case 'rate': {
      if (!pool || n === 0) return null;
      const v = (pool.hits / n) * 100;
      return { value: v, n, factIds, detail: rateText(v, pool.hits, n) };
    }
    case 'coverage': {
      if (!pool || n === 0 || ev.headcount <= 0) return null;
      const v = Math.min(100, (pool.persons / ev.headcount) * 100);
      return { value: v, n, factIds, detail: coverageText(v, pool.persons, ev.headcount) };
    }
    case 'average': {
      if (!pool || n === 0) return null;
      const v = pool.sum / n;
      return { value: v, n, factIds, detail: averageText(v, def.unit, n) };
    }
    case 'count': {
      // A count always has a value (0 without facts); pooled subjects count per person.
      const per = ev.type === 'person' ? 1 : Math.max(ev.countSpread?.get(code) ?? ev.headcount, 1);
      const count = n / per;
      const perText = countText(n, per, count);
      if (def.type === 'behaviour_scale') {
        const step = def.scale!.find((s) => count >= s.min);
        const pts = step ? step.points : 0;
        return { value: pts, n, factIds, detail: scaleText(perText, pts) };
      }
      return { value: count, n, factIds, detail: perText };
    }
  }
}

/** Ratings (validated against the scale) by person → indicator code, in compareRatings order. */
export function ratingsByPerson(ratings: readonly BehaviourRating[], scaleMax: number): Map<string, Map<string, BehaviourRating[]>> {
  const byPerson = new Map<string, Map<string, BehaviourRating[]>>();
  for (const r of [...ratings].sort(compareRatings)) {
    if (!(Number.isFinite(r.score) && r.score >= 0 && r.score <= scaleMax))
      throw new RangeError(`rating of ${r.personId} on ${r.indicatorCode} must be within 0..${scaleMax}`);
    let m = byPerson.get(r.personId);
    if (!m) byPerson.set(r.personId, (m = new Map()));
    const list = m.get(r.indicatorCode) ?? [];
    list.push(r);
    m.set(r.indicatorCode, list);
  }
  return byPerson;
}

/** Rater-weighted mean: each role's mean, weighted by the role weights of the roles that rated. */
export function ratedValue(list: BehaviourRating[], rs: Ruleset): RatedValue | null {
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
