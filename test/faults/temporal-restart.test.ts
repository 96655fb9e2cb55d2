import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { AuditEntry, Hazard, Task } from '../../db/entities';
import { freePort, startDevServer, type DevServer } from '../../temporal/dev-server';
import { httpClient, startTestSystem, testServices } from '../support/env';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { eventually } from '../support/wait';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { auditDuplicates, mailProblems, notificationsDelivered } from './checks';
import { drivers, FAULT_POLICY, narrate } from './drivers';

/**
 * The Temporal dev server stopped and started again on its persisted database (a file in a temp
 * directory, a server of this test's own). While it is down the SLA deadlines of a hazard's
 * grading and a notice's acknowledgement pass. Afterwards:
 * - the same worker process carries on (the SDK polls again; no restart needed) and the API's
 *   client reconnects by itself;
 * - the timers that came due during the downtime fire after the restart: both tasks escalate;
 * - the processes run to their end with nothing duplicated.
 * While the server is down the API says so: health reports Temporal down, and starting a process
 * is refused with a 503 (nothing half-written), or, if the server came back within the client's
 * retries, accepted.
 */
const SLA_SECONDS = 8;
const DOWN_MS = 11_000;

describe('Temporal restart', () => {
  let dir: string;
  let port: number;
  let server: DevServer | null = null;
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let smtp: SmtpCapture;
  let worker: WorkerProcess;
  const startServer = () =>
    startDevServer({
      cli: testServices().temporalCli,
      port,
      uiPort: null,
      namespace: 'default',
      dbFile: path.join(dir, 'temporal.db'),
      logFile: path.join(dir, 'temporal.log'),
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-faults-temporal-'));
    port = await freePort();
    server = await startServer();
    smtp = await startSmtpCapture();
    system = await startTestSystem('api', { TEMPORAL_ADDRESS: server.address });
    worker = startWorkerProcess('W', {
      DATABASE_URL: system.directDatabaseUrl,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      SMTP_URL: smtp.url,
      APP_URL: system.appUrl!,
    });
    await worker.ready;
  });
  afterAll(async () => {
    await worker?.stop();
    await system?.stop();
    await server?.stop();
    await smtp?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('in-flight processes continue after a restart, with their SLA timers firing', async () => {
    const d = drivers(system, { taskTimeoutMs: 60_000 });
    await d.usePolicy({ ...FAULT_POLICY, sla: { ...FAULT_POLICY.sla, hazardGrading: SLA_SECONDS, noticeAcknowledge: SLA_SECONDS } });
    const anon = httpClient(system.appUrl!);
    const hazard = (
      await d.call('employee', 'POST', '/api/hazards', {
        reportId: randomUUID(),
        title: 'Frayed sling on crane 2',
        description: 'Outer strands broken',
        category: 'lifting',
        area: 'Bay 2',
        suspectedSeverity: 'high',
        evidenceIds: [],
      })
    ).body as { hazardId: string; workflowId: string };
    const notice = (await d.postNotice('New lifting plan rules')).body as { workflowId: string };
    const [grade, ack] = await Promise.all([d.openTask(hazard.workflowId, 'hazard.grade'), d.openTask(notice.workflowId, 'notice.acknowledge')]);
    expect(grade.dueAt!.getTime() - Date.now()).toBeGreaterThan(2000); // still ahead when the server stops

    // ---- down --------------------------------------------------------------------------------
    await server!.stop();
    const stoppedAt = Date.now();
    server = null;
    narrate('Temporal stopped');
    const health = await anon.call('GET', '/api/health');
    expect([health.status, health.body.database.status, health.body.temporal.status]).toEqual([503, 'ok', 'down']);
    const report = {
      reportId: randomUUID(),
      title: 'Crane limit switch stuck',
      description: 'Hook block hits the drum',
      category: 'lifting',
      area: 'Bay 2',
      suspectedSeverity: 'high',
      evidenceIds: [],
    };
    const during = await d.call('employee', 'POST', '/api/hazards', report);
    narrate(`report while Temporal is down: ${during.status} ${during.text.slice(0, 200)}`);
    expect([during.status, during.body.error.code, Number(during.headers.get('retry-after'))]).toEqual([503, 'temporal_unavailable', 5]);
    expect(await system.dataSource.getRepository(Hazard).countBy({ id: report.reportId })).toBe(0);
    await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + DOWN_MS - Date.now())));
    expect(Date.now()).toBeGreaterThan(grade.dueAt!.getTime()); // the deadlines passed while it was down
    expect(await system.dataSource.getRepository(AuditEntry).countBy({ action: 'task.escalated' })).toBe(0);
    expect(worker.alive()).toBe(true); // the worker rides out the outage

    // ---- up again, on the same database file ----------------------------------------------------
    const restartedAt = Date.now();
    server = await startServer();
    narrate('Temporal restarted');
    for (const task of [grade, ack]) {
      const escalated = await eventually(
        () => system.dataSource.getRepository(AuditEntry).findOneBy({ action: 'task.escalated', entityId: task.id }),
        `the escalation of ${task.id}`,
        60_000,
      );
      expect(escalated.at.getTime()).toBeGreaterThanOrEqual(restartedAt);
    }
    narrate('both timers fired');
    await eventually(
      async () => (await system.dataSource.getRepository(Hazard).findOneByOrFail({ id: hazard.hazardId })).escalationLevel >= 1,
      'the hazard escalated in its projection',
    );
    expect((await anon.call('GET', '/api/health')).status).toBe(200);

    // The same worker and the API's client carry on: the processes run to their end.
    const again = await d.call('employee', 'POST', '/api/hazards', report);
    expect([again.status, again.body.created]).toEqual([201, true]);
    await d.complete('head.production', ack, { understood: true });
    await d.complete('safety', grade, { likelihood: 2, severity: 2, responsibleOrgUnitId: await d.unit('DEMO-EQUIPMENT') });
    await d.complete('head.equipment', await d.openTask(hazard.workflowId, 'hazard.acknowledge'), { understood: true });
    await d.complete('head.equipment', await d.openTask(hazard.workflowId, 'hazard.rectify'), {
      summary: 'Sling replaced',
      evidenceIds: [await d.evidence('head.equipment')],
    });
    await Promise.all([
      d.openTask(hazard.workflowId, 'hazard.verify', 'verify-safety-1').then((t) => d.complete('safety', t, { passed: true })),
      d.openTask(hazard.workflowId, 'hazard.verify', 'verify-production-1').then((t) => d.complete('head.production', t, { passed: true })),
    ]);
    expect(((await system.client.workflow.getHandle(hazard.workflowId).result()) as { phase: string }).phase).toBe('closed');
    expect(await system.client.workflow.getHandle(notice.workflowId).result()).toMatchObject({ status: 'acknowledged', overdue: true });
    await d.openTask(again.body.workflowId, 'hazard.grade');
    expect(worker.alive()).toBe(true);

    expect((await system.dataSource.getRepository(Task).findBy({ workflowId: hazard.workflowId })).map((t) => `${t.taskType} ${t.status}`).sort()).toEqual([
      'hazard.acknowledge completed',
      'hazard.grade completed',
      'hazard.rectify completed',
      'hazard.verify completed',
      'hazard.verify completed',
    ]);
    await notificationsDelivered(system.client, system.config.temporal.taskQueue, system.dataSource);
    expect(smtp.mails().some((m) => /^Overdue \(escalation 1\): Grade hazard/.test(m.subject))).toBe(true);
    expect(await mailProblems(system.dataSource, smtp)).toEqual([]);
    expect(await auditDuplicates(system.dataSource)).toEqual([]);
    expect(await verifyAuditLog(system.dataSource)).toMatchObject({ ok: true, brokenAt: null });
  }, 180_000);
});
