import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { createNotificationOutbox } from '../../activities/notifications';
import { openHazardIn } from '../../activities/hazards';
import { insertTask } from '../../activities/tasks';
import { createLogger } from '../../app/logger';
import { Hazard, HazardEvent, Notification, NotificationOutbox, Task, User } from '../../db/entities';
import { hazardUnitsOf } from '../../db/projections/hazard';
import { currentPolicyShared } from '../../db/stores/policy-store';
import { gradeTaskOf, hazardLink, hazardWorkflowId, type HazardInput, type HazardReport } from '../../workflows/hazard/messages';
import { assignedNotice } from '../../workflows/shared/human-task';
import { notifyInput } from '../../workflows/shared/notify';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { outboxDelivered, quietHoursOff } from '../support/notifications';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { eventually } from '../support/wait';

/**
 * Issue 22, one transaction per step: a hazard the API opens (MariaDB, HAZARD_OPEN=transaction)
 * has its grading task's notice written with the task, in the transaction that starts the
 * process. The process then writes nothing in its first workflow task (no local activity); the
 * notice is delivered once, and the process history still shows it.
 */
describe('the grading notice written with the opening (HAZARD_OPEN=transaction)', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let smtp: SmtpCapture;
  const { as, call, ds, openTask, complete, unit } = apiHelpers(() => system);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    system = await startTestSystem('all', { SMTP_URL: smtp.url, HAZARD_OPEN: 'transaction' });
    await quietHoursOff(call);
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await smtp?.close();
  });

  it('is in the outbox when the 201 arrives, delivered once, with no local activity before the grading, and in the process history', async () => {
    expect(system.dataSource.options.type).not.toBe('sqljs');
    const reportId = randomUUID();
    const r = await (
      await as('employee')
    ).call('POST', '/api/hazards', {
      reportId,
      title: 'Oil on the floor by press 5',
      description: 'A slow leak from the hydraulic line',
      category: 'housekeeping',
      area: 'Press line 5',
      suspectedSeverity: 'medium',
      evidenceIds: [],
    });
    expect(r.status).toBe(201);
    const workflowId: string = r.body.workflowId;
    const key = `${workflowId}/grade/assigned`;

    // Read at once, no waiting: committed with the task, one row per recipient and channel.
    const written = await ds().getRepository(NotificationOutbox).findBy({ dedupKey: key });
    expect(written.length).toBeGreaterThan(0);
    for (const row of written) expect(row.id).toBe(`${key}|${row.recipientUserId}|${row.channel}`);
    expect(new Set(written.map((w) => w.channel))).toEqual(new Set(['inapp', 'email']));

    // Delivered once: each in-app message stored once, each mail sent once.
    const delivered = await outboxDelivered(ds(), key);
    expect(delivered.map((d) => d.state)).toEqual(delivered.map(() => 'sent'));
    expect(delivered.map((d) => d.id).sort()).toEqual(written.map((w) => w.id).sort());
    const inapp = delivered.filter((d) => d.channel === 'inapp').map((d) => d.id);
    const emails = delivered.filter((d) => d.channel === 'email').map((d) => d.id);
    const stored = await ds()
      .getRepository(Notification)
      .findBy({ id: In([...inapp, ...emails]) });
    expect(stored.map((n) => [n.id, n.status]).sort()).toEqual(delivered.map((d) => [d.id, 'sent']).sort());
    await eventually(async () => smtp.mails().filter((m) => emails.includes(m.notification)).length === emails.length, 'the mails');
    const safetyHub = await call('safety', 'GET', '/api/notifications?pageSize=100');
    expect(safetyHub.body.items.filter((n: { link: string }) => n.link === `/hazards/${reportId}`)).toHaveLength(1);

    // The process took its first step without a local activity: nothing was left to write.
    const grading = await openTask(workflowId, 'hazard.grade');
    await complete('safety', grading, { likelihood: 2, severity: 2, responsibleOrgUnitId: await unit('DEMO-PRODUCTION') });
    await openTask(workflowId, 'hazard.acknowledge');
    const events = (await system.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const completion = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(completion).toBeGreaterThan(0);
    const localActivity = (e: (typeof events)[number]) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity';
    expect(events.slice(0, completion).filter(localActivity)).toEqual([]);
    // (The steps after it write through a local activity as before: the check above can see one.)
    expect(events.slice(completion).some(localActivity)).toBe(true);
    // A mail sent twice (the process writing the notice again) would show here.
    await new Promise((done) => setTimeout(done, 1000));
    expect(smtp.mails().filter((m) => emails.includes(m.notification))).toHaveLength(emails.length);
    expect(await ds().getRepository(NotificationOutbox).countBy({ dedupKey: key })).toBe(written.length);

    // The process history shows the notice, once, with what the step's marker would have said.
    const history = await call('auditor', 'GET', `/api/processes/${encodeURIComponent(workflowId)}/history`);
    expect(history.status).toBe(200);
    const notified = (history.body.entries as { kind: string; text: string; data: { dedupKey?: string; recipients?: number } }[]).filter(
      (e) => e.kind === 'notified' && e.data.dedupKey === key,
    );
    expect(notified).toHaveLength(1);
    expect(notified[0].text).toMatch(/Oil on the floor by press 5/);
    expect(notified[0].data.recipients).toBe(new Set(written.map((w) => w.recipientUserId)).size);

    // Ended (cancelled as a duplicate), its history is the replay test's record of this shape.
    expect((await call('safety', 'POST', `/api/hazards/${reportId}/cancel`, { reason: 'Reported twice', duplicateOf: null })).status).toBe(200);
    await system.client.workflow.getHandle(workflowId).result();
    await recordHistory(system.client, workflowId, 'HazardWorkflow-opened-notice');
  }, 90_000);

  it('a resend after a lost commit writes the report, the task and the notice the process was told of; the notice is delivered once', async () => {
    const db = system.dataSource;
    const reporter = await db.getRepository(User).findOneByOrFail({ username: 'employee' });
    const reportId = randomUUID();
    const workflowId = hazardWorkflowId(reportId);
    const fields = { title: 'Frayed sling in the lifting cage', description: 'Wires broken near the eye', category: 'lifting', area: 'Store 2' } as const;
    // The first request as `HazardService.open` makes it, but its commit lost after the process
    // started: the process runs with `opened.notice`, and nothing of it is in the database.
    const policy = await currentPolicyShared(db);
    const report: HazardReport = {
      hazardId: reportId,
      ...fields,
      orgUnitId: reporter.orgUnitId,
      suspectedSeverity: 'medium',
      evidenceIds: [],
      reporterUserId: reporter.id,
      reporterPersonId: reporter.personId,
      reporterUsername: reporter.username,
      reportedAt: new Date().toISOString(),
    };
    const units = await hazardUnitsOf(db.manager, report.orgUnitId);
    const dueAt = new Date(Date.parse(report.reportedAt) + policy.document.sla.hazardGrading * 1000).toISOString();
    const task = gradeTaskOf(workflowId, report, units, policy.document, dueAt);
    const outbox = createNotificationOutbox({ dataSource: db, now: () => new Date(), logger: createLogger('error') });
    const lost = new Error('the commit was lost');
    await expect(
      db.transaction(async (em) => {
        await openHazardIn(em, { report, workflowId, policyVersion: policy.version, dueAt: new Date(dueAt) });
        await insertTask(em, task, new Date());
        const w = await outbox.writeOutboxRows(em, notifyInput(policy.document, assignedNotice(task, dueAt, hazardLink(reportId))));
        const input: HazardInput = {
          report,
          policy: policy.document,
          policyVersion: policy.version,
          opened: { units, gradeTask: { id: task.id, dueAt, taskType: task.taskType, orgUnitId: task.orgUnitId }, notice: w.recorded },
        };
        await system.client.workflow.start('HazardWorkflow', { workflowId, taskQueue: system.config.temporal.taskQueue, args: [input] });
        throw lost;
      }),
    ).rejects.toBe(lost);
    const key = `${workflowId}/grade/assigned`;
    expect(await db.getRepository(Hazard).existsBy({ id: reportId })).toBe(false);
    expect(await db.getRepository(NotificationOutbox).countBy({ dedupKey: key })).toBe(0);

    // The reporter's app sends the report again: the same hazard (200), now written whole.
    const again = await call('employee', 'POST', '/api/hazards', { reportId, ...fields, suspectedSeverity: 'medium', evidenceIds: [] });
    expect([again.status, again.body.created]).toEqual([200, false]);
    expect(await db.getRepository(HazardEvent).findBy({ hazardId: reportId })).toEqual([expect.objectContaining({ type: 'reported' })]);
    expect(await db.getRepository(Task).findBy({ workflowId })).toEqual([expect.objectContaining({ id: task.id, status: 'open' })]);
    const delivered = await outboxDelivered(db, key);
    expect(delivered.map((d) => d.state)).toEqual(delivered.map(() => 'sent'));
    const emails = delivered.filter((d) => d.channel === 'email').map((d) => d.id);
    await eventually(async () => smtp.mails().filter((m) => emails.includes(m.notification)).length === emails.length, 'the mails');

    // A second resend finds it all there and writes nothing; the process, told of the notice, wrote none of its own.
    expect((await call('employee', 'POST', '/api/hazards', { reportId, ...fields, suspectedSeverity: 'medium', evidenceIds: [] })).status).toBe(200);
    expect((await call('safety', 'POST', `/api/hazards/${reportId}/cancel`, { reason: 'Reported twice', duplicateOf: null })).status).toBe(200);
    await system.client.workflow.getHandle(workflowId).result();
    expect(await db.getRepository(NotificationOutbox).countBy({ dedupKey: key })).toBe(delivered.length);
    expect(smtp.mails().filter((m) => emails.includes(m.notification))).toHaveLength(emails.length);
    const safetyHub = await call('safety', 'GET', '/api/notifications?pageSize=100');
    expect(safetyHub.body.items.filter((n: { link: string }) => n.link === `/hazards/${reportId}`)).toHaveLength(1);
  }, 90_000);
});
