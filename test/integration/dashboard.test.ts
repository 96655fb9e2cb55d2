import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { DataSource } from 'typeorm';
import { createLogger } from '../../app/logger';
import { loadPrincipal } from '../../api/auth/users';
import type { RouteDeps } from '../../api/platform/services';
import { DashboardService } from '../../api/dashboard/service';
import { errorHandler } from '../../api/platform/error-handler';
import { createOpenApiRegistry } from '../../api/platform/openapi';
import { dashboardRoutes } from '../../api/dashboard/routes';
import { migrate, openDatabase } from '../../db/data-source';
import { Emergency, Fact, Hazard, Incident, OrgUnit, Person, Task } from '../../db/entities';
import { seedDemo } from '../../db/seed/demo';
import { KPI_NAMES } from '../../domain/dashboard';
import { dashboardRows, L, type HazardRow } from '../support/dashboard-data';
import { startTestSystem } from '../support/env';
import { usersOf } from '../support/as-user';

/**
 * The dashboard against a small data set with known answers, inserted through the repositories
 * into the demo organisation: hazards, tasks (with due dates and process handoffs), emergencies, incidents,
 * inspection / training / serious-incident facts and a few more people, in March 2025 (the
 * period) and February 2025 (the previous period). The same assertions run over HTTP on the real
 * system (MariaDB, Temporal) and on the embedded SQLite (sql.js) database the app uses by default.
 */

const MARCH = 'from=2025-03-01&to=2025-04-01';

type Ids = Awaited<ReturnType<typeof insertDataset>>;

async function insertDataset(ds: DataSource) {
  const { unit, user, hazard: insertHazard, task, marchSlaTasks, gradedAndAcknowledged } = dashboardRows(ds, { taskTitle: (id) => `Task ${id.slice(0, 8)}` });
  const [group, plant, safety, prod, stamping, assembly, equip, maint] = await Promise.all(
    ['DEMO-GROUP', 'DEMO-PLANT', 'DEMO-SAFETY', 'DEMO-PRODUCTION', 'DEMO-WS-STAMPING', 'DEMO-WS-ASSEMBLY', 'DEMO-EQUIPMENT', 'DEMO-WS-MAINT'].map(unit),
  );
  const [employee, headProd, headEquip] = await Promise.all(['employee', 'head.production', 'head.equipment'].map(user));

  // More people: two active and one inactive in the stamping workshop, two in maintenance.
  const person = async (name: string, u: OrgUnit, active = true) => {
    const id = randomUUID();
    await ds.getRepository(Person).insert({ id, employeeNo: `T-${id.slice(0, 8)}`, name, email: null, orgUnitId: u.id, postId: null, active });
    return id;
  };
  const p1 = await person('Press Operator One', stamping);
  const p2 = await person('Press Operator Two', stamping);
  const p3 = await person('Former Operator', stamping, false);
  const p4 = await person('Fitter Four', maint);
  await person('Fitter Five', maint);

  const hazard = (h: Omit<HazardRow, 'title' | 'description'>) => insertHazard({ title: `Hazard in ${h.area}`, description: 'Found on the floor', ...h });
  const H1 = await hazard({
    found: stamping,
    responsible: prod,
    person: employee.personId,
    status: 'closed',
    reported: '2025-03-03 10:00',
    graded: '2025-03-03 11:00',
    acknowledged: '2025-03-03 12:00',
    closed: '2025-03-05 12:00',
    category: 'guarding',
    area: 'Press line 1',
    level: 'medium',
  });
  const H2 = await hazard({
    found: stamping,
    responsible: prod,
    person: headProd.personId,
    status: 'rectifying',
    reported: '2025-03-10 09:00',
    graded: '2025-03-10 10:00',
    acknowledged: '2025-03-10 14:00',
    category: 'electrical',
    area: 'Press line 1',
    level: 'high',
    overdue: true,
  });
  const H3 = await hazard({
    found: maint,
    responsible: equip,
    person: headEquip.personId,
    status: 'closed',
    reported: '2025-03-12 09:00',
    graded: '2025-03-12 10:00',
    closed: '2025-03-13 10:00',
    category: 'guarding',
    area: 'Maintenance bay',
    level: 'low',
  });
  const H4 = await hazard({ found: assembly, status: 'cancelled', reported: '2025-03-15 09:00', category: 'fire', area: 'Assembly hall' });
  const H5 = await hazard({ found: plant, status: 'grading', reported: '2025-03-20 09:00', category: 'fire', area: 'Gate' });
  const H6 = await hazard({
    found: stamping,
    responsible: prod,
    person: employee.personId,
    status: 'closed',
    reported: '2025-02-10 09:00',
    graded: '2025-02-10 09:30',
    acknowledged: '2025-02-10 10:00',
    closed: '2025-03-02 10:00',
    category: 'housekeeping',
    area: 'Press line 2',
    level: 'low',
  });
  const H7 = await hazard({
    found: maint,
    responsible: equip,
    status: 'rectifying',
    reported: '2025-02-12 09:00',
    graded: '2025-02-12 10:00',
    acknowledged: '2025-02-12 11:00',
    category: 'lifting',
    area: 'Maintenance bay',
    level: 'medium',
  });
  const H8 = await hazard({
    found: maint,
    responsible: equip,
    status: 'acknowledging',
    reported: '2025-02-14 09:00',
    graded: '2025-02-14 10:00',
    category: 'ppe',
    area: 'Maintenance bay',
    level: 'low',
  });

  // SLA: tasks due in March (and one in February), each the only task of a notice.
  const { T1, T2, T3 } = await marchSlaTasks({ prod, stamping, equip }, { headProd, employee, headEquip });
  const T4 = await task({ u: maint, created: '2025-03-07 09:00', due: '2025-03-09 12:00', completed: '2025-03-08 10:00' });
  const T5 = await task({ u: safety, created: '2025-03-08 09:00', due: '2025-03-10 12:00', status: 'cancelled' });
  const T6 = await task({ u: prod, created: '2025-02-18 09:00', due: '2025-02-20 12:00', completed: '2025-02-21 09:00' });
  const T7 = await task({ u: maint, created: '2025-03-10 09:00', due: '2025-03-11 12:00', completed: '2025-03-11 08:00' });
  // Handoffs: the tasks of H1's process, of an emergency and of H3's process (no due dates).
  const [A1, A2] = await gradedAndAcknowledged(H1, safety, prod);
  const A3 = await task({ id: `Hazard:${H1}/rectify`, workflowId: `Hazard:${H1}`, u: stamping, created: '2025-03-03 12:00', completed: '2025-03-05 12:00' });
  const A4 = await task({ id: `Hazard:${H1}/verify`, workflowId: `Hazard:${H1}`, u: safety, created: '2025-03-05 12:00' });

  const emergency = async (e: { u: OrgUnit; drill?: boolean; reported: string; acknowledged?: string; controlled?: string }) => {
    const id = randomUUID();
    await ds.getRepository(Emergency).insert({
      id,
      workflowId: `Emergency:${id}`,
      type: 'gas_leak',
      location: 'Paint shop',
      description: 'Smell of gas',
      orgUnitId: e.u.id,
      injuries: false,
      drill: e.drill ?? false,
      reporterUserId: employee.id,
      reporterPersonId: employee.personId,
      status: 'closed',
      reportedAt: L(e.reported),
      acknowledgedAt: e.acknowledged ? L(e.acknowledged) : null,
      controlledAt: e.controlled ? L(e.controlled) : null,
      policyVersion: 1,
    });
    return id;
  };
  const E1 = await emergency({ u: maint, reported: '2025-03-12 10:00', acknowledged: '2025-03-12 10:04', controlled: '2025-03-12 11:00' });
  const E2 = await emergency({ u: stamping, reported: '2025-03-20 08:00', acknowledged: '2025-03-20 08:10' });
  const E3 = await emergency({ u: prod, drill: true, reported: '2025-03-22 08:00', acknowledged: '2025-03-22 08:01', controlled: '2025-03-22 08:20' });
  const E4 = await emergency({ u: stamping, reported: '2025-02-15 08:00', acknowledged: '2025-02-15 08:02', controlled: '2025-02-15 08:30' });
  const incident = async (i: { u: OrgUnit; occurred: string; kind?: string; status?: string; emergencyId?: string }) => {
    const id = randomUUID();
    await ds.getRepository(Incident).insert({
      id,
      workflowId: `Incident:${id}`,
      kind: i.kind ?? 'incident',
      title: 'Hand caught in a press',
      description: 'Caught while clearing a jam',
      location: 'Press line 3',
      orgUnitId: i.u.id,
      occurredAt: L(i.occurred),
      reportedAt: L(i.occurred),
      injuredPeople: '[]',
      immediateActions: '',
      evidenceIds: '[]',
      emergencyId: i.emergencyId ?? null,
      reporterUserId: employee.id,
      reporterPersonId: employee.personId,
      receiptHash: id.replace(/-/g, '').padEnd(64, '0'),
      status: i.status ?? 'investigating',
      consequence: 'medical_treatment',
      policyVersion: 1,
    });
    return id;
  };
  // Incident frequency counts incidents; near misses, cancelled incidents and a drill's practice report never.
  const I1 = await incident({ u: maint, occurred: '2025-03-12 10:00' });
  const I2 = await incident({ u: stamping, occurred: '2025-03-20 08:00' });
  const I3 = await incident({ u: prod, occurred: '2025-03-22 08:05', emergencyId: E3 });
  const I4 = await incident({ u: stamping, occurred: '2025-02-15 08:00' });
  const I5 = await incident({ u: stamping, occurred: '2025-03-21 08:00', kind: 'near_miss' });
  const I6 = await incident({ u: prod, occurred: '2025-03-23 08:00', status: 'cancelled' });
  const B1 = await task({
    id: `Emergency:${E1}/on-site`,
    workflowId: `Emergency:${E1}`,
    u: safety,
    created: '2025-03-12 10:00',
    completed: '2025-03-12 10:05',
  });
  const B2 = await task({ id: `Emergency:${E1}/cut-off`, workflowId: `Emergency:${E1}`, u: equip, created: '2025-03-12 10:05', completed: '2025-03-12 10:35' });
  const C1 = await task({ id: `Hazard:${H3}/grade`, workflowId: `Hazard:${H3}`, u: safety, created: '2025-03-12 09:00', completed: '2025-03-12 12:00' });

  const fact = async (kind: string, personId: string | null, u: OrgUnit, value: number | null, at: string) => {
    const id = `test:${randomUUID()}`;
    await ds.getRepository(Fact).insert({
      id,
      kind,
      personId,
      attribution: 'direct',
      orgUnitId: u.id,
      departmentHeadPersonId: null,
      sourceWorkflowId: `inspection:${id}`,
      subjectId: id.slice(5, 41),
      value,
      occurredAt: L(at),
      data: '{}',
      policyVersion: 1,
    });
    return id;
  };
  const F1 = await fact('inspection.scored', headProd.personId, prod, 90, '2025-03-04 10:00');
  const F2 = await fact('inspection.scored', employee.personId, stamping, 70, '2025-03-18 10:00');
  const F3 = await fact('inspection.scored', headEquip.personId, equip, 85, '2025-03-20 10:00');
  const F4 = await fact('inspection.scored', headProd.personId, prod, 60, '2025-02-20 10:00');
  const G = [
    await fact('training.attended', employee.personId, stamping, 1, '2025-03-05 09:00'),
    await fact('training.attended', employee.personId, stamping, 1, '2025-03-25 09:00'),
    await fact('training.attended', p1, stamping, 0, '2025-03-05 09:00'),
    await fact('training.attended', p2, stamping, 1, '2025-03-05 09:00'),
    await fact('training.attended', p4, maint, 1, '2025-03-06 09:00'),
    await fact('training.attended', p3, stamping, 1, '2025-03-06 09:00'),
  ];
  const S1 = await fact('incident.serious', null, maint, 1, '2025-03-12 12:00');
  await fact('hazard.reported', employee.personId, stamping, 1, '2025-03-03 10:00'); // another kind: never counted

  // Active people, counted here through the repositories (not the dashboard's SQL).
  const people = await ds.getRepository(Person).find({ where: { active: true } });
  const units = await ds.getRepository(OrgUnit).find();
  const activeIn = (u: OrgUnit) => people.filter((x) => units.find((y) => y.id === x.orgUnitId)!.path.startsWith(u.path)).length;
  return {
    units: { group, plant, safety, prod, stamping, assembly, equip, maint },
    users: { employee, headProd, headEquip },
    people: { p1, p2, p3, p4 },
    hazards: { H1, H2, H3, H4, H5, H6, H7, H8 },
    tasks: { T1, T2, T3, T4, T5, T6, T7, A1, A2, A3, A4, B1, B2, C1 },
    emergencies: { E1, E2, E3, E4 },
    incidents: { I1, I2, I3, I4, I5, I6 },
    facts: { F1, F2, F3, F4, G, S1 },
    active: { group: activeIn(group), prod: activeIn(prod), equip: activeIn(equip) },
  };
}

type Call = (username: string, path: string) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The dashboard routes alone on an embedded SQLite database; `x-test-user` names the caller. */
async function sqliteApi(): Promise<{ ds: DataSource; call: Call; stop: () => Promise<void> }> {
  const ds = await openDatabase({ kind: 'sqlite', file: null });
  await migrate(ds);
  await seedDemo(ds);
  const app = express();
  const router = express.Router();
  router.use(async (req, res, next) => {
    const p = await loadPrincipal(ds, { username: String(req.header('x-test-user')) });
    if (p) {
      const { passwordHash: _omit, ...principal } = p;
      res.locals.principal = principal;
    }
    next();
  });
  dashboardRoutes(router, createOpenApiRegistry(), { dataSource: ds, services: { dashboard: new DashboardService(ds) } } as unknown as RouteDeps);
  app.use(router);
  app.use(errorHandler(createLogger('silent')));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ds,
    call: async (username, path) => {
      const res = await fetch(base + path, { headers: { 'x-test-user': username } });
      return { status: res.status, body: await res.json() };
    },
    stop: async () => {
      await new Promise((r) => server.close(r));
      await ds.destroy();
    },
  };
}

const byId = <T extends { id: string }>(xs: T[]) => xs.map((x) => x.id).sort();
const sorted = (...xs: string[]) => [...xs].sort();

describe('dashboard', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let sqlite: Awaited<ReturnType<typeof sqliteApi>>;
  const drivers: Record<string, { call: Call; ids: Ids }> = {};

  beforeAll(async () => {
    [system, sqlite] = await Promise.all([startTestSystem(), sqliteApi()]);
    const users = usersOf(system.appUrl!);
    drivers.mariadb = { call: (u, p) => users.as(u).call('GET', p), ids: await insertDataset(system.dataSource) };
    drivers.sqlite = { call: sqlite.call, ids: await insertDataset(sqlite.ds) };
  }, 120_000);
  afterAll(async () => {
    await sqlite?.stop();
    await system?.stop();
  });

  describe.each(['mariadb', 'sqlite'])('on %s', (driver) => {
    const call: Call = (u, p) => drivers[driver].call(u, p);
    const ok = async (u: string, p: string) => {
      const r = await call(u, p);
      if (r.status !== 200) throw new Error(`${p}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const ids = () => drivers[driver].ids;
    const kpi = (body: { kpis: { kpi: string }[] }, name: string) => body.kpis.find((k) => k.kpi === name) as any; // eslint-disable-line @typescript-eslint/no-explicit-any

    it('every KPI of March 2025 for the group, with numerator, denominator and February for comparison', async () => {
      const { active, units } = ids();
      const b = await ok('safety', `/api/dashboard/kpis?${MARCH}`);
      expect(b.scope).toEqual({ orgUnitId: units.group.id, name: units.group.name, kind: 'group' });
      expect(b.period).toEqual({ from: '2025-02-28T16:00:00.000Z', to: '2025-03-31T16:00:00.000Z' });
      expect(b.previousPeriod).toEqual({ from: '2025-01-28T16:00:00.000Z', to: '2025-02-28T16:00:00.000Z' });
      expect(b.kpis.map((k: { kpi: string }) => k.kpi)).toEqual([...KPI_NAMES]);

      expect(kpi(b, 'hazardClosureRate')).toMatchObject({
        kind: 'ratio',
        unit: 'ratio',
        betterWhen: 'higher',
        value: 0.5,
        numerator: 2,
        denominator: 4,
        median: null,
        previous: { numerator: 1, denominator: 3 },
      });
      expect(kpi(b, 'hazardClosureRate').change).toBeCloseTo(0.5 - 1 / 3, 10);
      const rect = kpi(b, 'meanRectificationHours');
      expect([rect.value, rect.numerator, rect.denominator, rect.median].map((x: number) => Math.round(x * 1000) / 1000)).toEqual([184, 552, 3, 48]);
      expect(rect.previous).toEqual({ value: null, numerator: 0, denominator: 0, median: null });
      expect(kpi(b, 'slaBreachRate')).toMatchObject({ value: 0.4, numerator: 2, denominator: 5, previous: { value: 1, numerator: 1, denominator: 1 } });
      const insp = kpi(b, 'inspectionAverage');
      expect([insp.numerator, insp.denominator, insp.median, insp.previous.value]).toEqual([245, 3, 85, 60]);
      expect(insp.value).toBeCloseTo(245 / 3, 10);
      expect(kpi(b, 'trainingCoverage')).toMatchObject({ numerator: 3, denominator: active.group });
      expect(kpi(b, 'trainingCoverage').value).toBeCloseTo(3 / active.group, 10);
      expect(kpi(b, 'trainingPassRate')).toMatchObject({ numerator: 5, denominator: 6 });
      expect(kpi(b, 'incidentFrequency')).toMatchObject({ kind: 'per100', numerator: 2, denominator: active.group, previous: { numerator: 1 } });
      expect(kpi(b, 'incidentFrequency').value).toBeCloseTo(200 / active.group, 10);
      expect(kpi(b, 'seriousIncidents')).toMatchObject({ kind: 'count', value: 1, numerator: 1, denominator: null, previous: { value: 0 } });
      const ack = kpi(b, 'emergencyAckMinutes');
      expect([ack.value, ack.numerator, ack.denominator, ack.median, ack.previous.value].map((x: number) => Math.round(x * 1000) / 1000)).toEqual([
        7, 14, 2, 7, 2,
      ]);
      const ctl = kpi(b, 'emergencyControlMinutes');
      expect([ctl.value, ctl.numerator, ctl.denominator, ctl.median, ctl.previous.value].map((x: number) => Math.round(x * 1000) / 1000)).toEqual([
        60, 60, 1, 60, 30,
      ]);
    });

    it('the drill-down lists exactly the records behind each figure', async () => {
      const { hazards: h, tasks: t, emergencies: e, incidents: i, facts: f, people: p, users: u, active } = ids();
      const drill = (q: string) => ok('safety', `/api/dashboard/drill?${MARCH}&${/pageSize=/.test(q) ? '' : 'pageSize=200&'}${q}`);
      let d = await drill('kpi=hazardClosureRate&part=numerator');
      expect([d.total, byId(d.items)]).toEqual([2, sorted(h.H1, h.H3)]);
      expect(d.items[0]).toMatchObject({
        type: 'hazard',
        id: h.H3,
        inNumerator: true,
        workflowId: `Hazard:${h.H3}`,
        link: `/hazards/${h.H3}`,
        departmentName: 'Equipment Department',
        personName: 'Equipment Head Qian',
      });
      d = await drill('kpi=hazardClosureRate&part=denominator');
      expect([d.total, byId(d.items)]).toEqual([4, sorted(h.H1, h.H2, h.H3, h.H5)]);
      d = await drill('kpi=meanRectificationHours');
      expect(d.items.map((x: { id: string; value: number }) => [x.id, Math.round(x.value * 1000) / 1000])).toEqual([
        [h.H3, 24],
        [h.H1, 48],
        [h.H6, 480],
      ]);
      d = await drill('kpi=slaBreachRate&part=numerator');
      expect([d.total, byId(d.items)]).toEqual([2, sorted(t.T2, t.T3)]);
      expect(d.items.find((x: { id: string }) => x.id === t.T3)).toMatchObject({
        type: 'task',
        status: 'open',
        personName: 'Equipment Head Qian',
        departmentName: 'Equipment Department',
      });
      d = await drill('kpi=slaBreachRate&part=denominator');
      expect(byId(d.items)).toEqual(sorted(t.T1, t.T2, t.T3, t.T4, t.T7));
      d = await drill('kpi=trainingCoverage&part=numerator');
      expect([d.records, d.total, byId(d.items)]).toEqual(['person', 3, sorted(u.employee.personId!, p.p2, p.p4)]);
      d = await drill('kpi=trainingCoverage&part=denominator&pageSize=1');
      expect([d.total, d.items.length]).toEqual([active.group, 1]);
      d = await drill('kpi=trainingPassRate&part=numerator');
      expect(d.total).toBe(5);
      d = await drill('kpi=incidentFrequency&part=numerator');
      // Incidents, not emergencies (until the incident process existed, this KPI counted emergencies).
      expect([d.records, byId(d.items)]).toEqual(['incident', sorted(i.I1, i.I2)]);
      expect(d.items.find((x: { id: string }) => x.id === i.I1)).toMatchObject({
        type: 'incident',
        title: 'Hand caught in a press',
        status: 'investigating',
        link: `/incidents/${i.I1}`,
        departmentName: 'Equipment Department',
        fields: { consequence: 'medical_treatment', occurredAt: L('2025-03-12 10:00').toISOString() },
      });
      d = await drill('kpi=incidentFrequency&part=denominator');
      expect([d.records, d.total]).toEqual(['person', active.group]);
      d = await drill('kpi=emergencyAckMinutes');
      expect(d.items.map((x: { id: string; value: number }) => [x.id, Math.round(x.value * 1000) / 1000])).toEqual([
        [e.E2, 10],
        [e.E1, 4],
      ]);
      d = await drill('kpi=inspectionAverage');
      expect(byId(d.items)).toEqual(sorted(f.F1, f.F2, f.F3));
      d = await drill('kpi=seriousIncidents');
      expect([d.records, byId(d.items)]).toEqual(['fact', [f.S1]]);

      // Every figure's parts, and pages add up.
      const k = await ok('safety', `/api/dashboard/kpis?${MARCH}`);
      for (const fig of k.kpis) {
        for (const part of fig.kind === 'count' ? ['numerator'] : ['numerator', 'denominator']) {
          const r = await drill(`kpi=${fig.kpi}&part=${part}&pageSize=1`);
          const want = fig.kind === 'mean' ? fig.denominator : fig[part];
          expect([fig.kpi, part, r.total]).toEqual([fig.kpi, part, want]);
        }
      }
      const page2 = await ok('safety', `/api/dashboard/drill?${MARCH}&kpi=hazardClosureRate&part=denominator&pageSize=3&page=2`);
      expect([page2.total, page2.items.length, page2.page]).toEqual([4, 1, 2]);
    });

    it('trends by month and ISO week; buckets add up to the period', async () => {
      const m = await ok('safety', '/api/dashboard/trends?kpi=hazardClosureRate&from=2025-01-01&to=2025-04-01');
      expect(
        m.series.map((s: { label: string; numerator: number; denominator: number; value: number | null }) => [
          s.label,
          s.numerator,
          s.denominator,
          s.value === null ? null : Math.round(s.value * 1000) / 1000,
        ]),
      ).toEqual([
        ['2025-01', 0, 0, null],
        ['2025-02', 1, 3, 0.333],
        ['2025-03', 2, 4, 0.5],
      ]);
      const w = await ok('safety', `/api/dashboard/trends?kpi=slaBreachRate&granularity=week&${MARCH}`);
      expect(w.series.map((s: { label: string; numerator: number; denominator: number }) => [s.label, s.numerator, s.denominator])).toEqual([
        ['2025-W09', 0, 0],
        ['2025-W10', 2, 4],
        ['2025-W11', 0, 1],
        ['2025-W12', 0, 0],
        ['2025-W13', 0, 0],
        ['2025-W14', 0, 0],
      ]);
      expect(w.series[0].from).toBe('2025-02-28T16:00:00.000Z');
      const r = await ok('safety', `/api/dashboard/trends?kpi=meanRectificationHours&${MARCH}`);
      expect(r.series).toHaveLength(1);
      expect([r.series[0].value, r.series[0].median].map((x: number) => Math.round(x))).toEqual([184, 48]);
    });

    it('rankings by department and by person, best or worst first', async () => {
      const { units, users } = ids();
      const worst = await ok('safety', `/api/dashboard/ranking?kpi=slaBreachRate&by=department&order=worst&${MARCH}`);
      expect(
        worst.items.map((i: { rank: number; id: string; name: string; numerator: number; denominator: number }) => [
          i.rank,
          i.id,
          i.name,
          i.numerator,
          i.denominator,
        ]),
      ).toEqual([
        [1, units.prod.id, 'Production Department', 1, 2],
        [2, units.equip.id, 'Equipment Department', 1, 3],
      ]);
      const best = await ok('safety', `/api/dashboard/ranking?kpi=slaBreachRate&order=best&limit=1&${MARCH}`);
      expect([best.total, best.items.map((i: { id: string }) => i.id)]).toEqual([2, [units.equip.id]]);
      const people = await ok('safety', `/api/dashboard/ranking?kpi=hazardClosureRate&by=person&${MARCH}`);
      expect(people.items.map((i: { name: string; value: number; departmentName: string }) => [i.name, i.value, i.departmentName])).toEqual([
        ['Equipment Head Qian', 1, 'Equipment Department'],
        ['Operator Liu', 1, 'Production Department'],
        ['Production Head Zhao', 0, 'Production Department'],
      ]);
      const coverage = await ok('safety', `/api/dashboard/ranking?kpi=trainingCoverage&${MARCH}`);
      const prod = coverage.items.find((i: { id: string }) => i.id === units.prod.id);
      expect([prod.numerator, prod.denominator]).toEqual([2, ids().active.prod]);
      // A ranking row drills down to its records.
      const d = await ok('safety', `/api/dashboard/drill?kpi=slaBreachRate&part=denominator&departmentId=${units.equip.id}&${MARCH}`);
      expect(byId(d.items)).toEqual(sorted(ids().tasks.T3, ids().tasks.T4, ids().tasks.T7));
      const dp = await ok('safety', `/api/dashboard/drill?kpi=hazardClosureRate&part=denominator&personId=${users.employee.personId}&${MARCH}`);
      expect(byId(dp.items)).toEqual([ids().hazards.H1]);
    });

    it('heat map of hazards by department × category and by area × risk level, with drill-down per cell', async () => {
      const { units, hazards: h } = ids();
      const m = await ok('safety', `/api/dashboard/heatmap?${MARCH}`);
      expect(m.rows).toEqual([
        { key: units.prod.id, name: 'Production Department', total: 2 },
        { key: units.equip.id, name: 'Equipment Department', total: 1 },
        { key: units.plant.id, name: 'Suzhou Plant', total: 1 },
      ]);
      expect(m.columns).toHaveLength(10);
      expect(m.columns.filter((c: { total: number }) => c.total).map((c: { key: string; total: number }) => [c.key, c.total])).toEqual([
        ['guarding', 2],
        ['electrical', 1],
        ['fire', 1],
      ]);
      const cell = (row: string, column: string) => m.cells.find((c: { row: string; column: string }) => c.row === row && c.column === column);
      expect(cell(units.prod.id, 'electrical')).toEqual({ row: units.prod.id, column: 'electrical', count: 1, open: 1, overdue: 1, major: 1 });
      expect(cell(units.prod.id, 'guarding')).toMatchObject({ count: 1, open: 0 });
      expect([m.total, m.max, m.cells.length]).toEqual([4, 1, 4]);
      const d = await ok('safety', `/api/dashboard/drill?kpi=heatmap&departmentId=${units.plant.id}&category=fire&${MARCH}`);
      expect(byId(d.items)).toEqual([h.H5]);
      const a = await ok('safety', `/api/dashboard/heatmap?rows=area&columns=riskLevel&${MARCH}`);
      expect(a.rows.map((r: { key: string; total: number }) => [r.key, r.total])).toEqual([
        ['Press line 1', 2],
        ['Gate', 1],
        ['Maintenance bay', 1],
      ]);
      expect(a.columns.map((c: { key: string }) => c.key)).toEqual(['low', 'medium', 'high', 'extreme', 'ungraded']);
      const da = await ok('safety', `/api/dashboard/drill?kpi=heatmap&area=${encodeURIComponent('Press line 1')}&riskLevel=high&${MARCH}`);
      expect(byId(da.items)).toEqual([h.H2]);
      const du = await ok('safety', `/api/dashboard/drill?kpi=heatmap&riskLevel=ungraded&${MARCH}`);
      expect(byId(du.items)).toEqual([h.H5]);
    });

    it('handoff matrix between departments, with the tasks behind a cell', async () => {
      const { units, tasks: t } = ids();
      const m = await ok('safety', `/api/dashboard/handoffs?${MARCH}`);
      const cell = (from: OrgUnit, to: OrgUnit) => m.cells.find((c: { from: string; to: string }) => c.from === from.id && c.to === to.id);
      const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
      const view = (c: { count: number; completed: number; meanHours: number | null; medianHours: number | null }) => [
        c.count,
        c.completed,
        r3(c.meanHours),
        r3(c.medianHours),
      ];
      expect(view(cell(units.prod, units.safety))).toEqual([2, 1, 1, 1]);
      expect(view(cell(units.safety, units.prod))).toEqual([1, 1, 1, 1]);
      expect(view(cell(units.prod, units.prod))).toEqual([1, 1, 48, 48]);
      expect(view(cell(units.equip, units.safety))).toEqual([2, 2, 1.542, 1.542]);
      expect(view(cell(units.safety, units.equip))).toEqual([1, 1, 0.5, 0.5]);
      expect([m.cells.length, m.total, m.unattributed]).toEqual([5, 7, 6]);
      expect(m.departments.map((d: { name: string }) => d.name)).toEqual(['Equipment Department', 'Production Department', 'Safety Department']);
      const d = await ok('safety', `/api/dashboard/drill?kpi=handoffs&fromDepartmentId=${units.prod.id}&toDepartmentId=${units.safety.id}&${MARCH}`);
      expect(d.items.map((x: { id: string; value: number | null; fields: { fromUnitName: string } }) => [x.id, x.value, x.fields.fromUnitName])).toEqual([
        [t.A4, null, 'Stamping Workshop'],
        [t.A1, 1, 'Stamping Workshop'],
      ]);
      expect(d.items[0]).toMatchObject({ workflowId: expect.stringMatching(/^Hazard:/), link: expect.stringMatching(/^\/hazards\//) });

      // A task created later (and one completed) shows at the next query.
      const ds = driver === 'mariadb' ? system.dataSource : sqlite.ds;
      await ds.getRepository(Task).insert({
        id: `${t.A4}-again`,
        workflowId: d.items[0].workflowId,
        processType: 'hazard',
        taskType: 'test.step',
        title: 'Rework',
        description: null,
        orgUnitId: units.stamping.id,
        candidateRole: null,
        assigneeUserId: null,
        status: 'open',
        dueAt: null,
        completedAt: null,
        completedBy: null,
        createdAt: L('2025-03-06 09:00'),
      });
      await ds.getRepository(Task).update({ id: t.A4 }, { status: 'completed', completedAt: L('2025-03-05 14:00') });
      const again = await ok('safety', `/api/dashboard/handoffs?${MARCH}`);
      const c2 = again.cells.find((c: { from: string; to: string }) => c.from === units.safety.id && c.to === units.prod.id);
      expect(view(c2)).toEqual([2, 1, 1, 1]);
      expect(view(again.cells.find((c: { from: string; to: string }) => c.from === units.prod.id && c.to === units.safety.id))).toEqual([2, 2, 1.5, 1.5]);
    });

    it('scope: department heads see their department, the safety hub may narrow, employees are refused', async () => {
      const { units, hazards: h } = ids();
      const head = await ok('head.production', `/api/dashboard/kpis?${MARCH}`);
      expect(head.scope).toMatchObject({ orgUnitId: units.prod.id, name: 'Production Department' });
      expect(kpi(head, 'hazardClosureRate')).toMatchObject({ numerator: 1, denominator: 2 });
      expect(kpi(head, 'meanRectificationHours')).toMatchObject({ numerator: 528, denominator: 2, value: 264 });
      expect(kpi(head, 'slaBreachRate')).toMatchObject({ numerator: 1, denominator: 2 });
      expect(kpi(head, 'trainingCoverage')).toMatchObject({ numerator: 2, denominator: ids().active.prod });
      expect(kpi(head, 'incidentFrequency').numerator).toBe(1);
      const d = await ok('head.production', `/api/dashboard/drill?kpi=hazardClosureRate&part=denominator&${MARCH}`);
      expect(byId(d.items)).toEqual(sorted(h.H1, h.H2));
      const hm = await ok('head.production', `/api/dashboard/handoffs?${MARCH}`);
      expect([hm.cells.length, hm.total, hm.unattributed]).toEqual([3, 5, 2]); // with the task the handoff test added
      expect((await call('head.production', `/api/dashboard/kpis?orgUnitId=${units.equip.id}&${MARCH}`)).status).toBe(404);
      expect((await call('head.production', `/api/dashboard/ranking?kpi=slaBreachRate&orgUnitId=${units.group.id}&${MARCH}`)).status).toBe(404);

      const narrowed = await ok('safety', `/api/dashboard/kpis?orgUnitId=${units.equip.id}&${MARCH}`);
      expect(kpi(narrowed, 'hazardClosureRate')).toMatchObject({ numerator: 1, denominator: 1 });
      const hr = await ok('hr', `/api/dashboard/kpis?${MARCH}`);
      expect(hr.scope.orgUnitId).toBe(units.group.id);
      expect((await ok('auditor', `/api/dashboard/heatmap?${MARCH}`)).total).toBe(4);
      for (const path of ['kpis', 'trends?kpi=slaBreachRate', 'ranking?kpi=slaBreachRate', 'heatmap', 'handoffs', 'drill?kpi=slaBreachRate']) {
        expect([path, (await call('employee', `/api/dashboard/${path}`)).status]).toEqual([path, 403]);
      }
    });

    it('areas whose CRC32 collide stay apart (MariaDB groups text by CRC32, then checks)', async () => {
      const { units, users } = ids();
      const ds = driver === 'mariadb' ? system.dataSource : sqlite.ds;
      for (const area of ['plumless', 'buckeroo', 'buckeroo']) {
        const id = randomUUID();
        await ds.getRepository(Hazard).insert({
          id,
          workflowId: `Hazard:${id}`,
          title: area,
          description: 'x',
          category: 'other',
          area,
          orgUnitId: units.maint.id,
          suspectedSeverity: 'low',
          evidenceIds: [],
          reporterUserId: users.employee.id,
          reporterPersonId: null,
          status: 'grading',
          reportedAt: L('2025-06-10 09:00'),
          policyVersion: 1,
        });
      }
      const m = await ok('safety', '/api/dashboard/heatmap?rows=area&from=2025-06-01&to=2025-07-01');
      expect(m.rows.map((r: { key: string; total: number }) => [r.key, r.total])).toEqual([
        ['buckeroo', 2],
        ['plumless', 1],
      ]);
    });

    it('bad parameters are 400 with the field at fault', async () => {
      const bad = async (path: string, field: string) => {
        const r = await call('safety', path);
        expect([path, r.status, r.body.error?.details?.map((x: { path: string }) => x.path)]).toEqual([path, 400, expect.arrayContaining([field])]);
      };
      await bad('/api/dashboard/trends?kpi=bogus', 'query.kpi');
      await bad('/api/dashboard/drill?kpi=bogus', 'query.kpi');
      await bad('/api/dashboard/kpis?from=2025-04-01&to=2025-03-01', 'query.to');
      await bad('/api/dashboard/kpis?from=2025-03-01&to=2025-03-01', 'query.to');
      await bad('/api/dashboard/kpis?from=2021-01-01&to=2025-03-01', 'query.from');
      await bad('/api/dashboard/kpis?from=last-week', 'query.from');
      await bad('/api/dashboard/kpis?from=2025-02-30', 'query.from');
      await bad('/api/dashboard/trends?kpi=slaBreachRate&granularity=day', 'query.granularity');
      await bad('/api/dashboard/ranking?kpi=incidentFrequency&by=person', 'query.by');
      await bad('/api/dashboard/ranking?kpi=slaBreachRate&limit=0', 'query.limit');
      await bad('/api/dashboard/drill?kpi=seriousIncidents&part=denominator', 'query.part');
      await bad('/api/dashboard/drill?kpi=slaBreachRate&orgUnitId=not-a-uuid', 'query.orgUnitId');
      await bad('/api/dashboard/kpis?utcOffsetMinutes=9999', 'query.utcOffsetMinutes');
      const unknown = await call('safety', '/api/dashboard/kpis?colour=red');
      expect(unknown.status).toBe(400);
    });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${system.appUrl}/api/openapi.json`)).json()) as { paths: Record<string, { get?: { summary?: string } }> };
    for (const p of ['kpis', 'trends', 'ranking', 'heatmap', 'handoffs', 'drill']) expect(doc.paths[`/api/dashboard/${p}`]?.get?.summary).toBeTruthy();
    expect(doc.paths['/api/dashboard/kpis'].get!.summary).toMatch(/hazardClosureRate = hazards reported in the period that are now closed/);
  });
});
