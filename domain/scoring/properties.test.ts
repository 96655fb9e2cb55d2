/** Property tests (fast-check): determinism, bounds, penalties never raising a score, fact classes = facts. */
import fc from 'fast-check';
import { canonicalJson } from '../canonical-json';
import { aggregateFactClasses, aggregateFacts, factClassPlan, type FactClass, type FactClassSpec } from './aggregate';
import { scoreFromAggregates, scoreSubjects } from './evaluate';
import type { Fact } from './facts';
import { DEPARTMENTS, IN_PERIOD, PERIOD, shuffled, SUBJECTS } from './fixtures';
import { DEFAULT_RULESET } from './ruleset';
import type { BehaviourRating, HistoryEntry, ScoringResult } from './types';

const KINDS = [
  'hazard.reported',
  'hazard.graded',
  'hazard.acknowledged',
  'hazard.overdue_day',
  'hazard.rework',
  'hazard.verification',
  'hazard.closed',
  'hazard.cancelled',
  'emergency.reported',
  'emergency.acknowledged',
  'emergency.response',
  'emergency.controlled',
  'emergency.review_finding',
  'emergency.action_completed',
  'risk.input',
  'risk.measure_completed',
  'risk.measure_verified',
  'inspection.scored',
  'training.attended',
  'incident.serious',
  'declaration.approved',
  'improvement_plan.completed',
  'score.adjustment',
  'chemical_storage.check',
  'guard.check',
  'hot_work.permit',
  'hazardous_waste.check',
  'suggestion.made',
];
const PEOPLE = ['p1', 'p2', 'p3', 'p4', 'h1', 'h2', 'ghost'];
const UNITS = ['d1', 'd1w1', 'd2', 'elsewhere'];

const dataArb = fc.record(
  {
    onTime: fc.boolean(),
    late: fc.boolean(),
    gap: fc.boolean(),
    drill: fc.boolean(),
    overdueDays: fc.integer({ min: 0, max: 5 }),
    targetSeconds: fc.constantFrom(0, 600, 900),
    hazardId: fc.constantFrom('A', 'B', 'C'),
    subjectType: fc.constantFrom('person', 'department'),
    affectedPersonId: fc.constantFrom(...PEOPLE),
    siteLeadPersonId: fc.constantFrom(...PEOPLE),
  },
  { requiredKeys: [] },
);

const valueArb = fc.oneof(
  fc.constant(null),
  fc.constantFrom(0, 1),
  fc.integer({ min: 0, max: 100 }),
  fc.double({ min: -500, max: 200_000, noNaN: true, noDefaultInfinity: true }),
);

const factFields = fc.record({
  kind: fc.constantFrom(...KINDS),
  personId: fc.option(fc.constantFrom(...PEOPLE), { nil: null }),
  attribution: fc.constantFrom('direct', 'department_head', 'reporter', 'none'),
  orgUnitId: fc.option(fc.constantFrom(...UNITS), { nil: null }),
  departmentHeadPersonId: fc.option(fc.constantFrom('h1', 'h2', 'ghost'), { nil: null }),
  subjectId: fc.constantFrom('hz-1', 'hz-2', 'em-1'),
  value: valueArb,
  occurredAt: fc.constantFrom(IN_PERIOD, IN_PERIOD, IN_PERIOD, '2026-03-31T23:59:59.999Z', PERIOD.end, '2026-02-01T00:00:00.000Z'),
  data: dataArb,
});

const withIds =
  (prefix: string) =>
  (fs: Omit<Fact, 'id' | 'sourceWorkflowId'>[]): Fact[] =>
    fs.map((f, i) => ({ ...f, id: `${prefix}${String(i).padStart(3, '0')}`, sourceWorkflowId: 'wf' }));
const factsArb = (max: number, prefix = 'f') => fc.array(factFields, { maxLength: max }).map(withIds(prefix));

const ratingArb: fc.Arbitrary<BehaviourRating> = fc.record({
  personId: fc.constantFrom('p1', 'h1', 'ghost'),
  indicatorCode: fc.constantFrom('cooperation_behaviour', 'safety_leadership_behaviour'),
  raterRole: fc.constantFrom('superior', 'peer', 'subordinate', 'external_expert'),
  raterId: fc.constantFrom('r1', 'r2', 'r3'),
  score: fc.integer({ min: 0, max: 5 }),
});

const historyArb: fc.Arbitrary<HistoryEntry[]> = fc
  .array(
    fc.record({
      subjectType: fc.constant('person' as const),
      subjectId: fc.constantFrom('p1', 'p2', 'h1'),
      periodEnd: fc.constantFrom('2025-11-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
      total: fc.integer({ min: 0, max: 100 }),
      rating: fc.constantFrom('excellent' as const, 'qualified' as const, 'needs_improvement' as const),
      dimensionScores: fc.record({
        compliance_execution: fc.integer({ min: 0, max: 100 }),
        risk_control: fc.integer({ min: 0, max: 100 }),
        emergency_response: fc.integer({ min: 0, max: 100 }),
        collaboration: fc.integer({ min: 0, max: 100 }),
      }),
    }),
    { maxLength: 6 },
  )
  .map((hs) => {
    // One entry per subject and period.
    const seen = new Set<string>();
    return hs.filter((h) => !seen.has(h.subjectId + h.periodEnd) && seen.add(h.subjectId + h.periodEnd));
  });

function score(facts: Fact[], history: HistoryEntry[] = [], ratings: BehaviourRating[] = []): ScoringResult {
  return scoreSubjects({ ruleset: DEFAULT_RULESET, period: PERIOD, subjects: SUBJECTS, departments: DEPARTMENTS, facts, history, ratings });
}

const RUNS = { numRuns: 60 };

describe('scoring properties', () => {
  it('is deterministic: shuffled facts, ratings and history give identical results and hash', () => {
    fc.assert(
      fc.property(factsArb(40), historyArb, fc.array(ratingArb, { maxLength: 6 }), fc.integer({ min: 1, max: 1_000_000 }), (facts, history, ratings, seed) => {
        const a = score(facts, history, ratings);
        const b = score(shuffled(facts, seed), shuffled(history, seed + 1), shuffled(ratings, seed + 2));
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      RUNS,
    );
  });

  it('keeps every total, dimension score and indicator in 0–100, totals at 2 decimals', () => {
    fc.assert(
      fc.property(factsArb(60), historyArb, fc.array(ratingArb, { maxLength: 6 }), (facts, history, ratings) => {
        for (const r of score(facts, history, ratings).results) {
          expect(r.total).toBeGreaterThanOrEqual(0);
          expect(r.total).toBeLessThanOrEqual(100);
          expect(Math.round(r.total * 100) / 100).toBe(r.total);
          for (const v of Object.values(r.dimensionScores)) expect(v >= 0 && v <= 100).toBe(true);
          for (const l of r.lines) if (l.kind === 'indicator') expect(l.points >= 0 && l.points <= 100).toBe(true);
          for (const l of r.lines) expect(l.factIds).toEqual([...l.factIds].sort());
        }
      }),
      RUNS,
    );
  });

  it('adding a penalty fact never raises a score', () => {
    const penaltyFact = fc.record({
      kind: fc.constantFrom('hazard.overdue_day', 'incident.serious', 'hazard.rework', 'emergency.review_finding', 'hazard.verification'),
      personId: fc.option(fc.constantFrom(...PEOPLE), { nil: null }),
      attribution: fc.constantFrom('direct', 'department_head', 'none'),
      orgUnitId: fc.option(fc.constantFrom(...UNITS), { nil: null }),
      departmentHeadPersonId: fc.option(fc.constantFrom('h1', 'h2'), { nil: null }),
      subjectId: fc.constantFrom('hz-1', 'hz-2'),
      value: fc.constantFrom(0, 1),
      occurredAt: fc.constant(IN_PERIOD),
      data: fc.record({ hazardId: fc.constantFrom('A', 'B') }, { requiredKeys: [] }),
    });
    fc.assert(
      fc.property(factsArb(40), historyArb, fc.array(penaltyFact, { minLength: 1, maxLength: 3 }).map(withIds('x')), (facts, history, extra) => {
        // A failed verification is the penalty; a passed one is not.
        const penalties = extra.map((f) => (f.kind === 'hazard.verification' ? { ...f, value: 0 } : f));
        const before = score(facts, history);
        const after = score([...facts, ...penalties], history);
        after.results.forEach((r, i) => {
          expect(`${r.subjectType}:${r.subjectId}`).toBe(`${before.results[i].subjectType}:${before.results[i].subjectId}`);
          expect(r.total).toBeLessThanOrEqual(before.results[i].total);
        });
      }),
      RUNS,
    );
  });
});

/** What a SQL GROUP BY over the plan's fields returns (period filtered), computed in memory. */
function factClasses(facts: readonly Fact[], plan: FactClassSpec[]): FactClass[] {
  const specs = new Map(plan.map((s) => [s.kind, s.groupBy]));
  const classes = new Map<string, FactClass & { factIds: string[] }>();
  for (const f of facts) {
    const groupBy = specs.get(f.kind);
    if (!groupBy || !(f.occurredAt >= PERIOD.start && f.occurredAt < PERIOD.end)) continue;
    const c: FactClass & { factIds: string[] } = {
      kind: f.kind,
      personId: f.personId,
      attribution: f.attribution,
      orgUnitId: f.orgUnitId,
      departmentHeadPersonId: f.departmentHeadPersonId,
      data: {},
      n: 0,
      nValue: 0,
      sum: 0,
      factIds: [],
    };
    for (const field of groupBy) {
      if (field === 'value') c.value = f.value;
      else if (field === 'subjectId') c.subjectId = f.subjectId;
      else if (field === 'sourceWorkflowId') c.sourceWorkflowId = f.sourceWorkflowId;
      else if (field.startsWith('data.')) {
        const v = f.data[field.slice(5)];
        if (v !== undefined && v !== null) c.data[field.slice(5)] = v;
      }
    }
    const key = JSON.stringify([
      c.kind,
      c.personId,
      c.attribution,
      c.orgUnitId,
      c.departmentHeadPersonId,
      c.value,
      c.subjectId,
      c.sourceWorkflowId,
      canonicalJson(c.data),
    ]);
    const into = classes.get(key) ?? c;
    classes.set(key, into);
    into.n += 1;
    if (typeof f.value === 'number') {
      into.nValue += 1;
      into.sum += f.value;
    }
    into.factIds.push(f.id);
  }
  return [...classes.values()];
}

describe('fact classes (the SQL GROUP BY path)', () => {
  it('give the same aggregates and scores as the facts behind them', () => {
    const ctx = { ruleset: DEFAULT_RULESET, period: PERIOD, subjects: SUBJECTS, departments: DEPARTMENTS };
    const plan = factClassPlan(DEFAULT_RULESET);
    fc.assert(
      fc.property(factsArb(60), fc.integer({ min: 1, max: 1_000_000 }), (facts, seed) => {
        const direct = aggregateFacts(facts, ctx);
        const grouped = aggregateFactClasses(shuffled(factClasses(facts, plan), seed), ctx);
        expect(grouped.aggregates.map(({ sum: _s, ...a }) => a)).toEqual(direct.aggregates.map(({ sum: _s, ...a }) => a));
        grouped.aggregates.forEach((a, i) => expect(a.sum).toBeCloseTo(direct.aggregates[i].sum, 6));
        expect(grouped.unattributedFactIds).toEqual([...direct.unattributedFactIds].sort());
        const a = scoreFromAggregates(grouped.aggregates, ctx).results;
        const b = scoreFromAggregates(direct.aggregates, ctx).results;
        a.forEach((r, i) => expect(Math.abs(r.total - b[i].total)).toBeLessThanOrEqual(0.01));
      }),
      RUNS,
    );
  });
});
