import { candidacyLevels, candidatesOf, mayBeGiven, type CandidateGraph, type CandidateUnit, type CandidateUser } from './candidates';

/** group / company / plant / {safety, production / stamping, hr} */
function graph(extra: { holders?: Record<string, CandidateUser[]>; responders?: Record<string, string[]> } = {}): CandidateGraph {
  const units: CandidateUnit[] = [
    { id: 'g', path: '/g/', name: 'Group', headPersonId: null },
    { id: 'co', path: '/g/co/', name: 'Company', headPersonId: null },
    { id: 'pl', path: '/g/co/pl/', name: 'Plant', headPersonId: 'p-manager' },
    { id: 'safety', path: '/g/co/pl/safety/', name: 'Safety Department', headPersonId: 'p-safety' },
    { id: 'prod', path: '/g/co/pl/prod/', name: 'Production Department', headPersonId: 'p-head' },
    { id: 'stamp', path: '/g/co/pl/prod/stamp/', name: 'Stamping Workshop', headPersonId: null },
  ];
  const user = (userId: string, personId: string, seatUnitId: string): CandidateUser => ({ userId, personId, seatUnitId });
  const people = [
    user('manager', 'p-manager', 'pl'),
    user('safety', 'p-safety', 'pl'),
    user('head', 'p-head', 'prod'),
    user('officer2', 'p-officer2', 'safety'),
    user('employee', 'p-employee', 'stamp'),
  ];
  return {
    units: new Map(units.map((u) => [u.id, u])),
    responders: new Map(Object.entries(extra.responders ?? { safety: ['p-officer2'] })),
    usersByPerson: new Map(people.map((u) => [u.personId!, [u]])),
    holders: new Map(
      Object.entries(
        extra.holders ?? {
          hr: [user('hr', 'p-hr', 'co'), user('hr.prod', 'p-hrprod', 'prod')],
          manager: [user('manager', 'p-manager', 'pl')],
          department_head: [user('head', 'p-head', 'prod')],
        },
      ),
    ),
  };
}

const task = (orgUnitId: string, candidateRole: string | null, taskType = 'hazard.verify', escalationLevel = 0) => ({
  orgUnitId,
  candidateRole,
  taskType,
  escalationLevel,
});
const ids = (m: Map<string, unknown>) => [...m.keys()].sort();

describe('who a task is for', () => {
  it('a unit task goes to its head and named responders, not to every member; a workshop without any to the department above', () => {
    const g = graph();
    expect(ids(candidatesOf(task('safety', null), g))).toEqual(['officer2', 'safety']);
    expect(candidatesOf(task('safety', null), g).get('officer2')).toMatchObject({ kind: 'responder', unitName: 'Safety Department' });
    expect(ids(candidatesOf(task('prod', null), g))).toEqual(['head']);
    expect(ids(candidatesOf(task('stamp', null), g))).toEqual(['head']); // not the employee of the workshop
    expect(ids(candidatesOf(task('stamp', null, 'hazard.verify', 1), g))).toEqual(['head', 'manager']); // escalated: the plant too
  });

  it('a role task goes to the nearest holders whose scope covers the unit; a department does not review its own scores', () => {
    const g = graph();
    expect(ids(candidatesOf(task('prod', 'hr', 'assessment.review'), g))).toEqual(['hr']);
    expect(candidatesOf(task('prod', 'hr', 'assessment.review'), g).get('hr')).toMatchObject({ kind: 'role', role: 'hr', unitName: 'Company' });
    // where the policy lets a unit review itself, its own holder is the nearest
    expect(ids(candidatesOf(task('prod', 'hr', 'risk.input'), g))).toEqual(['hr.prod']);
    expect(ids(candidatesOf(task('prod', 'hr', 'risk.input', 1), g))).toEqual(['hr', 'hr.prod']); // escalation: the next holder up
    // the company's own cycle: nobody above, so the company's HR
    expect(ids(candidatesOf(task('co', 'hr', 'assessment.review'), g))).toEqual(['hr']);
    // the head of the unit is responsible for it (first-level appeals)
    expect(ids(candidatesOf(task('prod', 'department_head', 'appeal.review'), g))).toEqual(['head']);
  });

  it('the policy may let a unit review itself', () => {
    const g = { ...graph(), selfReview: { 'assessment.review': true } };
    expect(ids(candidatesOf(task('prod', 'hr', 'assessment.review'), g))).toEqual(['hr.prod']);
    const hrProd = { userId: 'hr.prod', personId: 'p-hrprod', seatUnitId: 'prod', roles: ['hr'], memberPaths: ['/g/co/pl/prod/'] };
    expect(mayBeGiven(task('prod', 'hr', 'assessment.review'), g, hrProd)).toBe(true);
    expect(candidacyLevels('hr.prod', 'hr', true, g).get('prod')).toBe(0);
  });

  it('the requester of an approval is left out; the next rung takes it', () => {
    const g = graph({
      holders: {
        manager: [
          { userId: 'manager', personId: 'p-manager', seatUnitId: 'pl' },
          { userId: 'cmanager', personId: 'p-cm', seatUnitId: 'co' },
        ],
      },
    });
    expect(ids(candidatesOf(task('pl', 'manager', 'hazard.extension_approval'), g))).toEqual(['manager']);
    expect(ids(candidatesOf(task('pl', 'manager', 'hazard.extension_approval'), g, new Set(['manager'])))).toEqual(['cmanager']);
  });

  it('delegation only to someone who could have been given the task', () => {
    const g = graph();
    const head = { userId: 'head', personId: 'p-head', seatUnitId: 'prod', roles: ['department_head'], memberPaths: ['/g/co/pl/prod/'] };
    const manager = { userId: 'manager', personId: 'p-manager', seatUnitId: 'pl', roles: ['manager'], memberPaths: ['/g/co/pl/'] };
    const employee = { userId: 'employee', personId: 'p-employee', seatUnitId: 'stamp', roles: ['employee'], memberPaths: ['/g/co/pl/prod/stamp/'] };
    expect(mayBeGiven(task('pl', 'manager', 'hazard.extension_approval'), g, head)).toBe(false); // lacks the role
    expect(mayBeGiven(task('pl', 'manager', 'hazard.extension_approval'), g, manager)).toBe(true);
    expect(mayBeGiven(task('pl', 'manager', 'hazard.extension_approval'), g, manager, new Set(['manager']))).toBe(false); // the requester
    expect(mayBeGiven(task('stamp', null), g, employee)).toBe(true); // a member of the workshop
    expect(mayBeGiven(task('safety', null), g, employee)).toBe(false);
    const hrProd = { userId: 'hr.prod', personId: 'p-hrprod', seatUnitId: 'prod', roles: ['hr'], memberPaths: ['/g/co/pl/prod/'] };
    expect(mayBeGiven(task('prod', 'hr', 'assessment.review'), g, hrProd)).toBe(false); // its own department's scores
  });

  it('inbox levels agree with candidatesOf for every unit', () => {
    const g = graph();
    for (const [user, role, selfReview, type] of [
      ['head', null, true, 'hazard.verify'],
      ['manager', null, true, 'hazard.verify'],
      ['employee', null, true, 'hazard.verify'],
      ['hr', 'hr', false, 'assessment.review'],
      ['hr.prod', 'hr', false, 'assessment.review'],
      ['hr', 'hr', true, 'risk.input'],
    ] as const) {
      const levels = candidacyLevels(user, role, selfReview, g);
      for (const u of g.units.keys()) {
        for (const level of [0, 1, 2]) {
          const expected = candidatesOf(task(u, role, type, level), g).has(user);
          expect([user, u, level, (levels.get(u) ?? Infinity) <= level]).toEqual([user, u, level, expected]);
        }
      }
    }
  });
});
