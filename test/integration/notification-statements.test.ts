import { In, type DataSource } from 'typeorm';
import type { Transporter } from 'nodemailer';
import { createNotificationActivities, createNotificationOutbox, SENDING_LEASE_MS } from '../../activities/notifications';
import { createLogger } from '../../app/logger';
import { verifyAuditLog } from '../../db/audit/audit-log';
import { migrate } from '../../db/data-source';
import { AuditEntry, Notification, NotificationOutbox, OrgUnit, User } from '../../db/entities';
import { DEFAULT_POLICY } from '../../domain/policy';
import { quietWindowFrom } from '../../domain/quiet-hours';
import { openScratchDatabase } from '../support/mysql';
import { dueOutboxRow } from '../support/notifications';

/**
 * Statements allowed. Measured before → after the outbox's statements were cut (issue 22): MariaDB,
 * a report's pair (in-app + email) 29 → 20, ten messages in one round 121 → 69, an empty round 4 → 2;
 * SQLite 36 → 23, 156 → 88, 4 → 2. Then a new audit stream's head made claimed in one statement
 * (MariaDB), and a round's accepted mails recorded in one transaction instead of one each: MariaDB
 * pair 16 → 15, ten messages (five mails) 57 → 33; SQLite pair 18, ten messages 59 → 44. Then a
 * transaction's audit entries appended in one batch (a head claimed per stream, the rows in one
 * statement; MariaDB only): ten messages 33 → 17 (all ten in one stream here: a round over many
 * processes claims a head for each). (Both append to a new audit stream here: on SQLite one
 * statement more than a process's known stream.)
 */
const BUDGETS = {
  mysql: { pair: 15, perMessageInBatch: 2.5, emptyRound: 2 },
  sqlite: { pair: 18, perMessageInBatch: 5, emptyRound: 2 },
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
  const row = (key: string, userId: string, channel: 'inapp' | 'email', severity: 'normal' | 'critical' = 'normal') =>
    dueOutboxRow(key, userId, channel, request(key, severity), channel === 'email' ? `${userId}@statements.example` : null);
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

  it('writes a notification’s outbox rows in one statement; a repeat whose audience grew records only the new messages that wait as deferred', async () => {
    const outbox = createNotificationOutbox({ dataSource: ds, now: () => new Date(), logger: createLogger('error') });
    const quiet = quietWindowFrom(new Date(Date.now() - 1000), 600);
    // The users' unit (the audience is read with it).
    if (!(await ds.getRepository(OrgUnit).existsBy({ id: 'ou' })))
      await ds.getRepository(OrgUnit).insert({
        id: 'ou',
        parentId: null,
        kind: 'plant',
        name: 'Plant',
        nameZh: null,
        code: 'OU',
        departmentFunction: null,
        path: '/ou/',
        headPersonId: null,
        emergencyPhones: null,
      });
    await ds.getRepository(User).update({ id: In(['u3', 'u4', 'u5']) }, { quietHours: quiet });
    try {
      const input = (userIds: string[]) => ({ ...request('grown'), audience: { kind: 'users' as const, userIds }, policy: DEFAULT_POLICY });
      const write = async (userIds: string[]) => {
        statements = [];
        const w = await ds.transaction((em) => outbox.writeOutboxRows(em, input(userIds)));
        return { w, inserts: statements.filter((q) => /INTO .notification_outbox./.test(q)) };
      };
      const first = await write(['u3', 'u4']);
      expect(first.inserts).toHaveLength(1);
      expect(first.w).toMatchObject({ inserted: 2, recorded: { recipients: 2, deferred: 2, messages: 2 } });
      expect(first.w.newlyDeferred.map((i) => i.recipientUserId).sort()).toEqual(['u3', 'u4']);
      // u3's message delivered meanwhile: a repeat reaching u5 too must leave its record alone.
      await ds.getRepository(Notification).update({ id: 'grown|u3|inapp' }, { status: 'sent', sentAt: new Date() });
      const again = await write(['u3', 'u4', 'u5']);
      expect(again.inserts).toHaveLength(1);
      expect(again.w.inserted).toBe(1);
      expect(again.w.newlyDeferred.map((i) => i.recipientUserId)).toEqual(['u5']);
      const records = await ds.getRepository(Notification).findBy({ id: In(['grown|u3|inapp', 'grown|u4|inapp', 'grown|u5|inapp']) });
      expect(Object.fromEntries(records.map((n) => [n.recipientUserId, n.status]))).toEqual({ u3: 'sent', u4: 'deferred', u5: 'deferred' });
      expect(
        await ds.getRepository(AuditEntry).countBy({ entityId: In(['grown|u3|inapp', 'grown|u4|inapp', 'grown|u5|inapp']), action: 'notification.deferred' }),
      ).toBe(3);
      // Nothing new: no rows, no records.
      const same = await write(['u3', 'u4', 'u5']);
      expect(same.w).toMatchObject({ inserted: 0, newlyDeferred: [] });
    } finally {
      await ds.getRepository(User).update({ id: In(['u3', 'u4', 'u5']) }, { quietHours: null });
      await ds.getRepository(NotificationOutbox).delete({ dedupKey: 'grown' });
    }
  });

  it('delivers a report’s two messages (in-app and email) in few statements', async () => {
    const rows = [row('one', 'u1', 'inapp'), row('one', 'u1', 'email')];
    await ds.getRepository(NotificationOutbox).insert(rows);
    const { round: r, statements: s } = await round();
    expect(r).toMatchObject({ sent: 2, failed: 0, retrying: 0, nextDueAt: null });
    if (process.env.SHOW_STATEMENTS) process.stdout.write(`${s.map((x) => x.slice(0, 110)).join('\n')}\n`);
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

  // Two rounds at once need two connections: MariaDB's. (sql.js has one connection, on which
  // concurrent transactions nest as savepoints: the embedded database runs one worker, one round at a time.)
  if (kind === 'mysql')
    it('two rounds at once deliver each message once; what falls due later comes from the first statement', async () => {
      const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
      const rows = users.flatMap((u) => [row('race', u, 'inapp'), row('race', u, 'email')]);
      const later = { ...row('later', 'u6', 'inapp'), dueAt: new Date(Date.now() + 30 * 60_000) };
      await ds.getRepository(NotificationOutbox).insert([...rows, later]);
      const second = createNotificationActivities({
        dataSource: ds,
        logger: createLogger('error'),
        now: () => new Date(),
        mailer: { sendMail: async (m: { to: string; subject: string; messageId: string }) => (mails.push(m), {}) } as unknown as Transporter,
        mailFrom: 'safeloop@statements.example',
        appUrl: 'http://localhost',
      } as Parameters<typeof createNotificationActivities>[0]);
      const before = mails.length;
      const [a, b] = await Promise.all([acts.deliverDueNotifications(), second.deliverDueNotifications()]);
      // A claim that fell short leaves its rows to the lease: a round past it takes them up.
      const afterLease = createNotificationActivities({
        dataSource: ds,
        logger: createLogger('error'),
        now: () => new Date(Date.now() + SENDING_LEASE_MS + 1000),
        mailer: { sendMail: async (m: { to: string; subject: string; messageId: string }) => (mails.push(m), {}) } as unknown as Transporter,
        mailFrom: 'safeloop@statements.example',
        appUrl: 'http://localhost',
      } as Parameters<typeof createNotificationActivities>[0]);
      const c = await afterLease.deliverDueNotifications();
      expect(a.sent + b.sent + c.sent).toBe(rows.length);
      const ids = rows.map((x) => x.id);
      expect((await ds.getRepository(NotificationOutbox).findBy({ id: In(ids) })).every((o) => o.state === 'sent')).toBe(true);
      const raced = mails.slice(before).map((m) => m.to);
      expect(raced.sort()).toEqual(users.map((u) => `${u}@statements.example`).sort());
      expect(await sentAudits(ids)).toBe(rows.length);
      // The deferred one is next, as the first statement read it (or the table said).
      for (const r of [a, b])
        if (!r.nextDueAt || Date.parse(r.nextDueAt) !== later.dueAt.getTime()) expect(Date.parse(r.nextDueAt!)).toBeLessThanOrEqual(later.dueAt.getTime());
      const { round: quiet, statements: s } = await round();
      expect(quiet.nextDueAt).toBe(later.dueAt.toISOString());
      expect(s.length).toBe(BUDGET.emptyRound);
      await ds.getRepository(NotificationOutbox).delete({ id: later.id });
    });

  it('records a round’s accepted mails as they come, those accepted meanwhile together; a mail refused loses none of the others’ records; a record written meanwhile is taken on its own', async () => {
    const users = ['u1', 'u2', 'u3', 'u4'];
    const rows = users.map((u) => row('batch', u, 'email'));
    await ds.getRepository(NotificationOutbox).insert(rows);
    const handed: string[] = [];
    // u3 and u4 are handed over only once u1's record is written: the first accepted hand-over's
    // record does not wait for the round's others (a worker killed meanwhile would leave it
    // unrecorded, and it would be sent again after the lease).
    const recordedFirst = async () => {
      for (const until = Date.now() + 5000; Date.now() < until; await new Promise((r) => setTimeout(r, 5)))
        if ((await ds.getRepository(NotificationOutbox).findOneBy({ id: rows[0].id }))?.state === 'sent') return;
      throw new Error('u1 not recorded while the round went on');
    };
    const acts2 = createNotificationActivities({
      dataSource: ds,
      logger: createLogger('error'),
      now: () => new Date(),
      mailer: {
        sendMail: async (m: { to: string; subject: string; messageId: string }) => {
          if (m.to === 'u2@statements.example') throw new Error('451 try again later');
          if (m.to !== 'u1@statements.example') await recordedFirst();
          handed.push(m.to);
          return {};
        },
      } as unknown as Transporter,
      mailFrom: 'safeloop@statements.example',
      appUrl: 'http://localhost',
    } as Parameters<typeof createNotificationActivities>[0]);
    statements = [];
    const r = await acts2.deliverDueNotifications();
    expect(r).toMatchObject({ sent: 3, failed: 0, retrying: 1 });
    expect(handed.sort()).toEqual(['u1@statements.example', 'u3@statements.example', 'u4@statements.example']);
    // u1 recorded on its own at once; u3 and u4 after it, in one transaction when accepted while
    // another ran (one multi-row insert, one outbox update, each with its hand-over time).
    const marked = statements.filter((q) => /^UPDATE .notification_outbox. SET .state. = 'sent', .sent_at. = CASE/.test(q));
    const perTransaction = marked.map((q) => q.match(/WHEN \? THEN \?/g)?.length);
    expect(perTransaction[0]).toBe(1);
    expect(perTransaction.reduce((x, y) => x! + y!, 0)).toBe(3);
    const ids = rows.map((x) => x.id);
    const states = Object.fromEntries((await ds.getRepository(NotificationOutbox).findBy({ id: In(ids) })).map((o) => [o.id, o.state]));
    expect(states).toEqual({ [ids[0]]: 'sent', [ids[1]]: 'pending', [ids[2]]: 'sent', [ids[3]]: 'sent' });
    expect(await sentAudits(ids)).toBe(3);
    expect(await ds.getRepository(Notification).countBy({ id: In(ids), status: 'sent' })).toBe(3);

    // The refused one is tried again with another; while it is on the wire another delivery
    // records it as sent: its batch finds the record there and rolls back, and each is recorded on
    // its own — one `sent` entry each.
    const retry = rows[1];
    await ds.getRepository(NotificationOutbox).update({ id: retry.id }, { dueAt: new Date(Date.now() - 1000) });
    const late = row('batch2', 'u5', 'email');
    await ds.getRepository(NotificationOutbox).insert(late);
    const acts3 = createNotificationActivities({
      dataSource: ds,
      logger: createLogger('error'),
      now: () => new Date(),
      mailer: {
        sendMail: async (m: { to: string; subject: string; messageId: string }) => {
          handed.push(m.to);
          // While the refused one is on the wire again, another delivery records it as sent.
          if (m.to === 'u2@statements.example')
            await ds.getRepository(Notification).insert({
              id: retry.id,
              recipientUserId: 'u2',
              address: retry.address,
              channel: 'email',
              severity: 'normal',
              subject: 'Subject batch',
              body: 'Body',
              subjectText: null,
              bodyText: null,
              link: null,
              source: 'Notice:batch',
              status: 'sent',
              deliverAfter: null,
              sentAt: new Date(),
              readAt: null,
            });
          return {};
        },
      } as unknown as Transporter,
      mailFrom: 'safeloop@statements.example',
      appUrl: 'http://localhost',
    } as Parameters<typeof createNotificationActivities>[0]);
    const r2 = await acts3.deliverDueNotifications();
    expect(r2).toMatchObject({ sent: 2, failed: 0, retrying: 0 });
    const all = [...ids, late.id];
    expect((await ds.getRepository(NotificationOutbox).findBy({ id: In(all) })).every((o) => o.state === 'sent')).toBe(true);
    expect(await sentAudits(all)).toBe(5);
    expect(await ds.getRepository(Notification).countBy({ id: In(all), status: 'sent' })).toBe(5);
    expect((await verifyAuditLog(ds)).ok).toBe(true);
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
