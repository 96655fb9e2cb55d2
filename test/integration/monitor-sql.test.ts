import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { monitorPage, type MonitorSqlFilter } from '../../api/processes/monitor-sql';
import { openDatabase } from '../../db/data-source';
import { Hazard, OrgUnit, Task, User } from '../../db/entities';
import { createScratchMysqlDatabase } from '../support/mysql';

/**
 * The process monitor's SQL (api/processes/monitor-sql.ts) on both databases SafeLoop runs on:
 * running hazards and notices from their projections, filtered, scoped, sorted and paged. The
 * rows are written as the workflows' activities write them (no workflow runs here; the monitor
 * does not ask Temporal about these kinds); processes.test.ts covers the monitor end to end.
 */

const NOW = new Date('2027-03-01T08:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

interface Fixture {
  units: Record<'root' | 'prod' | 'stamping' | 'equip', { id: string; path: string }>;
}

async function seed(ds: DataSource): Promise<Fixture> {
  const mk = (parent: { id: string; path: string } | null, code: string, kind: OrgUnit['kind']) => {
    const id = randomUUID();
    return { id, path: `${parent?.path ?? '/'}${id}/`, parentId: parent?.id ?? null, code, kind, name: code };
  };
  const root = mk(null, 'M-ROOT', 'group');
  const prod = mk(root, 'M-PROD', 'department');
  const stamping = mk(prod, 'M-STAMP', 'workshop');
  const equip = mk(root, 'M-EQUIP', 'department');
  await ds.getRepository(OrgUnit).insert([root, prod, stamping, equip].map((u) => ({ ...u })));
  await ds.getRepository(User).insert({
    id: randomUUID(),
    username: 'm.fitter',
    displayName: 'Fitter',
    passwordHash: 'x',
    orgUnitId: equip.id,
    active: true,
    locale: 'en',
  });
  const fitter = await ds.getRepository(User).findOneByOrFail({ username: 'm.fitter' });

  let n = 0;
  const hazard = async (h: {
    status: string;
    unit: string;
    dept?: string | null;
    reported: number;
    ownDue?: number | null;
    overdue?: boolean;
    esc?: number;
    severity?: string | null;
    steps?: { unit: string; due: number | null; esc?: number; status?: Task['status']; assignee?: string; title?: string }[];
    title?: string;
  }) => {
    const id = randomUUID();
    const workflowId = `Hazard:m-${String(++n).padStart(2, '0')}`;
    await ds.getRepository(Hazard).insert({
      id,
      workflowId,
      title: h.title ?? `Marker hazard ${n}`,
      description: 'd',
      category: 'other',
      area: 'a',
      orgUnitId: h.unit,
      suspectedSeverity: 'high',
      evidenceIds: [],
      reporterUserId: fitter.id,
      status: h.status,
      severity: h.severity ?? null,
      responsibleOrgUnitId: h.dept ?? null,
      dueAt: h.ownDue === undefined || h.ownDue === null ? null : at(h.ownDue),
      overdue: h.overdue ?? false,
      escalationLevel: h.esc ?? 0,
      reportedAt: at(h.reported),
      policyVersion: 1,
    } as Partial<Hazard>);
    let s = 0;
    for (const st of h.steps ?? [])
      await ds.getRepository(Task).insert({
        id: `${workflowId}/step-${++s}`,
        workflowId,
        processType: 'hazard',
        taskType: 'hazard.grade',
        title: st.title ?? `Grade marker hazard ${n}`,
        orgUnitId: st.unit,
        status: st.status ?? 'open',
        dueAt: st.due === null ? null : at(st.due),
        escalationLevel: st.esc ?? 0,
        assigneeUserId: st.assignee ?? null,
      });
    return workflowId;
  };
  // m-01: graded, in production, open step due in 30 min.
  await hazard({ status: 'rectifying', unit: prod.id, dept: prod.id, reported: -600, severity: 'major', steps: [{ unit: prod.id, due: 30 }] });
  // m-02: reported in stamping, its grading step at the safety hub (equipment here), overdue by 10 min, rung 2.
  await hazard({ status: 'grading', unit: stamping.id, reported: -300, steps: [{ unit: equip.id, due: -10, esc: 2, assignee: fitter.id }] });
  // m-03: in equipment, no open step: its own deadline (the rectification due) and the overdue flag the workflow mirrored.
  await hazard({ status: 'rectifying', unit: equip.id, dept: equip.id, reported: -900, ownDue: 120, overdue: true, esc: 1 });
  // m-04: closed: not running.
  await hazard({ status: 'closed', unit: prod.id, reported: -1000, steps: [{ unit: prod.id, due: -500, status: 'completed' }] });
  // m-05 and m-06: the same deadline and start, so only the workflow ID orders them.
  await hazard({ status: 'acknowledging', unit: prod.id, reported: -100, steps: [{ unit: prod.id, due: 60 }] });
  await hazard({ status: 'acknowledging', unit: prod.id, reported: -100, steps: [{ unit: prod.id, due: 60 }] });
  // m-07: cancelled: not running.
  await hazard({ status: 'cancelled', unit: equip.id, reported: -50 });
  // m-08: no deadline at all: last by breach.
  await hazard({ status: 'verifying', unit: equip.id, reported: -20 });
  // A notice to stamping, acknowledgement overdue; and one acknowledged (its task completed: the workflow has ended).
  await ds.getRepository(Task).insert([
    {
      id: 'Notice:m-1/ack',
      workflowId: 'Notice:m-1',
      processType: 'notice',
      taskType: 'notice.acknowledge',
      title: 'Marker notice: new PPE rules',
      orgUnitId: stamping.id,
      status: 'open',
      dueAt: at(-5),
      priority: 'critical',
      escalationLevel: 1,
    },
    {
      id: 'Notice:m-2/ack',
      workflowId: 'Notice:m-2',
      processType: 'notice',
      taskType: 'notice.acknowledge',
      title: 'Marker notice: read',
      orgUnitId: stamping.id,
      status: 'completed',
      dueAt: at(-5),
    },
  ]);
  return { units: { root, prod, stamping, equip } };
}

describe.each(['sqlite', 'mysql'] as const)('process monitor SQL on %s', (kind) => {
  let ds: DataSource;
  let fx: Fixture;
  let drop: (() => Promise<void>) | null = null;
  const base: MonitorSqlFilter = { types: ['hazard', 'notice'], scopePath: null, sort: 'breach', now: NOW };
  const ids = async (f: Partial<MonitorSqlFilter> = {}, offset = 0, limit = 100) =>
    (await monitorPage(ds, { ...base, ...f }, offset, limit)).rows.map((r) => r.workflowId);

  beforeAll(async () => {
    if (kind === 'mysql') {
      const db = await createScratchMysqlDatabase('safeloop_monitor_sql');
      drop = db.drop;
      ds = await openDatabase({ kind, url: db.url });
    } else ds = await openDatabase({ kind, file: null });
    await ds.runMigrations();
    fx = await seed(ds);
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  it('lists the running processes only, sorted by time to breach (none last, workflow ID breaking ties), with their deadline, rung and overdue flag', async () => {
    const { rows, counts } = await monitorPage(ds, base, 0, 100);
    expect(rows.map((r) => r.workflowId)).toEqual(['Hazard:m-02', 'Notice:m-1', 'Hazard:m-01', 'Hazard:m-05', 'Hazard:m-06', 'Hazard:m-03', 'Hazard:m-08']);
    expect(counts).toEqual({ total: 7, overdue: 3, escalated: 3 });
    const byId = new Map(rows.map((r) => [r.workflowId, r]));
    expect(byId.get('Hazard:m-02')).toMatchObject({
      status: 'grading',
      severity: 'suspected-high',
      overdue: true,
      escalationLevel: 2,
      orgUnitId: fx.units.stamping.id,
    });
    expect(byId.get('Hazard:m-02')!.deadline!.toISOString()).toBe(at(-10).toISOString());
    // The open step's deadline wins; without one, the process's own (mirrored) deadline and overdue flag.
    expect(byId.get('Hazard:m-01')).toMatchObject({ severity: 'major', overdue: false, escalationLevel: 0, departmentId: fx.units.prod.id });
    expect(byId.get('Hazard:m-03')).toMatchObject({ overdue: true, escalationLevel: 1 });
    expect(byId.get('Hazard:m-03')!.deadline!.toISOString()).toBe(at(120).toISOString());
    expect(byId.get('Hazard:m-08')).toMatchObject({ deadline: null, overdue: false });
    expect(byId.get('Notice:m-1')).toMatchObject({
      type: 'notice',
      status: 'awaiting_acknowledgement',
      severity: 'critical',
      overdue: true,
      escalationLevel: 1,
      orgUnitId: fx.units.stamping.id,
      departmentId: fx.units.stamping.id,
    });
  });

  it('sorts by escalation (highest rung first, then by breach) and by start (newest first)', async () => {
    expect(await ids({ sort: 'escalation' })).toEqual(['Hazard:m-02', 'Notice:m-1', 'Hazard:m-03', 'Hazard:m-01', 'Hazard:m-05', 'Hazard:m-06', 'Hazard:m-08']);
    const started = await monitorPage(ds, { ...base, sort: 'started' }, 0, 100);
    const times = started.rows.map((r) => r.startedAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(started.rows.map((r) => r.workflowId).indexOf('Hazard:m-05')).toBe(started.rows.map((r) => r.workflowId).indexOf('Hazard:m-06') - 1);
  });

  it('pages through the same order without repeats or gaps, and counts over all that match', async () => {
    for (const sort of ['breach', 'escalation', 'started'] as const) {
      const all = await ids({ sort });
      const paged: string[] = [];
      for (let offset = 0; offset < all.length + 2; offset += 2) {
        const page = await monitorPage(ds, { ...base, sort }, offset, 2);
        expect(page.counts.total).toBe(7);
        paged.push(...page.rows.map((r) => r.workflowId));
      }
      expect(paged).toEqual(all);
    }
  });

  it('filters by kind, status, overdue, assignee and text', async () => {
    expect(await ids({ types: ['notice'] })).toEqual(['Notice:m-1']);
    expect(await ids({ types: [] })).toEqual([]);
    expect(await ids({ status: 'acknowledging' })).toEqual(['Hazard:m-05', 'Hazard:m-06']);
    expect(await ids({ overdue: true })).toEqual(['Hazard:m-02', 'Notice:m-1', 'Hazard:m-03']);
    expect(await ids({ overdue: false })).toEqual(['Hazard:m-01', 'Hazard:m-05', 'Hazard:m-06', 'Hazard:m-08']);
    expect(await ids({ assignee: 'm.fitter' })).toEqual(['Hazard:m-02']);
    expect(await ids({ assignee: 'nobody' })).toEqual([]);
    // Text: the subject, the workflow ID or an open step's title, any case; LIKE's wildcards are plain characters.
    expect(await ids({ q: 'MARKER HAZARD 3' })).toEqual(['Hazard:m-03']);
    expect(await ids({ q: 'm-08' })).toEqual(['Hazard:m-08']);
    expect(await ids({ q: 'grade marker hazard 5' })).toEqual(['Hazard:m-05']);
    expect(await ids({ q: 'ppe rules' })).toEqual(['Notice:m-1']);
    expect(await ids({ q: '%' })).toEqual([]);
  });

  it("keeps to a unit and to the caller's scope: the origin, the department or an open step lies in it or below", async () => {
    const { prod, stamping, equip } = fx.units;
    // Production (with stamping below it): m-01, m-05, m-06 there; m-02 reported in stamping; the notice to stamping.
    expect(await ids({ scopePath: prod.path })).toEqual(['Hazard:m-02', 'Notice:m-1', 'Hazard:m-01', 'Hazard:m-05', 'Hazard:m-06']);
    expect(await ids({ scopePath: stamping.path })).toEqual(['Hazard:m-02', 'Notice:m-1']);
    // Equipment: its own hazards, and m-02 whose open step it holds.
    expect(await ids({ scopePath: equip.path })).toEqual(['Hazard:m-02', 'Hazard:m-03', 'Hazard:m-08']);
    expect((await monitorPage(ds, { ...base, scopePath: equip.path }, 0, 1)).counts).toEqual({ total: 3, overdue: 2, escalated: 2 });
    // A unit asked for narrows within the scope.
    expect(await ids({ scopePath: prod.path, underPath: stamping.path })).toEqual(['Hazard:m-02', 'Notice:m-1']);
    expect(await ids({ scopePath: equip.path, underPath: stamping.path })).toEqual(['Hazard:m-02']);
    // A path's LIKE wildcards do not widen a scope.
    expect(await ids({ scopePath: '/%/' })).toEqual([]);
  });
});
