/**
 * Canonical hashing (sha-256 via node:crypto, so workflow code must not import this file): the
 * input hash of a run over its facts or over its aggregates, and each subject's own input hash.
 * Everything is hashed in a fixed order and a fixed text form, so the same input in any order
 * gives the same hash.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { Aggregate, OrgIndex, ScoringSubject } from './aggregate';
import { compareStrings, type Fact } from './facts';
import type { Evidence, PoolIndex } from './model';
import { compareAggregates, compareHistory, compareRatings, sortedIds } from './order';
import { rowsOf } from './pool';
import type { Ruleset } from './ruleset';
import type { ScoringContext, SubjectResult } from './types';

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

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

/** A run's input hash over its facts (sorted): the header, then every fact's canonical JSON. */
export function factsInputHash(ruleset: Ruleset, ctx: ScoringContext, facts: readonly Fact[]): string {
  const hash = createHash('sha256');
  hash.update(canonicalJson(hashHeader(ruleset, ctx)));
  let chunk: string[] = [];
  for (const f of facts) {
    chunk.push('\n', factJson(f));
    if (chunk.length >= 8192) {
      hash.update(chunk.join(''));
      chunk = [];
    }
  }
  hash.update(chunk.join(''));
  return hash.digest('hex');
}

/** The input hash over aggregates: the header, every subject's own input hash and the rows of unknown subjects. */
export function aggregatesInputHash(ruleset: Ruleset, ctx: ScoringContext, results: readonly SubjectResult[], pools: PoolIndex, org: OrgIndex): string {
  const text: string[] = [canonicalJson(hashHeader(ruleset, ctx))];
  for (const r of results) text.push('\n', r.subjectType, '\u0000', r.subjectId, '\u0000', r.inputHash);
  const orphans: Aggregate[] = [];
  for (const [id, codes] of pools.person) if (!org.persons.has(id)) for (const p of codes.values()) orphans.push(...rowsOf(p));
  for (const [id, codes] of pools.department) if (!org.departments.has(id)) for (const p of codes.values()) orphans.push(...rowsOf(p));
  for (const a of orphans.sort(compareAggregates)) aggregateText(a, text, true);
  return sha256(text.join(''));
}

/** A person's record as text, fields in a fixed order. */
export function subjectDigest(s: ScoringSubject): string {
  return JSON.stringify([s.personId, s.postProfile, s.orgUnitId, s.departmentId, s.isDepartmentHead === true, s.postId ?? null, s.indicatorCodes ?? null]);
}

/** One row as text, appended to `out`: its key and sums, then (with `ids`) its sorted fact ids, newline-separated. */
function aggregateText(a: Aggregate, out: string[], ids: boolean): void {
  out.push(
    `\n${a.subjectType}\u0001${a.subjectId}\u0001${a.code}\u0001${a.groupKey ?? '\u0002'}\u0001${a.n}\u0001${a.sum}\u0001${a.hits}\u0001${a.persons}\u0001${a.factIds.length}\n`,
  );
  if (ids) out.push(sortedIds(a.factIds).join('\n'));
}

/** A subject's input hash (`SubjectResult.inputHash`): its texts in one update, the rows' numbers as binary in another. */
export function subjectInputHash(rulesetHash: string, ev: Evidence): string {
  const text: string[] = [rulesetHash, '\n', ev.type, '\u0000', ev.id, '\n'];
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
      // Several rows of one code are already in compareAggregates order (see poolAggregates).
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
  return h.digest('hex');
}
