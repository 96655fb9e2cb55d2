import { randomUUID } from 'node:crypto';
import { fetchDecodedHistory } from '../../temporal/codec';
import { defaultPayloadConverter } from '@temporalio/common';
import ExcelJS from 'exceljs';
import { Like } from 'typeorm';
import { AuditEntry, Certificate, Notification, Permit, PermitCrewMember, User } from '../../db/entities';
import { ensureCertificateSweepSchedule } from '../../api/certificates/sweep';
import { todayIn } from '../../domain/inspections/rules';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DAY_MS = 86_400_000;
const dayFromToday = (n: number) => new Date(Date.parse(`${todayIn(new Date())}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The certificates register (issue 19, item 2): CRUD with its access rules (the safety hub, HR and
 * admins keep it; department heads read their subtree; everyone reads their own), the Excel import
 * (all rows or none, problems by row and column), the daily sweep's expiry reminders (90 / 30 / 7
 * days, each once, to the holder and their department head) and lapses: a revoked or expired
 * certificate of someone on a running permit signals `certificateLapsed` to `Permit:<id>`.
 */
describe('certificates register', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, call, ds, unit, openTask, complete } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000 });

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  const add = (username: string, body: Record<string, unknown>) => call(username, 'POST', '/api/certificates', body);
  const personOf = async (username: string) => (await ds().getRepository(User).findOneByOrFail({ username })).personId!;
  const userOf = async (username: string) => (await ds().getRepository(User).findOneByOrFail({ username })).id;
  const list = async (username: string, query = '') => (await call(username, 'GET', `/api/certificates${query}`)).body;
  const numbers = async (username: string, query = '') => ((await list(username, query)).items as { number: string }[]).map((c) => c.number).sort();

  it('keeps certificates: added, corrected and revoked by the register keepers, read in scope, refused with the field at fault', async () => {
    const employee = await personOf('employee');
    const headEquipment = await personOf('head.equipment');
    const created = await add('safety', {
      personId: employee,
      type: 'welding',
      number: 'T-WELD-001',
      issuedOn: dayFromToday(-300),
      expiresOn: dayFromToday(400),
      reviewOn: dayFromToday(100),
    });
    expect([created.status, created.body]).toEqual([
      201,
      expect.objectContaining({ personName: 'Operator Liu', employeeNo: 'E1008', type: 'welding', status: 'valid', daysLeft: 400, revokedAt: null }),
    ]);
    const other = await add('hr', {
      personId: headEquipment,
      type: 'electrician',
      number: 'T-ELEC-001',
      issuedOn: dayFromToday(-10),
      expiresOn: dayFromToday(20),
    });
    expect([other.status, other.body.status]).toEqual([201, 'expiring']);

    // Refusals name the field; the reader's language where asked.
    const dup = await add('safety', { personId: employee, type: 'welding', number: 'T-WELD-001', issuedOn: dayFromToday(-1) });
    expect([dup.status, dup.body.error.details]).toEqual([409, [{ path: 'body.number', message: 'already in use' }]]);
    const backwards = await add('safety', {
      personId: employee,
      type: 'height',
      number: 'T-H-1',
      issuedOn: dayFromToday(0),
      expiresOn: dayFromToday(-1),
    });
    expect([backwards.status, backwards.body.error.details[0].path]).toEqual([400, 'body.expiresOn']);
    const zh = await (
      await as('safety')
    ).call(
      'POST',
      '/api/certificates',
      { personId: employee, type: 'height', number: 'T-H-1', issuedOn: dayFromToday(0), expiresOn: dayFromToday(-1) },
      { 'accept-language': 'zh-CN' },
    );
    expect(zh.body.error.message).toContain('不能早于发证日期');
    const badType = await add('safety', { personId: employee, type: 'juggling', number: 'X', issuedOn: dayFromToday(0) });
    expect([badType.status, badType.body.error.details[0].path]).toEqual([400, 'body.type']);
    const outside = await add('safety', {
      personId: await personOf('admin'),
      type: 'height',
      number: 'X',
      issuedOn: dayFromToday(0),
    });
    expect([outside.status, outside.body.error.details[0].path]).toEqual([400, 'body.personId']); // the admin's person is in the group, above the plant
    for (const username of ['employee', 'head.production', 'manager', 'auditor'])
      expect((await add(username, { personId: employee, type: 'height', number: 'Y', issuedOn: dayFromToday(0) })).status).toBe(403);

    // Who reads what: keepers and heads their scope, everyone their own.
    expect(await numbers('safety')).toEqual(['T-ELEC-001', 'T-WELD-001']);
    expect(await numbers('head.production')).toEqual(['T-WELD-001']); // the stamping workshop is under production
    expect(await numbers('head.equipment')).toEqual(['T-ELEC-001']); // their own (and equipment's people)
    expect(await numbers('employee')).toEqual(['T-WELD-001']);
    expect(await numbers('auditor')).toEqual(['T-ELEC-001', 'T-WELD-001']);
    expect((await call('employee', 'GET', `/api/certificates/${other.body.id}`)).status).toBe(404);
    expect((await call('head.production', 'GET', `/api/certificates/${created.body.id}`)).status).toBe(200);

    // Filters.
    expect(await numbers('safety', '?expiringWithinDays=30')).toEqual(['T-ELEC-001']);
    expect(await numbers('safety', '?type=welding')).toEqual(['T-WELD-001']);
    expect(await numbers('safety', `?personId=${headEquipment}`)).toEqual(['T-ELEC-001']);
    expect(await numbers('safety', `?orgUnitId=${await unit('DEMO-PRODUCTION')}`)).toEqual(['T-WELD-001']);
    expect(await numbers('safety', '?q=Liu')).toEqual(['T-WELD-001']);
    expect(await numbers('safety', '?q=T-WELD-00')).toEqual(['T-WELD-001']);
    expect(await numbers('safety', `?q=${encodeURIComponent('T_WELD')}`)).toEqual([]); // _ is a character, not a wildcard
    expect(await numbers('safety', '?expired=true')).toEqual([]);

    // Corrected: a new expiry starts the reminders again; audited.
    await ds().getRepository(Certificate).update({ id: other.body.id }, { remindedDays: 30 });
    const patched = await call('hr', 'PATCH', `/api/certificates/${other.body.id}`, { expiresOn: dayFromToday(-2) });
    expect([patched.status, patched.body.status, patched.body.remindedDays, patched.body.daysLeft]).toEqual([200, 'expired', null, -2]);
    expect(await numbers('safety', '?expired=true')).toEqual(['T-ELEC-001']);
    expect((await call('head.production', 'PATCH', `/api/certificates/${created.body.id}`, { number: 'Z' })).status).toBe(403);

    // Revoked: kept, with why; no change afterwards; listed by the revoked filter.
    const revoked = await call('safety', 'POST', `/api/certificates/${other.body.id}/revoke`, { reason: 'Forged renewal stamp' });
    expect([revoked.status, revoked.body.certificate.status, revoked.body.certificate.revokedReason, revoked.body.permitsSignalled]).toEqual([
      200,
      'revoked',
      'Forged renewal stamp',
      [],
    ]);
    expect((await call('safety', 'POST', `/api/certificates/${other.body.id}/revoke`, { reason: 'again' })).status).toBe(409);
    expect((await call('safety', 'PATCH', `/api/certificates/${other.body.id}`, { number: 'T-ELEC-002' })).status).toBe(409);
    expect(await numbers('safety', '?revoked=true')).toEqual(['T-ELEC-001']);
    expect(await numbers('safety', '?revoked=false')).toEqual(['T-WELD-001']);
    const audits = await ds()
      .getRepository(AuditEntry)
      .find({ where: { entityType: 'certificate', entityId: other.body.id }, order: { seq: 'ASC' } });
    expect(audits.map((a) => [a.action, a.actor])).toEqual([
      ['certificate.created', 'hr'],
      ['certificate.updated', 'hr'],
      ['certificate.revoked', 'safety'],
    ]);
  }, 60_000);

  it('imports an xlsx file all rows or none, reporting each bad row and column', async () => {
    const sheet = async (rows: (string | Date)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Certificates');
      ws.addRow(['employeeNo', 'type', 'number', 'issued', 'expiry', 'review']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    };
    const upload = async (file: Buffer) => (await as('safety')).call('POST', '/api/certificates/import', file, { 'content-type': XLSX });
    const count = () => ds().getRepository(Certificate).count();
    const before = await count();
    const broken = await upload(
      await sheet([
        ['E1008', 'height', 'IMP-1', '2025-01-10', '2031-01-09', ''],
        ['E9999', 'height', 'IMP-2', '2025-01-10', '', ''],
        ['E1008', 'juggling', 'IMP-3', '2025-01-10', '', ''],
        ['E1008', 'electrician', 'IMP-4', 'soon', '', ''],
        ['E1008', 'electrician', 'IMP-5', '2025-01-10', '2024-01-01', ''],
        ['E1008', 'height', 'IMP-1', '2025-01-10', '', ''],
      ]),
    );
    expect(broken.status).toBe(400);
    expect(broken.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'employeeNo'],
      [4, 'type'],
      [5, 'issued'],
      [6, 'expiry'],
      [7, 'number'],
    ]);
    expect(broken.body.error.details.map((d: { path: string }) => d.path)).toContain('rows.3.employeeNo');
    expect(await count()).toBe(before);

    const good = await sheet([
      ['E1008', 'height', 'IMP-1', new Date(Date.UTC(2025, 0, 10)), '2031-01-09', '2028-01-10'],
      ['E1006', '焊接与热切割作业', 'IMP-2', '2025/02/01', '', ''],
    ]);
    const imported = await upload(good);
    expect([imported.status, imported.body.created, imported.body.updated]).toEqual([200, 2, 0]);
    expect((await upload(good)).body).toEqual(expect.objectContaining({ ok: true, created: 0, updated: 0, unchanged: 2 }));
    const rows = await ds()
      .getRepository(Certificate)
      .findBy({ number: Like('IMP-%') });
    expect(rows.map((r) => [r.number, r.type, r.issuedOn, r.expiresOn, r.reviewOn]).sort()).toEqual([
      ['IMP-1', 'height', '2025-01-10', '2031-01-09', '2028-01-10'],
      ['IMP-2', 'welding', '2025-02-01', null, null],
    ]);
    expect((await (await as('head.production')).call('POST', '/api/certificates/import', good, { 'content-type': XLSX })).status).toBe(403);
  }, 60_000);

  it('reminds at 90, 30 and 7 days before expiry once each, and tells running permits when a certificate lapses', async () => {
    const repo = ds().getRepository(Certificate);
    const employee = await personOf('employee');
    const sweep = async () => {
      const r = await call('safety', 'POST', '/api/certificates/sweep');
      expect(r.status).toBe(200);
      return r.body as { workflowId: string; reminded: number; expired: number; signalled: string[]; notRunning: string[] };
    };
    await sweep(); // what the other tests left
    const made = await add('safety', {
      personId: employee,
      type: 'confined_space',
      number: 'T-CS-REM',
      issuedOn: dayFromToday(-600),
      expiresOn: dayFromToday(85),
    });
    const id = made.body.id as string;
    const reminders = async () =>
      (
        await ds()
          .getRepository(Notification)
          .findBy({ id: Like(`certificate:${id}:%`), channel: 'inapp' })
      )
        .map((n) => n.id.split('|')[0])
        .sort();

    const employeeUser = await userOf('employee');
    const headUser = await userOf('head.production');
    const at = async (daysLeft: number, remindedDays: number) => {
      const expiresOn = dayFromToday(daysLeft);
      await repo.update({ id }, { expiresOn });
      const r = await sweep();
      expect([r.reminded, (await repo.findOneByOrFail({ id })).remindedDays]).toEqual([2, remindedDays]);
      if (remindedDays === 90) await recordHistory(system.client, r.workflowId, 'CertificateSweepWorkflow-reminders');
      expect((await sweep()).reminded).toBe(0); // once
      const key = `certificate:${id}:${expiresOn}:${remindedDays}`;
      await eventually(async () => {
        const sent = await ds()
          .getRepository(Notification)
          .findBy({ id: Like(`${key}:%`), channel: 'inapp' });
        return sent.length === 2 ? sent : undefined;
      }, `the ${remindedDays}-day reminders`);
      const sent = await ds()
        .getRepository(Notification)
        .findBy({ id: Like(`${key}:%`), channel: 'inapp' });
      expect(sent.map((n) => n.recipientUserId).sort()).toEqual([employeeUser, headUser].sort());
    };
    await at(85, 90);
    await at(25, 30);
    await at(5, 7);
    expect((await reminders()).length).toBe(6);

    // A running permit with the holder on its crew, whose workflow runs (on a queue no worker polls:
    // the signal is recorded in its history), and one whose workflow does not run.
    const plant = await unit('DEMO-PLANT');
    const requester = await userOf('head.production');
    const permit = async (type: string, withWorkflow: boolean) => {
      const permitId = randomUUID();
      const workflowId = `Permit:${permitId}`;
      await ds()
        .getRepository(Permit)
        .insert({
          id: permitId,
          workflowId,
          number: `T-${permitId.slice(0, 8)}`,
          type,
          level: type === 'hot_work' ? 'second' : 'standard',
          areaId: randomUUID(),
          equipmentId: null,
          orgUnitId: plant,
          workContent: 'test',
          windowFrom: new Date(),
          windowTo: new Date(Date.now() + 3600_000),
          requesterUserId: requester,
          contractor: null,
          jsa: '{}',
          measures: '{}',
          conflicts: '[]',
          status: 'working',
          suspensionReason: null,
          policyVersion: 1,
        });
      await ds().getRepository(PermitCrewMember).insert({ id: randomUUID(), permitId, personId: employee, role: 'operator' });
      if (withWorkflow) await system.client.workflow.start('PermitWorkflow', { workflowId, taskQueue: `nobody-${permitId}`, args: [] });
      return { permitId, workflowId };
    };
    const lapsesOf = async (workflowId: string) => {
      const history = await fetchDecodedHistory(system.client, workflowId);
      return (history.events ?? [])
        .map((e) => e.workflowExecutionSignaledEventAttributes)
        .filter((s): s is NonNullable<typeof s> => !!s && s.signalName === 'certificateLapsed')
        .map((s) => defaultPayloadConverter.fromPayload(s.input!.payloads![0]) as Record<string, unknown>);
    };
    const confined = await permit('confined_space', true);
    const notStarted = await permit('confined_space', false);
    const hotWork = await permit('hot_work', true); // needs welding of its operator, not confined-space training
    try {
      // Expired: the sweep finds it once and signals the running permit that needs it.
      await repo.update({ id }, { expiresOn: dayFromToday(-1) });
      const expired = await sweep();
      expect([expired.expired, expired.signalled, expired.notRunning]).toEqual([1, [confined.permitId], [notStarted.permitId]]);
      await recordHistory(system.client, expired.workflowId, 'CertificateSweepWorkflow');
      expect((await sweep()).expired).toBe(0);
      expect(await lapsesOf(confined.workflowId)).toEqual([
        expect.objectContaining({ personId: employee, certificateId: id, type: 'confined_space', reason: 'expired' }),
      ]);
      expect(await lapsesOf(hotWork.workflowId)).toEqual([]);

      // Revoked: at once, to the running permits needing it; a renewed certificate of the type means no lapse.
      const welding = await add('safety', {
        personId: employee,
        type: 'welding',
        number: 'T-WELD-REV',
        issuedOn: dayFromToday(-10),
        expiresOn: dayFromToday(700),
      });
      const weldingRevoked = await call('safety', 'POST', `/api/certificates/${welding.body.id}/revoke`, { reason: 'Caught welding without a mask' });
      // The employee still holds T-WELD-001 (first test): a valid welding certificate, so no lapse.
      expect(weldingRevoked.body.permitsSignalled).toEqual([]);
      await call('safety', 'POST', `/api/certificates/${(await repo.findOneByOrFail({ number: 'T-WELD-001' })).id}/revoke`, { reason: 'Renewal refused' });
      expect(await lapsesOf(hotWork.workflowId)).toEqual([
        expect.objectContaining({ personId: employee, certificateId: (await repo.findOneByOrFail({ number: 'T-WELD-001' })).id, reason: 'revoked' }),
      ]);
    } finally {
      for (const p of [confined, hotWork]) await system.client.workflow.getHandle(p.workflowId).terminate('test over');
    }
  }, 120_000);

  it('runs the sweep daily at 08:00 in the group’s time zone on a Temporal Schedule, ensured at every start', async () => {
    const queue = system.config.temporal.taskQueue;
    const d = await system.client.schedule.getHandle(`CertificateSweep:${queue}`).describe();
    expect([d.spec.timezone, d.action.type === 'startWorkflow' && d.action.workflowType]).toEqual(['Asia/Shanghai', 'CertificateSweepWorkflow']);
    expect(d.spec.calendars?.[0]?.hour).toEqual([{ start: 8, end: 8, step: 1 }]);
    expect(await ensureCertificateSweepSchedule(system.client, ds(), queue)).toEqual({ scheduleId: `CertificateSweep:${queue}`, created: false });
  }, 30_000);

  it('a crew member’s certificate expiring while the permit runs suspends it: the sweep signals the running PermitWorkflow', async () => {
    const operator = await personOf('employee');
    const cert = await add('safety', { personId: operator, type: 'welding', number: 'T-WELD-E2E', issuedOn: dayFromToday(-100), expiresOn: dayFromToday(3) });
    expect(cert.status).toBe(201);
    const area = await call('safety', 'POST', '/api/work-areas', {
      code: 'T-E2E-AREA',
      name: 'Bracket bay',
      kind: 'area',
      orgUnitId: await unit('DEMO-PRODUCTION'),
    });
    const permitId = randomUUID();
    const requested = await call('safety', 'POST', '/api/permits', {
      permitId,
      type: 'hot_work',
      level: 'second',
      areaId: area.body.id,
      workContent: 'Weld a bracket in the bay',
      windowFrom: new Date(Date.now() - 60_000).toISOString(),
      windowTo: new Date(Date.now() + 4 * 3600_000).toISOString(),
      jsa: [{ step: 'Weld the bracket', hazards: 'sparks', controls: 'fire blanket, extinguisher' }],
      measures: [{ kind: 'fire_equipment', description: 'Two extinguishers at the bay' }],
      crew: [{ personId: operator, role: 'operator' }],
    });
    expect(requested.status).toBe(201);
    const workflowId = requested.body.workflowId as string;
    const permit = () => ds().getRepository(Permit).findOneByOrFail({ id: permitId });
    const gasTest = () => call('safety', 'POST', `/api/permits/${permitId}/gas-tests`, { testId: randomUUID(), readings: { o2: 20.9, lel: 0, h2s: 0, co: 1 } });
    await complete('head.production', await openTask(workflowId, 'permit.measures'), { passed: true });
    expect((await gasTest()).status).toBe(200);
    await complete('head.production', await openTask(workflowId, 'permit.approve', '/approve-1'), { approved: true });
    await eventually(async () => (await permit()).status === 'issued', 'the permit issued', 30_000);
    expect((await gasTest()).status).toBe(200);
    expect((await call('employee', 'POST', `/api/permits/${permitId}/work`, { action: 'start', clientId: randomUUID() })).status).toBe(200);
    await eventually(async () => (await permit()).status === 'working', 'the work started', 30_000);

    // The certificate's last day passes: the next sweep signals the permit, which suspends.
    await ds()
      .getRepository(Certificate)
      .update({ id: cert.body.id }, { expiresOn: dayFromToday(-1) });
    const r = await call('safety', 'POST', '/api/certificates/sweep');
    expect([r.status, r.body.signalled]).toEqual([200, [permitId]]);
    await eventually(async () => (await permit()).suspensionReason === 'certificate_lapsed', 'suspended for the expired certificate', 30_000);
    expect((await permit()).status).toBe('suspended');
  }, 120_000);
});
