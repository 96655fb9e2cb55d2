import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { AuditEntry, Incident, User, WorkedHours } from '../../db/entities';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { incidentIds } from '../support/safety-rates';
import { eventually } from '../support/wait';

/**
 * Safety performance rates against the real system: worked hours entered (PUT) and imported from
 * an xlsx file, incidents reported and classified through their process, and TRIR / LTIFR /
 * severity rate per month checked to the figure worked out by hand below.
 *
 * Hours of the production department's subtree (stamping + assembly workshops):
 *   2025-01: 60,000 + 40,000 = 100,000 (entered)
 *   2025-02: 80,000 (entered 50,000, corrected) + 20,000 (imported) = 100,000
 *   2025-03: 125,000 (imported from a date cell) + 75,000 (imported, "2025年3月", "75,000") = 200,000
 *   2025-04: none
 * Incidents (times UTC; months in the group's +08:00):
 *   A stamping 2025-01-10 medical treatment              → January, recordable
 *   B assembly 2025-01-31 17:00Z = 1 Feb 01:00 +08:00, lost time, 12 days → February
 *   C stamping 2025-02-05 near miss (classified medical treatment) → never
 *   D stamping 2025-03-15 first aid                       → not recordable
 *   E assembly 2025-03-20 lost time, 30 days              → March
 *   X stamping 2025-03-25 lost time, 40 days, cancelled   → never
 *   R stamping 2025-02-10 lost time, 7 days, reported from a fire drill → never
 *   G stamping 2025-04-08 medical treatment               → April (no hours: counted, no rates)
 *   F equipment 2025-03-10 lost time, 5 days              → outside production; in the plant
 * Production:
 *   January:  TRIR 1 × 200,000 / 100,000 = 2;  LTIFR 0;                          severity 0
 *   February: TRIR 1 × 200,000 / 100,000 = 2;  LTIFR 1 × 10⁶ / 100,000 = 10;   severity 12 × 10⁶ / 100,000 = 120
 *   March:    TRIR 1 × 200,000 / 200,000 = 1;  LTIFR 1 × 10⁶ / 200,000 = 5;    severity 30 × 10⁶ / 200,000 = 150
 *   April:    1 recordable, no hours → null rates
 *   Total (January–March, April has no hours): 400,000 h; TRIR 3 × 200,000 / 400,000 = 1.5;
 *             LTIFR 2 × 10⁶ / 400,000 = 5; severity 42 × 10⁶ / 400,000 = 105
 * Plant, March: 200,000 h (only production entered hours); E and F: TRIR 2 × 200,000 / 200,000 = 2;
 *   LTIFR 2 × 10⁶ / 200,000 = 10; severity 35 × 10⁶ / 200,000 = 175
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('safety performance rates', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, call, ds, unit, openTask, complete } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000 });
  const incident = (id: string) => ds().getRepository(Incident).findOneByOrFail({ id });

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  /** `employee` reports it in the unit with this code; the safety hub classifies it with this consequence and days lost. */
  async function classified(code: string, kind: 'incident' | 'near_miss', occurredAt: string, consequence: string, daysLost = 0, emergencyId?: string) {
    const incidentId = randomUUID();
    const r = await call('employee', 'POST', '/api/incidents', {
      incidentId,
      kind,
      title: `${consequence} in ${code}`,
      description: 'For the rates',
      location: code,
      orgUnitId: await unit(code),
      occurredAt,
      emergencyId,
    });
    expect(r.status).toBe(201);
    const lead = (await ds().getRepository(User).findOneByOrFail({ username: 'safety' })).personId!;
    await complete('safety', await openTask(r.body.workflowId, 'incident.classify'), {
      category: 'machinery',
      consequence,
      minorInjuries: consequence === 'none' ? 0 : 1,
      daysLost,
      investigationLeadPersonId: lead,
    });
    await eventually(async () => (await incident(incidentId)).consequence === consequence, `${incidentId} classified`);
    return { id: incidentId, workflowId: r.body.workflowId as string };
  }

  const sheet = async (rows: (string | number | Date)[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hours');
    ws.addRow(['Unit', 'Month', 'Hours']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  };
  const upload = async (username: string, file: Buffer, query = '') =>
    (await as(username)).call('POST', `/api/worked-hours/import${query}`, file, { 'content-type': XLSX });

  it('worked hours: entered and corrected by the safety hub and HR (audited), imported from xlsx all rows or none, listed by month and unit', async () => {
    const stamping = await unit('DEMO-WS-STAMPING');
    const assembly = await unit('DEMO-WS-ASSEMBLY');
    const put = (username: string, orgUnitId: string, month: string, hours: number) => call(username, 'PUT', '/api/worked-hours', { orgUnitId, month, hours });

    expect((await put('safety', stamping, '2025-01', 60_000)).status).toBe(201);
    expect((await put('hr', assembly, '2025-01', 40_000)).status).toBe(201);
    const first = await put('safety', stamping, '2025-02', 50_000);
    expect([first.status, first.body]).toEqual([
      201,
      expect.objectContaining({ orgUnitCode: 'DEMO-WS-STAMPING', month: '2025-02', hours: 50_000, updatedBy: 'safety' }),
    ]);
    const corrected = await put('hr', stamping, '2025-02', 80_000);
    expect([corrected.status, corrected.body.id, corrected.body.hours, corrected.body.updatedBy]).toEqual([200, first.body.id, 80_000, 'hr']);
    expect((await put('hr', stamping, '2025-02', 80_000)).status).toBe(200); // unchanged: no audit row
    const audits = await ds()
      .getRepository(AuditEntry)
      .find({ where: { entityType: 'worked_hours', entityId: first.body.id }, order: { seq: 'ASC' } });
    expect(audits.map((a) => [a.action, a.actor, a.before && JSON.parse(a.before).hours, JSON.parse(a.after!).hours])).toEqual([
      ['worked_hours.created', 'safety', null, 50_000],
      ['worked_hours.updated', 'hr', 50_000, 80_000],
    ]);

    // Who and what: writers only, in their scope; field paths for bad input.
    expect((await put('head.production', stamping, '2025-01', 1)).status).toBe(403);
    expect((await put('employee', stamping, '2025-01', 1)).status).toBe(403);
    const bad = await call('safety', 'PUT', '/api/worked-hours', { orgUnitId: stamping, month: '2025-13', hours: -1 });
    expect([bad.status, bad.body.error.details.map((d: { path: string }) => d.path).sort()]).toEqual([400, ['body.hours', 'body.month']]);
    const outside = await put('safety', await unit('DEMO-CO'), '2025-01', 1); // the safety officer's scope is the plant
    expect([outside.status, outside.body.error.details]).toEqual([400, [{ path: 'body.orgUnitId', message: 'no such org unit in your scope' }]]);

    // A file with problems: nothing is written, each problem named by row and column.
    const count = () => ds().getRepository(WorkedHours).count();
    const before = await count();
    const broken = await upload(
      'safety',
      await sheet([
        ['DEMO-WS-ASSEMBLY', '2025-02', 20_000],
        ['NO-SUCH-UNIT', '2025-02', 1],
        ['DEMO-WS-ASSEMBLY', '2025-13', 1],
        ['DEMO-WS-ASSEMBLY', '2025-03', 'lots'],
        ['DEMO-WS-ASSEMBLY', '2025/2', 5],
        ['DEMO-CO', '2025-02', 5],
      ]),
    );
    expect(broken.status).toBe(400);
    expect(broken.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'unit'],
      [4, 'month'],
      [5, 'hours'],
      [6, 'month'],
      [7, 'unit'],
    ]);
    expect(broken.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'rows.3.unit',
      'rows.4.month',
      'rows.5.hours',
      'rows.6.month',
      'rows.7.unit',
    ]);
    expect(await count()).toBe(before);
    expect((await upload('head.production', await sheet([['DEMO-WS-ASSEMBLY', '2025-02', 1]]))).status).toBe(403);

    const file = await sheet([
      ['DEMO-WS-ASSEMBLY', '2025-02', 20_000],
      ['DEMO-WS-STAMPING', new Date(Date.UTC(2025, 2, 1)), 125_000], // a spreadsheet date cell: its month
      ['DEMO-WS-ASSEMBLY', '2025年3月', '75,000'],
      ['DEMO-WS-STAMPING', '2025-02', 80_000], // as entered: unchanged
    ]);
    const dry = await upload('safety', file, '?dryRun=true');
    expect(dry.body).toEqual({ ok: true, dryRun: true, imported: 3, created: 3, updated: 0, unchanged: 1, errors: [] });
    expect(await count()).toBe(before);
    expect((await upload('safety', file)).body).toEqual({ ok: true, dryRun: false, imported: 3, created: 3, updated: 0, unchanged: 1, errors: [] });
    expect((await upload('safety', file)).body).toMatchObject({ ok: true, imported: 0, unchanged: 4 });

    const listed = await call('head.production', 'GET', `/api/worked-hours?from=2025-01&to=2025-04`);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(6);
    expect(listed.body.items.map((w: { month: string; orgUnitCode: string; hours: number }) => [w.month, w.orgUnitCode, w.hours])).toEqual([
      ['2025-01', 'DEMO-WS-ASSEMBLY', 40_000],
      ['2025-01', 'DEMO-WS-STAMPING', 60_000],
      ['2025-02', 'DEMO-WS-ASSEMBLY', 20_000],
      ['2025-02', 'DEMO-WS-STAMPING', 80_000],
      ['2025-03', 'DEMO-WS-ASSEMBLY', 75_000],
      ['2025-03', 'DEMO-WS-STAMPING', 125_000],
    ]);
    expect((await call('head.equipment', 'GET', `/api/worked-hours?from=2025-01&to=2025-04`)).body.total).toBe(0);
    expect((await call('employee', 'GET', '/api/worked-hours')).status).toBe(403);
    expect((await call('safety', 'GET', '/api/worked-hours?from=2025-04&to=2025-01')).status).toBe(400);
  });

  it('TRIR, LTIFR and severity rate per month of the classified incidents (near misses, cancelled ones and a drill’s never), with the incidents behind each figure', async () => {
    const a = await classified('DEMO-WS-STAMPING', 'incident', '2025-01-10T02:00:00.000Z', 'medical_treatment');
    const b = await classified('DEMO-WS-ASSEMBLY', 'incident', '2025-01-31T17:00:00.000Z', 'lost_time', 12);
    await classified('DEMO-WS-STAMPING', 'near_miss', '2025-02-05T02:00:00.000Z', 'medical_treatment');
    await classified('DEMO-WS-STAMPING', 'incident', '2025-03-15T02:00:00.000Z', 'first_aid');
    const e = await classified('DEMO-WS-ASSEMBLY', 'incident', '2025-03-20T02:00:00.000Z', 'lost_time', 30);
    const x = await classified('DEMO-WS-STAMPING', 'incident', '2025-03-25T02:00:00.000Z', 'lost_time', 40);
    const g = await classified('DEMO-WS-STAMPING', 'incident', '2025-04-08T02:00:00.000Z', 'medical_treatment');
    const f = await classified('DEMO-EQUIPMENT', 'incident', '2025-03-10T02:00:00.000Z', 'lost_time', 5);
    const drillId = randomUUID();
    const drill = { emergencyId: drillId, type: 'fire', location: 'Warehouse B', injuries: false, drill: true, description: 'Fire drill' };
    expect((await call('employee', 'POST', '/api/emergencies', drill)).status).toBe(201);
    await classified('DEMO-WS-STAMPING', 'incident', '2025-02-10T02:00:00.000Z', 'lost_time', 7, drillId);
    // A Temporal cancellation request (/api/processes/cancel does not take incidents yet): the process marks its projection cancelled.
    await system.client.workflow.getHandle(x.workflowId).cancel();
    await eventually(async () => (await incident(x.id)).status === 'cancelled', 'the duplicate cancelled');

    const production = await unit('DEMO-PRODUCTION');
    const r = await call('safety', 'GET', `/api/safety-rates?orgUnitId=${production}&from=2025-01&to=2025-04`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      scope: { orgUnitId: production, kind: 'department' },
      from: '2025-01',
      to: '2025-04',
      utcOffsetMinutes: 480,
      bases: { trir: 200_000, ltifr: 1_000_000, severityRate: 1_000_000 },
    });
    expect(r.body.months).toEqual([
      {
        month: '2025-01',
        hours: 100_000,
        hoursEntries: 2,
        recordable: 1,
        lostTime: 0,
        daysLost: 0,
        trir: 2,
        ltifr: 0,
        severityRate: 0,
        incidentIds: incidentIds([a], [], []),
      },
      {
        month: '2025-02',
        hours: 100_000,
        hoursEntries: 2,
        recordable: 1,
        lostTime: 1,
        daysLost: 12,
        trir: 2,
        ltifr: 10,
        severityRate: 120,
        incidentIds: incidentIds([b], [b], [b]),
      },
      {
        month: '2025-03',
        hours: 200_000,
        hoursEntries: 2,
        recordable: 1,
        lostTime: 1,
        daysLost: 30,
        trir: 1,
        ltifr: 5,
        severityRate: 150,
        incidentIds: incidentIds([e], [e], [e]),
      },
      {
        month: '2025-04',
        hours: null,
        hoursEntries: 0,
        recordable: 1,
        lostTime: 0,
        daysLost: 0,
        trir: null,
        ltifr: null,
        severityRate: null,
        incidentIds: incidentIds([g], [], []),
      },
    ]);
    expect(r.body.total).toEqual({
      hours: 400_000,
      hoursEntries: 6,
      recordable: 3,
      lostTime: 2,
      daysLost: 42,
      trir: 1.5,
      ltifr: 5,
      severityRate: 105,
      incidentIds: incidentIds([a, b, e], [b, e], [b, e]),
      monthsWithoutHours: ['2025-04'],
    });

    // The plant's March: the equipment department's incident counts too, over the same hours.
    const plant = await call('safety', 'GET', `/api/safety-rates?orgUnitId=${await unit('DEMO-PLANT')}&from=2025-03&to=2025-03`);
    expect(plant.body.months).toEqual([
      {
        month: '2025-03',
        hours: 200_000,
        hoursEntries: 2,
        recordable: 2,
        lostTime: 2,
        daysLost: 35,
        trir: 2,
        ltifr: 10,
        severityRate: 175,
        incidentIds: incidentIds([f, e], [f, e], [f, e]),
      },
    ]);

    // In UTC, B falls in January: the offset decides the month.
    const utc = await call('safety', 'GET', `/api/safety-rates?orgUnitId=${production}&from=2025-01&to=2025-01&utcOffsetMinutes=0`);
    expect(utc.body.months[0]).toMatchObject({ recordable: 2, lostTime: 1, daysLost: 12, trir: 4, ltifr: 10, severityRate: 120 });

    // Department heads see their own subtree only; employees not at all.
    expect((await call('head.production', 'GET', '/api/safety-rates?from=2025-01&to=2025-04')).body.total.trir).toBe(1.5);
    expect((await call('head.equipment', 'GET', `/api/safety-rates?orgUnitId=${production}`)).status).toBe(404);
    expect((await call('employee', 'GET', '/api/safety-rates')).status).toBe(403);
    const tooLong = await call('safety', 'GET', '/api/safety-rates?from=2020-01&to=2025-01');
    expect([tooLong.status, tooLong.body.error.details[0].path]).toEqual([400, 'query.from']);
  });
});
