/** The scoring engine: every rule and indicator type, attribution, history, pooling, aggregates, determinism, what-if. */
import { canonicalJson } from '../canonical-json';
import { aggregateFactClasses, aggregateFacts, aggregationPlan, factClassPlan, type Aggregate, type FactClass } from './aggregate';
import { scoreFromAggregates, scoreSubjects } from './evaluate';
import type { Fact } from './facts';
import { DEPARTMENTS, fact, forkliftCheck, PERIOD, reports, shuffled, SUBJECTS } from './fixtures';
import { factJson } from './hash';
import { historyFrom } from './history';
import { INDICATOR_LIBRARY } from './indicators';
import { DEFAULT_RULESET, parseRuleset, type Ruleset } from './ruleset';
import type { BehaviourRating, HistoryEntry, IndicatorLine, RuleLine, ScoringInput, ScoringResult, SubjectResult } from './types';
import { whatIf } from './what-if';

function run(facts: Fact[], over: Partial<ScoringInput> = {}): ScoringResult {
  return scoreSubjects({ ruleset: DEFAULT_RULESET, period: PERIOD, subjects: SUBJECTS, departments: DEPARTMENTS, facts, ...over });
}
function subject(r: ScoringResult, type: SubjectResult['subjectType'], id: string): SubjectResult {
  const s = r.results.find((x) => x.subjectType === type && x.subjectId === id);
  if (!s) throw new Error(`no result for ${type} ${id}`);
  return s;
}
const person = (r: ScoringResult, id: string) => subject(r, 'person', id);
const indicator = (s: SubjectResult, code: string) => s.lines.find((l): l is IndicatorLine => l.kind === 'indicator' && l.indicatorCode === code);
const rule = (s: SubjectResult, code: string) => s.lines.find((l): l is RuleLine => l.kind !== 'indicator' && l.ruleCode === code);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const draft = (): any => structuredClone(DEFAULT_RULESET);
/**
 * Every library indicator (the defaults leave out those no process feeds), each counting from its
 * first fact: the indicator mechanics, apart from the defaults' minimum samples (examples.test.ts).
 */
const LIBRARY: Ruleset = parseRuleset({
  ...draft(),
  version: 'library-1',
  indicators: Object.fromEntries(INDICATOR_LIBRARY.map(({ code, ...body }) => [code, { ...body, custom: false, weight: 1, minSample: 1 }])),
});
const runLib = (facts: Fact[], over: Partial<ScoringInput> = {}) => run(facts, { ruleset: LIBRARY, ...over });

/** A person with three hazard reports and nothing else scores 100 under the defaults. */
const FULL = () => [...reports('p1'), ...reports('p2'), ...reports('p4'), ...reports('h1'), ...reports('p3'), ...reports('h2')];

describe('baseline', () => {
  it('a person without facts: base 100 everywhere, excellent (no indicator without data, none without a process)', () => {
    const p1 = person(run([]), 'p1');
    expect(p1.dimensionScores).toEqual({ compliance_execution: 100, risk_control: 100, emergency_response: 100, collaboration: 100 });
    expect(p1.total).toBe(100);
    expect(p1.rating).toBe('excellent');
    expect(p1.lines).toEqual([]);
    expect(person(run(FULL()), 'p1')).toMatchObject({ total: 100, rating: 'excellent' });
  });

  it('scores every subject type in a fixed order', () => {
    const r = run(FULL());
    expect(r.results.map((s) => `${s.subjectType}:${s.subjectId}`)).toEqual([
      'person:h1',
      'person:h2',
      'person:p1',
      'person:p2',
      'person:p3',
      'person:p4',
      // Only real posts: people without one are in no post (no pooled post is invented for them).
      'post:post-a',
      'department:d1',
      'department:d2',
    ]);
    expect(subject(r, 'post', 'post-a').memberIds).toEqual(['p1', 'p4']);
    // A company only in a company-scope cycle.
    expect(subject(run(FULL(), { scoreCompanies: true }), 'company', 'c1').memberIds).toEqual(['d1', 'd2']);
    expect(r.rulesetVersion).toBe('default-2');
  });
});

describe('penalties and bonuses', () => {
  it('hazard overdue: −5 per day, at most −20 per hazard', () => {
    const days = (hazardId: string, n: number) => Array.from({ length: n }, (_, i) => fact('hazard.overdue_day', 'p1', 1, { day: i + 1, hazardId }));
    const r = run([...FULL(), ...days('A', 7), ...days('B', 2)]);
    const line = rule(person(r, 'p1'), 'hazard_overdue')!;
    expect(line).toMatchObject({ kind: 'penalty', points: -30, value: 9, dimension: 'risk_control' });
    expect(line.explanation).toMatch(/1 capped at 20/);
    expect(line.factIds).toHaveLength(9);
    expect(line.factIds).toEqual([...line.factIds].sort());
    expect(person(r, 'p1').total).toBe(70);
    expect(person(r, 'p1').dimensionAdjustments.risk_control).toBe(-30);
    // The department takes the same rule, divided by its headcount (p1, p2, p4, h1): −30 / 4.
    expect(rule(subject(r, 'department', 'd1'), 'hazard_overdue')).toMatchObject({
      points: -7.5,
      explanation: '9 x 5 over 2 groups, 1 capped at 20, -30 over 4 people -> -7.5',
    });
    // Without data.hazardId the fact's subject (the hazard) groups the days.
    const bySubject = run([...FULL(), ...Array.from({ length: 5 }, () => fact('hazard.overdue_day', 'p1', 1, {}, { subjectId: 'hz-9' }))]);
    expect(rule(person(bySubject, 'p1'), 'hazard_overdue')!.points).toBe(-20);
  });

  it('inspection below 80: −10 for the head of the inspected department', () => {
    const inspect = (score: number) => fact('inspection.scored', null, score, {}, { orgUnitId: 'd1', attribution: 'none' });
    const r = run([...FULL(), inspect(70)]);
    expect(rule(person(r, 'h1'), 'inspection_below_threshold')).toMatchObject({ points: -10 });
    expect(rule(subject(r, 'department', 'd1'), 'inspection_below_threshold')).toMatchObject({ points: -10 });
    expect(rule(person(r, 'p1'), 'inspection_below_threshold')).toBeUndefined();
    expect(rule(person(r, 'h2'), 'inspection_below_threshold')).toBeUndefined();
    expect(rule(person(run([...FULL(), inspect(80)]), 'h1'), 'inspection_below_threshold')).toBeUndefined();
  });

  it("failed training: −2 per participant; the department's sum divided by its headcount", () => {
    const r = run([...FULL(), fact('training.attended', 'p1', 0), fact('training.attended', 'p2', 0), fact('training.attended', 'p4', 1)]);
    expect(rule(person(r, 'p1'), 'failed_training')!.points).toBe(-2);
    expect(rule(person(r, 'p2'), 'failed_training')!.points).toBe(-2);
    expect(rule(person(r, 'p4'), 'failed_training')).toBeUndefined();
    expect(rule(subject(r, 'department', 'd1'), 'failed_training')!.points).toBe(-1); // −4 over 4 people
  });

  it('serious incident: a large deduction and a special review, up to the company', () => {
    const r = run([...FULL(), fact('incident.serious', 'p2', null)], { scoreCompanies: true });
    expect(rule(person(r, 'p2'), 'serious_incident')!.points).toBe(-30);
    expect(person(r, 'p2').flags.specialReview).toBe(true);
    expect(person(r, 'p1').flags.specialReview).toBe(false);
    expect(subject(r, 'department', 'd1').flags.specialReview).toBe(true);
    expect(subject(r, 'department', 'd2').flags.specialReview).toBe(false);
    expect(subject(r, 'company', 'c1').flags.specialReview).toBe(true);
  });

  it('self-declaration bonus is capped at +5 per period', () => {
    const declarations = [fact('declaration.approved', 'p1', 3), fact('declaration.approved', 'p1', 4)];
    const r = run([], { declarations });
    expect(rule(person(r, 'p1'), 'self_declaration')).toMatchObject({ kind: 'bonus', points: 5, value: 7 });
    expect(person(r, 'p1').total).toBe(100); // 100 + 5, clamped
    expect(
      person(run([fact('hazard.overdue_day', 'p1', 1, { hazardId: 'A' }), fact('hazard.overdue_day', 'p1', 1, { hazardId: 'A' })], { declarations }), 'p1')
        .total,
    ).toBe(95); // 100 − 10 + 5
    expect(rule(person(run([fact('declaration.approved', 'p1', 2)]), 'p1'), 'self_declaration')!.points).toBe(2);
  });

  it('improvement plans completed (value 1): +2 each, at most +4; a plan checked as not completed earns nothing', () => {
    const r = run([
      fact('improvement_plan.completed', 'p1', 1),
      fact('improvement_plan.completed', 'p1', 1),
      fact('improvement_plan.completed', 'p1', 1),
      fact('improvement_plan.completed', 'p2', 0),
    ]);
    expect(rule(person(r, 'p1'), 'improvement_plan_completed')).toMatchObject({ points: 4, value: 3 });
    expect(rule(person(r, 'p2'), 'improvement_plan_completed')).toBeUndefined();
    expect(person(r, 'p2').total).toBe(person(run([]), 'p2').total);
  });

  it('training absence (value −1) is its own fact value: no penalty by default, not a failed test, not coverage', () => {
    const absent = [fact('training.attended', 'p1', -1), fact('training.attended', 'p2', -1)];
    const r = run(absent);
    expect(rule(person(r, 'p1'), 'failed_training')).toBeUndefined();
    expect(rule(person(r, 'p1'), 'training_absence')).toMatchObject({ points: 0, n: 1 });
    expect(indicator(person(r, 'p1'), 'training_pass_rate')).toBeUndefined();
    expect(person(r, 'p1').total).toBe(person(run([]), 'p1').total);
    // Coverage of the department: only people who attended count.
    const cov = run([...absent, fact('training.attended', 'p4', 1)]);
    expect(indicator(subject(cov, 'department', 'd1'), 'training_participation')!.value).toBe(
      indicator(subject(run([fact('training.attended', 'p4', 1)]), 'department', 'd1'), 'training_participation')!.value,
    );
  });

  it('manual adjustments go to the person, or to the department when marked so', () => {
    const r = run([
      fact('score.adjustment', 'p1', -7.5, { reason: 'x' }),
      fact('score.adjustment', null, 4, { subjectType: 'department' }, { orgUnitId: 'd2' }),
    ]);
    expect(rule(person(r, 'p1'), 'manual_adjustment')).toMatchObject({ kind: 'penalty', points: -7.5 });
    expect(person(r, 'p1').total).toBe(92.5);
    expect(rule(subject(r, 'department', 'd2'), 'manual_adjustment_department')).toMatchObject({ kind: 'bonus', points: 4 });
    expect(rule(subject(r, 'department', 'd1'), 'manual_adjustment')).toBeUndefined();
  });

  it('clamps the total to 0–100', () => {
    const r = run([...FULL(), ...Array.from({ length: 4 }, () => fact('incident.serious', 'p1', null)), fact('score.adjustment', 'p2', 50)]);
    expect(person(r, 'p1').total).toBe(0);
    expect(person(r, 'p1').rating).toBe('needs_improvement');
    expect(person(r, 'p2').total).toBe(100);
  });

  it('consecutive improvement: +3 after three improving periods', () => {
    const hist = (totals: number[]): HistoryEntry[] =>
      totals.map((total, i) => ({
        subjectType: 'person',
        subjectId: 'p1',
        periodEnd: `2025-${String(12 - totals.length + i + 1).padStart(2, '0')}-01T00:00:00.000Z`,
        total,
        rating: 'qualified',
        dimensionScores: { compliance_execution: 100, risk_control: 100, emergency_response: 100, collaboration: 100 },
      }));
    // This period: a hazard 4 days overdue, 100 − 20 = 80.
    const NOW = () => Array.from({ length: 4 }, () => fact('hazard.overdue_day', 'p1', 1, { hazardId: 'A' }));
    const with3 = person(run(NOW(), { history: hist([50, 60, 70]) }), 'p1');
    expect(with3.flags.improvementStreak).toBe(3);
    expect(rule(with3, 'consecutive_improvement')).toMatchObject({ kind: 'bonus', points: 3, value: 3 });
    expect(with3.total).toBe(83);
    const with2 = person(run(NOW(), { history: hist([60, 70]) }), 'p1');
    expect(with2.flags.improvementStreak).toBe(2);
    expect(rule(with2, 'consecutive_improvement')).toBeUndefined();
    const broken = person(run(NOW(), { history: hist([50, 75, 70]) }), 'p1');
    expect(broken.flags.improvementStreak).toBe(1);
    expect(broken.total).toBe(80);
    // History order in the input does not matter; periods after this one are not history.
    expect(person(run(NOW(), { history: shuffled(hist([50, 60, 70]), 3) }), 'p1').total).toBe(83);
    const later: HistoryEntry = { ...hist([90])[0], periodEnd: '2026-05-01T00:00:00.000Z' };
    expect(person(run(NOW(), { history: [...hist([50, 60, 70]), later] }), 'p1').total).toBe(83);
  });
});

describe('indicator types', () => {
  it('rate: on-time rectification from data.onTime, else no overdue day', () => {
    const closed = [
      ...Array.from({ length: 48 }, () => fact('hazard.closed', 'p1', 3600, { overdueDays: 0 })),
      fact('hazard.closed', 'p1', 3600, { onTime: true, overdueDays: 2 }),
      fact('hazard.closed', 'p1', 3600, { onTime: false }),
    ];
    const line = indicator(person(runLib(closed), 'p1'), 'hazard_rectification_on_time')!;
    expect(line).toMatchObject({ value: 98, rating: 'qualified', points: 80, n: 50, dimension: 'risk_control' });
    expect(line.explanation).toBe('98 % (49/50); excellent >= 100 %, qualified >= 98 % -> qualified, 80 points');
  });

  it('average time against thresholds, and response time as % of target', () => {
    const r = runLib([
      fact('emergency.acknowledged', 'h1', 240, { late: false }, { attribution: 'department_head' }),
      fact('emergency.acknowledged', 'h1', 360, { late: true }, { attribution: 'department_head' }),
      fact('emergency.response', 'h1', 540, { targetSeconds: 600, late: false, drill: true }, { attribution: 'department_head' }),
      fact('emergency.response', 'h1', 700, { late: true, drill: false }, { attribution: 'department_head' }),
    ]);
    const h1 = person(r, 'h1');
    expect(indicator(h1, 'emergency_acknowledge_time')).toMatchObject({ value: 300, rating: 'qualified', points: 80 });
    // The response without a target is left out of the ratio, not of the on-time rate.
    expect(indicator(h1, 'emergency_response_time_vs_target')).toMatchObject({ value: 90, n: 1, rating: 'qualified', points: 90 });
    expect(indicator(h1, 'emergency_response_on_time')).toMatchObject({ value: 50, n: 2, rating: 'needs_improvement' });
  });

  it('score: the mean inspection score, counted for the department head', () => {
    const r = runLib([fact('inspection.scored', null, 85, {}, { orgUnitId: 'd1' }), fact('inspection.scored', null, 95, {}, { orgUnitId: 'd1w1' })]);
    expect(indicator(person(r, 'h1'), 'inspection_average_score')).toMatchObject({ value: 90, rating: 'excellent', points: 100 });
    expect(indicator(subject(r, 'department', 'd1'), 'inspection_average_score')).toMatchObject({ value: 90, n: 2 });
  });

  it('count: reworks, lower is better, zero counts', () => {
    // No rework: below the sample of 1, no line; the dimension stays at the base (100, as 0 reworks would give).
    expect(indicator(person(runLib([]), 'p1'), 'hazard_rework_count')).toBeUndefined();
    expect(indicator(person(runLib([fact('hazard.rework', 'p1', 1)]), 'p1'), 'hazard_rework_count')).toMatchObject({
      value: 1,
      rating: 'qualified',
      points: 80,
    });
    expect(indicator(person(runLib([fact('hazard.rework', 'p1', 1), fact('hazard.rework', 'p1', 1)]), 'p1'), 'hazard_rework_count')).toMatchObject({
      value: 2,
      rating: 'needs_improvement',
      points: 40,
    });
  });

  it('behaviour scale from a count: suggestions made ≥3 → 5, 1–2 → 3; none → no line (not in the defaults: no process feeds it)', () => {
    const pts = [1, 2, 3, 7].map((n) => indicator(person(runLib(reports('p1', n)), 'p1'), 'suggestions_made')!.value);
    expect(pts).toEqual([3, 3, 5, 5]);
    expect(indicator(person(runLib([]), 'p1'), 'suggestions_made')).toBeUndefined();
    expect(DEFAULT_RULESET.indicators.suggestions_made).toBeUndefined();
  });

  it('behaviour scale rated by several raters, weighted by rater role', () => {
    const rate = (raterRole: BehaviourRating['raterRole'], raterId: string, score: number): BehaviourRating => ({
      personId: 'h1',
      indicatorCode: 'cooperation_behaviour',
      raterRole,
      raterId,
      score,
    });
    const ratings = [rate('superior', 'boss', 5), rate('peer', 'a', 3), rate('peer', 'b', 4), rate('subordinate', 'c', 2)];
    const line = indicator(person(runLib([], { ratings }), 'h1'), 'cooperation_behaviour')!;
    // (0.4 × 5 + 0.2 × 3.5 + 0.2 × 2) / 0.8 — the external expert did not rate, so its weight drops out.
    expect(line).toMatchObject({ value: 3.88, n: 4, rating: 'qualified', points: 97.5, dimension: 'collaboration' });
    const expert = indicator(person(runLib([], { ratings: [...ratings, rate('external_expert', 'x', 0)] }), 'h1'), 'cooperation_behaviour')!;
    expect(expert.value).toBe(3.1);
    // Out-of-scale ratings are refused.
    expect(() => runLib([], { ratings: [rate('peer', 'a', 6)] })).toThrow(/within 0\.\.5/);
  });

  it('cross-checks ratings against recorded facts', () => {
    const ratings: BehaviourRating[] = [{ personId: 'h1', indicatorCode: 'cooperation_behaviour', raterRole: 'superior', raterId: 'boss', score: 5 }];
    const slow = fact('hazard.acknowledged', 'h1', 3 * 86400, { late: true });
    expect(person(runLib([slow], { ratings }), 'h1').flags.ratingDiscrepancies).toEqual(['cooperation_behaviour']);
    expect(person(runLib([fact('hazard.acknowledged', 'h1', 3600)], { ratings }), 'h1').flags.ratingDiscrepancies).toEqual([]);
  });

  it('coverage: training participation of a department’s people', () => {
    const r = runLib([fact('training.attended', 'p1', 1), fact('training.attended', 'p1', 1), fact('training.attended', 'p2', 0)]);
    expect(indicator(subject(r, 'department', 'd1'), 'training_participation')).toMatchObject({ value: 50, n: 3, rating: 'needs_improvement' });
    expect(indicator(subject(r, 'department', 'd2'), 'training_participation')).toBeUndefined();
    expect(indicator(person(r, 'p1'), 'training_pass_rate')).toMatchObject({ value: 100 });
  });

  it('department collaboration: handoff tasks on time across processes, report timeliness with gaps', () => {
    const r = runLib([
      fact('hazard.closed', 'p1', 10, { overdueDays: 0 }),
      fact('risk.measure_completed', 'p2', null, { onTime: false }),
      fact('risk.input', 'h1', 100, { late: false, gap: true }),
      fact('risk.input', 'h1', 100, { late: false }),
    ]);
    const d1 = subject(r, 'department', 'd1');
    expect(indicator(d1, 'collab_rectification_on_time')).toMatchObject({ value: 50, n: 2 });
    expect(indicator(d1, 'report_timeliness')).toMatchObject({ value: 50, n: 2 });
    expect(indicator(person(r, 'p1'), 'collab_rectification_on_time')).toBeUndefined();
  });

  it('the duty list narrows a person’s indicators', () => {
    const subjects = SUBJECTS.map((s) => (s.personId === 'p1' ? { ...s, indicatorCodes: ['hazard_rectification_on_time'] } : s));
    const p1 = person(runLib([fact('hazard.rework', 'p1', 1), fact('hazard.closed', 'p1', 1, { onTime: true })], { subjects }), 'p1');
    expect(p1.lines.map((l) => (l.kind === 'indicator' ? l.indicatorCode : l.ruleCode))).toEqual(['hazard_rectification_on_time']);
    expect(p1.total).toBe(100);
  });
});

describe('custom indicators', () => {
  const custom = forkliftCheck('Forklift pre-use checks', '叉车班前点检', ['person']);
  it('take effect only when approved, with their own weight', () => {
    const facts = [...reports('p1'), fact('forklift.check', 'p1', 0), fact('forklift.check', 'p1', 1)];
    const approved = draft();
    approved.indicators.forklift_check = { ...custom, approved: true };
    approved.weights.bySubjectType.person = {
      dimensions: { compliance_execution: 0.3, risk_control: 0.3, emergency_response: 0.2, collaboration: 0.1 },
      custom: { forklift_check: 0.1 },
    };
    const p1 = person(run(facts, { ruleset: approved }), 'p1');
    expect(indicator(p1, 'forklift_check')).toMatchObject({ custom: true, value: 50, weight: 0.1, points: 42.11 });
    expect(p1.dimensionScores.compliance_execution).toBe(100);
    expect(p1.total).toBe(94.21);
    const pending = draft();
    pending.indicators.forklift_check = { ...custom, approved: false };
    expect(indicator(person(run(facts, { ruleset: pending }), 'p1'), 'forklift_check')).toBeUndefined();
  });
});

describe('attribution', () => {
  it('a fact for an unknown person falls back to the head of its org unit’s department', () => {
    const r = run([
      fact('hazard.rework', 'ghost', 1, {}, { orgUnitId: 'd1w1' }),
      fact('hazard.rework', 'ghost', 1, {}, { orgUnitId: 'd2', departmentHeadPersonId: 'h2' }),
    ]);
    expect(indicator(person(r, 'h1'), 'hazard_rework_count')!.value).toBe(1);
    expect(indicator(person(r, 'h2'), 'hazard_rework_count')!.value).toBe(1);
    expect(indicator(subject(r, 'department', 'd1'), 'hazard_rework_count')!.n).toBe(1);
    expect(r.unattributedFactIds).toEqual([]);
  });

  it('follows the priority: direct, affected, site lead, department head', () => {
    const f = fact('hazard.rework', 'ghost', 1, { affectedPersonId: 'p2', siteLeadPersonId: 'p4' }, { orgUnitId: 'd1w1' });
    expect(indicator(person(run([f]), 'p2'), 'hazard_rework_count')!.value).toBe(1);
    const siteFirst = draft();
    siteFirst.attribution.priority = ['site_lead', 'department_head'];
    const r = run([f], { ruleset: siteFirst });
    expect(indicator(person(r, 'p4'), 'hazard_rework_count')!.value).toBe(1);
    expect(indicator(person(r, 'p2'), 'hazard_rework_count')).toBeUndefined(); // no rework of theirs: no line
  });

  it('person-only facts do not fall back; facts reaching no one are reported', () => {
    const r = run([
      fact('training.attended', 'ghost', 0, {}, { orgUnitId: 'd1w1' }),
      fact('hazard.rework', 'ghost', 1, {}, { id: 'lost', orgUnitId: 'elsewhere' }),
    ]);
    expect(rule(person(r, 'h1'), 'failed_training')).toBeUndefined();
    expect(rule(subject(r, 'department', 'd1'), 'failed_training')!.points).toBe(-0.5); // −2 over 4 people
    expect(r.unattributedFactIds).toEqual(['lost']);
  });
});

describe('ratings and history', () => {
  const adjust = (points: number) => run([...FULL(), fact('score.adjustment', 'p1', points)]);
  it('rates totals by the thresholds', () => {
    expect([-10, -10.01, -30, -30.01].map((p) => person(adjust(p), 'p1').rating)).toEqual(['excellent', 'qualified', 'qualified', 'needs_improvement']);
    expect(person(adjust(-10.01), 'p1').total).toBe(89.99);
  });

  it('raises the weight of last period’s shortfall dimension', () => {
    const history: HistoryEntry[] = [
      {
        subjectType: 'person',
        subjectId: 'p1',
        periodEnd: PERIOD.start,
        total: 60,
        rating: 'needs_improvement',
        dimensionScores: { compliance_execution: 90, risk_control: 90, emergency_response: 90, collaboration: 40 },
      },
    ];
    // Three failed trainings: the pass rate (0 %, its sample reached) zeroes compliance, now weighted 0.28125, and −6 by the rule.
    const failed = Array.from({ length: 3 }, () => fact('training.attended', 'p1', 0));
    const p1 = person(run(failed, { history }), 'p1');
    expect(p1.flags.boostedDimension).toBe('collaboration');
    expect(p1.weights.dimensions).toEqual({ compliance_execution: 0.28125, risk_control: 0.28125, emergency_response: 0.1875, collaboration: 0.25 });
    expect(p1.total).toBe(65.88); // 100 − 28.125 − 6
    // Penalties of a dimension count towards its shortfall.
    const penalised: HistoryEntry = {
      ...history[0],
      dimensionScores: { compliance_execution: 100, risk_control: 90, emergency_response: 100, collaboration: 100 },
      dimensionAdjustments: { risk_control: -30 },
    };
    expect(person(run([], { history: [penalised] }), 'p1').flags.boostedDimension).toBe('risk_control');
    // No shortfall when every dimension was at least qualified.
    const fine: HistoryEntry = { ...history[0], dimensionScores: { compliance_execution: 90, risk_control: 90, emergency_response: 90, collaboration: 70 } };
    expect(person(run([], { history: [fine] }), 'p1').flags.boostedDimension).toBeNull();
  });

  it('a department keeps its collaboration minimum when another dimension is raised', () => {
    const ruleset = draft();
    ruleset.weights.byDepartment.d1 = {
      dimensions: { compliance_execution: 0.3, risk_control: 0.35, emergency_response: 0.2, collaboration: 0.15 },
      custom: {},
    };
    const history: HistoryEntry[] = [
      {
        subjectType: 'department',
        subjectId: 'd1',
        periodEnd: PERIOD.start,
        total: 60,
        rating: 'needs_improvement',
        dimensionScores: { compliance_execution: 40, risk_control: 90, emergency_response: 90, collaboration: 90 },
      },
    ];
    const d1 = subject(run([], { ruleset, history }), 'department', 'd1');
    expect(d1.weightSource).toBe('weights.byDepartment.d1');
    expect(d1.weights.dimensions.collaboration).toBe(0.15);
    expect(d1.weights.dimensions.compliance_execution).toBe(0.35);
  });

  it('flags two consecutive needs-improvement periods', () => {
    const facts = [fact('score.adjustment', 'p1', -40)];
    const first = run(facts);
    expect(person(first, 'p1')).toMatchObject({ rating: 'needs_improvement', flags: { consecutiveNeedsImprovement: false } });
    const april = { start: PERIOD.end, end: '2026-05-01T00:00:00.000Z' };
    const second = run([fact('score.adjustment', 'p1', -40, {}, { occurredAt: '2026-04-02T00:00:00.000Z' })], { period: april, history: historyFrom(first) });
    expect(person(second, 'p1').flags.consecutiveNeedsImprovement).toBe(true);
    expect(person(second, 'p2').flags.consecutiveNeedsImprovement).toBe(false);
  });
});

describe('posts and companies', () => {
  it('pool their members’ facts; counts per person, rule points averaged', () => {
    const rework = fact('hazard.rework', 'p1', 1);
    const overdue = fact('hazard.overdue_day', 'p1', 1, { hazardId: 'A' });
    const r = run([...FULL(), rework, overdue], { scoreCompanies: true });
    const post = subject(r, 'post', 'post-a');
    // Every pooled line lists the members' facts behind it.
    expect(indicator(post, 'hazard_rework_count')).toMatchObject({ value: 0.5, points: 90, factIds: [rework.id] });
    expect(rule(post, 'hazard_overdue')).toMatchObject({ points: -2.5, factIds: [overdue.id] });
    expect(post.weightSource).toBe('weights.bySubjectType.post');
    expect(person(r, 'p2').weightSource).toBe('weights.byPostProfile.*-*-high');
    const company = subject(r, 'company', 'c1');
    expect(indicator(company, 'hazard_rework_count')).toMatchObject({ factIds: [rework.id] });
    expect(indicator(company, 'hazard_rework_count')!.value).toBeCloseTo(1 / 6, 2);
    expect(rule(company, 'hazard_overdue')).toMatchObject({ factIds: [overdue.id] });
  });
});

describe('aggregates', () => {
  const facts = [
    ...FULL(),
    fact('hazard.overdue_day', 'p1', 1, { hazardId: 'A' }),
    fact('hazard.overdue_day', 'p1', 1, { hazardId: 'A' }),
    fact('hazard.overdue_day', 'p1', 1, { hazardId: 'B' }),
    fact('hazard.closed', 'p1', 10, { onTime: true }),
    fact('hazard.closed', 'p1', 10, { onTime: false }),
    fact('inspection.scored', null, 70, {}, { orgUnitId: 'd1' }),
    fact('training.attended', 'p2', 0),
  ];
  const ctx = { ruleset: DEFAULT_RULESET, period: PERIOD, subjects: SUBJECTS, departments: DEPARTMENTS };

  it('have the SQL GROUP BY shape, grouped by hazard for the capped rule', () => {
    const { aggregates } = aggregateFacts(facts, ctx);
    const overdue = aggregates.filter((a) => a.code === 'hazard_overdue' && a.subjectType === 'person');
    expect(overdue.map(({ factIds: _f, ...a }) => a)).toEqual([
      { subjectType: 'person', subjectId: 'p1', code: 'hazard_overdue', groupKey: 'A', n: 2, sum: 0, hits: 0, persons: 0 },
      { subjectType: 'person', subjectId: 'p1', code: 'hazard_overdue', groupKey: 'B', n: 1, sum: 0, hits: 0, persons: 0 },
    ]);
    expect(aggregates.find((a) => a.subjectType === 'person' && a.subjectId === 'p1' && a.code === 'hazard_rectification_on_time')).toMatchObject({
      n: 2,
      hits: 1,
      sum: 0,
      groupKey: null,
    });
    expect(aggregates.find((a) => a.subjectType === 'department' && a.code === 'training_participation')).toMatchObject({ subjectId: 'd1', n: 1, persons: 1 });
  });

  it('scoreSubjects = aggregateFacts + scoreFromAggregates; pre-computed rows may be split and unsorted', () => {
    const direct = run(facts);
    const { aggregates } = aggregateFacts(facts, ctx);
    const fromAgg = scoreFromAggregates(aggregates, ctx);
    expect(fromAgg.results).toEqual(direct.results);
    expect(fromAgg.hashBasis).toBe('aggregates');
    expect(scoreFromAggregates(shuffled(aggregates, 5), ctx).inputHash).toBe(fromAgg.inputHash);
    // As a SQL GROUP BY might return them: rows split in two, fact ids in any order, rows in any order.
    const split: Aggregate[] = [];
    for (const a of aggregates) {
      if (a.n < 2 || a.code === 'training_participation') {
        split.push({ ...a, factIds: [...a.factIds].reverse() });
        continue;
      }
      const k = Math.floor(a.n / 2);
      const ids = [...a.factIds].reverse();
      const first = aggregateFacts(
        facts.filter((f) => ids.slice(0, k).includes(f.id)),
        ctx,
      ).aggregates.find((x) => x.subjectType === a.subjectType && x.subjectId === a.subjectId && x.code === a.code && x.groupKey === a.groupKey)!;
      split.push({ ...first, factIds: ids.slice(0, k) }, { ...a, n: a.n - first.n, sum: a.sum - first.sum, hits: a.hits - first.hits, factIds: ids.slice(k) });
    }
    const fromSql = scoreFromAggregates(shuffled(split, 9), ctx);
    const strip = (r: ScoringResult) => r.results.map(({ inputHash: _h, ...s }) => s);
    expect(strip(fromSql)).toEqual(strip(direct));
  });

  it('lists what to GROUP BY for a ruleset', () => {
    const plan = aggregationPlan(DEFAULT_RULESET);
    expect(plan.find((e) => e.code === 'hazard_overdue')).toEqual({
      code: 'hazard_overdue',
      source: 'rule',
      kinds: ['hazard.overdue_day'],
      where: [],
      success: null,
      value: null,
      requiresValue: false,
      groupBy: ['data.hazardId', 'subjectId'],
      target: 'responsible',
      subjectTypes: ['person', 'department'],
      distinctPersons: false,
    });
    expect(plan.find((e) => e.code === 'emergency_response_time_vs_target')).toMatchObject({
      source: 'indicator',
      value: { field: 'value', ratioTo: 'data.targetSeconds', scale: 100 },
      requiresValue: true,
    });
    expect(plan.find((e) => e.code === 'training_participation')).toMatchObject({ distinctPersons: true, subjectTypes: ['department'] });
    // Rated indicators have nothing to aggregate.
    expect(plan.some((e) => e.code === 'cooperation_behaviour')).toBe(false);
  });

  it('fact classes: rows of a SQL GROUP BY over the plan’s fields, attributed once per class', () => {
    expect(factClassPlan(DEFAULT_RULESET).find((k) => k.kind === 'training.attended')).toEqual({
      kind: 'training.attended',
      groupBy: ['attribution', 'departmentHeadPersonId', 'orgUnitId', 'personId', 'value'],
    });
    expect(factClassPlan(DEFAULT_RULESET).find((k) => k.kind === 'hazard.closed')!.groupBy).toEqual(
      expect.arrayContaining(['data.onTime', 'data.overdueDays']),
    );
    const base = { attribution: 'direct', departmentHeadPersonId: null, data: {} };
    const classes: FactClass[] = [
      { ...base, kind: 'hazard.closed', personId: 'p1', orgUnitId: 'd1w1', data: { onTime: true }, n: 39, nValue: 39, sum: 39 * 3600 },
      { ...base, kind: 'hazard.closed', personId: 'p1', orgUnitId: 'd1w1', data: { onTime: false }, n: 1, nValue: 1, sum: 3600 },
      // An unknown person: the head of d1 answers for it.
      { ...base, kind: 'hazard.rework', personId: 'ghost', orgUnitId: 'd1w1', n: 2, nValue: 2, sum: 2 },
      { ...base, kind: 'training.attended', personId: 'p2', orgUnitId: 'd1w1', value: 0, n: 1, nValue: 1, sum: 0, factIds: ['t-9'] },
    ];
    const { aggregates } = aggregateFactClasses(classes, ctx);
    const r = scoreFromAggregates(aggregates, ctx);
    expect(indicator(person(r, 'p1'), 'hazard_rectification_on_time')).toMatchObject({ value: 97.5, n: 40, factIds: [] });
    expect(indicator(person(r, 'h1'), 'hazard_rework_count')).toMatchObject({ value: 2 });
    expect(rule(person(r, 'p2'), 'failed_training')).toMatchObject({ points: -2, factIds: ['t-9'] });
    expect(indicator(subject(r, 'department', 'd1'), 'training_participation')).toMatchObject({ value: 25 });
    expect(() => aggregateFactClasses([{ ...classes[3], value: undefined }], ctx)).toThrow(/grouped by value/);
    expect(() => aggregateFactClasses([{ ...classes[0], n: 0 }], ctx)).toThrow(/invalid counts/);
  });

  it('records a caller-supplied input hash', () => {
    const { aggregates } = aggregateFacts(facts, ctx);
    expect(scoreFromAggregates(aggregates, ctx, { inputHash: 'abc' })).toMatchObject({ inputHash: 'abc', hashBasis: 'provided' });
  });

  it('hashes facts as their canonical JSON', () => {
    const odd = [
      fact('a.b', 'p1', 1.5, { z: 1, a: [1, { y: 2, b: null }] }),
      fact('a.b', null, null, { b: 1, a: { d: 1, c: 2 } }),
      { ...fact('a.b', 'p1'), extra: 1 },
      fact('a.b', 'p1', 2, { a: undefined, b: 'x' }),
    ];
    for (const f of odd) expect(factJson(f)).toBe(canonicalJson(f));
  });

  it('refuses malformed rows', () => {
    const bad = {
      subjectType: 'person',
      subjectId: 'p1',
      code: 'hazard_rework_count',
      groupKey: null,
      n: -1,
      sum: 0,
      hits: 0,
      persons: 0,
      factIds: [],
    } as Aggregate;
    expect(() => scoreFromAggregates([bad], ctx)).toThrow(/invalid counts/);
    expect(() => scoreFromAggregates([{ ...bad, n: 1, subjectType: 'post' as never }], ctx)).toThrow(/person or department/);
  });
});

describe('determinism and input handling', () => {
  const facts = [
    ...FULL(),
    fact('hazard.overdue_day', 'p1', 1, { hazardId: 'A' }),
    fact('hazard.closed', 'p2', 5, { onTime: false }),
    fact('incident.serious', 'h2', null),
    fact('hazard.acknowledged', 'p3', 5000),
  ];

  it('same input in any order → identical output and hash', () => {
    const a = run(facts);
    const b = run(shuffled(facts, 7), { subjects: shuffled(SUBJECTS, 2), departments: [...DEPARTMENTS].reverse() });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run(facts.slice(1)).inputHash).not.toBe(a.inputHash);
    const other = draft();
    other.version = 'other';
    expect(run(facts, { ruleset: other }).inputHash).not.toBe(a.inputHash);
  });

  it('per-subject hashes change only for the subjects whose inputs changed', () => {
    const a = run(facts);
    const b = run([...facts, fact('hazard.rework', 'p3', 1)]);
    const changed = b.results.filter((s, i) => s.inputHash !== a.results[i].inputHash).map((s) => `${s.subjectType}:${s.subjectId}`);
    expect(changed).toEqual(['person:p3', 'department:d2']); // p3 holds no post; no company outside a company cycle
  });

  it('drops exact repeats of a fact, refuses two facts with one id, skips facts outside the period', () => {
    const f = fact('hazard.rework', 'p1', 1);
    expect(indicator(person(run([f, { ...f }]), 'p1'), 'hazard_rework_count')!.value).toBe(1);
    expect(() => run([f, { ...f, value: 2 }])).toThrow(/share the id/);
    const late = fact('hazard.rework', 'p1', 1, {}, { occurredAt: PERIOD.end });
    const r = run([late]);
    expect(r.outOfPeriod).toBe(1);
    expect(indicator(person(r, 'p1'), 'hazard_rework_count')).toBeUndefined();
    expect(() => run([], { period: { start: PERIOD.end, end: PERIOD.start } })).toThrow(/period/);
    expect(() => run([], { subjects: [...SUBJECTS, SUBJECTS[0]] })).toThrow(/listed twice/);
  });

  it('validates the ruleset it is given', () => {
    const bad = draft();
    bad.weights.bySubjectType.person.dimensions.collaboration = 0;
    expect(() => run([], { ruleset: bad })).toThrow(/core dimension/);
  });
});

describe('what-if', () => {
  it('shows every subject’s before and after under a draft, largest change first', () => {
    const facts = [
      ...FULL(),
      ...Array.from({ length: 3 }, () => fact('hazard.overdue_day', 'p1', 1, { hazardId: 'A' })),
      fact('hazard.overdue_day', 'p3', 1, { hazardId: 'B' }),
    ];
    const input = { ruleset: DEFAULT_RULESET, period: PERIOD, subjects: SUBJECTS, departments: DEPARTMENTS, facts, scoreCompanies: true };
    const base = scoreSubjects(input);
    const stricter: Ruleset = parseRuleset({
      ...draft(),
      version: 'draft-2',
      rules: { ...DEFAULT_RULESET.rules, hazard_overdue: { ...DEFAULT_RULESET.rules.hazard_overdue, points: 10, capPerGroup: 40 } },
    });
    const { draft: after, differences } = whatIf(base, stricter, input);
    expect(after.rulesetVersion).toBe('draft-2');
    expect(differences.slice(0, 4)).toEqual([
      { subjectType: 'person', subjectId: 'p1', before: 85, after: 70, delta: -15, ratingBefore: 'qualified', ratingAfter: 'qualified' },
      // The post averages its holders' (p1, p4) penalties: −15 / 2 → −30 / 2.
      { subjectType: 'post', subjectId: 'post-a', before: 92.5, after: 85, delta: -7.5, ratingBefore: 'excellent', ratingAfter: 'qualified' },
      { subjectType: 'person', subjectId: 'p3', before: 95, after: 90, delta: -5, ratingBefore: 'excellent', ratingAfter: 'excellent' },
      // d1's four people: −15 / 4 → −30 / 4.
      { subjectType: 'department', subjectId: 'd1', before: 96.25, after: 92.5, delta: -3.75, ratingBefore: 'excellent', ratingAfter: 'excellent' },
    ]);
    // The company averages its departments' penalty lines: (−3.75 − 2.5) / 2 = −3.13 (2 decimals) → (−7.5 − 5) / 2.
    expect(differences[4]).toEqual({
      subjectType: 'company',
      subjectId: 'c1',
      before: 96.87,
      after: 93.75,
      delta: -3.12,
      ratingBefore: 'excellent',
      ratingAfter: 'excellent',
    });
    expect(differences).toHaveLength(base.results.length);
    expect(differences.at(-1)!.delta).toBe(0);
    // The same from aggregates.
    const { aggregates } = aggregateFacts(facts, { ...input, ruleset: stricter });
    expect(whatIf(base, stricter, { ...input, aggregates }).differences).toEqual(differences);
  });
});
