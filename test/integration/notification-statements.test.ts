import { In, type DataSource } from 'typeorm';
import type { Transporter } from 'nodemailer';
import { createNotificationActivities, SENDING_LEASE_MS } from '../../activities/notifications';
import { createLogger } from '../../app/logger';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { migrate } from '../../db/data-source';
import { AuditEntry, Notification, NotificationOutbox, User } from '../../db/entities';
import { openScratchDatabase } from '../support/mysql';

/**
 * Statements allowed. Measured on MariaDB before → after this budget: a report's pair 29 → 21, ten
 * messages in one round 121 → 70, an empty round 4 → 3 (SQLite 36 → 24, 156 → 89, 4 → 3).
 */
const BUDGETS = {
  mysql: { pair: 21, perMessageInBatch: 7, emptyRound: 3 },
  sqlite: { pair: 24, perMessageInBatch: 9, emptyRound: 3 },
};

/**
 * What the outbox dispatcher costs the database (issue 22, throughput): the SQL statements a
 * round runs per delivered notification, counted through the data source's logger (every
 * statement, START TRANSACTION and COMMIT included, passes through it), on both drivers. A
 * regression (a per-row look-up creeping back in) fails the budget. The deliveries themselves are
 * checked too: each message handed over once, its `notifications` row sent, one `sent` audit
 * entry each, the audit chain intact, and the recovery paths (a row whose record was written by
 * an attempt that died before its audit entry; a claim that outlived its lease).
 */
describe.each([
  ['MariaDB', 'mysql'],
  ['embedded SQLite', 'sqlite'],
] as const)('dispatcher statements on %s', (_label, kind) => {
  let ds: DataSource;
  let close: () => Promise<void> = async () => undefined;
  let statements: string[] = [];
  const mails: { to: string; subject: string; messageId: string }[] = [];
  let acts: ReturnType<typeof createNotificationActivities>;
  const BUDGET = BUDGETS[kind];

  const request = (key: string, severity: 'normal' | 'critical' = 'normal') => ({
    dedupKey: key,
    audience: { kind: 'users', userIds: [] },
    severity,
    subject: `Subject ${key}`,
    body: 'Body',
    link: '/tasks',
    source: `Notice:${key}`,
  });
  const row = (key: string, userId: string, channel: 'inapp' | 'email', severity: 'normal' | 'critical' = 'normal') => ({
    id: `${key}|${userId}|${channel}`,
    dedupKey: key,
    channel,
    recipientUserId: userId,
    address: channel === 'email' ? `${userId}@statements.example` : null,
    request: JSON.stringify(request(key, severity)),
    state: 'pending' as const,
    dueAt: new Date(Date.now() - 1000),
    attempts: 0,
    claimedAt: null,
    lastError: null,
    sentAt: null,
  });
  /** Runs one dispatcher round and returns it with the statements it ran. */
  const round = async () => {
    statements = [];
    const r = await acts.deliverDueNotifications();
    return { round: r, statements: [...statements] };
  };
  const sentAudits = (ids: string[]) => ds.getRepository(AuditEntry).countBy({ entityId: In(ids), action: 'notification.sent' });

  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase(kind));
    await migrate(ds);
    const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map((id, i) => ({
      id,
      username: `user${i}`,
      displayName: `User ${i}`,
      passwordHash: 'x',
      orgUnitId: 'ou',
      locale: id === 'u2' ? 'zh-CN' : 'en',
    }));
    await ds.getRepository(User).insert(users);
    // Every statement of the data source goes through its logger (the option only decides what is printed).
    const logger = ds.logger;
    const counting = Object.create(logger) as typeof logger;
    counting.logQuery = (query: string) => {
      statements.push(query);
    };
    (ds as { logger: typeof logger }).logger = counting;
    const mailer = {
      sendMail: async (m: { to: string; subject: string; messageId: string }) => {
        mails.push({ to: m.to, subject: m.subject, messageId: m.messageId });
        return {};
      },
    } as unknown as Transporter;
    acts = createNotificationActivities({
      dataSource: ds,
      logger: createLogger('error'),
      now: () => new Date(),
      mailer,
      mailFrom: 'safeloop@statements.example',
      appUrl: 'http://localhost',
    } as Parameters<typeof createNotificationActivities>[0]);
  });
  afterAll(() => close());

  it('delivers a report’s two messages (in-app and email) in few statements', async () => {
    const rows = [row('one', 'u1', 'inapp'), row('one', 'u1', 'email')];
    await ds.getRepository(NotificationOutbox).insert(rows);
    const { round: r, statements: s } = await round();
    expect(r).toMatchObject({ sent: 2, failed: 0, retrying: 0, nextDueAt: null });
    process.stdout.write(`${kind}: one in-app + one email message: ${s.length} statements (${(s.length / 2).toFixed(1)} per message)\n`);
    expect(mails.filter((m) => m.to === 'u1@statements.example')).toHaveLength(1);
    const ids = rows.map((x) => x.id);
    expect((await ds.getRepository(Notification).findBy({ id: In(ids) })).map((n) => n.status)).toEqual(['sent', 'sent']);
    expect((await ds.getRepository(NotificationOutbox).findBy({ id: In(ids) })).map((o) => o.state)).toEqual(['sent', 'sent']);
    expect(await sentAudits(ids)).toBe(2);
    expect(s.length).toBeLessThanOrEqual(BUDGET.pair);
  });

  it('delivers a round of many messages, deferred ones among them, in fewer statements per message', async () => {
    const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
    const rows = users.flatMap((u) => [row('many', u, 'inapp', 'critical'), row('many', u, 'email', 'critical')]);
    await ds.getRepository(NotificationOutbox).insert(rows);
    // Two of them waited for quiet hours: their records say `deferred` (written when they were queued).
    const deferred = [rows[0], rows[3]];
    for (const d of deferred) {
      await ds.getRepository(Notification).insert({
        id: d.id,
        recipientUserId: d.recipientUserId,
        address: d.address,
        channel: d.channel,
        severity: 'critical',
        subject: 'Subject many',
        body: 'Body',
        subjectText: null,
        bodyText: null,
        link: null,
        source: 'Notice:many',
        status: 'deferred',
        deliverAfter: new Date(Date.now() - 1000),
        sentAt: null,
        readAt: null,
      });
    }
    const { round: r, statements: s } = await round();
    expect(r).toMatchObject({ sent: rows.length, failed: 0, retrying: 0 });
    process.stdout.write(`${kind}: ${rows.length} messages in one round: ${s.length} statements (${(s.length / rows.length).toFixed(1)} per message)\n`);
    const ids = rows.map((x) => x.id);
    expect((await ds.getRepository(Notification).findBy({ id: In(ids) })).every((n) => n.status === 'sent' && n.sentAt)).toBe(true);
    expect((await ds.getRepository(NotificationOutbox).findBy({ id: In(ids) })).every((o) => o.state === 'sent' && o.attempts === 1)).toBe(true);
    expect(await sentAudits(ids)).toBe(rows.length);
    // The deferred ones' entries say what they were before.
    for (const d of deferred) {
      const [entry] = await ds.getRepository(AuditEntry).findBy({ entityId: d.id, action: 'notification.sent' });
      expect(JSON.parse(entry.before!)).toEqual({ status: 'deferred' });
    }
    // In the recipient's language (u2's profile says Chinese), critical tagged.
    const many = mails.filter((m) => m.to.endsWith('@statements.example') && m.subject.includes('Subject many'));
    expect(many).toHaveLength(users.length);
    expect(many.find((m) => m.to === 'u2@statements.example')?.subject).toBe('【紧急】Subject many');
    expect(many.find((m) => m.to === 'u3@statements.example')?.subject).toBe('[CRITICAL] Subject many');
    expect(s.length / rows.length).toBeLessThanOrEqual(BUDGET.perMessageInBatch);
  });

  it('an empty round costs a few statements', async () => {
    const { round: r, statements: s } = await round();
    expect(r).toMatchObject({ sent: 0, failed: 0, retrying: 0, nextDueAt: null });
    process.stdout.write(`${kind}: empty round: ${s.length} statements\n`);
    expect(s.length).toBeLessThanOrEqual(BUDGET.emptyRound);
  });

  it('recovers: a record written before the attempt died is not sent again; a claim past its lease is sent again with its Message-ID', async () => {
    // An attempt that handed the mail over and recorded it, then died before its audit entry (its row went back to pending).
    const recorded = row('rec', 'u6', 'email');
    await ds.getRepository(NotificationOutbox).insert({ ...recorded, attempts: 1, lastError: 'audit log unavailable' });
    await ds.getRepository(Notification).insert({
      id: recorded.id,
      recipientUserId: 'u6',
      address: recorded.address,
      channel: 'email',
      severity: 'normal',
      subject: 'Subject rec',
      body: 'Body',
      subjectText: null,
      bodyText: null,
      link: null,
      source: 'Notice:rec',
      status: 'sent',
      deliverAfter: null,
      sentAt: new Date(Date.now() - 5000),
      readAt: null,
    });
    // A delivery that died mid-send: claimed longer ago than the lease, nothing recorded.
    const died = row('died', 'u6', 'email');
    const longAgo = new Date(Date.now() - SENDING_LEASE_MS - 1000);
    await ds.getRepository(NotificationOutbox).insert({ ...died, state: 'sending', attempts: 1, claimedAt: longAgo });
    // A delivery still within its lease is left alone.
    const onItsWay = row('busy', 'u6', 'email');
    await ds.getRepository(NotificationOutbox).insert({ ...onItsWay, state: 'sending', attempts: 1, claimedAt: new Date() });
    const before = mails.length;
    const { round: r } = await round();
    expect(r).toMatchObject({ sent: 2, failed: 0, retrying: 0 });
    expect(Date.parse(r.nextDueAt!)).toBeGreaterThan(Date.now() + SENDING_LEASE_MS - 10_000);
    const sentNow = mails.slice(before);
    expect(sentNow.map((m) => m.to)).toEqual(['u6@statements.example']);
    expect(sentNow[0].messageId).toMatch(/^<[0-9a-f]{32}@safeloop>$/);
    expect(await sentAudits([recorded.id])).toBe(1);
    expect(await sentAudits([died.id])).toBe(1);
    expect(await sentAudits([onItsWay.id])).toBe(0);
    const states = await ds.getRepository(NotificationOutbox).findBy({ id: In([recorded.id, died.id, onItsWay.id]) });
    expect(Object.fromEntries(states.map((o) => [o.id, [o.state, o.attempts]]))).toEqual({
      [recorded.id]: ['sent', 2],
      [died.id]: ['sent', 2],
      [onItsWay.id]: ['sending', 1],
    });
    // A second round sends nothing again.
    const again = await round();
    expect(again.round).toMatchObject({ sent: 0, failed: 0 });
    expect(mails.length).toBe(before + 1);
    expect((await verifyAuditLog(ds)).ok).toBe(true);
  });
});
