import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { resolveCandidates } from '../../db/candidates';
import { AuditEntry, Notification, Task, User } from '../../db/entities';
import { periodContaining, previousPeriod } from '../../domain/assessment-cycle/period';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers, evidencePhoto, reportHazard } from '../support/api';
import { startTestSystem } from '../support/env';
import { outboxDelivered, recordedNotifications } from '../support/notifications';
import { eventually } from '../support/wait';

/** Approvals are due in 15 s and climb one rung every 3 s after that; no reminders, no quiet hours. */
const fast: Policy = {
  ...DEFAULT_POLICY,
  quietHours: { default: null },
  reminders: { beforeDeadline: [] },
  escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 3 },
  sla: { ...DEFAULT_POLICY.sla, approval: 15 },
};

interface TaskItem {
  id: string;
  candidacy: { kind: string; role: string | null; unitName: string | null } | null;
  actions: { canComplete: boolean; canClaim: boolean };
}

/**
 * Who a task is for (SPEC §2, issues 15 and 24): one definition for the inbox, notifications,
 * reminders and escalations, and delegation that keeps it — through the API, against the real
 * dev server and MariaDB.
 */
describe('who a task is for', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, call, ds, unit, openTask, complete, addUser } = apiHelpers(() => system, { openTaskTimeoutMs: 60_000 });
  const userId = async (username: string) => (await ds().getRepository(User).findOneByOrFail({ username })).id;
  const mine = async (u: string): Promise<TaskItem[]> => {
    const r = await call(u, 'GET', '/api/tasks?view=mine&pageSize=200');
    expect(r.status).toBe(200);
    return r.body.items as TaskItem[];
  };
  const taskPath = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;
  /** In-app recipients (usernames) of one notification. */
  const recipients = async (dedupKey: string) => {
    const rows = await ds()
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.id LIKE :k', { k: `${dedupKey.replace(/[\\%_]/g, (c) => `\\${c}`)}|%` })
      .andWhere('n.channel = :c', { c: 'inapp' })
      .getMany();
    const users = rows.length
      ? await ds()
          .getRepository(User)
          .findBy({ id: In(rows.map((r) => r.recipientUserId!)) })
      : [];
    return users.map((u) => u.username).sort();
  };
  /** Recipients of a notification once it is delivered (its workflow has finished). */
  const delivered = async (dedupKey: string, timeout = 30_000) => {
    await outboxDelivered(ds(), dedupKey, timeout);
    return recipients(dedupKey);
  };
  const createUser = async (username: string, unitCode: string, roles: string[]) => {
    const r = await addUser(username, username, await unit(unitCode), roles);
    expect(r.status).toBe(201);
  };
  const startCycle = async (scopeCode: string) => {
    const r = await call('hr', 'POST', '/api/assessment-cycles', {
      scopeOrgUnitId: await unit(scopeCode),
      period: periodContaining('monthly', new Date()).label,
    });
    expect(r.status).toBe(201);
    return r.body.workflowId as string;
  };
  const report = (title: string) => reportHazard(as, 'employee', { title, description: 'seen on the shop floor', suspectedSeverity: 'medium' });

  /**
   * Every notification a process sent: at least one recipient, and for a task's notifications at
   * least one recipient who can act on it (a candidate at that escalation level, or who did it).
   */
  const checkNotifications = async (workflowId: string) => {
    const recorded = await recordedNotifications(system.client, workflowId);
    expect(recorded.length).toBeGreaterThan(3);
    const tasks = await ds().getRepository(Task).findBy({ workflowId });
    for (const outcome of recorded) {
      const key = outcome.dedupKey;
      await outboxDelivered(ds(), key);
      expect([key, outcome.recipients > 0]).toEqual([key, true]);
      const task = tasks.find((t) => key.startsWith(`${t.id}/`));
      if (!task) continue;
      const level = Number(/\/escalation\/(\d+)$/.exec(key)?.[1] ?? 0);
      const candidates = (await resolveCandidates(ds(), [{ ...task, escalationLevel: level }])).get(task.id)!;
      const actors = new Set([
        ...(
          await ds()
            .getRepository(User)
            .findBy({ id: In([...candidates.keys(), '-']) })
        ).map((u) => u.username),
        task.completedBy,
      ]);
      const got = await recipients(key);
      expect([key, got.some((u) => actors.has(u))]).toEqual([key, true]);
      // The inbox and the notifications agree: a new task is announced to exactly its candidates.
      if (key.endsWith('/assigned')) {
        const names = (
          await ds()
            .getRepository(User)
            .findBy({ id: In([...candidates.keys(), '-']) })
        )
          .map((u) => u.username)
          .sort();
        expect([key, got]).toEqual([key, names]);
      }
    }
  };

  beforeAll(async () => {
    system = await startTestSystem();
    expect((await call('safety', 'POST', '/api/policies', { document: fast, note: 'candidates test' })).status).toBe(201);
  });
  afterAll(() => system?.stop());

  it('the company HR reviews a department cycle; the department’s own HR-role member does not, and cannot be delegated it', async () => {
    await createUser('hr.production', 'DEMO-PRODUCTION', ['hr']);
    const workflowId = await startCycle('DEMO-PRODUCTION');
    const review = await openTask(workflowId, 'assessment.review');
    expect(review.orgUnitId).toBe(await unit('DEMO-PRODUCTION'));

    const hrItem = await eventually(async () => (await mine('hr')).find((t) => t.id === review.id), 'the review in HR’s inbox');
    expect(hrItem.candidacy).toEqual({ kind: 'role', role: 'hr', unitName: 'Huaxin Auto Parts Co., Ltd.' });
    expect(hrItem.actions.canComplete).toBe(true);

    // The department's own HR member sees it (it is in their scope) but may not decide it.
    expect((await mine('hr.production')).map((t) => t.id)).not.toContain(review.id);
    const seen = await call('hr.production', 'GET', taskPath(review.id));
    expect(seen.status).toBe(200);
    expect(seen.body.candidacy).toBeNull();
    expect(seen.body.actions.canComplete).toBe(false);
    expect((await call('hr.production', 'POST', `${taskPath(review.id)}/claim`)).status).toBe(403);
    expect(
      (await call('hr.production', 'POST', `${taskPath(review.id)}/complete`, { payload: { decision: 'publish', note: 'my own department' } })).status,
    ).toBe(403);

    // The announcement went to who the inbox shows it to.
    expect(await delivered(`${review.id}/assigned`)).toEqual(['hr']);

    // Delegation keeps the rules: not to the department's own HR member, not to someone without the role.
    expect((await call('hr', 'POST', `${taskPath(review.id)}/claim`)).status).toBe(200);
    const toOwn = await call('hr', 'POST', `${taskPath(review.id)}/delegate`, { toUserId: await userId('hr.production') });
    expect(toOwn.status).toBe(403);
    expect(toOwn.body.error.message).toMatch(/hr\.production could not have been given "Review the safety scores/);
    expect((await call('hr', 'POST', `${taskPath(review.id)}/delegate`, { toUserId: await userId('head.production') })).status).toBe(403);

    await complete('hr', review, { decision: 'publish', note: 'Reviewed by the company HR' });
    expect((await ds().getRepository(Task).findOneByOrFail({ id: review.id })).completedBy).toBe('hr');
  });

  it('escalation reaches the next holder up, in the inbox and in the notification alike', async () => {
    // HR at the plant is nearer to the equipment department than the company's HR.
    await createUser('hr.plant', 'DEMO-PLANT', ['hr']);
    const workflowId = await startCycle('DEMO-EQUIPMENT');
    const review = await openTask(workflowId, 'assessment.review');
    const plantItem = await eventually(async () => (await mine('hr.plant')).find((t) => t.id === review.id), 'the review in the plant HR’s inbox');
    expect(plantItem.candidacy).toEqual({ kind: 'role', role: 'hr', unitName: 'Suzhou Plant' });
    const row = await ds().getRepository(Task).findOneByOrFail({ id: review.id });
    if (row.escalationLevel === 0) expect((await mine('hr')).map((t) => t.id)).not.toContain(review.id);
    expect(await delivered(`${review.id}/assigned`)).toEqual(['hr.plant']);

    // Overdue: the first escalation brings in the company's HR.
    await eventually(
      async () => ((await ds().getRepository(Task).findOneByOrFail({ id: review.id })).escalationLevel >= 1 ? true : undefined),
      'the first escalation',
      60_000,
    );
    const hrItem = await eventually(async () => (await mine('hr')).find((t) => t.id === review.id), 'the escalated review in the company HR’s inbox');
    expect(hrItem.candidacy).toEqual({ kind: 'role', role: 'hr', unitName: 'Huaxin Auto Parts Co., Ltd.' });
    // The first rung of the ladder (the department's head) and everyone who may now act on it.
    expect(await delivered(`${review.id}/escalation/1`)).toEqual(['head.equipment', 'hr', 'hr.plant']);
    await complete('hr', review, { decision: 'publish', note: 'Escalated to the company HR' });
  });

  it('the safety hub at the plant grades a workshop’s hazard; the employee’s inbox has no department tasks; every notification reaches someone who can act', async () => {
    const h = await report('Guard missing on press 3');
    const grade = await openTask(h.workflowId, 'hazard.grade');
    expect(grade.orgUnitId).toBe(await unit('DEMO-SAFETY'));
    const safetyItem = await eventually(async () => (await mine('safety')).find((t) => t.id === grade.id), 'the grading in the safety hub’s inbox');
    expect(safetyItem.candidacy).toEqual({ kind: 'head', role: null, unitName: 'Safety Department' });
    expect((await mine('employee')).map((t) => t.id)).not.toContain(grade.id);
    await complete('safety', grade, { likelihood: 2, severity: 2, responsibleOrgUnitId: await unit('DEMO-WS-STAMPING') });

    // The stamping workshop has no head or responders of its own: its tasks go to the Production Department's.
    const ack = await openTask(h.workflowId, 'hazard.acknowledge');
    expect(ack.orgUnitId).toBe(await unit('DEMO-WS-STAMPING'));
    const headItem = await eventually(
      async () => (await mine('head.production')).find((t) => t.id === ack.id),
      'the acknowledgement in the production head’s inbox',
    );
    expect(headItem.candidacy).toEqual({ kind: 'head', role: null, unitName: 'Production Department' });
    const employeeMine = await mine('employee');
    expect(employeeMine.map((t) => t.id)).not.toContain(ack.id);
    expect((await call('employee', 'POST', `${taskPath(ack.id)}/complete`, { payload: { understood: true } })).status).toBe(403);
    await complete('head.production', ack, { understood: true });

    const photo = await evidencePhoto(as, 'head.production', 'guard.png');
    await complete('head.production', await openTask(h.workflowId, 'hazard.rectify'), { summary: 'Guard refitted', evidenceIds: [photo.body.id] });
    const verifyProduction = await openTask(h.workflowId, 'hazard.verify', 'verify-production-1');
    expect((await mine('employee')).map((t) => t.id)).not.toContain(verifyProduction.id);
    await complete('safety', await openTask(h.workflowId, 'hazard.verify', 'verify-safety-1'), { passed: true });
    await complete('head.production', verifyProduction, { passed: true });
    await system.client.workflow.getHandle(h.workflowId).result();

    await checkNotifications(h.workflowId);
    // No department task ever reached the frontline employee's inbox or notifications: only the news of the hazard they reported.
    const employeeNotes = await ds()
      .getRepository(Notification)
      .findBy({ recipientUserId: await userId('employee'), channel: 'inapp' });
    expect(employeeNotes.filter((n) => n.source === h.workflowId).map((n) => n.subject)).toEqual(['Closed: Guard missing on press 3']);
  });

  it('an emergency’s notifications all reach someone who can act; the employee is not told to evacuate', async () => {
    const r = await call('employee', 'POST', '/api/emergencies', {
      emergencyId: randomUUID(),
      type: 'gas_leak',
      location: 'Paint shop, booth 2',
      injuries: true,
      description: 'Strong smell of gas',
    });
    expect(r.status).toBe(201);
    const workflowId = r.body.workflowId as string;
    await complete('safety', await openTask(workflowId, 'emergency.on_site'), { onSite: true });
    const evacuation = await openTask(workflowId, 'emergency.response', 'response-evacuation');
    expect((await mine('employee')).map((t) => t.id)).not.toContain(evacuation.id);
    const byKind: Record<string, string> = { evacuation: 'head.production', cutOff: 'head.equipment', medical: 'hr' };
    for (const [k, u] of Object.entries(byKind))
      await complete(u, await openTask(workflowId, 'emergency.response', `response-${k}`), { summary: `${k} done`, done: true });
    await complete('safety', await openTask(workflowId, 'emergency.under_control'), { summary: 'Under control' });
    await complete('safety', await openTask(workflowId, 'emergency.review'), { findings: 'Reviewed', actions: [] });
    await system.client.workflow.getHandle(workflowId).result();
    expect(await delivered(`${evacuation.id}/assigned`)).toEqual(['head.production']);
    await checkNotifications(workflowId);
  });

  it('where the policy lets a unit review itself, the department’s own HR member is the nearest reviewer', async () => {
    const current = (await call('safety', 'GET', '/api/policies/current')).body.document as Policy;
    expect(current.tasks.selfReview).toMatchObject({ 'assessment.review': false, 'appeal.review': false, 'adjustment.approve': false });
    const selfReviewing = { ...current, tasks: { selfReview: { ...current.tasks.selfReview, 'assessment.review': true } } };
    expect((await call('safety', 'POST', '/api/policies', { document: selfReviewing, note: 'departments review their own scores' })).status).toBe(201);
    try {
      const r = await call('hr', 'POST', '/api/assessment-cycles', {
        scopeOrgUnitId: await unit('DEMO-PRODUCTION'),
        period: previousPeriod('monthly', new Date()).label,
      });
      expect(r.status).toBe(201);
      const review = await openTask(r.body.workflowId as string, 'assessment.review');
      const item = await eventually(
        async () => (await mine('hr.production')).find((t) => t.id === review.id),
        'the review in the department HR member’s inbox',
      );
      expect(item.candidacy).toEqual({ kind: 'role', role: 'hr', unitName: 'Production Department' });
      expect((await mine('hr')).map((t) => t.id)).not.toContain(review.id); // the company's HR is the next rung up, on escalation
      expect(await delivered(`${review.id}/assigned`)).toEqual(['hr.production']);
      await complete('hr.production', review, { decision: 'publish', note: 'Reviewed in the department, as the policy allows' });
    } finally {
      expect((await call('safety', 'POST', '/api/policies', { document: current, note: 'back' })).status).toBe(201);
    }
  });

  it('a manager cannot approve his own extension, nor delegate it to a department head', async () => {
    const h = await report('Oil on the walkway');
    await complete('safety', await openTask(h.workflowId, 'hazard.grade'), { likelihood: 2, severity: 2, responsibleOrgUnitId: await unit('DEMO-EQUIPMENT') });
    await complete('head.equipment', await openTask(h.workflowId, 'hazard.acknowledge'), { understood: true });
    await openTask(h.workflowId, 'hazard.rectify');
    const asked = await call('manager', 'POST', `/api/hazards/${h.id}/extension`, {
      newDueAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
      reason: 'parts on order',
    });
    expect(asked.status).toBe(200);
    const approval = await ds().getRepository(Task).findOneByOrFail({ id: asked.body.taskId });

    const own = await call('manager', 'POST', `${taskPath(approval.id)}/complete`, { payload: { approved: true, reason: 'fine by me' } });
    expect(own.status).toBe(403);
    const delegated = await call('manager', 'POST', `${taskPath(approval.id)}/delegate`, { toUserId: await userId('head.production') });
    expect(delegated.status).toBe(403);
    expect(delegated.body.error.message).toMatch(/manager role/);
    expect((await call('manager', 'POST', `${taskPath(approval.id)}/delegate`, { toUserId: await userId('manager') })).status).toBe(403);
    expect((await ds().getRepository(Task).findOneByOrFail({ id: approval.id })).assigneeUserId).toBeNull();
    expect((await mine('manager')).map((t) => t.id)).not.toContain(approval.id);

    // With a manager at the company, the approval passes to him at once (the next rung), in his inbox too.
    await createUser('manager.co', 'DEMO-CO', ['manager']);
    const item = await eventually(async () => (await mine('manager.co')).find((t) => t.id === approval.id), 'the approval in the company manager’s inbox');
    expect(item).toMatchObject({ candidacy: { kind: 'role', role: 'manager', unitName: 'Huaxin Auto Parts Co., Ltd.' }, actions: { canComplete: true } });
    await complete('manager.co', approval, { approved: true, reason: 'Parts are on order' });
  });

  it('a notification that resolves to nobody is an error: it goes up the ladder and the timeline says so', async () => {
    // A department straight under the company, with no head, no responders and nobody above it.
    const created = await call('admin', 'POST', '/api/org/units', {
      parentId: await unit('DEMO-CO'),
      kind: 'department',
      name: 'Logistics',
      code: 'DEMO-LOGISTICS',
      departmentFunction: 'procurement',
    });
    expect(created.status).toBe(201);
    const notice = await call('admin', 'POST', '/api/notices', {
      title: 'Loading bay speed limit',
      body: 'Read and confirm',
      orgUnitId: created.body.id,
      severity: 'normal',
    });
    expect(notice.status).toBe(201);
    const task = await openTask(notice.body.workflowId, 'notice.acknowledge');
    // The company's safety director (the head of its safety department) is told instead.
    expect(await delivered(`${task.id}/assigned`)).toEqual(['safety']);
    const rerouted = await ds().getRepository(AuditEntry).findOneByOrFail({ action: 'notification.rerouted', entityId: task.id });
    expect(JSON.parse(rerouted.after!)).toMatchObject({
      step: 'escalation step company_safety_director',
      recipients: ['safety'],
      reason: expect.stringMatching(/^nobody could be reached for "Loading bay speed limit"/),
    });
    const timeline = await call('admin', 'GET', `/api/processes/${encodeURIComponent(notice.body.workflowId)}/history`);
    expect(timeline.status).toBe(200);
    expect((timeline.body.entries as { kind: string; text: string }[]).find((e) => e.kind === 'notification.rerouted')?.text).toMatch(
      /nobody could be reached/,
    );

    // Naming a responder fixes it: the next notice reaches them.
    const named = await call('admin', 'PUT', `/api/org/units/${created.body.id}/responders`, {
      personIds: [(await ds().getRepository(User).findOneByOrFail({ username: 'hr' })).personId],
    });
    expect(named.status).toBe(200);
    expect(named.body.responders.map((r: { usernames: string[] }) => r.usernames)).toEqual([['hr']]);
    const second = await call('admin', 'POST', '/api/notices', {
      title: 'Loading bay PPE',
      body: 'Read and confirm',
      orgUnitId: created.body.id,
      severity: 'normal',
    });
    const task2 = await openTask(second.body.workflowId, 'notice.acknowledge');
    expect(await delivered(`${task2.id}/assigned`)).toEqual(['hr']);
    expect(await ds().getRepository(AuditEntry).countBy({ action: 'notification.rerouted', entityId: task2.id })).toBe(0);
    expect((await mine('hr')).find((t) => t.id === task2.id)?.candidacy).toEqual({ kind: 'responder', role: null, unitName: 'Logistics' });
  });
});
