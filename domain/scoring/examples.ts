/**
 * The literal examples of the default ruleset (issue 16): with `DEFAULT_RULESET` and nothing else
 * in the period, each person scores exactly this. One fixture for the engine's unit test and the
 * cycle's integration test; the ruleset page's help says the same in words. Pure data.
 */
import type { Rating } from './indicators';

/** A fact of an example, for the person it is about (the head of their department for an inspection). */
export interface ExampleFact {
  kind: string;
  value: number | null;
  /** Hazard id (overdue days of one hazard are capped together). */
  hazardId?: string;
  /** Attributed to the department head of the person's department (an inspection of it). */
  departmentHead?: boolean;
}

export interface LiteralExample {
  code: string;
  text: string;
  /** The person is the head of their department. */
  head?: boolean;
  facts: ExampleFact[];
  total: number;
  rating: Rating;
}

const overdue = (hazardId: string, days: number): ExampleFact[] => Array.from({ length: days }, () => ({ kind: 'hazard.overdue_day', value: 1, hazardId }));

export const LITERAL_EXAMPLES: readonly LiteralExample[] = [
  { code: 'no_facts', text: 'no facts at all -> 100, excellent', facts: [], total: 100, rating: 'excellent' },
  { code: 'failed_training', text: 'one failed safety training -> 98', facts: [{ kind: 'training.attended', value: 0 }], total: 98, rating: 'excellent' },
  { code: 'one_overdue', text: 'one hazard overdue 5 days -> 80 (-25 capped at -20), qualified', facts: overdue('hz-a', 5), total: 80, rating: 'qualified' },
  {
    code: 'two_overdue',
    text: 'two hazards overdue 5 and 2 days -> 70',
    facts: [...overdue('hz-b', 5), ...overdue('hz-c', 2)],
    total: 70,
    rating: 'qualified',
  },
  {
    code: 'inspected_head',
    text: 'the head of a department with one inspection scored 72 -> 90',
    head: true,
    facts: [{ kind: 'inspection.scored', value: 72, departmentHead: true }],
    total: 90,
    rating: 'excellent',
  },
  {
    code: 'declarations',
    text: 'approved self-declarations of 4 + 3 points on top of 100 -> 100 (cap +5, clamp)',
    facts: [
      { kind: 'declaration.approved', value: 4 },
      { kind: 'declaration.approved', value: 3 },
    ],
    total: 100,
    rating: 'excellent',
  },
];
