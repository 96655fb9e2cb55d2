/** The default ruleset's literal examples (issue 16) and how departments, posts and companies are scored. */
import { scoreSubjects } from './evaluate';
import { LITERAL_EXAMPLES, type ExampleFact } from './examples';
import type { Fact } from './facts';
import { DEFAULT_RULESET } from './ruleset';
import type { ScoringSubject } from './aggregate';
import type { ScoringResult } from './types';

const PERIOD = { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' };
let seq = 0;
function toFact(personId: string, f: ExampleFact, unit = 'd'): Fact {
  seq++;
  return {
    id: `ex-${String(seq).padStart(5, '0')}`,
    kind: f.kind,
    personId: f.departmentHead ? null : personId,
    attribution: f.departmentHead ? 'department_head' : 'direct',
    orgUnitId: unit,
    departmentHeadPersonId: f.departmentHead ? personId : null,
    sourceWorkflowId: `wf-${seq}`,
    subjectId: f.hazardId ?? `s-${seq}`,
    value: f.value,
    occurredAt: '2026-03-10T08:00:00.000Z',
    data: f.hazardId ? { hazardId: f.hazardId } : {},
  };
}
const person = (id: string, over: Partial<ScoringSubject> = {}): ScoringSubject => ({
  personId: id,
  postProfile: 'frontline-production-normal',
  orgUnitId: 'd',
  departmentId: 'd',
  ...over,
});
const find = (r: ScoringResult, type: string, id: string) => r.results.find((x) => x.subjectType === type && x.subjectId === id)!;

describe('the default ruleset, literally', () => {
  it.each(LITERAL_EXAMPLES.map((e) => [e.text, e] as const))('%s', (_, e) => {
    const r = scoreSubjects({
      ruleset: DEFAULT_RULESET,
      period: PERIOD,
      subjects: [person('x', { isDepartmentHead: e.head === true })],
      departments: [{ departmentId: 'd', headPersonId: e.head ? 'x' : null }],
      facts: e.facts.map((f) => toFact('x', f)),
    });
    const x = find(r, 'person', 'x');
    expect([x.total, x.rating]).toEqual([e.total, e.rating]);
    // Every line has its evidence.
    for (const l of x.lines) if (l.n > 0) expect(l.factIds.length).toBeGreaterThan(0);
  });

  it('an indicator below its minimum sample is shown, not counted; with its sample it refines the score', () => {
    const fails = (n: number) => Array.from({ length: n }, () => toFact('x', { kind: 'training.attended', value: 0 }));
    const score = (facts: Fact[]) =>
      find(
        scoreSubjects({ ruleset: DEFAULT_RULESET, period: PERIOD, subjects: [person('x')], departments: [{ departmentId: 'd', headPersonId: null }], facts }),
        'person',
        'x',
      );
    const two = score(fails(2));
    expect(two.lines.find((l) => l.kind === 'indicator')).toMatchObject({ indicatorCode: 'training_pass_rate', counted: false, weight: 0, n: 2 });
    expect(two.total).toBe(96);
    // Three failed trainings: the pass rate (0 %) counts — compliance 0 × 0.3 — on top of 3 × −2.
    const three = score(fails(3));
    expect(three.lines.find((l) => l.kind === 'indicator')).toMatchObject({ indicatorCode: 'training_pass_rate', counted: true, value: 0 });
    expect(three.total).toBe(64);
  });
});

describe('departments are scored as departments', () => {
  const subjects = [
    person('h', { isDepartmentHead: true, postProfile: 'middle-production-normal', postId: 'lead' }),
    person('a', { postId: 'op' }),
    person('b', { postId: 'op' }),
    person('c'),
  ];
  const run = (facts: Fact[], scoreCompanies = false) =>
    scoreSubjects({
      ruleset: DEFAULT_RULESET,
      period: PERIOD,
      subjects,
      departments: [{ departmentId: 'd', headPersonId: 'h', companyId: 'co' }],
      facts,
      scoreCompanies,
    });

  it("people's penalties are divided by the headcount; an inspection of the department hits it directly", () => {
    const overdue = Array.from({ length: 5 }, () => toFact('a', { kind: 'hazard.overdue_day', value: 1, hazardId: 'hz' }));
    const r = run([...overdue, toFact('h', { kind: 'inspection.scored', value: 72, departmentHead: true })]);
    const d = find(r, 'department', 'd');
    const line = (code: string) => d.lines.find((l) => l.kind !== 'indicator' && l.ruleCode === code)!;
    expect(line('hazard_overdue')).toMatchObject({ points: -5, factIds: overdue.map((f) => f.id) });
    expect(line('hazard_overdue').explanation).toBe('5 x 5 over 1 group, 1 capped at 20, -20 over 4 people -> -5');
    expect(line('inspection_below_threshold')).toMatchObject({ points: -10 });
    expect(d.total).toBe(85);
    expect(find(r, 'person', 'a').total).toBe(80);
    expect(find(r, 'person', 'h').total).toBe(90);
  });

  it('posts only from real posts, pooled lines carry their facts; a company only when the cycle is the company’s', () => {
    const overdue = Array.from({ length: 2 }, () => toFact('a', { kind: 'hazard.overdue_day', value: 1, hazardId: 'hz' }));
    const r = run(overdue);
    expect(r.results.filter((x) => x.subjectType === 'post').map((x) => [x.subjectId, x.memberIds])).toEqual([
      ['lead', ['h']],
      ['op', ['a', 'b']],
    ]);
    expect(find(r, 'post', 'op').lines.find((l) => l.kind !== 'indicator')).toMatchObject({
      ruleCode: 'hazard_overdue',
      points: -5,
      factIds: overdue.map((f) => f.id),
    });
    expect(r.results.some((x) => x.subjectType === 'company')).toBe(false);
    const company = find(run(overdue, true), 'company', 'co');
    expect(company.lines.find((l) => l.kind !== 'indicator')).toMatchObject({ ruleCode: 'hazard_overdue', points: -2.5, factIds: overdue.map((f) => f.id) });
  });
});
