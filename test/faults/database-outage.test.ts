import { randomUUID } from 'node:crypto';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { AuditEntry, Fact, Hazard, HazardEvent, Notification, Task } from '../../db/entities';
import { DEFAULT_TEST_DATABASE_URL } from '../support/mysql';
import { httpClient, startTestSystem } from '../support/env';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { eventually } from '../support/wait';
import { auditDuplicates, mailProblems, notificationsDelivered } from './checks';
import { drivers, narrate } from './drivers';

/**
 * MariaDB unreachable for 20 s. The app (API and worker, in this process) reaches the database
 * through a TCP proxy that the test cuts: first every connection is reset (a server going down),
 * then connections are refused. The real MariaDB keeps running for everyone else.
 * - the API answers 503 with a clear JSON error and Retry-After, never a 500; health says the
 *   database is down;
 * - a hazard reported during the outage is refused (503) and leaves nothing behind; sent again
 *   afterwards, it is created once;
 * - activities that hit the outage (an SLA escalation due during it, a mail whose delivery was
 *   being recorded) retry and complete afterwards, each exactly once: one escalation, one mail;
 * - the processes run to their end with one fact and task each, no audit entry twice, the audit
 *   chain intact.
 */
const OUTAGE_MS = 20_000;

describe('database outage', () => {
  let proxy: TcpProxy;
  let smtp: SmtpCapture;
  let system: Awaited<ReturnType<typeof startTestSystem>>;

  beforeAll(async () => {
    const db = new URL(process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: db.hostname, port: Number(db.port || 3306) });
    smtp = await startSmtpCapture();
    system = await startTestSystem(
      'all',
      { SMTP_URL: smtp.url },
      {
        via: (url) => {
          const u = new URL(url);
          u.hostname = '127.0.0.1';
          u.port = String(proxy.port);
          return u.toString();
        },
      },
    );
  });
  afterAll(async () => {
    await proxy?.restore();
    await system?.stop();
    await smtp?.close();
    await proxy?.close();
  });

  it('answers 503 while MariaDB is unreachable for 20 s, and loses or duplicates nothing', async () => {
    const d = drivers(system, { taskTimeoutMs: 90_000 });
    await d.usePolicy();
    const anon = httpClient(system.appUrl!);
    const employee = httpClient(system.appUrl!);
    await employee.login('employee');
    expect(proxy.connections()).toBeGreaterThan(0); // the app's pool really goes through the proxy

    // A hazard graded just before the outage: its "new task" mail is on the wire (the SMTP server
    // holds its answer) when the database goes away, so recording it as sent fails.
    const reported = await d.call('employee', 'POST', '/api/hazards', {
      reportId: randomUUID(),
      title: 'Loose grating at the pit',
      description: 'Grating lifts when stepped on',
      category: 'housekeeping',
      area: 'Pit 2',
      suspectedSeverity: 'medium',
      evidenceIds: [],
    });
    expect(reported.status).toBe(201);
    const h1 = reported.body as { hazardId: string; workflowId: string };
    const grade = await d.openTask(h1.workflowId, 'hazard.grade');
    smtp.hold();
    await d.complete('safety', grade, { likelihood: 2, severity: 3, responsibleOrgUnitId: await d.unit('DEMO-EQUIPMENT') });
    await eventually(async () => smtp.held() > 0, 'a mail on the wire', 30_000);
    // A notice whose 4 s SLA runs out during the outage: its escalation activity hits it.
    const notice = (await d.postNotice('Hot work permit reminder')).body as { workflowId: string };
    const noticeTask = await d.openTask(notice.workflowId, 'notice.acknowledge');

    // ---- the outage: reset for the first half, refused for the second --------------------------
    const cutAt = Date.now();
    await proxy.cut('reset');
    narrate('database cut (reset)');
    smtp.release(); // the mail goes out now; the worker cannot record it
    const duringOutage = async (mode: string) => {
      const list = await employee.call('GET', '/api/hazards');
      expect([mode, list.status, list.body?.error?.code]).toEqual([mode, 503, 'database_unavailable']);
      expect(list.body.error.message).toMatch(/database is unavailable/);
      expect(Number(list.headers.get('retry-after'))).toBeGreaterThan(0);
      const health = await anon.call('GET', '/api/health');
      expect([mode, health.status, health.body.status, health.body.database.status, health.body.temporal.status]).toEqual([
        mode,
        503,
        'degraded',
        'down',
        'ok',
      ]);
      const login = await anon.call('POST', '/api/auth/login', { username: 'hr', password: 'safeloop-demo' });
      expect([mode, login.status, login.body?.error?.code]).toEqual([mode, 503, 'database_unavailable']);
    };
    await duringOutage('reset');
    const refusedReport = {
      reportId: randomUUID(),
      title: 'Blocked fire exit',
      description: 'Pallets in front of exit 3',
      category: 'fire',
      area: 'Warehouse',
      suspectedSeverity: 'high',
      evidenceIds: [],
    };
    const refused = await employee.call('POST', '/api/hazards', refusedReport);
    expect([refused.status, refused.body?.error?.code]).toEqual([503, 'database_unavailable']);
    await new Promise((r) => setTimeout(r, Math.max(0, cutAt + OUTAGE_MS / 2 - Date.now())));
    await proxy.cut('refuse');
    narrate('database cut (refuse)');
    await duringOutage('refuse');
    const completeDuring = await employee.call('POST', `/api/tasks/${encodeURIComponent(noticeTask.id)}/complete`, { payload: { understood: true } });
    expect(completeDuring.status).toBe(503);
    await new Promise((r) => setTimeout(r, Math.max(0, cutAt + OUTAGE_MS - Date.now())));
    await proxy.restore();
    const restoredAt = Date.now();
    narrate('database back');

    // ---- after: everything that hit the outage completes, once ---------------------------------
    await eventually(async () => (await anon.call('GET', '/api/health')).status === 200, 'health ok again', 30_000);
    const ds = system.dataSource;
    // The refused report left nothing; sent again, it is created once.
    expect(await ds.getRepository(Hazard).countBy({ id: refusedReport.reportId })).toBe(0);
    expect(await ds.getRepository(Task).countBy({ workflowId: `Hazard:${refusedReport.reportId}` })).toBe(0);
    const resent = await employee.call('POST', '/api/hazards', refusedReport);
    expect([resent.status, resent.body.created]).toEqual([201, true]);
    // The notice's deadline passed during the outage: the escalation activity failed until the
    // database came back, then was recorded (once per rung: see the duplicate check below).
    expect(noticeTask.dueAt!.getTime()).toBeGreaterThan(cutAt);
    expect(noticeTask.dueAt!.getTime()).toBeLessThan(restoredAt);
    const escalation = await eventually(
      () => ds.getRepository(AuditEntry).findOneBy({ entityId: noticeTask.id, action: 'task.escalated' }),
      'the escalation of the notice',
      60_000,
    );
    expect(escalation.at.getTime()).toBeGreaterThanOrEqual(restoredAt);
    await d.complete('head.production', noticeTask, { understood: true });

    // The graded hazard (its mail hit the outage) runs to its end; so does the one sent again.
    const run = async (workflowId: string) => {
      if (workflowId !== h1.workflowId)
        await d.complete('safety', await d.openTask(workflowId, 'hazard.grade'), {
          likelihood: 2,
          severity: 2,
          responsibleOrgUnitId: await d.unit('DEMO-EQUIPMENT'),
        });
      await d.complete('head.equipment', await d.openTask(workflowId, 'hazard.acknowledge'), { understood: true });
      await d.complete('head.equipment', await d.openTask(workflowId, 'hazard.rectify'), {
        summary: 'Fixed',
        evidenceIds: [await d.evidence('head.equipment')],
      });
      await Promise.all([
        d.openTask(workflowId, 'hazard.verify', 'verify-safety-1').then((t) => d.complete('safety', t, { passed: true })),
        d.openTask(workflowId, 'hazard.verify', 'verify-production-1').then((t) => d.complete('head.production', t, { passed: true })),
      ]);
      return (await system.client.workflow.getHandle(workflowId).result()) as { phase: string };
    };
    const results = await Promise.all([run(h1.workflowId), run(resent.body.workflowId)]);
    expect(results.map((r) => r.phase)).toEqual(['closed', 'closed']);
    expect((await system.client.workflow.getHandle(notice.workflowId).result()) as { status: string }).toMatchObject({ status: 'acknowledged' });
    for (const workflowId of [h1.workflowId, resent.body.workflowId]) {
      expect((await ds.getRepository(Fact).findBy({ sourceWorkflowId: workflowId })).map((f) => f.kind).sort()).toEqual([
        'hazard.acknowledged',
        'hazard.closed',
        'hazard.graded',
        'hazard.reported',
        'hazard.verification',
      ]);
      expect((await ds.getRepository(Task).findBy({ workflowId })).map((t) => `${t.taskType} ${t.status}`).sort()).toEqual([
        'hazard.acknowledge completed',
        'hazard.grade completed',
        'hazard.rectify completed',
        'hazard.verify completed',
        'hazard.verify completed',
      ]);
      expect(await ds.getRepository(HazardEvent).countBy({ hazardId: workflowId.slice('Hazard:'.length), type: 'reported' })).toBe(1);
    }

    // The mail that went out while its record could not be written: sent once, recorded once.
    await notificationsDelivered(system.client, system.config.temporal.taskQueue, system.dataSource);
    const onTheWire = smtp.mails()[0];
    expect((await ds.getRepository(Notification).findOneByOrFail({ id: onTheWire.notification })).status).toBe('sent');
    expect(await mailProblems(ds, smtp)).toEqual([]);
    expect(await auditDuplicates(ds)).toEqual([]);
    expect(await verifyAuditLog(ds)).toMatchObject({ ok: true, brokenAt: null });
  }, 240_000);
});
