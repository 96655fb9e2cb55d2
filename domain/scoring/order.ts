/**
 * The scoring engine's fixed orders: subjects by type, aggregate rows, ratings, history and fact
 * ids. Sums are added and hashes taken in these orders, so the same input in any order gives the
 * same result.
 */
import type { Aggregate } from './aggregate';
import { compareStrings, sortStrings } from './facts';
import type { SubjectType } from './ruleset';
import type { BehaviourRating, HistoryEntry } from './types';

export const SUBJECT_ORDER: Record<SubjectType, number> = { person: 0, post: 1, department: 2, company: 3 };

export function compareAggregates(a: Aggregate, b: Aggregate): number {
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

export function compareRatings(a: BehaviourRating, b: BehaviourRating): number {
  return (
    compareStrings(a.personId, b.personId) ||
    compareStrings(a.indicatorCode, b.indicatorCode) ||
    compareStrings(a.raterRole, b.raterRole) ||
    compareStrings(a.raterId, b.raterId) ||
    a.score - b.score
  );
}

export function compareHistory(a: HistoryEntry, b: HistoryEntry): number {
  return (
    SUBJECT_ORDER[a.subjectType] - SUBJECT_ORDER[b.subjectType] ||
    compareStrings(a.subjectId, b.subjectId) ||
    Date.parse(a.periodEnd) - Date.parse(b.periodEnd) ||
    compareStrings(a.periodEnd, b.periodEnd)
  );
}

/** The ids sorted: the same array when it already is. */
export function sortedIds(ids: string[]): string[] {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1] > ids[i]) return sortStrings([...ids]);
  return ids;
}
