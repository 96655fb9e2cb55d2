/**
 * Pooling: aggregate rows gathered per subject and code, and the evidence a subject is scored
 * from — its own rows (persons, departments), or its members' rows pooled with their rule points
 * averaged (posts from their holders, companies from their departments).
 */
import type { Aggregate } from './aggregate';
import { pooledRuleText } from './explain';
import { compareStrings, sortStrings } from './facts';
import type { Evidence, Member, Merged, Model, Pool, PoolIndex } from './model';
import { round2 } from './numbers';
import { compareAggregates, sortedIds } from './order';
import type { WeightSet } from './ruleset';
import type { HistoryEntry, RuleLine } from './types';

export function rowsOf(p: Pool): Aggregate[] {
  return 'rows' in p ? p.rows : [p as Aggregate];
}

/** Adds the sums of `p` to `into` (not its rows). */
function addSums(into: Merged, p: Pool): void {
  into.n += p.n;
  into.sum += p.sum;
  into.hits += p.hits;
  into.persons += p.persons;
}

/** The fact ids of a pool, sorted. */
export function poolFactIds(pool: Pool): string[] {
  if (!('rows' in pool)) return sortedIds(pool.factIds);
  if (pool.rows.length === 1) return sortedIds(pool.rows[0].factIds);
  const all: string[] = [];
  for (const r of pool.rows) for (const id of r.factIds) all.push(id);
  return sortStrings(all);
}

/** Aggregates (validated) by subject type → subject → code; several rows of one code merged, in compareAggregates order. */
export function poolAggregates(rows: readonly Aggregate[]): PoolIndex {
  const bySubject: PoolIndex = { person: new Map(), department: new Map() };
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
      addSums(p, a);
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
    for (const r of m.rows) addSums(m, r);
  }
  return bySubject;
}

/** A person or department: scored from its own rows. Fields in the order of every Evidence (one object shape for the engine). */
export function ownEvidence(ev: Omit<Evidence, 'memberIds' | 'countSpread' | 'pooledRuleLines' | 'pooledSpecialReview'>): Evidence {
  return {
    type: ev.type,
    id: ev.id,
    departmentId: ev.departmentId,
    memberIds: [],
    weights: ev.weights,
    applies: ev.applies,
    pools: ev.pools,
    headcount: ev.headcount,
    countSpread: null,
    rated: ev.rated,
    pooledRuleLines: null,
    pooledSpecialReview: false,
    history: ev.history,
    hashParts: ev.hashParts,
  };
}

/** A post or company: indicator facts pooled over the members, rule points averaged over them. */
export function pooledEvidence(
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
        addSums(q, p);
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
      // The evidence: every member's facts behind the line, in id order (as every line's: the order does not depend on who holds what).
      factIds: e.factIds.length === 1 ? e.factIds[0] : sortStrings(e.factIds.flat()),
      explanation: pooledRuleText(e.points, e.n, e.holders, members.length, type === 'post' ? 'holders' : 'departments', points),
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
