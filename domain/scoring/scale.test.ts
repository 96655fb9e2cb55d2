/**
 * Scale guard: scoring 10,000 people in 100 departments from pre-computed aggregates stays linear
 * (the full 1,000,000-fact benchmark lives outside the unit tests).
 */
import type { Aggregate, ScoringDepartment, ScoringSubject } from './aggregate';
import { scoreFromAggregates } from './evaluate';
import { DEFAULT_RULESET } from './ruleset';

function org(people: number, departments: number) {
  const perDept = people / departments;
  const depts: ScoringDepartment[] = Array.from({ length: departments }, (_, d) => ({ departmentId: `d${d}`, headPersonId: `p${d * perDept}` }));
  const profiles = ['frontline-production-high', 'frontline-production-normal', 'middle-production-normal', 'senior-functional-normal'];
  const subjects: ScoringSubject[] = Array.from({ length: people }, (_, i) => ({
    personId: `p${i}`,
    postProfile: profiles[i % 4],
    orgUnitId: `d${Math.floor(i / perDept)}`,
    departmentId: `d${Math.floor(i / perDept)}`,
    postId: `post${Math.floor(i / 5)}`,
  }));
  const aggregates: Aggregate[] = [];
  const row = (
    subjectType: 'person' | 'department',
    subjectId: string,
    code: string,
    n: number,
    sum: number,
    hits: number,
    groupKey: string | null = null,
  ): Aggregate => ({
    subjectType,
    subjectId,
    code,
    groupKey,
    n,
    sum,
    hits,
    persons: 0,
    factIds: Array.from({ length: n }, (_, k) => `${subjectId}/${code}/${groupKey ?? ''}${k}`),
  });
  for (let i = 0; i < people; i++) {
    const id = `p${i}`;
    aggregates.push(
      row('person', id, 'emergency_response_on_time', 3, 0, i % 4 === 0 ? 2 : 3),
      row('person', id, 'handoff_response_time', 2, 20_000 + (i % 7) * 10_000, 0),
      row('person', id, 'hazard_overdue', 1 + (i % 3), 0, 0, `h${i}`),
      row('person', id, 'hazard_overdue', 2, 0, 0, `h${i + 1}`),
      row('person', id, 'hazard_rectification_on_time', 4, 0, i % 5 === 0 ? 3 : 4),
      row('person', id, 'hazard_rework_count', i % 3, 0, 0),
      row('person', id, 'suggestions_made', i % 4, 0, 0),
      row('person', id, 'training_pass_rate', 2, 0, i % 6 === 0 ? 1 : 2),
    );
  }
  for (let d = 0; d < departments; d++) {
    aggregates.push(
      row('department', `d${d}`, 'hazard_rectification_on_time', 400, 0, 390),
      row('department', `d${d}`, 'inspection_average_score', 4, 330, 0),
      { ...row('department', `d${d}`, 'training_participation', 200, 0, 0), persons: 90 },
    );
  }
  return { depts, subjects, aggregates };
}

describe('scale', () => {
  it('scores 10,000 people, their posts and 100 departments from aggregates in linear time', () => {
    const { depts, subjects, aggregates } = org(10_000, 100);
    const ctx = { ruleset: DEFAULT_RULESET, period: { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' }, subjects, departments: depts };
    scoreFromAggregates(aggregates.slice(0, 1000), ctx); // warm-up
    // CPU time, not wall time: other processes on a busy CI machine do not count.
    const started = process.cpuUsage();
    const r = scoreFromAggregates(aggregates, ctx);
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    expect(r.results.filter((s) => s.subjectType === 'person')).toHaveLength(10_000);
    expect(r.results.filter((s) => s.subjectType === 'department')).toHaveLength(100);
    expect(r.results.filter((s) => s.subjectType === 'post')).toHaveLength(2_000);
    // A guard against quadratic work, generous for slow machines: a warm run takes a few hundred ms.
    expect(ms).toBeLessThan(5_000);
  });
});
