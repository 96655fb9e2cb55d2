import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditAnchor, AuditEntry, OrgUnit, SinkMail, Task, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { quietWindowFrom } from '../../domain/quiet-hours';
import { httpClient, startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { outboxDelivered } from '../support/notifications';
import { eventually } from '../support/wait';

/**
 * Policy store, task inbox, notices with SLA escalation, notifications (quiet hours, critical,
 * de-duplication, mails the sink really received) and the audit chain, against the real
 * Temporal dev server and MariaDB.
 */
describe('core services', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const as = async (username: string) => {
    const c = httpClient(system.appUrl!);
    await c.login(username);
    return c;
  };
  const unitId = async (code: string) => (await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code })).id;
  const userId = async (username: string) => (await system.dataSource.getRepository(User).findOneByOrFail({ username })).id;

  /** Seconds-scale policy: acknowledge within 3 s, escalate every 2 s, no default quiet hours. */
  const fast: Policy = {
    ...DEFAULT_POLICY,
    sla: { ...DEFAULT_POLICY.sla, noticeAcknowledge: 3 },
    escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 2 },
    reminders: { beforeDeadline: [1] },
    quietHours: { default: null },
  };

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  describe('policy store', () => {
    it('starts from the SPEC defaults and publishes immutable new versions', async () => {
      const safety = await as('safety');
      const current = await safety.call('GET', '/api/policies/current');
      expect(current.status).toBe(200);
      expect(current.body).toMatchObject({ version: 1, createdBy: 'system' });
      expect(current.body.document.sla).toMatchObject({ hazardGrading: 3600, hazardAcknowledge: 86400, hazardRectify: 259200, emergencyAcknowledge: 300 });
      expect(current.body.document.sla.levelRectify).toEqual({ workshop: 86400, plant: 259200, headquarters: 604800 });

      const employee = await as('employee');
      expect((await employee.call('POST', '/api/policies', { document: fast, note: 'x' })).status).toBe(403);

      const invalid = await safety.call('POST', '/api/policies', { document: { ...fast, sla: { ...fast.sla, hazardGrading: 0 } }, note: 'bad' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toContain('body.document.sla.hazardGrading');

      const published = await safety.call('POST', '/api/policies', { document: fast, note: 'test: seconds-scale SLAs' });
      expect(published.status).toBe(201);
      expect(published.body).toMatchObject({ version: 2, createdBy: 'safety' });
      expect((await safety.call('GET', '/api/policies/current')).body.version).toBe(2);
      expect((await safety.call('GET', '/api/policies/1')).body.document).toEqual(DEFAULT_POLICY);
      expect((await safety.call('GET', '/api/policies')).body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    });
  });

  describe('task inbox with a notice process', () => {
    const issue = async (code: string, title: string) => {
      const safety = await as('safety');
      const r = await safety.call('POST', '/api/notices', { title, body: `${title}: read and confirm`, orgUnitId: await unitId(code), severity: 'normal' });
      expect(r.status).toBe(201);
      return r.body as { noticeId: string; workflowId: string };
    };
    const taskOf = (workflowId: string) => eventually(() => system.dataSource.getRepository(Task).findOneBy({ workflowId }), `the task of ${workflowId}`);

    it('hands the task to the department, escalates when overdue, and completes once', async () => {
      const notice = await issue('DEMO-PRODUCTION', 'Forklift speed limit 5 km/h');
      const task = await taskOf(notice.workflowId);
      const head = await as('head.production');
      const mine = await eventually(async () => {
        const r = await head.call('GET', '/api/tasks?view=mine');
        return r.body.items.find((t: { id: string }) => t.id === task.id);
      }, 'the task in the inbox of head.production');
      expect(mine).toMatchObject({
        taskType: 'notice.acknowledge',
        orgUnitName: 'Production Department',
        status: 'open',
        assignee: null,
        actions: { canClaim: true, canComplete: true },
      });
      expect(mine.form.fields.map((f: { name: string }) => f.name)).toEqual(['understood', 'comment']);

      // Outside the unit: not even visible. Auditors: read-only.
      const equipment = await as('head.equipment');
      expect((await equipment.call('GET', `/api/tasks/${encodeURIComponent(task.id)}`)).status).toBe(404);
      expect((await equipment.call('POST', `/api/tasks/${encodeURIComponent(task.id)}/claim`)).status).toBe(404);
      expect((await (await as('auditor')).call('POST', `/api/tasks/${encodeURIComponent(task.id)}/claim`)).status).toBe(403);

      const path = `/api/tasks/${encodeURIComponent(task.id)}`;
      const claimed = await head.call('POST', `${path}/claim`);
      expect(claimed.status).toBe(200);
      expect(claimed.body.assignee.username).toBe('head.production');
      // A frontline employee is neither a responder of the department nor in its scope: not even visible.
      expect((await (await as('employee')).call('POST', `${path}/claim`)).status).toBe(404);

      // The SLA (3 s) passes: the ladder climbs, the department head hears about it by mail.
      await eventually(
        async () => (await system.dataSource.getRepository(AuditEntry).countBy({ entityId: task.id, action: 'task.escalated' })) >= 1,
        'an escalation',
      );
      const headMail = await eventually(
        () => system.dataSource.getRepository(SinkMail).createQueryBuilder('m').where('m.subject LIKE :s', { s: 'Overdue (escalation 1)%' }).getOne(),
        'the escalation mail in the sink',
      );
      expect(headMail.to).toBe('head.production@safeloop.example');
      expect((await head.call('GET', path)).body.overdue).toBe(true);

      const bad = await head.call('POST', `${path}/complete`, { payload: { understood: false, extra: 1 } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.payload', 'body.payload.understood']);

      const done = await head.call('POST', `${path}/complete`, { payload: { understood: true, comment: 'Briefed the shift' } });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', completedBy: 'head.production' });
      const again = await head.call('POST', `${path}/complete`, { payload: { understood: true, comment: 'twice' } });
      expect(again.status).toBe(200);
      expect(again.body.completedAt).toBe(done.body.completedAt);
      expect(await system.dataSource.getRepository(AuditEntry).countBy({ entityId: task.id, action: 'task.completed' })).toBe(1);
      const stored = await system.dataSource.getRepository(Task).findOneByOrFail({ id: task.id });
      expect(JSON.parse(stored.result!)).toEqual({ understood: true, comment: 'Briefed the shift' });

      const result = await system.client.workflow.getHandle(notice.workflowId).result();
      expect(result).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'head.production', overdue: true, policyVersion: 2 });
      expect(result.escalationLevel).toBeGreaterThanOrEqual(1);
      const state = await head.call('GET', `/api/notices/${notice.noticeId}`);
      expect(state.body.status).toBe('acknowledged');
      await recordHistory(system.client, notice.workflowId, 'SafetyNoticeWorkflow-escalated');
    });

    it('keeps workshops apart: a task for assembly is invisible to the stamping employee', async () => {
      const notice = await issue('DEMO-WS-ASSEMBLY', 'Assembly line guard check');
      const task = await taskOf(notice.workflowId);
      const employee = await as('employee');
      expect((await employee.call('GET', `/api/tasks/${encodeURIComponent(task.id)}`)).status).toBe(404);
      expect((await employee.call('POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, { payload: { understood: true } })).status).toBe(404);
      const inbox = await employee.call('GET', '/api/tasks?view=mine');
      expect(inbox.body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);
    });

    it('records delegation and substitutes with both names', async () => {
      const notice = await issue('DEMO-PRODUCTION', 'Hot work permit reminder');
      const task = await taskOf(notice.workflowId);
      const path = `/api/tasks/${encodeURIComponent(task.id)}`;
      const head = await as('head.production');
      await head.call('POST', `${path}/claim`);
      // head.production names the employee as substitute; the employee completes for them.
      await system.dataSource.getRepository(User).update({ username: 'head.production' }, { substituteUserId: await userId('employee') });
      const employee = await as('employee');
      const done = await employee.call('POST', `${path}/complete`, { payload: { understood: true } });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ completedBy: 'employee', completedOnBehalfOf: 'head.production' });
      const entry = await system.dataSource.getRepository(AuditEntry).findOneByOrFail({ entityId: task.id, action: 'task.completed' });
      expect({ actor: entry.actor, onBehalfOf: entry.onBehalfOf }).toEqual({ actor: 'employee', onBehalfOf: 'head.production' });
      await system.dataSource.getRepository(User).update({ username: 'head.production' }, { substituteUserId: null });

      const second = await issue('DEMO-PRODUCTION', 'Delegated notice');
      const t2 = await taskOf(second.workflowId);
      const p2 = `/api/tasks/${encodeURIComponent(t2.id)}`;
      await head.call('POST', `${p2}/claim`);
      const delegated = await head.call('POST', `${p2}/delegate`, { toUserId: await userId('employee') });
      expect(delegated.status).toBe(200);
      expect(delegated.body.assignee.username).toBe('employee');
      const d = await system.dataSource.getRepository(AuditEntry).findOneByOrFail({ entityId: t2.id, action: 'task.delegated' });
      expect(d.actor).toBe('head.production');
      expect(JSON.parse(d.after!)).toMatchObject({ assignee: 'employee', delegatedFrom: 'head.production' });
    });

    it('refuses to complete the task of a closed process', async () => {
      const notice = await issue('DEMO-PRODUCTION', 'Withdrawn notice');
      const task = await taskOf(notice.workflowId);
      await system.client.workflow.getHandle(notice.workflowId).terminate('withdrawn for the test');
      const r = await (await as('head.production')).call('POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, { payload: { understood: true } });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('process_closed');
      expect((await system.dataSource.getRepository(Task).findOneByOrFail({ id: task.id })).status).toBe('open');
    });
  });

  describe('notifications', () => {
    it('defers a normal mail to the end of quiet hours, sends a critical one at once, and never twice', async () => {
      const safety = await as('safety');
      const employeeId = await userId('employee');
      const start = new Date();
      const window = quietWindowFrom(start, 6);
      await system.dataSource.getRepository(User).update({ id: employeeId }, { quietHours: window });
      const windowEnd = new Date(start.getTime() + 6000 - (start.getTime() % 1000));
      const tag = randomUUID().slice(0, 8);
      const send = (severity: string, dedupKey: string) =>
        safety.call('POST', '/api/notifications', {
          dedupKey,
          audience: { kind: 'users', userIds: [employeeId] },
          severity,
          subject: `${severity} ${tag}`,
          body: 'Gas detector alarm in the paint shop',
        });

      expect((await send('normal', `qh-normal-${tag}`)).body.duplicate).toBe(false);
      expect((await send('critical', `qh-critical-${tag}`)).status).toBe(202);
      const mails = () =>
        system.dataSource
          .getRepository(SinkMail)
          .createQueryBuilder('m')
          .where('m.subject LIKE :s', { s: `%${tag}` })
          .getMany();

      const critical = await eventually(async () => (await mails()).find((m) => m.subject === `[CRITICAL] critical ${tag}`), 'the critical mail', 5000);
      expect(critical.to).toBe('employee@safeloop.example');
      expect(critical.receivedAt.getTime()).toBeLessThan(windowEnd.getTime());
      expect((await mails()).some((m) => m.subject === `normal ${tag}`)).toBe(false);
      const deferred = await (await as('employee')).call('GET', '/api/notifications');
      expect(deferred.body.items.some((n: { subject: string }) => n.subject === `normal ${tag}`)).toBe(false);

      const normal = await eventually(async () => (await mails()).find((m) => m.subject === `normal ${tag}`), 'the deferred mail', 15_000);
      expect(normal.receivedAt.getTime()).toBeGreaterThanOrEqual(windowEnd.getTime() - 50);
      const inbox = await eventually(async () => {
        const r = await (await as('employee')).call('GET', '/api/notifications');
        return r.body.items.find((n: { subject: string }) => n.subject === `normal ${tag}`);
      }, 'the in-app notification');
      expect(inbox.status).toBe('sent');
      // Through the outbox: the key's rows are sent, and who asked for it is in the audit log.
      expect((await outboxDelivered(system.dataSource, `qh-normal-${tag}`)).every((r) => r.state === 'sent')).toBe(true);
      const requested = await system.dataSource.getRepository(AuditEntry).findBy({ action: 'notification.requested', entityId: `qh-normal-${tag}` });
      expect(requested.map((a) => [a.actorType, a.actor])).toEqual([['user', 'safety']]);
      await expect(system.client.workflow.getHandle(`Notify:qh-normal-${tag}`).describe()).rejects.toThrow(/not found/i);

      // The same alert again: accepted as a duplicate, nothing new is sent.
      expect((await send('critical', `qh-critical-${tag}`)).body.duplicate).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await mails()).length).toBe(2);
      await system.dataSource.getRepository(User).update({ id: employeeId }, { quietHours: null });
    });

    it('posts critical alerts to the safety hub webhook as chat-bot JSON', async () => {
      const received: unknown[] = [];
      const hook = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          received.push(JSON.parse(body));
          res.writeHead(200).end('{"errcode":0}');
        });
      });
      await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
      try {
        const safety = await as('safety');
        const current = (await safety.call('GET', '/api/policies/current')).body.document as Policy;
        const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/robot/send`;
        expect(
          (
            await safety.call('POST', '/api/policies', {
              document: { ...current, notifications: { ...current.notifications, webhookUrl: url } },
              note: 'hub webhook',
            })
          ).status,
        ).toBe(201);
        const key = `hook-${randomUUID()}`;
        const r = await safety.call('POST', '/api/notifications', {
          dedupKey: key,
          audience: { kind: 'unit', orgUnitId: await unitId('DEMO-SAFETY') },
          severity: 'critical',
          subject: 'Gas leak at tank farm B',
          body: 'Evacuate zone B',
          link: '/emergencies',
        });
        expect(r.status).toBe(202);
        const msg = await eventually(async () => received[0] as Record<string, any>, 'the webhook call'); // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(msg).toMatchObject({ msgtype: 'markdown', severity: 'critical', source: 'api:safety', id: `${key}|webhook` });
        expect(msg.markdown.title).toBe('Gas leak at tank farm B');
        expect(msg.markdown.text).toContain('Evacuate zone B');
        await outboxDelivered(system.dataSource, key);
        expect(received).toHaveLength(1);
      } finally {
        hook.close();
      }
    });

    it('marks in-app notifications read', async () => {
      const employee = await as('employee');
      const before = await employee.call('GET', '/api/notifications?unreadOnly=true');
      expect(before.body.unread).toBeGreaterThan(0);
      const first = before.body.items[0];
      expect((await employee.call('POST', `/api/notifications/${encodeURIComponent(first.id)}/read`)).body.readAt).not.toBeNull();
      expect((await (await as('hr')).call('POST', `/api/notifications/${encodeURIComponent(first.id)}/read`)).status).toBe(404);
      await employee.call('POST', '/api/notifications/read-all');
      expect((await employee.call('GET', '/api/notifications')).body.unread).toBe(0);
    });
  });

  describe('audit log', () => {
    it('verifies the chain and names an edited or deleted row', async () => {
      const auditor = await as('auditor');
      const ok = await auditor.call('GET', '/api/audit/verify');
      expect(ok.status).toBe(200);
      expect(ok.body.ok).toBe(true);
      expect(ok.body.checked).toBeGreaterThan(5);
      expect((await auditor.call('GET', '/api/audit?entityType=task&pageSize=5')).body.items).toHaveLength(5);
      expect((await (await as('employee')).call('GET', '/api/audit/verify')).status).toBe(403);

      const repo = system.dataSource.getRepository(AuditEntry);
      const victim = await repo.findOneByOrFail({ seq: 3 });
      await repo.update({ seq: 3 }, { actor: 'mallory' });
      const edited = await auditor.call('GET', '/api/audit/verify');
      expect(edited.status).toBe(409);
      expect(edited.body.brokenAt).toEqual({
        level: 'stream',
        seq: 3,
        stream: victim.stream,
        streamSeq: victim.streamSeq,
        problem: `stream ${victim.stream}: entry ${victim.streamSeq} (row 3) does not match its hash (edited)`,
      });
      expect(edited.body.levels.streams.ok).toBe(false);
      await repo.update({ seq: 3 }, { actor: victim.actor });
      // Verifying only reads: no anchor is written by a GET; an administrator anchors on purpose (the alert sweep on its schedule).
      const anchorsBefore = await system.dataSource.getRepository(AuditAnchor).count();
      const unanchored = await auditor.call('GET', '/api/audit/verify');
      expect(unanchored.body).toMatchObject({ ok: true, anchored: 0 });
      expect(await system.dataSource.getRepository(AuditAnchor).count()).toBe(anchorsBefore);
      expect((await auditor.call('POST', '/api/audit/anchors')).status).toBe(403);
      const anchored = await (await as('admin')).call('POST', '/api/audit/anchors');
      expect(anchored.status).toBe(200);
      expect(anchored.body.anchored).toBeGreaterThan(0);
      const restored = await auditor.call('GET', '/api/audit/verify');
      expect(restored.body).toMatchObject({ ok: true, anchored: 0, levels: { streams: { ok: true, unanchoredEntries: 0 }, anchors: { ok: true } } });
      expect(restored.body.levels.anchors.anchors).toBeGreaterThan(0);

      // A row in the middle of its stream: its stream number is named.
      const middle = (await repo.find({ order: { seq: 'ASC' } })).find((e) => e.streamSeq > 1)!;
      await repo.delete({ seq: middle.seq });
      const deleted = await auditor.call('GET', '/api/audit/verify');
      expect(deleted.status).toBe(409);
      expect(deleted.body.brokenAt).toMatchObject({ level: 'stream', stream: middle.stream, streamSeq: middle.streamSeq });
      expect(deleted.body.brokenAt.problem).toMatch(/missing|deleted/);
    });

    it('refuses every write by an auditor', async () => {
      const auditor = await as('auditor');
      for (const [method, path, body] of [
        ['POST', '/api/policies', { document: DEFAULT_POLICY, note: 'x' }],
        ['POST', '/api/notices', { title: 't', body: 'b', orgUnitId: randomUUID() }],
        ['POST', '/api/notifications/read-all', undefined],
      ] as const) {
        const r = await auditor.call(method, path, body);
        expect(r.status).toBe(403);
        expect(r.body.error.message).toMatch(/read-only/);
      }
    });
  });
});
