import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { createNotificationActivities, createNotificationOutbox } from '../../activities/notifications';
import { createLogger } from '../../app/logger';
import { migrate } from '../../db/data-source';
import { NotificationOutbox, User } from '../../db/entities';
import { notificationDispatcherId } from '../../workflows/notification/messages';
import { testServices } from '../support/env';
import { dueOutboxRow } from '../support/notifications';
import { openScratchDatabase } from '../support/mysql';
import { eventually } from '../support/wait';

/**
 * A delivery round running in this process takes the rows written here while it runs (they poke it)
 * without a wake signal to the dispatcher workflow; once it has ended, a write wakes the dispatcher
 * as before (activities/notifications.ts, localRounds). Real MariaDB and the real dev server: the
 * signal is seen as the dispatcher workflow it starts.
 */
describe('dispatcher rounds and the writers of this process', () => {
  let ds: DataSource;
  let close: () => Promise<void> = async () => undefined;
  let connection: Connection;
  let client: Client;
  const mails: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  let acts: ReturnType<typeof createNotificationActivities>;
  let outbox: ReturnType<typeof createNotificationOutbox>;

  const row = (key: string) =>
    dueOutboxRow(
      key,
      'u1',
      'email',
      { dedupKey: key, audience: { kind: 'users', userIds: [] }, severity: 'normal', subject: key, body: 'Body', link: null, source: 'test' },
      'u1@rounds.example',
    );
  const dispatcherExists = async (taskQueue: string) => {
    try {
      await client.workflow.getHandle(notificationDispatcherId(taskQueue)).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  };
  const state = async (id: string) => (await ds.getRepository(NotificationOutbox).findOneByOrFail({ id })).state;

  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase('mysql'));
    await migrate(ds);
    await ds.getRepository(User).insert({ id: 'u1', username: 'u1', displayName: 'U1', passwordHash: 'x', orgUnitId: 'ou', locale: 'en' });
    connection = await Connection.connect({ address: testServices().temporalAddress });
    client = new Client({ connection });
    const deps = {
      dataSource: ds,
      logger: createLogger('error'),
      now: () => new Date(),
      mailer: {
        sendMail: async (m: { subject: string }) => {
          mails.push(m.subject);
          inFlight++;
          mostInFlight = Math.max(mostInFlight, inFlight);
          // A mail server that takes a moment: the round is still running when the next row is written.
          await new Promise((r) => setTimeout(r, 50));
          inFlight--;
          return {};
        },
      } as unknown as Transporter,
      mailFrom: 'safeloop@rounds.example',
      appUrl: 'http://localhost',
    } as Parameters<typeof createNotificationActivities>[0];
    acts = createNotificationActivities(deps);
    outbox = createNotificationOutbox(deps);
  });
  afterAll(async () => {
    await connection?.close();
    await close();
  });

  it('a row written while a round runs here is delivered by that round, without a wake signal', async () => {
    const taskQueue = `rounds-${randomUUID().slice(0, 8)}`;
    await ds.getRepository(NotificationOutbox).insert(row('first'));
    const running = acts.deliverDueNotifications();
    await eventually(async () => (await state('first|u1|email')) === 'sent', 'the first row sent', 5000, 20);
    // The round is lingering for more: this write pokes it.
    await ds.getRepository(NotificationOutbox).insert(row('second'));
    await outbox.wakeDispatcher({ client, taskQueue });
    const round = await running;
    expect(round.sent).toBe(2);
    expect(await state('second|u1|email')).toBe('sent');
    expect(mails).toEqual(['first', 'second']);
    expect(await dispatcherExists(taskQueue)).toBe(false);
  });

  it('rows poked in quick succession are gathered into one look of the round; a critical one is not waited for', async () => {
    const taskQueue = `rounds-${randomUUID().slice(0, 8)}`;
    const looks: number[] = [];
    const original = ds.logger.logQuery;
    ds.logger.logQuery = function (query: string, ...rest: never[]) {
      if (/nextPending/.test(query)) looks.push(Date.now());
      return original.call(this, query, ...rest);
    };
    try {
      mails.length = 0;
      await ds.getRepository(NotificationOutbox).insert(row('gather-0'));
      const running = acts.deliverDueNotifications();
      await eventually(async () => (await state('gather-0|u1|email')) === 'sent', 'the first row sent', 5000, 20);
      const before = looks.length;
      // Three writers at once while the round lingers: the first poke starts the gathering, one look takes all three.
      const firstPoke = Date.now();
      await Promise.all(
        ['gather-1', 'gather-2', 'gather-3'].map(async (key) => {
          await ds.getRepository(NotificationOutbox).insert(row(key));
          await outbox.wakeDispatcher({ client, taskQueue });
        }),
      );
      await eventually(async () => (await state('gather-3|u1|email')) === 'sent', 'the gathered rows sent', 5000, 20);
      expect(looks.length - before).toBe(1);
      // One recipient's mails are handed over side by side, not one after another (SMTP keeps no order between them).
      expect(mostInFlight).toBeGreaterThan(1);
      expect(looks[before] - firstPoke).toBeGreaterThanOrEqual(140);
      expect(mails.sort()).toEqual(['gather-0', 'gather-1', 'gather-2', 'gather-3']);
      // A critical message's writer pokes the round urgently: its look does not wait for more writers.
      const urgentBefore = looks.length;
      await ds.getRepository(NotificationOutbox).insert(row('gather-critical'));
      const poked = Date.now();
      await outbox.wakeDispatcher({ client, taskQueue }, true);
      await eventually(async () => looks.length > urgentBefore, 'the urgent look', 5000, 5);
      // Gathering waits 150 ms before it looks; an urgent poke is looked at at once.
      expect(looks[urgentBefore] - poked).toBeLessThan(150);
      await running;
      expect(await state('gather-critical|u1|email')).toBe('sent');
      expect(await dispatcherExists(taskQueue)).toBe(false);
    } finally {
      ds.logger.logQuery = original;
    }
  });

  it('once the round has ended, a write wakes the dispatcher workflow', async () => {
    const taskQueue = `rounds-${randomUUID().slice(0, 8)}`;
    await acts.deliverDueNotifications();
    await ds.getRepository(NotificationOutbox).insert(row('third'));
    await outbox.wakeDispatcher({ client, taskQueue });
    expect(await dispatcherExists(taskQueue)).toBe(true);
    await client.workflow.getHandle(notificationDispatcherId(taskQueue)).terminate('test done');
    expect(await state('third|u1|email')).toBe('pending');
  });

  it('a round kept busy by pokes ends at once when its activity is cancelled (a worker shutting down)', async () => {
    const env = new MockActivityEnvironment();
    const taskQueue = `rounds-${randomUUID().slice(0, 8)}`;
    let n = 0;
    const pokes: Promise<unknown>[] = [];
    const poking = setInterval(() => {
      pokes.push(
        ds
          .getRepository(NotificationOutbox)
          .insert(row(`poke-${n++}`))
          .then(() => outbox.wakeDispatcher({ client, taskQueue })),
      );
    }, 100);
    const started = Date.now();
    const running = env.run(acts.deliverDueNotifications);
    setTimeout(() => env.cancel(), 400);
    await running.catch(() => undefined);
    const took = Date.now() - started;
    clearInterval(poking);
    await Promise.all(pokes);
    if (await dispatcherExists(taskQueue)) await client.workflow.getHandle(notificationDispatcherId(taskQueue)).terminate('test done');
    // Without the cancellation it would have gone on for its ten seconds, poked every 100 ms.
    expect(took).toBeLessThan(1500);
    // The round took the first pokes itself; none of those woke the dispatcher while it ran.
    expect(n).toBeGreaterThan(2);
  });
});
