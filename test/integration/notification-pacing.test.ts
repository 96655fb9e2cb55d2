import nodemailer from 'nodemailer';
import { In } from 'typeorm';
import { createNotificationActivities } from '../../activities/notifications';
import { createLogger } from '../../app/logger';
import { NotificationOutbox, User } from '../../db/entities';
import { startTestSystem } from '../support/env';
import { dueOutboxRow } from '../support/notifications';

/**
 * NOTIFICATIONS_PER_SECOND for the outbox: one dispatcher round is one activity task however many
 * messages it sends, so the queue's rate limit alone would let a round mail a whole company (the
 * score reports) in a burst; the round paces its hand-overs instead. Against the real database,
 * with no worker running (nothing else delivers the rows) and a real, in-process mail transport.
 */
describe('notification outbox pacing', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;

  beforeAll(async () => {
    system = await startTestSystem('api');
  });
  afterAll(() => system?.stop());

  it('sends a round’s mails no faster than notificationsPerSecond', async () => {
    const ds = system.dataSource;
    const users = await ds.getRepository(User).find({ take: 5, order: { username: 'ASC' } });
    const key = `pacing-${Date.now()}`;
    const request = {
      dedupKey: key,
      audience: { kind: 'users', userIds: users.map((u) => u.id) },
      severity: 'normal',
      subject: 'Pacing',
      body: 'b',
      link: null,
      source: null,
    };
    const ids = users.map((u) => `${key}|${u.id}|email`);
    await ds.getRepository(NotificationOutbox).insert(users.map((u) => dueOutboxRow(key, u.id, 'email', request, `${u.username}@pacing.example`)));
    const acts = createNotificationActivities({
      dataSource: ds,
      logger: createLogger('warn'),
      now: () => new Date(),
      mailer: nodemailer.createTransport({ jsonTransport: true }),
      mailFrom: 'safeloop@pacing.example',
      appUrl: 'http://localhost',
      notificationsPerSecond: 5,
    });
    const started = Date.now();
    const round = await acts.deliverDueNotifications();
    const took = Date.now() - started;
    expect(round.sent).toBe(5);
    const rows = await ds.getRepository(NotificationOutbox).find({ where: { id: In(ids) }, order: { sentAt: 'ASC' } });
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    // Five mails at five a second: hand-overs start 200 ms apart (a mail's own time to send and record varies, so the span is checked).
    const gaps = rows.slice(1).map((r, i) => r.sentAt!.getTime() - rows[i].sentAt!.getTime());
    process.stdout.write(`outbox round of 5 mails at 5/s: ${took} ms, gaps ${gaps.join(' / ')} ms\n`);
    expect(took).toBeGreaterThanOrEqual(4 * 200 - 20);
    expect(rows[rows.length - 1].sentAt!.getTime() - rows[0].sentAt!.getTime()).toBeGreaterThanOrEqual(3 * 200 - 100);
  });
});
