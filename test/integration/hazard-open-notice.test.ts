import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Notification, NotificationOutbox } from '../../db/entities';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { outboxDelivered } from '../support/notifications';
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
});
