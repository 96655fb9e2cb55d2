import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { HazardService, type HazardFilter } from '../../api/hazards/service';
import { NotFoundError } from '../../api/platform/errors';
import type { Principal } from '../../api/platform/route';
import { migrate } from '../../db/data-source';
import { Hazard, OrgUnit, Task } from '../../db/entities';
import type { Role } from '../../domain/org';
import { openScratchDatabase } from '../support/mysql';

/**
 * Who sees which hazard in the list (pages and totals) and the detail, on both drivers: named
 * cases first, then every kind of caller against the access rules written out in plain code, for a
 * few hundred generated hazards and tasks.
 */
describe.each([
  ['MariaDB', 'mysql'],
  ['embedded SQLite', 'sqlite'],
] as const)('hazard visibility on %s', (_label, kind) => {
  let ds: DataSource;
  let close: () => Promise<void> = async () => undefined;
  let service: HazardService;

  // group → company → plant P (departments A with workshops A1 and A2, B with B1, safety S) and plant P2 (department D).
  const units: Record<string, OrgUnit> = {};
  const tree: [code: string, parent: string | null, kind: OrgUnit['kind']][] = [
    ['G', null, 'group'],
    ['C', 'G', 'company'],
    ['P', 'C', 'plant'],
    ['A', 'P', 'department'],
    ['A1', 'A', 'workshop'],
    ['A2', 'A', 'workshop'],
    ['B', 'P', 'department'],
    ['B1', 'B', 'workshop'],
    ['S', 'P', 'department'],
    ['P2', 'C', 'plant'],
    ['D', 'P2', 'department'],
  ];
  /** A unit that was deleted after hazards were found in it. */
  const ghost = randomUUID();

  const who = (roles: Role[], login: string, person = login): Principal => ({
    userId: randomUUID(),
    username: `${roles[0]}-${login}`.toLowerCase(),
    displayName: login,
    roles,
    orgUnitId: units[login].id,
    orgUnitPath: units[login].path,
    memberPaths: login === person ? [units[login].path] : [units[login].path, units[person].path],
    personId: null,
  });
  let callers: Record<'admin' | 'auditor' | 'safety' | 'plantSafety' | 'headA' | 'workerA1' | 'headB' | 'outsider', Principal>;

  let seq = 0;
  type Row = Pick<Hazard, 'id' | 'workflowId' | 'orgUnitId' | 'responsibleOrgUnitId' | 'reporterUserId' | 'status' | 'category' | 'reportedAt'>;
  const hazards: Row[] = [];
  const tasks: Pick<Task, 'workflowId' | 'orgUnitId'>[] = [];
  const addHazard = async (h: {
    found: string;
    responsible?: string | null;
    reporter?: string;
    taskUnits?: string[];
    status?: string;
    category?: string;
    reportedAt?: Date;
  }) => {
    const id = randomUUID();
    const row = {
      id: id as string,
      workflowId: `Hazard:${id}`,
      title: `Hazard ${++seq}`,
      description: 'generated',
      category: h.category ?? 'guarding',
      area: 'Line 1',
      orgUnitId: h.found,
      suspectedSeverity: 'medium',
      evidenceIds: [] as string[],
      reporterUserId: h.reporter ?? randomUUID(),
      status: h.status ?? 'grading',
      responsibleOrgUnitId: h.responsible ?? null,
      reportedAt: h.reportedAt ?? new Date(Date.UTC(2026, 0, 1) + seq * 60_000),
      policyVersion: 1,
    };
    await ds.getRepository(Hazard).insert(row);
    hazards.push(row);
    for (const [i, unit] of (h.taskUnits ?? []).entries()) {
      const task = {
        id: `${row.workflowId}/step-${i}`,
        workflowId: row.workflowId,
        processType: 'hazard',
        taskType: 'hazard.rectify',
        title: 'Rectify',
        orgUnitId: unit,
        status: 'open' as const,
      };
      await ds.getRepository(Task).insert(task);
      tasks.push(task);
    }
    return id;
  };

  /** The access rules in plain code: what the list and the detail must agree with. */
  const sees = (p: Principal, h: Row): boolean => {
    const byId = new Map(Object.values(units).map((u) => [u.id, u]));
    const found = byId.get(h.orgUnitId);
    if (!found) return false; // the list joins the unit a hazard was found in: none, no hazard (as before)
    if (p.roles.some((r) => r === 'admin' || r === 'auditor')) return true;
    const responsible = h.responsibleOrgUnitId ? byId.get(h.responsibleOrgUnitId) : undefined;
    const mine = new Set(p.memberPaths.flatMap((m) => m.split('/').filter(Boolean)));
    return (
      found.path.startsWith(p.orgUnitPath) ||
      !!responsible?.path.startsWith(p.orgUnitPath) ||
      h.reporterUserId === p.userId ||
      (!!responsible && mine.has(responsible.id)) ||
      tasks.some((t) => t.workflowId === h.workflowId && mine.has(t.orgUnitId))
    );
  };
  const newestFirst = (a: Row, b: Row) => b.reportedAt.getTime() - a.reportedAt.getTime() || (a.id < b.id ? -1 : 1);

  const page = (p: Principal, f: Partial<HazardFilter> = {}) => service.list(p, { page: 1, pageSize: 200, ...f });
  const ids = async (p: Principal, f: Partial<HazardFilter> = {}) => new Set((await page(p, f)).items.map((i) => i.id));
  const canOpen = (p: Principal, id: string) =>
    service.load(p, id).then(
      () => true,
      (err: unknown) => (err instanceof NotFoundError ? false : Promise.reject(err)),
    );

  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase(kind));
    await migrate(ds);
    for (const [code, parent, unitKind] of tree) {
      const id = randomUUID();
      units[code] = Object.assign(new OrgUnit(), {
        id,
        parentId: parent ? units[parent].id : null,
        kind: unitKind,
        name: `Unit ${code}`,
        code: `VIS-${code}-${id.slice(0, 8)}`,
        departmentFunction: null,
        path: `${parent ? units[parent].path : '/'}${id}/`,
        headPersonId: null,
      });
      await ds.getRepository(OrgUnit).insert(units[code]);
    }
    callers = {
      admin: who(['admin'], 'G'),
      auditor: who(['auditor'], 'D'),
      safety: who(['safety_officer'], 'G', 'S'),
      plantSafety: who(['safety_officer'], 'P', 'S'),
      headA: who(['department_head'], 'A'),
      workerA1: who(['employee'], 'A1'),
      headB: who(['department_head'], 'B'),
      outsider: who(['employee'], 'D'),
    };
    service = new HazardService(ds, null as never, 'unused', null as never, null as never, null, 'default');
  });
  afterAll(async () => {
    await close();
  });

  it('a department head sees the hazards of his department and the units below it, not those of a sibling department', async () => {
    const inA1 = await addHazard({ found: units.A1.id });
    const inB1 = await addHazard({ found: units.B1.id, responsible: units.B.id });
    const fixedInA2 = await addHazard({ found: units.D.id, responsible: units.A2.id });
    const { headA, headB, outsider } = callers;
    const [a, b, o] = [await ids(headA), await ids(headB), await ids(outsider)];
    expect([a.has(inA1), a.has(inB1), a.has(fixedInA2)]).toEqual([true, false, true]);
    expect([b.has(inA1), b.has(inB1), b.has(fixedInA2)]).toEqual([false, true, false]);
    expect([o.has(inA1), o.has(inB1), o.has(fixedInA2)]).toEqual([false, false, true]);
    expect([await canOpen(headA, inA1), await canOpen(headA, inB1), await canOpen(headB, inB1)]).toEqual([true, false, true]);
  });

  it('the reporter always sees his own hazard, wherever it was found', async () => {
    const { workerA1, headA } = callers;
    const own = await addHazard({ found: units.D.id, reporter: workerA1.userId });
    expect((await ids(workerA1)).has(own)).toBe(true);
    expect(await canOpen(workerA1, own)).toBe(true);
    expect((await ids(headA)).has(own)).toBe(false);
  });

  it('members see hazards assigned to their unit or one above it, and those whose process gave such a unit a task', async () => {
    const { workerA1, headA, headB } = callers;
    const plantWide = await addHazard({ found: units.D.id, responsible: units.P.id });
    const taskForA = await addHazard({ found: units.D.id, responsible: units.D.id, taskUnits: [units.D.id, units.A.id] });
    for (const p of [workerA1, headA]) expect([(await ids(p)).has(plantWide), (await ids(p)).has(taskForA)]).toEqual([true, true]);
    expect([(await ids(headB)).has(plantWide), (await ids(headB)).has(taskForA)]).toEqual([true, false]);
    expect(await canOpen(headB, taskForA)).toBe(false);
  });

  it('lists, pages, counts and opens exactly what the access rules allow, for every kind of caller and filter', async () => {
    // Deterministic pseudo-random hazards: any unit (or the deleted one), responsible anywhere or
    // nobody, reported by a caller now and then, tasks here and there, many sharing a report time.
    let state = 7;
    const rnd = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
    const codes = Object.keys(units);
    const unitOrGhost = () => (rnd(12) === 0 ? ghost : units[codes[rnd(codes.length)]].id);
    const everyone = Object.values(callers);
    for (let i = 0; i < 250; i++) {
      await addHazard({
        found: unitOrGhost(),
        responsible: rnd(4) === 0 ? null : unitOrGhost(),
        reporter: rnd(6) === 0 ? everyone[rnd(everyone.length)].userId : undefined,
        taskUnits: Array.from({ length: rnd(3) }, unitOrGhost),
        status: ['grading', 'rectifying', 'closed'][rnd(3)],
        category: ['fire', 'guarding', 'electrical'][rnd(3)],
        reportedAt: new Date(Date.UTC(2026, rnd(12), 1 + rnd(3))),
      });
    }
    const filters: [Partial<HazardFilter>, (h: Row) => boolean][] = [
      [{}, () => true],
      [{ status: 'rectifying' }, (h) => h.status === 'rectifying'],
      [
        { category: 'fire', from: '2026-04-01T00:00:00Z', to: '2026-10-01T00:00:00Z' },
        (h) => h.category === 'fire' && h.reportedAt >= new Date('2026-04-01T00:00:00Z') && h.reportedAt < new Date('2026-10-01T00:00:00Z'),
      ],
      [
        { orgUnitId: units.A.id },
        (h) => [h.orgUnitId, h.responsibleOrgUnitId].some((u) => Object.values(units).some((x) => x.id === u && x.path.startsWith(units.A.path))),
      ],
    ];
    for (const [name, p] of Object.entries(callers)) {
      for (const [f, keep] of filters) {
        const expected = hazards
          .filter((h) => sees(p, h) && keep(h))
          .sort(newestFirst)
          .map((h) => h.id);
        const pageSize = 9;
        const got: string[] = [];
        for (let n = 1; n <= Math.ceil(expected.length / pageSize) + 1; n++) {
          const r = await service.list(p, { page: n, pageSize, ...f });
          expect({ caller: name, filter: f, page: n, total: r.total }).toEqual({ caller: name, filter: f, page: n, total: expected.length });
          got.push(...r.items.map((i) => i.id));
        }
        expect({ caller: name, filter: f, ids: got }).toEqual({ caller: name, filter: f, ids: expected });
      }
      for (const h of hazards.filter((_, i) => i % 5 === 0))
        expect({ caller: name, hazard: h.id, opens: await canOpen(p, h.id) }).toEqual({ caller: name, hazard: h.id, opens: sees(p, h) });
    }
  });
});
