import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueryRunner } from 'typeorm';
import { notificationOutcomes } from '../../app/metrics';
import { decodeHistory } from '../../api/processes/history-decoder';
import { Notification, OrgUnit, Task, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { formatTime } from '../../domain/texts/render';
import { outboxDelivered } from '../support/notifications';
import { loggedInClients } from '../support/as-user';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

/** How long the API under test waits for a process to answer an update. */
const DEADLINE_SECONDS = 10;

/**
 * Failures that end, and a timeline that tells who and which SLA (issue 15, items 9 and 10),
 * against the real dev server and MariaDB: a step that fails for good is not retried and the
 * person waiting gets an answer at once; an update the process cannot answer in time gets a 504
 * instead of a request that hangs; the auditor's timeline names who started a process and the
 * policy SLA that passed.
 */
describe('failures that end, and what the auditor reads', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const as = loggedInClients(() => system.appUrl!);
  const unit = async (code: string) => (await system.dataSource.getRepository(OrgUnit).findOneByOrFail({ code })).id;
  const issue = async (title: string, severity: 'critical' | 'normal' = 'normal') => {
    const r = await (
      await as('safety')
    ).call('POST', '/api/notices', { title, body: `${title}: read and confirm`, orgUnitId: await unit('DEMO-PRODUCTION'), severity });
    expect(r.status).toBe(201);
    return r.body as { noticeId: string; workflowId: string };
  };
  const openTask = (workflowId: string) =>
    eventually(() => system.dataSource.getRepository(Task).findOneBy({ workflowId, status: 'open' }), `the open task of ${workflowId}`);
  const history = async (workflowId: string) => decodeHistory(await system.client.workflow.getHandle(workflowId).fetchHistory());
  /** A second connection that holds row locks the way a long transaction elsewhere would. */
  const lockingTransaction = async (): Promise<QueryRunner> => {
    const qr = system.dataSource.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    return qr;
  };

  beforeAll(async () => {
    system = await startTestSystem('all', { TEMPORAL_UPDATE_DEADLINE_SECONDS: String(DEADLINE_SECONDS) });
  });
  afterAll(() => system?.stop());

  it('a completion whose recording fails for good answers at once, and the step is not retried', async () => {
    const notice = await issue('Permanent failure: ear protection');
    const task = await openTask(notice.workflowId);
    // The task is deleted while the completion is on its way (uncommitted until the process is recording it):
    // the API still finds it, the process's recording step does not.
    const tx = await lockingTransaction();
    let committedAt = 0;
    try {
      await tx.query('DELETE FROM tasks WHERE id = ?', [task.id]);
      const head = await as('head.production');
      const sentAt = Date.now();
      const answer = head.call('POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, { payload: { understood: true } });
      await eventually(
        async () => (await history(notice.workflowId)).some((e) => e.type === 'ACTIVITY_TASK_SCHEDULED' && e.attrs.activityType === 'recordTaskCompletion'),
        'the recording step scheduled',
      );
      await new Promise((r) => setTimeout(r, 1000)); // the worker runs it and waits for the row lock
      await tx.commitTransaction();
      committedAt = Date.now();
      const r = await answer;
      // A clear client error (the task is gone), as soon as the step fails and before the update deadline: not a hang, not a 504.
      expect([r.status, r.body?.error?.code]).toEqual([404, 'not_found']);
      expect(Date.now() - committedAt).toBeLessThan(DEADLINE_SECONDS * 500);
      expect(Date.now() - sentAt).toBeLessThan(DEADLINE_SECONDS * 1000);
    } finally {
      if (!committedAt) await tx.rollbackTransaction();
      await tx.release();
    }

    // Temporal's history: one attempt, failed as non-retryable with the step's own message; no retry scheduled.
    const events = await history(notice.workflowId);
    const scheduled = events.filter((e) => e.type === 'ACTIVITY_TASK_SCHEDULED' && e.attrs.activityType === 'recordTaskCompletion');
    expect(scheduled).toHaveLength(1);
    const failed = events.filter((e) => e.type === 'ACTIVITY_TASK_FAILED' && e.attrs.scheduledEventId === scheduled[0].id);
    expect(failed).toHaveLength(1);
    expect(failed[0].attrs).toMatchObject({ nonRetryable: true, retryState: 'NON_RETRYABLE_FAILURE' });
    expect(String(failed[0].attrs.message)).toContain(`task ${task.id} of ${notice.workflowId} not found`);
    expect(events.find((e) => e.type === 'ACTIVITY_TASK_STARTED' && e.attrs.scheduledEventId === scheduled[0].id)?.attrs.attempt).toBe(1);
    // The update failed with that message (its outcome is in the history's update events).
    expect(events.some((e) => e.type === 'WORKFLOW_EXECUTION_UPDATE_COMPLETED')).toBe(true);

    // The auditor reads it as a step that failed for good.
    const timeline = await (await as('auditor')).call('GET', `/api/processes/${encodeURIComponent(notice.workflowId)}/history`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.entries.map((e: { text: string }) => e.text)).toContainEqual(
      expect.stringMatching(/^Step "record task completion" failed for good \(not retried\): task .* not found/),
    );
    await system.client.workflow.getHandle(notice.workflowId).terminate('test over');
    await recordHistory(system.client, notice.workflowId, 'SafetyNoticeWorkflow-completion-failed');
  });

  it('an update the process cannot answer in time gets a 504 in the reader’s language, and takes effect later', async () => {
    const notice = await issue('Stuck update: safety shoes');
    const task = await openTask(notice.workflowId);
    // A long transaction holds the task row: the process's recording step waits for it.
    const tx = await lockingTransaction();
    const path = `/api/tasks/${encodeURIComponent(task.id)}/complete`;
    try {
      await tx.query('SELECT id FROM tasks WHERE id = ? FOR UPDATE', [task.id]);
      const head = await as('head.production');
      const started = Date.now();
      // The same person twice (a Chinese and an English reader's screen): both wait on the one update.
      const [r, en] = await Promise.all([
        head.call('POST', path, { payload: { understood: true } }, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' }),
        head.call('POST', path, { payload: { understood: true } }),
      ]);
      const took = Date.now() - started;
      expect([r.status, r.body?.error?.code, r.headers.get('retry-after')]).toEqual([504, 'process_timeout', '5']);
      expect(r.body.error.message).toContain(`流程未在 ${DEADLINE_SECONDS} 秒内响应`);
      expect(took).toBeGreaterThanOrEqual((DEADLINE_SECONDS - 0.5) * 1000);
      expect(took).toBeLessThan((DEADLINE_SECONDS + 5) * 1000);
      expect([en.status, en.body?.error?.message]).toEqual([
        504,
        `The process did not answer within ${DEADLINE_SECONDS} s. Your request may still take effect: look again in a moment before you repeat it.`,
      ]);
    } finally {
      await tx.rollbackTransaction();
      await tx.release();
    }
    // The lock is gone: the update the process took goes through, once.
    const done = await eventually(() => system.dataSource.getRepository(Task).findOneBy({ id: task.id, status: 'completed' }), 'the completion recorded');
    expect(done.completedBy).toBe('head.production');
    const result = (await system.client.workflow.getHandle(notice.workflowId).result()) as { status: string; acknowledgedBy: string };
    expect(result).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'head.production' });
    const again = await (await as('head.production')).call('POST', path, { payload: { understood: true } });
    expect([again.status, again.body?.status]).toEqual([200, 'completed']);
  });

  it('the timeline names the safety officer who issued a notice and the 20 s SLA that passed, not the last timer', async () => {
    // A 20 s acknowledgement SLA with a reminder 10 s before the deadline: the last timer before the breach is 10 s long.
    const policy: Policy = {
      ...DEFAULT_POLICY,
      sla: { ...DEFAULT_POLICY.sla, noticeAcknowledge: 20 },
      reminders: { beforeDeadline: [10] },
      escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 3600 },
      quietHours: { default: null },
    };
    expect((await (await as('safety')).call('POST', '/api/policies', { document: policy, note: `timeline SLA ${randomUUID().slice(0, 4)}` })).status).toBe(201);
    const notice = await issue('Timeline: lockout-tagout refresher');
    const task = await openTask(notice.workflowId);
    const auditor = await as('auditor');
    const entries = await eventually(
      async () => {
        const r = await auditor.call('GET', `/api/processes/${encodeURIComponent(notice.workflowId)}/history`);
        const list = r.body?.entries as { kind: string; actor: string; text: string; data: Record<string, unknown> }[] | undefined;
        return list?.some((e) => e.kind === 'sla.fired') ? list : null;
      },
      'the SLA breach in the timeline',
      45_000,
      1000,
    );
    const started = entries.find((e) => e.kind === 'started')!;
    // People by their display name; the entry's actor keeps the username.
    const safetyName = (await system.dataSource.getRepository(User).findOneByOrFail({ username: 'safety' })).displayName;
    expect([started.actor, started.text]).toEqual(['safety', expect.stringContaining(`Process started by ${safetyName} (SafetyNoticeWorkflow)`)]);
    expect(entries.some((e) => /started by system/.test(e.text))).toBe(false);

    const breach = entries.filter((e) => e.kind === 'sla.fired');
    expect(breach).toHaveLength(1);
    expect(breach[0].text).toBe(
      `SLA of "${task.title}" passed: it was due ${formatTime(task.dueAt!.toISOString(), 'en')}, 20 seconds after it was handed out; policy SLA noticeAcknowledge 20 seconds`,
    );
    expect(breach[0].data).toMatchObject({ taskId: task.id, slaSeconds: 20, policyKey: 'noticeAcknowledge', policySeconds: 20 });
    // The reminder's timer is a timer, not the SLA.
    expect(entries.filter((e) => e.kind === 'timer.fired').map((e) => e.text)).toContainEqual(expect.stringMatching(/^Timer of (9|10) seconds fired/));
    await system.client.workflow.getHandle(notice.workflowId).terminate('test over');
  });

  it('the audit log names who sent an alert through the API (it goes through the outbox: no process of its own)', async () => {
    const employee = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'employee' });
    const sent = await (
      await as('safety')
    ).call('POST', '/api/notifications', {
      audience: { kind: 'users', userIds: [employee.id] },
      severity: 'info',
      subject: 'Canteen closed for cleaning',
      body: 'From 14:00 to 15:00.',
    });
    expect(sent.status).toBe(202);
    const key = (sent.body.workflowId as string).slice('Notify:'.length);
    const r = await (await as('auditor')).call('GET', `/api/audit?entityType=notification&entityId=${encodeURIComponent(key)}&action=notification.requested`);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({
      actorType: 'user',
      actor: 'safety',
      after: { severity: 'info', subject: 'Canteen closed for cleaning', recipients: 1 },
    });
  });

  it('a webhook that refuses a message (4xx) is called once, not once a minute forever, and the other deliveries still go out', async () => {
    let calls = 0;
    const hook = http.createServer((req, res) => {
      calls++;
      req.resume();
      res.writeHead(404).end('no such hook');
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook/${randomUUID()}`;
      const policy: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, notifications: { ...DEFAULT_POLICY.notifications, webhookUrl: url } };
      expect((await (await as('safety')).call('POST', '/api/policies', { document: policy, note: 'a webhook that answers 404' })).status).toBe(201);
      const notice = await issue('Webhook refused: crane inspection', 'critical');
      const task = await openTask(notice.workflowId);
      const dedupKey = `${task.id}/assigned`;
      // Through the outbox: the webhook's row fails for good at the first refusal, the others are sent.
      const outbox = await outboxDelivered(system.dataSource, dedupKey);
      const hookRow = outbox.find((r) => r.channel === 'webhook');
      expect(hookRow).toMatchObject({ state: 'failed', attempts: 1 });
      expect(hookRow?.lastError).toContain('answered 404');
      expect(hookRow?.lastError).not.toContain('/hook/'); // the address may carry a token: only its origin is named
      expect(outbox.filter((r) => r.channel !== 'webhook').every((r) => r.state === 'sent')).toBe(true);
      expect(calls).toBe(1);
      // Operations see it: the outbox view lists it with its error (not its address), the metrics count it.
      const ops = await (await as('safety')).call('GET', '/api/notifications/outbox');
      expect(ops.status).toBe(200);
      expect(ops.body.byState.failed).toBeGreaterThanOrEqual(1);
      expect((ops.body.failed as { id: string }[]).find((f) => f.id === hookRow!.id)).toMatchObject({
        channel: 'webhook',
        dedupKey,
        attempts: 1,
        lastError: hookRow!.lastError,
      });
      expect(JSON.stringify(ops.body)).not.toContain('/hook/');
      expect((await (await as('employee')).call('GET', '/api/notifications/outbox')).status).toBe(403);
      const failedCount = (await notificationOutcomes.get()).values.find((v) => v.labels.channel === 'webhook' && v.labels.outcome === 'failed');
      expect(failedCount?.value).toBeGreaterThanOrEqual(1);
      const rows = await system.dataSource.getRepository(Notification).findBy({ source: notice.workflowId });
      const assigned = rows.filter((n) => n.id.startsWith(`${dedupKey}|`));
      expect(assigned.find((n) => n.channel === 'webhook')?.status).toBe('failed');
      expect(assigned.filter((n) => n.channel === 'inapp').length).toBeGreaterThan(0);
      expect(assigned.filter((n) => n.channel === 'inapp').every((n) => n.status === 'sent')).toBe(true);
      // Nothing calls it again (a transient failure would be retried; this one is not).
      await new Promise((r) => setTimeout(r, 1500));
      expect(calls).toBe(1);
      await system.client.workflow.getHandle(notice.workflowId).terminate('test over');
    } finally {
      await new Promise((r) => hook.close(r));
    }
  });
});
