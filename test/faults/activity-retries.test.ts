import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { createLogger } from '../../app/logger';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { migrate, openDatabase } from '../../db/data-source';
import { AuditEntry, Fact, Notification, OrgUnit, ScoreSnapshot, Task, User } from '../../db/entities';
import { seedDemo } from '../../db/seed/demo';
import { periodContaining } from '../../domain/assessment-cycle/period';
import type { NotificationRequest } from '../../workflows/notification/messages';
import { createScratchMysqlDatabase } from '../support/mysql';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { eventually } from '../support/wait';

/**
 * The moment the fault tests can only hit by luck, made certain: an activity whose transaction
 * committed but whose completion never reached Temporal (the worker was SIGKILLed, or the line
 * dropped) runs again. Each activity here runs twice on the real database; the second run must
 * write nothing: no second audit entry, fact, row, or mail.
 */
describe('activities retried after their commit', () => {
  let db: Awaited<ReturnType<typeof createScratchMysqlDatabase>>;
  let proxy: TcpProxy;
  let smtp: SmtpCapture;
  let ds: DataSource;
  let acts: ReturnType<typeof createActivities>;
  const env = new MockActivityEnvironment();
  const twice = async <A, R>(fn: (a: A) => Promise<R>, input: A): Promise<[R, R]> => [await env.run(fn, input), await env.run(fn, input)];
  const audits = (where: { entityId: string; action: string }) => ds.getRepository(AuditEntry).countBy(where);
  const unit = async (code: string) => (await ds.getRepository(OrgUnit).findOneByOrFail({ code })).id;

  beforeAll(async () => {
    db = await createScratchMysqlDatabase();
    const direct = await openDatabase({ kind: 'mysql', url: db.url });
    await migrate(direct);
    await seedDemo(direct);
    await direct.destroy();
    const base = new URL(db.url);
    proxy = await startTcpProxy({ host: base.hostname, port: Number(base.port || 3306) });
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    ds = await openDatabase({ kind: 'mysql', url: viaProxy.toString() });
    smtp = await startSmtpCapture();
    acts = createActivities({
      dataSource: ds,
      logger: createLogger('silent'),
      now: () => new Date(),
      mailer: nodemailer.createTransport(smtp.url),
      mailFrom: 'SafeLoop <safeloop@localhost>',
      appUrl: 'http://localhost:3000',
    });
  });
  afterAll(async () => {
    await proxy?.restore();
    if (ds?.isInitialized) await ds.destroy();
    await proxy?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('a task escalation is recorded once', async () => {
    const workflowId = `Notice:${randomUUID()}`;
    const task = {
      id: `${workflowId}/acknowledge`,
      workflowId,
      processType: 'notice',
      taskType: 'notice.acknowledge',
      title: 'Read the notice',
      description: null,
      orgUnitId: await unit('DEMO-PRODUCTION'),
      candidateRole: null,
      priority: 'normal' as const,
      dueAt: new Date().toISOString(),
    };
    await twice(acts.createTask, task);
    await twice(acts.recordEscalation, { taskId: task.id, workflowId, level: 1, step: 'department_head' });
    await acts.recordEscalation({ taskId: task.id, workflowId, level: 2, step: 'plant' });
    expect(await audits({ entityId: task.id, action: 'task.created' })).toBe(1);
    expect(await audits({ entityId: task.id, action: 'task.escalated' })).toBe(2); // levels 1 and 2, once each
    expect((await ds.getRepository(Task).findOneByOrFail({ id: task.id })).escalationLevel).toBe(2);
  });

  it('an improvement plan step is recorded once, its completion fact too', async () => {
    const workflowId = `ImprovementPlan:${randomUUID()}`;
    const head = await ds.getRepository(User).findOneByOrFail({ username: 'head.equipment' });
    const base = { workflowId, personId: head.personId!, orgUnitId: await unit('DEMO-EQUIPMENT'), cycleId: 'c', by: 'head.equipment' };
    await twice(acts.recordPlanEvent, { ...base, step: 'agreed', data: { targets: 't' } });
    await twice(acts.recordPlanEvent, { ...base, step: 'checked', data: { completed: true }, completed: true, policyVersion: 1 });
    expect(await audits({ entityId: workflowId, action: 'improvement_plan.agreed' })).toBe(1);
    expect(await audits({ entityId: workflowId, action: 'improvement_plan.checked' })).toBe(1);
    expect(await ds.getRepository(Fact).countBy({ sourceWorkflowId: workflowId })).toBe(1);
  });

  it('an SLA clock update of a hazard is audited once; a real change still is', async () => {
    const hazardId = randomUUID();
    const workflowId = `Hazard:${hazardId}`;
    const employee = await ds.getRepository(User).findOneByOrFail({ username: 'employee' });
    const report = {
      hazardId,
      title: 'Oil on the floor',
      description: 'Near press 2',
      category: 'housekeeping',
      area: 'Press 2',
      orgUnitId: employee.orgUnitId,
      suspectedSeverity: 'low' as const,
      evidenceIds: [],
      reporterUserId: employee.id,
      reporterPersonId: employee.personId,
      reporterUsername: 'employee',
      reportedAt: new Date().toISOString(),
    };
    await twice(acts.recordHazardReported, { report, workflowId, policyVersion: 1 });
    const clock = {
      hazardId,
      workflowId,
      changes: { dueAt: new Date(Date.now() + 3600_000).toISOString(), escalationLevel: 0, overdue: false, status: 'grading' },
    };
    await twice(acts.recordHazardTransition, clock);
    await acts.recordHazardTransition({ ...clock, changes: { ...clock.changes, escalationLevel: 1, overdue: true } });
    expect(await audits({ entityId: hazardId, action: 'hazard.reported' })).toBe(1);
    expect(await audits({ entityId: hazardId, action: 'hazard.updated' })).toBe(2);
    expect(await ds.getRepository(Fact).countBy({ sourceWorkflowId: workflowId })).toBe(1);
  });

  it('scoring a cycle audits the snapshot once; applying an adjustment adds one version (and no fact)', async () => {
    const scope = await unit('DEMO-CO');
    const p = periodContaining('monthly', new Date());
    const cycleId = `${scope}:${p.label}`;
    const workflowId = `AssessmentCycle:${cycleId}`;
    await twice(acts.freezeCycle, {
      workflowId,
      request: {
        cycleId,
        scopeOrgUnitId: scope,
        cadence: 'monthly',
        period: p.label,
        periodStart: p.start,
        periodEnd: p.end,
        rulesetVersion: null,
        startedBy: 'hr',
      },
    });
    const [first, again] = await twice(acts.scoreSnapshot, { cycleId, version: 1, reason: 'initial', by: 'hr', note: 'n' });
    expect(again).toEqual(first);
    await twice(acts.publishSnapshot, { cycleId, version: 1, by: 'hr', note: 'n' });
    expect(await audits({ entityId: cycleId, action: 'cycle.started' })).toBe(1);
    expect(await audits({ entityId: cycleId, action: 'cycle.scored' })).toBe(1);
    expect(await audits({ entityId: cycleId, action: 'cycle.published' })).toBe(1);

    const head = await ds.getRepository(User).findOneByOrFail({ username: 'head.equipment' });
    const adjustment = {
      workflowId: `Adjustment:${randomUUID()}`,
      cycleId,
      subjectType: 'person' as const,
      subjectId: head.personId!,
      lineCode: null,
      delta: 3,
      reasonCode: 'other',
      text: 't',
      proposedBy: 'manager',
      approvedBy: 'hr',
      kind: 'adjustment' as const,
    };
    expect(await twice(acts.applyScoreAdjustment, adjustment)).toEqual([2, 2]);
    // The version in force + the change: no fact written, one version, one audit entry.
    expect(await ds.getRepository(Fact).countBy({ sourceWorkflowId: adjustment.workflowId })).toBe(0);
    expect(await ds.getRepository(ScoreSnapshot).countBy({ cycleId })).toBe(2);
    expect(await audits({ entityId: cycleId, action: 'cycle.adjustment_applied' })).toBe(1);
  });

  it('a deferred notification is recorded once; a mail whose record failed is not sent again', async () => {
    const request: NotificationRequest = {
      dedupKey: `test/${randomUUID()}`,
      audience: { kind: 'users', userIds: [] },
      severity: 'normal',
      subject: 'Shift briefing moved',
      body: 'Now at 7:30',
      link: null,
      source: 'test',
    };
    const hr = await ds.getRepository(User).findOneByOrFail({ username: 'hr' });
    const inapp = { id: `${request.dedupKey}|${hr.id}|inapp`, channel: 'inapp' as const, recipientUserId: hr.id, address: null };
    await twice(acts.recordDeferred, { items: [inapp], request, deliverAfter: new Date(Date.now() + 3600_000).toISOString() });
    expect(await audits({ entityId: inapp.id, action: 'notification.deferred' })).toBe(1);

    // The mail server takes the mail; the database is gone before the worker records it.
    const email = { id: `${request.dedupKey}|${hr.id}|email`, channel: 'email' as const, recipientUserId: hr.id, address: 'hr@safeloop.example' };
    smtp.hold();
    const first = acts.deliver({ item: email, request });
    await eventually(async () => smtp.held() === 1, 'the mail on the wire', 10_000, 50);
    await proxy.cut('reset');
    smtp.release();
    await expect(first).rejects.toThrow();
    await proxy.restore();
    expect(await acts.deliver({ item: email, request })).toBe('sent'); // the retry records it
    expect(await acts.deliver({ item: email, request })).toBe('already-sent');
    expect(smtp.mails().filter((m) => m.notification === email.id)).toHaveLength(1);
    expect((await ds.getRepository(Notification).findOneByOrFail({ id: email.id })).status).toBe('sent');
    expect(await audits({ entityId: email.id, action: 'notification.sent' })).toBe(1);
    expect(await verifyAuditLog(ds)).toMatchObject({ ok: true, brokenAt: null });
  });
});
