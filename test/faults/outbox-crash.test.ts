import { createHash } from 'node:crypto';
import { AuditEntry, Notification, NotificationOutbox, OrgUnit, Task } from '../../db/entities';
import { SENDING_LEASE_MS } from '../../activities/notifications';
import { loggedInClients } from '../support/as-user';
import { startTestSystem, testServices } from '../support/env';
import { outboxDelivered, outboxOpen } from '../support/notifications';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture';
import { eventually } from '../support/wait';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

/**
 * The outbox's delivery dies mid-send (issue 22): the worker running the dispatcher's delivery is
 * SIGKILLed while a mail is on the wire (the SMTP server holds its answer), another worker takes
 * over. The message is delivered, recorded as sent once, and every copy the server received
 * carries the one Message-ID its key derives, so the server and mail clients keep one message
 * per key (as before the outbox: a worker killed in that instant cannot know the mail went out).
 * Every other message is sent exactly once.
 */
describe('outbox delivery killed mid-send', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let smtp: SmtpCapture;
  const workers: WorkerProcess[] = [];
  const startWorker = (name: string) => {
    const w = startWorkerProcess(name, {
      DATABASE_URL: system.config.database.kind === 'mysql' ? system.config.database.url : '',
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      SMTP_URL: smtp.url,
      APP_URL: system.appUrl!,
    });
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    system = await startTestSystem('api');
  });
  afterAll(async () => {
    smtp?.release();
    await Promise.all(workers.map((w) => w.stop()));
    await system?.stop();
    await smtp?.close();
  });

  it('delivers once per key after the worker dies with a mail on the wire', async () => {
    const a = startWorker('A');
    await a.ready;
    const as = loggedInClients(() => system.appUrl!);
    const ds = system.dataSource;
    smtp.hold();
    const unitId = (await ds.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-PRODUCTION' })).id;
    // Critical: no quiet hours can defer it, whatever the time of day.
    const r = await (
      await as('safety')
    ).call('POST', '/api/notices', { title: 'Crash mid-send: crane', body: 'Read and confirm', orgUnitId: unitId, severity: 'critical' });
    expect(r.status).toBe(201);
    const task = await eventually(() => ds.getRepository(Task).findOneBy({ workflowId: r.body.workflowId }), 'the notice task', 30_000);
    const key = `${task.id}/assigned`;
    await eventually(async () => smtp.held() > 0, 'a mail on the wire', 30_000, 50);
    const onTheWire = await eventually(
      async () => (await ds.getRepository(NotificationOutbox).findBy({ dedupKey: key, state: 'sending' }))[0],
      'the message being sent',
    );
    await a.kill();
    smtp.release(); // the server takes the mail the dead worker sent
    const b = startWorker('B');
    await b.ready;

    // B's dispatcher round takes it up once A's claim is older than the lease, and sends it again.
    const rows = await outboxDelivered(ds, key, SENDING_LEASE_MS + 90_000);
    expect(rows.every((x) => x.state === 'sent')).toBe(true);
    expect(rows.find((x) => x.id === onTheWire.id)?.attempts).toBe(2);
    const emails = rows.filter((x) => x.channel === 'email');
    expect(emails.map((x) => x.id)).toContain(onTheWire.id);
    for (const row of emails) {
      const copies = smtp.mails().filter((m) => m.notification === row.id);
      const messageIds = [...new Set(copies.map((m) => m.messageId))];
      // One message per key at the server: every copy has the Message-ID derived from the key.
      expect(messageIds).toEqual([`<${createHash('sha256').update(row.id).digest('hex').slice(0, 32)}@safeloop>`]);
      // Only the message on the wire when the worker died was sent twice; each other one once.
      expect(copies.length).toBe(row.id === onTheWire.id ? 2 : 1);
      expect((await ds.getRepository(Notification).findOneByOrFail({ id: row.id })).status).toBe('sent');
      expect(await ds.getRepository(AuditEntry).countBy({ entityId: row.id, action: 'notification.sent' })).toBe(1);
    }
    expect(await outboxOpen(ds)).toBe(0);
    expect([a.alive(), b.alive()]).toEqual([false, true]);
  }, 240_000);
});
