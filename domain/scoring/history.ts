/** History: earlier periods' results, as the engine reads them and as a run hands them on. */
import { periodBounds } from './aggregate';
import { compareHistory } from './order';
import type { SubjectType } from './ruleset';
import type { HistoryEntry, ScoringContext, ScoringResult } from './types';

/** Only periods that ended by this period's start count as history (a recompute ignores later ones). */
export function withPriorHistory<T extends ScoringContext>(ctx: T): T {
  const [start] = periodBounds(ctx.period);
  if (!ctx.history?.length) return ctx;
  return { ...ctx, history: ctx.history.filter((h) => Date.parse(h.periodEnd) <= start) };
}

/** A subject's history entries, oldest first. */
export function historyIndex(history: readonly HistoryEntry[]): (type: SubjectType, id: string) => HistoryEntry[] {
  const historyBy = new Map<string, HistoryEntry[]>();
  for (const h of [...history].sort(compareHistory)) {
    const k = `${h.subjectType}\u0000${h.subjectId}`;
    const list = historyBy.get(k) ?? [];
    list.push(h);
    historyBy.set(k, list);
  }
  return (type, id) => historyBy.get(`${type}\u0000${id}`) ?? [];
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
