/** What-if: a draft ruleset over the same input as a result, subject by subject. */
import { scoreFromAggregates, scoreSubjects } from './evaluate';
import { compareStrings } from './facts';
import { round2 } from './numbers';
import { SUBJECT_ORDER } from './order';
import type { Ruleset, RulesetInput, SubjectType } from './ruleset';
import type { AggregateInput, ScoringInput, ScoringResult, WhatIfDifference } from './types';

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
