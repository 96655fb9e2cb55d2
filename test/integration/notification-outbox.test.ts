import { In } from 'typeorm';
import { OUTBOX_RETENTION_DAYS } from '../../activities/notifications';
import { AuditEntry, Notification, NotificationOutbox, OrgUnit, Task, User } from '../../db/entities';
import { quietWindowFrom } from '../../domain/quiet-hours';
import { mailProblems } from '../faults/checks';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { outboxDelivered, outboxOpen, quietHoursOff, recordedNotifications } from '../support/notifications';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { eventually } from '../support/wait';
import { apiHelpers } from '../support/api';
import { notificationDispatcherId } from '../../workflows/notification/messages';

/**
 * Notifications through the outbox (issue 22): a process's step records the notification and its
 * messages in one local activity; the dispatcher workflow delivers them. Against the real dev
 * server, MariaDB and an SMTP server that counts every mail it accepts.
 */
describe('notification outbox', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let smtp: SmtpCapture;
  const { call, ds, unit, openTask } = apiHelpers(() => system);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    system = await startTestSystem('all', { SMTP_URL: smtp.url });
    await quietHoursOff(call);
  });
  afterAll(async () => {
    await system?.stop();
    await smtp?.close();
  });

  const notice = async (title: string, severity: 'normal' | 'critical', orgUnitId?: string) => {
    const r = await call(orgUnitId ? 'admin' : 'safety', 'POST', '/api/notices', {
      title,
      body: `${title}: read and confirm`,
      orgUnitId: orgUnitId ?? (await unit('DEMO-PRODUCTION')),
      severity,
    });
    expect(r.status).toBe(201);
    const task: Task = await openTask(r.body.workflowId, 'notice.acknowledge');
    return { workflowId: r.body.workflowId as string, key: `${task.id}/assigned`, task };
  };
  const mailsOf = (ids: string[]) => smtp.mails().filter((m) => ids.includes(m.notification));

  it('defers a normal notification to the end of quiet hours and then delivers it; a critical one goes at once', async () => {
    const start = new Date();
    await ds()
      .getRepository(User)
      .createQueryBuilder()
      .update()
      .set({ quietHours: quietWindowFrom(start, 15) })
      .execute();
    const windowEnd = new Date(start.getTime() + 15_000 - (start.getTime() % 1000));
    try {
      const normal = await notice('Quiet hours: hearing protection', 'normal');
      const critical = await notice('Quiet hours: gas alarm drill', 'critical');

      // Critical: sent at once, inside the quiet hours.
      const sentRows = await outboxDelivered(ds(), critical.key, 7000);
      expect(sentRows.every((r) => r.state === 'sent')).toBe(true);
      const emails = sentRows.filter((r) => r.channel === 'email').map((r) => r.id);
      expect(emails.length).toBeGreaterThan(0);
      expect(mailsOf(emails)).toHaveLength(emails.length);
      expect(mailsOf(emails).every((m) => m.at < windowEnd.getTime() && m.subject.startsWith('[CRITICAL] '))).toBe(true);

      // Normal: waiting in the outbox until the quiet hours end, recorded as deferred, nothing sent.
      const waiting = await ds().getRepository(NotificationOutbox).findBy({ dedupKey: normal.key });
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.map((r) => [r.state, r.dueAt.getTime()])).toEqual(waiting.map(() => ['pending', windowEnd.getTime()]));
      const records = await ds()
        .getRepository(Notification)
        .findBy(waiting.map((r) => ({ id: r.id })));
      expect(records.map((n) => [n.status, n.deliverAfter?.getTime()])).toEqual(records.map(() => ['deferred', windowEnd.getTime()]));
      expect(mailsOf(waiting.map((r) => r.id))).toEqual([]);

      // … and delivered once the quiet hours are over (the dispatcher's timer), each mail once.
      const delivered = await outboxDelivered(ds(), normal.key, 30_000);
      expect(delivered.every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
      const normalMails = mailsOf(delivered.filter((r) => r.channel === 'email').map((r) => r.id));
      expect(normalMails.length).toBe(delivered.filter((r) => r.channel === 'email').length);
      expect(normalMails.every((m) => m.at >= windowEnd.getTime() - 50)).toBe(true);
      expect(await mailProblems(ds(), smtp)).toEqual([]);

      // The process wrote no child workflow; its timeline still shows the notification.
      const recorded = await recordedNotifications(system.client, normal.workflowId);
      expect(recorded[0]).toMatchObject({ dedupKey: normal.key, severity: 'normal', deferred: expect.any(Number) });
      expect(recorded[0].deferred).toBeGreaterThan(0);
      const timeline = await call('auditor', 'GET', `/api/processes/${encodeURIComponent(normal.workflowId)}/history`);
      expect(timeline.status).toBe(200);
      const notified = (timeline.body.entries as { kind: string; text: string; data: { dedupKey?: string } }[]).filter((e) => e.kind === 'notified');
      expect(notified.map((e) => e.data.dedupKey)).toContain(normal.key);
      expect(notified.find((e) => e.data.dedupKey === normal.key)?.text).toMatch(/Quiet hours: hearing protection/);
      const history = await system.client.workflow.getHandle(normal.workflowId).fetchHistory();
      expect((history.events ?? []).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toEqual([]);
      await recordHistory(system.client, normal.workflowId, 'SafetyNoticeWorkflow-outbox');
      await recordHistory(system.client, notificationDispatcherId(system.config.temporal.taskQueue), 'NotificationDispatcherWorkflow');
    } finally {
      await ds().getRepository(User).createQueryBuilder().update().set({ quietHours: null }).execute();
    }
  }, 60_000);

  it('a notification that resolves to nobody escalates, through the outbox as before', async () => {
    const created = await call('admin', 'POST', '/api/org/units', {
      parentId: await unit('DEMO-CO'),
      kind: 'department',
      name: 'Outbox logistics',
      code: 'DEMO-OUTBOX-LOG',
      departmentFunction: 'procurement',
    });
    expect(created.status).toBe(201);
    const n = await notice('Nobody here: loading bay', 'normal', created.body.id);
    const rows = await outboxDelivered(ds(), n.key);
    const safety = await ds().getRepository(User).findOneByOrFail({ username: 'safety' });
    expect([...new Set(rows.filter((r) => r.channel === 'inapp').map((r) => r.recipientUserId))]).toEqual([safety.id]);
    const rerouted = await ds().getRepository(AuditEntry).findBy({ action: 'notification.rerouted', entityId: n.task.id });
    expect(rerouted).toHaveLength(1);
    expect(JSON.parse(rerouted[0].after!)).toMatchObject({ dedupKey: n.key, step: 'escalation step company_safety_director', recipients: ['safety'] });
    expect(await ds().getRepository(OrgUnit).existsBy({ id: created.body.id })).toBe(true);
  });

  it('a dispatcher that is terminated mid-send and started again sends nothing twice', async () => {
    await outboxDelivered(ds(), (await notice('Warm-up', 'critical')).key); // the dispatcher is running
    smtp.hold();
    let released = false;
    try {
      const first = await notice('Restart: forklift lane closed', 'critical');
      await eventually(async () => smtp.held() > 0, 'a mail on the wire', 15_000, 50);
      // The dispatcher dies (as a run that was reset or terminated by an operator); its delivery is mid-send.
      await system.client.workflow.getHandle(notificationDispatcherId(system.config.temporal.taskQueue)).terminate('test: dispatcher restart mid-send');
      // The next notification starts a new dispatcher, which finds the first one's messages.
      const second = await notice('Restart: second notice', 'critical');
      smtp.release();
      released = true;
      const rows = [...(await outboxDelivered(ds(), first.key, 90_000)), ...(await outboxDelivered(ds(), second.key, 90_000))];
      expect(rows.every((r) => r.state === 'sent')).toBe(true);
      const emails = rows.filter((r) => r.channel === 'email').map((r) => r.id);
      // One mail per message at the SMTP server, one `sent` audit entry each.
      expect(
        mailsOf(emails)
          .map((m) => m.notification)
          .sort(),
      ).toEqual([...emails].sort());
      for (const id of emails) expect(await ds().getRepository(AuditEntry).countBy({ entityId: id, action: 'notification.sent' })).toBe(1);
      expect(await mailProblems(ds(), smtp)).toEqual([]);
      expect(await outboxOpen(ds())).toBe(0);
    } finally {
      if (!released) smtp.release();
    }
  }, 120_000);

  it('deletes delivered and failed outbox rows past their retention in its rounds, keeps the recent ones, the open ones and the notifications record', async () => {
    const [aged, failed] = await outboxDelivered(ds(), (await notice('Retention: old delivery', 'critical')).key);
    expect(failed).toBeDefined();
    const ob = ds().getRepository(NotificationOutbox);
    const longAgo = new Date(Date.now() - (OUTBOX_RETENTION_DAYS + 1) * 24 * 3600 * 1000);
    await ob.update({ id: aged.id }, { sentAt: longAgo, claimedAt: longAgo, dueAt: longAgo });
    await ob.update({ id: failed.id }, { state: 'failed', sentAt: null, claimedAt: longAgo, dueAt: longAgo, lastError: 'refused' });
    // An open row as old (a message whose recipient's quiet hours never ended, say) is work still to do.
    const open = { ...aged, id: `${aged.id}|retention-open`, state: 'pending' as const, dueAt: new Date(Date.now() + 3600_000), sentAt: null, claimedAt: null };
    await ob.insert(open);
    try {
      // The next notification wakes the dispatcher; its round cleans (its own rows are recent).
      const [recent] = await outboxDelivered(ds(), (await notice('Retention: the next round', 'critical')).key);
      await eventually(async () => !(await ob.existsBy({ id: In([aged.id, failed.id]) })), 'the aged rows deleted');
      expect(await ob.existsBy({ id: recent.id })).toBe(true);
      expect(await ob.existsBy({ id: open.id })).toBe(true);
      // The record stays: the notifications rows and their audit entries.
      expect(
        await ds()
          .getRepository(Notification)
          .countBy({ id: In([aged.id, failed.id]) }),
      ).toBe(2);
    } finally {
      await ob.delete({ id: open.id });
    }
  });
});
