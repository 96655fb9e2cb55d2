import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createHazardActivities } from '../../activities/hazards';
import { createLogger } from '../../app/logger';
import { createTaskActivities } from '../../activities/tasks';
import { asDate, monitorPage, orderSql, type MonitorSqlFilter, type MonitorSqlRow, type ProjectedType } from '../../api/processes/monitor-sql';
import { openDatabase } from '../../db/data-source';
import { Hazard, OrgUnit, ProcessMonitorRow, Task, User } from '../../db/entities';
import { rebuildProcessMonitor, refreshMonitorRow } from '../../db/projections/process-monitor';
import { likeContains, likePrefix, runQuery } from '../../db/sql';
import { HAZARD_ENDED_STATUSES, HAZARD_STATUSES } from '../../domain/hazard/constants';
import { text } from '../../domain/texts/text';
import { createScratchMysqlDatabase } from '../support/mysql';

/**
 * The process monitor's SQL (api/processes/monitor-sql.ts) on both databases SafeLoop runs on:
 * running hazards and notices from their stored monitor rows, filtered, scoped, sorted and paged.
 * The projections and tasks are written as the workflows' activities write them, each followed by
 * the monitor row's refresh the activities make in the same transaction (no workflow runs here;
 * the monitor does not ask Temporal about these kinds); the last block drives the activities
 * themselves. processes.test.ts covers the monitor end to end.
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
  // What the activities do after each of these writes.
  const workflowIds = [...Array.from({ length: n }, (_, i) => `Hazard:m-${String(i + 1).padStart(2, '0')}`), 'Notice:m-1', 'Notice:m-2'];
  for (const id of workflowIds) await refreshMonitorRow(ds.manager, id);
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

// ---- the stored rows against the computation they replace ---------------------------------------

/** A hazard's workflow runs until its projection says closed or cancelled. */
const HAZARD_RUNNING = HAZARD_STATUSES.filter((s) => !(HAZARD_ENDED_STATUSES as readonly string[]).includes(s));

/**
 * The monitor as it was computed before the stored rows (api/processes/monitor-sql.ts before
 * issue 22's projection, verbatim): on every request, each running process's deadline, rung and
 * scope from correlated look-ups in its open tasks. The stored rows must answer the same.
 */
async function computedPage(ds: DataSource, f: MonitorSqlFilter, offset: number, limit: number) {
  const openStep = (agg: string) => `(SELECT ${agg} FROM tasks t WHERE t.status = 'open' AND t.workflow_id = h.workflow_id)`;
  const branches: string[] = [];
  if (f.types.includes('hazard'))
    branches.push(`SELECT h.workflow_id AS workflow_id, 'hazard' AS type, h.status AS status, h.severity AS severity,
        h.suspected_severity AS suspected_severity, h.org_unit_id AS org_unit_id, h.responsible_org_unit_id AS department_id,
        h.reported_at AS started_at, h.title AS subject, ${openStep('MIN(t.due_at)')} AS task_due, h.due_at AS own_due,
        h.overdue AS own_overdue, ${openStep('MAX(t.escalation_level)')} AS task_esc, h.escalation_level AS own_esc
      FROM hazards h
      WHERE h.status IN (${HAZARD_RUNNING.map((s) => `'${s}'`).join(', ')})`);
  if (f.types.includes('notice'))
    branches.push(`SELECT n.workflow_id AS workflow_id, 'notice' AS type, 'awaiting_acknowledgement' AS status, MIN(n.priority) AS severity,
        NULL AS suspected_severity, MIN(n.org_unit_id) AS org_unit_id, MIN(n.org_unit_id) AS department_id,
        MIN(n.created_at) AS started_at, MIN(n.title) AS subject, MIN(n.due_at) AS task_due, NULL AS own_due,
        0 AS own_overdue, MAX(n.escalation_level) AS task_esc, 0 AS own_esc
      FROM tasks n WHERE n.status = 'open' AND n.process_type = 'notice' GROUP BY n.workflow_id`);
  if (!branches.length) return { rows: [], counts: { total: 0, overdue: 0, escalated: 0 } };
  const params: Record<string, unknown> = { now: f.now };
  const where: string[] = [];
  const touches = (param: string) =>
    `(ou.path LIKE :${param} ESCAPE '!' OR od.path LIKE :${param} ESCAPE '!' OR EXISTS (
        SELECT 1 FROM tasks st JOIN org_units su ON su.id = st.org_unit_id
         WHERE st.workflow_id = m.workflow_id AND st.status = 'open' AND su.path LIKE :${param} ESCAPE '!'))`;
  if (f.scopePath !== null) {
    where.push(touches('scopePath'));
    params.scopePath = likePrefix(f.scopePath);
  }
  if (f.underPath !== undefined) {
    where.push(touches('underPath'));
    params.underPath = likePrefix(f.underPath);
  }
  if (f.status) {
    where.push('m.status = :status');
    params.status = f.status;
  }
  if (f.overdue !== undefined) where.push(f.overdue ? 'm.overdue = 1' : 'm.overdue = 0');
  if (f.assignee) {
    where.push(`EXISTS (SELECT 1 FROM tasks xt JOIN users au ON au.id = xt.assignee_user_id
        WHERE xt.workflow_id = m.workflow_id AND xt.status = 'open' AND au.username = :assignee)`);
    params.assignee = f.assignee;
  }
  if (f.q) {
    where.push(`(LOWER(m.subject) LIKE :q ESCAPE '!' OR LOWER(m.workflow_id) LIKE :q ESCAPE '!' OR EXISTS (
        SELECT 1 FROM tasks qt WHERE qt.workflow_id = m.workflow_id AND qt.status = 'open' AND LOWER(qt.title) LIKE :q ESCAPE '!'))`);
    params.q = likeContains(f.q.toLowerCase());
  }
  const sql = `SELECT m.* FROM (
      SELECT r.*, COALESCE(r.task_due, r.own_due) AS deadline,
        CASE WHEN COALESCE(r.task_esc, 0) > r.own_esc THEN COALESCE(r.task_esc, 0) ELSE r.own_esc END AS escalation_level,
        CASE WHEN r.own_overdue = 1 OR COALESCE(r.task_due, r.own_due) < :now THEN 1 ELSE 0 END AS overdue
      FROM (${branches.join('\nUNION ALL\n')}) r
    ) m
    LEFT JOIN org_units ou ON ou.id = m.org_unit_id
    LEFT JOIN org_units od ON od.id = m.department_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  type Raw = {
    workflow_id: string;
    type: ProjectedType;
    status: string;
    severity: string | null;
    suspected_severity: string | null;
    org_unit_id: string | null;
    department_id: string | null;
    started_at: Date | string;
    deadline: Date | string | null;
    overdue: number | string;
    escalation_level: number | string;
  };
  const [[c]] = [
    await runQuery<{ total: number | string; overdue: number | string | null; escalated: number | string | null }>(
      ds,
      `SELECT COUNT(*) AS total, SUM(x.overdue) AS overdue, SUM(CASE WHEN x.escalation_level > 0 THEN 1 ELSE 0 END) AS escalated FROM (${sql}) x`,
      params,
    ),
  ];
  const raw = await runQuery<Raw>(ds, `SELECT x.* FROM (${sql}) x ORDER BY ${orderSql(f.sort)} LIMIT ${limit} OFFSET ${offset}`, params);
  const rows: MonitorSqlRow[] = raw.map((r) => ({
    workflowId: r.workflow_id,
    type: r.type,
    status: r.status,
    severity: r.type === 'hazard' ? (r.severity ?? (r.suspected_severity ? `suspected-${r.suspected_severity}` : null)) : r.severity,
    orgUnitId: r.org_unit_id,
    departmentId: r.department_id,
    startedAt: asDate(r.started_at),
    deadline: r.deadline === null ? null : asDate(r.deadline),
    overdue: Number(r.overdue) === 1,
    escalationLevel: Number(r.escalation_level),
  }));
  return { rows, counts: { total: Number(c?.total ?? 0), overdue: Number(c?.overdue ?? 0), escalated: Number(c?.escalated ?? 0) } };
}

/** A small deterministic generator (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(['sqlite', 'mysql'] as const)('process monitor rows on %s', (kind) => {
  let ds: DataSource;
  let drop: (() => Promise<void>) | null = null;
  const mk = (parent: { id: string; path: string } | null, code: string, unitKind: OrgUnit['kind']) => {
    const id = randomUUID();
    return { id, path: `${parent?.path ?? '/'}${id}/`, parentId: parent?.id ?? null, code, kind: unitKind, name: code };
  };
  const root = mk(null, 'R-ROOT', 'group');
  const a = mk(root, 'R-A', 'department');
  const a1 = mk(a, 'R-A1', 'workshop');
  const b = mk(root, 'R-B', 'department');
  const b1 = mk(b, 'R-B1', 'workshop');
  const units = [root, a, a1, b, b1];
  const usernames = ['r.one', 'r.two', 'r.three'];
  const userIds = new Map<string, string>();
  const base: MonitorSqlFilter = { types: ['hazard', 'notice'], scopePath: null, sort: 'breach', now: NOW };
  const page = (f: Partial<MonitorSqlFilter> = {}, offset = 0, limit = 500) => monitorPage(ds, { ...base, ...f }, offset, limit);
  const ids = async (f: Partial<MonitorSqlFilter> = {}) => (await page(f)).rows.map((r) => r.workflowId);

  /** Every filter and sort of the monitor: the stored rows answer as the computation did. */
  async function expectSameAsComputed(): Promise<void> {
    const filters: Partial<MonitorSqlFilter>[] = [
      {},
      { types: ['hazard'] },
      { types: ['notice'] },
      { status: 'grading' },
      { status: 'awaiting_acknowledgement' },
      { overdue: true },
      { overdue: false },
      { scopePath: a.path },
      { scopePath: a1.path },
      { scopePath: b.path, underPath: b1.path },
      { underPath: a1.path },
      { assignee: 'r.two' },
      { q: 'GRADE' },
      { q: 'r-1' },
      { q: 'notice 2' },
      { overdue: true, scopePath: b.path, q: 'hazard' },
    ];
    for (const sort of ['breach', 'escalation', 'started'] as const)
      for (const f of filters)
        for (const [offset, limit] of [
          [0, 500],
          [5, 7],
        ]) {
          const stored = await page({ ...f, sort }, offset, limit);
          const computed = await computedPage(ds, { ...base, ...f, sort }, offset, limit);
          expect({ f, sort, offset, ...stored }).toEqual({ f, sort, offset, ...computed });
        }
  }

  beforeAll(async () => {
    if (kind === 'mysql') {
      const db = await createScratchMysqlDatabase('safeloop_monitor_rows');
      drop = db.drop;
      ds = await openDatabase({ kind, url: db.url });
    } else ds = await openDatabase({ kind, file: null });
    await ds.runMigrations();
    await ds.getRepository(OrgUnit).insert(units.map((u) => ({ ...u })));
    for (const username of usernames) {
      const id = randomUUID();
      userIds.set(username, id);
      await ds.getRepository(User).insert({ id, username, displayName: username, passwordHash: 'x', orgUnitId: a.id, active: true, locale: 'en' });
    }
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  it('rebuilds the rows of 150 generated processes (the migration and the benchmark load this way) and answers every filter and sort as the computation over open tasks did', async () => {
    const r = random(kind === 'mysql' ? 22 : 23);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const maybe = <T>(p: number, v: () => T): T | null => (r() < p ? v() : null);
    const minutes = () => Math.round(r() * 2000) - 1000;
    const reporter = userIds.get('r.one')!;
    let created = NOW.getTime() - 10 * 86_400_000;
    // Distinct creation times to the millisecond (the rows keep milliseconds, MariaDB's tasks microseconds).
    const createdAt = () => new Date((created += 1 + Math.floor(r() * 60_000)));
    const step = (workflowId: string, n: number, processType: string, title: string): Partial<Task> => ({
      id: `${workflowId}/step-${n}`,
      workflowId,
      processType,
      taskType: `${processType}.step`,
      title,
      orgUnitId: pick(units).id,
      status: pick(['open', 'open', 'completed', 'cancelled'] as const),
      dueAt: maybe(0.8, () => at(minutes())),
      escalationLevel: pick([0, 0, 1, 3]),
      assigneeUserId: maybe(0.4, () => userIds.get(pick(usernames))!),
      priority: pick(['critical', 'normal', 'info'] as const),
      createdAt: createdAt(),
    });
    for (let i = 1; i <= 110; i++) {
      const workflowId = `Hazard:r-${i}`;
      await ds.getRepository(Hazard).insert({
        id: randomUUID(),
        workflowId,
        title: `Generated hazard ${i}`,
        description: 'd',
        category: 'other',
        area: 'a',
        orgUnitId: pick(units).id,
        suspectedSeverity: pick(['low', 'high']),
        evidenceIds: [],
        reporterUserId: reporter,
        status: pick(HAZARD_STATUSES),
        severity: maybe(0.5, () => pick(['major', 'general'])),
        responsibleOrgUnitId: maybe(0.6, () => pick(units).id),
        dueAt: maybe(0.5, () => at(minutes())),
        overdue: r() < 0.2,
        escalationLevel: pick([0, 0, 0, 2]),
        // Some at the same time, so the workflow ID has ties to break.
        reportedAt: at(-Math.floor(r() * 40) * 30),
        policyVersion: 1,
      } as Partial<Hazard>);
      const steps = Math.floor(r() * 4);
      for (let n = 1; n <= steps; n++)
        await ds.getRepository(Task).insert(step(workflowId, n, 'hazard', `${pick(['Grade', 'Rectify', 'Verify'])} generated hazard ${i}`));
    }
    for (let i = 1; i <= 40; i++) {
      const workflowId = `Notice:r-${i}`;
      const steps = 1 + Math.floor(r() * 2);
      for (let n = 1; n <= steps; n++) await ds.getRepository(Task).insert(step(workflowId, n, 'notice', `Generated notice ${i}: read step ${n}`));
    }
    await rebuildProcessMonitor(ds.manager);
    expect((await page()).counts.total).toBeGreaterThan(60);
    await expectSameAsComputed();
  }, 300_000);

  it('follows each process through the activities that write it: deadline, overdue, rung, scope, Chinese titles, and gone once it ends', async () => {
    let clock = at(0);
    const tasks = createTaskActivities({ dataSource: ds, now: () => clock });
    const hazards = createHazardActivities({
      dataSource: ds,
      logger: createLogger('silent'),
      now: () => new Date(),
      mailer: null,
      mailFrom: 'SafeLoop <safeloop@localhost>',
      appUrl: 'http://localhost:3000',
    });
    const row = (workflowId: string) => ds.getRepository(ProcessMonitorRow).findOneBy({ workflowId });
    const item = async (workflowId: string, f: Partial<MonitorSqlFilter> = {}) => (await page(f)).rows.find((x) => x.workflowId === workflowId);

    // A hazard reported in A1: a row at once, the reporter's guess as its severity, no deadline yet.
    const wf = 'Hazard:life-1';
    const hazardId = randomUUID();
    const report = {
      hazardId,
      title: 'Oil leak under press 7',
      description: 'd',
      category: 'other',
      area: 'a',
      orgUnitId: a1.id,
      suspectedSeverity: 'high' as const,
      evidenceIds: [],
      reporterUserId: userIds.get('r.one')!,
      reporterPersonId: null,
      reporterUsername: 'r.one',
      reportedAt: at(-60).toISOString(),
    };
    await hazards.recordHazardReported({ report, workflowId: wf, policyVersion: 1 });
    expect(await item(wf)).toMatchObject({ status: 'grading', severity: 'suspected-high', deadline: null, overdue: false, escalationLevel: 0 });
    expect(await ids({ scopePath: b.path })).not.toContain(wf);

    // Its grading step at B, due in 30 minutes, titled by a text: the deadline is the step's, B's scope sees it, the Chinese title finds it.
    const grade = `${wf}/grade`;
    await tasks.createTask({
      id: grade,
      workflowId: wf,
      processType: 'hazard',
      taskType: 'hazard.grade',
      title: text('hazard.task.grade', { title: report.title }),
      description: null,
      orgUnitId: b.id,
      candidateRole: null,
      priority: 'normal',
      dueAt: at(30).toISOString(),
    });
    expect((await item(wf))!.deadline).toEqual(at(30));
    expect(await ids({ scopePath: b.path })).toContain(wf);
    expect(await ids({ q: '隐患评级：oil leak' })).toEqual([wf]);
    expect(await ids({ q: 'grade hazard: oil' })).toEqual([wf]);
    // Time passes the deadline: overdue without any write.
    expect(await item(wf, { now: at(31) })).toMatchObject({ overdue: true });
    expect(await ids({ now: at(31), overdue: true })).toContain(wf);

    // Escalated to rung 4 (the generated processes reach 3): first by escalation.
    clock = at(35);
    await tasks.recordEscalation({ taskId: grade, workflowId: wf, level: 4, step: 'grade' });
    expect(await item(wf)).toMatchObject({ escalationLevel: 4 });
    expect((await ids({ sort: 'escalation' }))[0]).toBe(wf);

    // Graded: the step done, the hazard rectifying with its own deadline passed and the flag the workflow mirrors.
    await tasks.recordTaskCompletion({ taskId: grade, workflowId: wf, by: 'r.one', onBehalfOf: null, payload: {} });
    expect(await ids({ scopePath: b.path })).not.toContain(wf);
    expect(await ids({ q: '隐患评级' })).toEqual([]);
    await hazards.recordHazardTransition({
      hazardId,
      workflowId: wf,
      changes: { status: 'rectifying', severity: 'major', dueAt: at(-5).toISOString(), overdue: true, escalationLevel: 1 },
    });
    expect(await item(wf)).toMatchObject({ status: 'rectifying', severity: 'major', overdue: true, escalationLevel: 1 });
    expect((await item(wf))!.deadline).toEqual(at(-5));

    // A rectification step withdrawn (the process cancels its open steps): back to the hazard's own deadline.
    await tasks.createTask({
      id: `${wf}/rectify`,
      workflowId: wf,
      processType: 'hazard',
      taskType: 'hazard.rectify',
      title: 'Rectify: oil leak',
      description: null,
      orgUnitId: b1.id,
      candidateRole: null,
      priority: 'normal',
      dueAt: at(600).toISOString(),
    });
    expect((await item(wf))!.deadline).toEqual(at(600));
    await tasks.cancelOpenTasks({ workflowId: wf, reason: 'test' });
    expect((await item(wf))!.deadline).toEqual(at(-5));

    // Closed: gone from the monitor, its counts and its row.
    const before = (await page()).counts.total;
    await hazards.recordHazardTransition({ hazardId, workflowId: wf, changes: { status: 'closed', closedAt: at(40).toISOString() } });
    expect(await item(wf)).toBeUndefined();
    expect((await page()).counts.total).toBe(before - 1);
    expect(await row(wf)).toBeNull();

    // A notice of lessons learned (a text): its Chinese and English titles stored, found by either; acknowledged, gone.
    const nw = 'Notice:life-2';
    const notice = (workflowId: string) =>
      tasks.createTask({
        id: `${workflowId}/ack`,
        workflowId,
        processType: 'notice',
        taskType: 'notice.acknowledge',
        title: text('notice.lessons', { title: 'Forklift collision' }),
        description: null,
        orgUnitId: a.id,
        candidateRole: null,
        priority: 'critical',
        dueAt: at(120).toISOString(),
      });
    await notice(nw);
    expect(await row(nw)).toMatchObject({ title: 'Lessons learned: Forklift collision', titleZh: '事故教训：Forklift collision' });
    expect(await ids({ q: '事故教训' })).toEqual([nw]);
    expect(await ids({ q: 'LESSONS LEARNED: forklift' })).toEqual([nw]);
    expect(await item(nw)).toMatchObject({ type: 'notice', status: 'awaiting_acknowledgement', severity: 'critical', orgUnitId: a.id });
    await tasks.recordTaskCompletion({ taskId: `${nw}/ack`, workflowId: nw, by: 'r.two', onBehalfOf: null, payload: {} });
    expect(await item(nw)).toBeUndefined();

    // A notice cancelled by the safety hub: gone.
    await notice('Notice:life-3');
    expect(await item('Notice:life-3')).toBeDefined();
    await tasks.markProcessCancelled({ workflowId: 'Notice:life-3', reason: 'withdrawn' });
    expect(await item('Notice:life-3')).toBeUndefined();

    // Everything the activities wrote still answers as the computation over open tasks does.
    await expectSameAsComputed();
  }, 120_000);

  it('ends as the committed state says when writes of one process commit at once (the SLA mirror beside two new steps)', async () => {
    const tasks = createTaskActivities({ dataSource: ds, now: () => at(0) });
    const hazards = createHazardActivities({
      dataSource: ds,
      logger: createLogger('silent'),
      now: () => new Date(),
      mailer: null,
      mailFrom: 'SafeLoop <safeloop@localhost>',
      appUrl: 'http://localhost:3000',
    });
    const newStep = (workflowId: string, step: string, orgUnitId: string, due: number) =>
      tasks.createTask({
        id: `${workflowId}/${step}`,
        workflowId,
        processType: 'hazard',
        taskType: 'hazard.rectify',
        title: `Rectify ${step}`,
        description: null,
        orgUnitId,
        candidateRole: null,
        priority: 'normal',
        dueAt: at(due).toISOString(),
      });
    for (let i = 0; i < 8; i++) {
      const workflowId = `Hazard:race-${i}`;
      const hazardId = randomUUID();
      await hazards.recordHazardReported({
        report: {
          hazardId,
          title: `Race ${i}`,
          description: 'd',
          category: 'other',
          area: 'a',
          orgUnitId: a1.id,
          suspectedSeverity: 'low',
          evidenceIds: [],
          reporterUserId: userIds.get('r.one')!,
          reporterPersonId: null,
          reporterUsername: 'r.one',
          reportedAt: at(-10).toISOString(),
        },
        workflowId,
        policyVersion: 1,
      });
      const writes = [
        () => hazards.recordHazardTransition({ hazardId, workflowId, changes: { status: 'rectifying', dueAt: at(300).toISOString(), escalationLevel: 1 } }),
        () => newStep(workflowId, 'a', b.id, 50 + i),
        () => newStep(workflowId, 'b', b1.id, 40 + i),
      ];
      // sql.js has one connection and runs one transaction at a time.
      if (kind === 'mysql') await Promise.all(writes.map((w) => w()));
      else for (const w of writes) await w();
      const item = (await page()).rows.find((x) => x.workflowId === workflowId);
      expect(item).toMatchObject({ status: 'rectifying', escalationLevel: 1, deadline: at(40 + i) });
      expect(await ids({ scopePath: b1.path })).toContain(workflowId);
    }
    await expectSameAsComputed();
  }, 120_000);
});
