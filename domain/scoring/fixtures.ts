/**
 * Test fixtures for the scoring engine: a small organisation (two departments, a few people)
 * and a fact builder, and indicator and line fixtures. Used by the unit and property tests and by
 * integration tests that need the same data; no I/O.
 */
import type { ScoringDepartment, ScoringSubject } from './aggregate';
import type { Fact } from './facts';
import type { RuleLine } from './types';

export const PERIOD = { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' };
export const IN_PERIOD = '2026-03-10T08:00:00.000Z';

/** d1 (head h1, workshop d1w1) with p1, p2, p4; d2 (head h2) with p3. */
export const DEPARTMENTS: ScoringDepartment[] = [
  { departmentId: 'd1', headPersonId: 'h1', orgUnitIds: ['d1w1'], companyId: 'c1' },
  { departmentId: 'd2', headPersonId: 'h2', companyId: 'c1' },
];

export const SUBJECTS: ScoringSubject[] = [
  { personId: 'p1', postProfile: 'frontline-production-normal', orgUnitId: 'd1w1', departmentId: 'd1', postId: 'post-a' },
  { personId: 'p2', postProfile: 'frontline-production-high', orgUnitId: 'd1w1', departmentId: 'd1' },
  { personId: 'p4', postProfile: 'frontline-production-normal', orgUnitId: 'd1w1', departmentId: 'd1', postId: 'post-a' },
  { personId: 'h1', postProfile: 'middle-production-normal', orgUnitId: 'd1', departmentId: 'd1', isDepartmentHead: true },
  { personId: 'p3', postProfile: 'frontline-functional-normal', orgUnitId: 'd2', departmentId: 'd2' },
  { personId: 'h2', postProfile: 'middle-functional-normal', orgUnitId: 'd2', departmentId: 'd2', isDepartmentHead: true },
];

const UNIT_OF: Record<string, string> = Object.fromEntries(SUBJECTS.map((s) => [s.personId, s.orgUnitId]));

let seq = 0;
/** A fact in the period, attributed directly to `personId` in that person's org unit unless overridden. */
export function fact(kind: string, personId: string | null, value: number | null = null, data: Record<string, unknown> = {}, over: Partial<Fact> = {}): Fact {
  seq += 1;
  return {
    id: over.id ?? `wf-${String(seq).padStart(6, '0')}/${kind}`,
    kind,
    personId,
    attribution: personId ? 'direct' : 'none',
    orgUnitId: (personId && UNIT_OF[personId]) ?? null,
    departmentHeadPersonId: null,
    sourceWorkflowId: 'Hazard:x',
    subjectId: 'hz-1',
    value,
    occurredAt: IN_PERIOD,
    data,
    ...over,
  };
}

/** n hazard reports by `personId` (suggestions made: ≥3 gives the full 5 points). */
export function reports(personId: string, n = 3): Fact[] {
  return Array.from({ length: n }, () => fact('hazard.reported', personId, null, {}, { attribution: 'reporter' }));
}

/** Fisher–Yates with a seeded generator (deterministic tests). */
export function shuffled<T>(xs: readonly T[], seed = 1): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A custom indicator a business line adds: forklift pre-use checks, the rate of `forklift.check`
 * facts with value 1. `extra` (approval, sample size) goes last.
 */
export function forkliftCheck(name: string, nameZh: string, subjects: string[], extra: Record<string, unknown> = {}) {
  return {
    name,
    nameZh,
    dimension: 'compliance_execution',
    type: 'rate',
    direction: 'higher_better',
    unit: 'percent',
    thresholds: { excellent: 100, qualified: 95 },
    measure: { op: 'rate', kinds: ['forklift.check'], success: [{ field: 'value', op: 'eq', value: 1 }] },
    attribution: 'responsible',
    subjects,
    custom: true,
    ...extra,
  };
}

/** A person's line for one hazard overdue 5 days under the default ruleset: −5 a day, −25 capped at −20. */
export function overduePenalty(factIds: string[], explanation: string): RuleLine {
  return { kind: 'penalty', ruleCode: 'hazard_overdue', dimension: 'risk_control', value: 5, points: -20, rating: null, n: 5, factIds, explanation };
}
