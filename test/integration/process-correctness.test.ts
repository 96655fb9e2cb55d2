import { randomUUID } from 'node:crypto';
import { AuditEntry, Fact, Hazard, HazardEvent, Task, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers, evidencePhoto, reportHazard, startHazardWorkflow } from '../support/api';
import { startTestSystem } from '../support/env';
import { acceptedCompletions, recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

/**
 * What a plant does at the same time, driven through the public API against the real server:
 * two people deciding one task, a double tap, a resent request, a process moving past a pending
 * request, a run handing over to a fresh one (continue-as-new) while work arrives.
 */
const relaxed: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };

describe('processes under concurrency', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, unit, usePolicy, openTask, completeCall, complete, addUser } = apiHelpers(() => system);
  const hazard = (id: string) => system.dataSource.getRepository(Hazard).findOneByOrFail({ id });
  const report = (title: string) => reportHazard(as, 'employee', { title, description: `${title}: seen on the round`, suspectedSeverity: 'medium' });
  /** Reported, graded (general, equipment responsible) and acknowledged: rectifying. */
  const rectifying = async (title: string) => {
    const h = await report(title);
    await complete('safety', (await openTask(h.workflowId, 'hazard.grade')).id, {
      likelihood: 2,
      severity: 2,
      responsibleOrgUnitId: await unit('DEMO-EQUIPMENT'),
    });
    await complete('head.equipment', (await openTask(h.workflowId, 'hazard.acknowledge')).id, { understood: true });
    const due = (await openTask(h.workflowId, 'hazard.rectify')).dueAt!.getTime();
    await eventually(async () => (await hazard(h.id)).dueAt?.getTime() === due, 'the rectification deadline in the projection');
    return h;
  };
  const photo = async () => {
    const r = await evidencePhoto(as, 'head.equipment', 'done.png');
    expect(r.status).toBe(201);
    return [r.body.id as string];
  };
  const closeIt = async (workflowId: string) => {
    await complete('head.equipment', (await openTask(workflowId, 'hazard.rectify')).id, { summary: 'Fixed', evidenceIds: await photo() });
    await complete('safety', (await openTask(workflowId, 'hazard.verify', 'verify-safety-1')).id, { passed: true });
    await complete('head.production', (await openTask(workflowId, 'hazard.verify', 'verify-production-1')).id, { passed: true });
    await system.client.workflow.getHandle(workflowId).result();
  };
  const audits = (entityId: string, action: string) => system.dataSource.getRepository(AuditEntry).findBy({ entityId, action });

  beforeAll(async () => {
    system = await startTestSystem();
    await usePolicy(relaxed, 'concurrency tests');
    for (const username of ['manager.wu', 'manager.he']) expect((await addUser(username, username, await unit('DEMO-PLANT'), ['manager'])).status).toBe(201);
  });
  afterAll(() => system?.stop());

  it('two managers decide one extension at the same moment: one decision is taken, the other gets 409 naming who decided', async () => {
    const h = await rectifying('Loose handrail at the mezzanine');
    const before = (await hazard(h.id)).dueAt!;
    const later = new Date(before.getTime() + 3 * 86400_000).toISOString();
    expect((await (await as('head.equipment')).call('POST', `/api/hazards/${h.id}/extension`, { newDueAt: later, reason: 'Rail on order' })).status).toBe(200);
    const ext = await openTask(h.workflowId, 'hazard.extension_approval');

    const [wu, he] = await Promise.all([
      completeCall('manager.wu', ext.id, { approved: true, reason: 'ok' }),
      completeCall('manager.he', ext.id, { approved: false, reason: 'no' }),
    ]);
    const statuses = [wu.status, he.status].sort();
    expect(statuses).toEqual([200, 409]);
    const [winner, loser] = wu.status === 200 ? ['manager.wu', he] : ['manager.he', wu];
    expect(loser.body.error.code).toBe('task_already_completed');
    expect(loser.body.error.message).toContain(winner);

    // The inbox, the audit log, Temporal's history and the process agree on the one decision.
    const row = await system.dataSource.getRepository(Task).findOneByOrFail({ id: ext.id });
    expect(row.completedBy).toBe(winner);
    const completedAudit = await audits(ext.id, 'task.completed');
    expect(completedAudit.map((a) => a.actor)).toEqual([winner]);
    expect((await acceptedCompletions(system.client, h.workflowId)).get(ext.id)).toEqual([winner]);
    const approved = winner === 'manager.wu';
    const type = approved ? 'extension_approved' : 'extension_rejected';
    const event = await eventually(
      async () =>
        (await system.dataSource.getRepository(HazardEvent).findBy({ hazardId: h.id })).find(
          (e) => e.type.startsWith('extension_') && e.type !== 'extension_requested',
        ),
      'the decision event',
    );
    expect({ type: event.type, actor: event.actor }).toEqual({ type, actor: winner });
    expect((await hazard(h.id)).dueAt!.toISOString()).toBe(approved ? later : before.toISOString());
    await closeIt(h.workflowId);
    await recordHistory(system.client, h.workflowId, 'HazardWorkflow-completion-race');
    await recordHistory(system.client, h.workflowId, 'HazardWorkflow-one-step-completion-race');
  });

  it('a double tap completes a task once and both taps get the same answer', async () => {
    const h = await report('Oil on the floor by press 2');
    const grade = await openTask(h.workflowId, 'hazard.grade');
    const payload = { likelihood: 2, severity: 2, responsibleOrgUnitId: await unit('DEMO-EQUIPMENT') };
    const taps = await Promise.all([
      completeCall('safety', grade.id, payload),
      completeCall('safety', grade.id, payload),
      completeCall('safety', grade.id, payload),
    ]);
    expect(taps.map((t) => t.status)).toEqual([200, 200, 200]);
    expect(new Set(taps.map((t) => t.body.completedAt)).size).toBe(1);
    expect((await acceptedCompletions(system.client, h.workflowId)).get(grade.id)).toEqual(['safety']);
    expect((await audits(grade.id, 'task.completed')).length).toBe(1);
    // Someone else afterwards: 409 naming who completed it.
    const late = await completeCall('admin', grade.id, payload);
    expect(late.status).toBe(409);
  });

  it('a resent progress note or extension request (same client id) is recorded once and answered the same', async () => {
    const h = await rectifying('Flickering light in aisle 4');
    const eq = await as('head.equipment');
    const note = { text: 'Electrician booked', evidenceIds: [], clientId: `note-${randomUUID()}` };
    const sends = await Promise.all([eq.call('POST', `/api/hazards/${h.id}/progress`, note), eq.call('POST', `/api/hazards/${h.id}/progress`, note)]);
    expect(sends.map((r) => r.status)).toEqual([200, 200]);
    expect(sends[0].body).toEqual(sends[1].body);
    const again = await eq.call('POST', `/api/hazards/${h.id}/progress`, note);
    expect(again.body).toEqual(sends[0].body);
    const later = new Date((await hazard(h.id)).dueAt!.getTime() + 86400_000).toISOString();
    const ask = { newDueAt: later, reason: 'Part on order', clientId: `ext-${randomUUID()}` };
    const a = await eq.call('POST', `/api/hazards/${h.id}/extension`, ask);
    const b = await eq.call('POST', `/api/hazards/${h.id}/extension`, ask);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    const events = await system.dataSource.getRepository(HazardEvent).findBy({ hazardId: h.id });
    expect(events.filter((e) => e.type === 'progress').length).toBe(1);
    expect(events.filter((e) => e.type === 'extension_requested').length).toBe(1);
    expect((await system.dataSource.getRepository(Task).findBy({ workflowId: h.workflowId, taskType: 'hazard.extension_approval' })).length).toBe(1);
    // A new note (new client id) is a new note.
    expect((await eq.call('POST', `/api/hazards/${h.id}/progress`, { text: 'Light replaced', clientId: `note-${randomUUID()}` })).body.n).toBe(2);
  });

  it('an extension still waiting when the hazard is rectified is withdrawn; a decision after that is 409', async () => {
    const h = await rectifying('Blocked fire exit in store B');
    const later = new Date((await hazard(h.id)).dueAt!.getTime() + 86400_000).toISOString();
    const asked = await (await as('head.equipment')).call('POST', `/api/hazards/${h.id}/extension`, { newDueAt: later, reason: 'Need a forklift' });
    expect(asked.text).toContain('taskId');
    const ext = await openTask(h.workflowId, 'hazard.extension_approval');
    await closeIt(h.workflowId);
    expect((await system.dataSource.getRepository(Task).findOneByOrFail({ id: ext.id })).status).toBe('cancelled');
    expect((await system.dataSource.getRepository(Task).findBy({ workflowId: h.workflowId, status: 'open' })).length).toBe(0);
    const late = await completeCall('manager.wu', ext.id, { approved: true, reason: 'sure' });
    expect(late.status).toBe(409);
    expect((await hazard(h.id)).status).toBe('closed');
    expect((await system.dataSource.getRepository(HazardEvent).findBy({ hazardId: h.id })).some((e) => e.type === 'extension_approved')).toBe(false);
    await recordHistory(system.client, h.workflowId, 'HazardWorkflow-extension-withdrawn');
    await recordHistory(system.client, h.workflowId, 'HazardWorkflow-one-step-extension-withdrawn');
  });

  it('a reassigned hazard hands the open step to the new unit; cancelled as a duplicate, nothing stays open', async () => {
    const h = await report('Forklift horn broken');
    await complete('safety', (await openTask(h.workflowId, 'hazard.grade')).id, {
      likelihood: 2,
      severity: 2,
      responsibleOrgUnitId: await unit('DEMO-EQUIPMENT'),
    });
    const ack = await openTask(h.workflowId, 'hazard.acknowledge');
    expect((await (await as('safety')).call('POST', `/api/hazards/${h.id}/reassign`, { responsibleOrgUnitId: await unit('DEMO-PRODUCTION') })).status).toBe(
      200,
    );
    await openTask(h.workflowId, 'hazard.acknowledge', 'acknowledge-r1');
    expect((await completeCall('head.equipment', ack.id, { understood: true })).status).toBe(409);
    expect((await (await as('safety')).call('POST', `/api/hazards/${h.id}/cancel`, { reason: 'Duplicate of the morning report' })).status).toBe(200);
    await system.client.workflow.getHandle(h.workflowId).result();
    expect((await system.dataSource.getRepository(Task).findBy({ workflowId: h.workflowId, status: 'open' })).length).toBe(0);
    await recordHistory(system.client, h.workflowId, 'HazardWorkflow-reassigned-cancelled');
    await recordHistory(system.client, h.workflowId, 'HazardWorkflow-one-step-reassigned-cancelled');
  });

  it('a hazard cancelled in Temporal itself (UI or CLI) withdraws its tasks and says so in its timeline', async () => {
    const h = await rectifying('Cracked ladder rung');
    await system.client.workflow.getHandle(h.workflowId).cancel();
    await eventually(async () => (await hazard(h.id)).status === 'cancelled', 'cancelled projection');
    expect((await system.dataSource.getRepository(Task).findBy({ workflowId: h.workflowId, status: 'open' })).length).toBe(0);
    const last = (await system.dataSource.getRepository(HazardEvent).findBy({ hazardId: h.id })).find((e) => e.type === 'cancelled');
    expect(last?.actor).toBe('Temporal');
    expect((await system.dataSource.getRepository(Fact).findBy({ sourceWorkflowId: h.workflowId, kind: 'hazard.cancelled' })).length).toBe(1);
    const rectify = await system.dataSource.getRepository(Task).findOneByOrFail({ workflowId: h.workflowId, taskType: 'hazard.rectify' });
    expect((await completeCall('head.equipment', rectify.id, { summary: 'late', evidenceIds: await photo() })).status).toBe(409);
    await recordHistory(system.client, h.workflowId, 'HazardWorkflow-cancelled-in-temporal');
    await recordHistory(system.client, h.workflowId, 'HazardWorkflow-one-step-cancelled-in-temporal');
  });

  it('hands over to fresh runs under many progress notes and long overdue periods, keeping every completion', async () => {
    const employee = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'employee' });
    const policy = (await (await as('safety')).call('GET', '/api/policies/current')).body;
    const fast: Policy = { ...policy.document, sla: { ...policy.document.sla, hazardOverdueDay: 1, levelRectify: { workshop: 1, plant: 1, headquarters: 1 } } };
    // Several hazards whose rectification is completed at staggered moments of the overdue-day
    // loop, each run handing over every few events: a completion that lands while a run is
    // writing its overdue day and handing over must reach the next run.
    const hazards = await Promise.all(
      [0, 1, 2, 3].map(async (i) => ({
        i,
        ...(await startHazardWorkflow(system, employee, `Overdue handover ${i}`, {
          policy: fast,
          policyVersion: policy.version,
          historyLimit: 40,
          progressPerRun: 3,
        })),
      })),
    );
    for (const h of hazards) {
      await complete('safety', (await openTask(h.workflowId, 'hazard.grade')).id, {
        likelihood: 1,
        severity: 2,
        responsibleOrgUnitId: await unit('DEMO-EQUIPMENT'),
      });
      await complete('head.equipment', (await openTask(h.workflowId, 'hazard.acknowledge')).id, { understood: true });
    }
    // Ten progress notes on the first: three per run, so it hands over at least three times.
    const eq = await as('head.equipment');
    for (let n = 1; n <= 10; n++) {
      const r = await eq.call('POST', `/api/hazards/${hazards[0].hazardId}/progress`, { text: `note ${n}`, clientId: `n-${hazards[0].hazardId}-${n}` });
      expect({ n, status: r.status, body: r.body }).toEqual({ n, status: 200, body: { n } });
    }
    await Promise.all(
      hazards.map(async (h) => {
        await eventually(async () => (await hazard(h.hazardId)).overdueDays >= 2, 'overdue days', 30_000);
        await new Promise((r) => setTimeout(r, 150 * h.i)); // land at different moments of the loop
        await complete('head.equipment', (await openTask(h.workflowId, 'hazard.rectify')).id, { summary: 'Done', evidenceIds: await photo() });
      }),
    );
    for (const h of hazards) {
      // Never stuck: verification follows, and no overdue day is written after the work was done.
      await eventually(async () => (await hazard(h.hazardId)).status === 'verifying', `hazard ${h.i} verifying`, 30_000);
      const done = (await system.dataSource.getRepository(Task).findOneByOrFail({ workflowId: h.workflowId, taskType: 'hazard.rectify' })).completedAt!;
      const days = await system.dataSource.getRepository(Fact).findBy({ sourceWorkflowId: h.workflowId, kind: 'hazard.overdue_day' });
      await new Promise((r) => setTimeout(r, 2500));
      const after = await system.dataSource.getRepository(Fact).findBy({ sourceWorkflowId: h.workflowId, kind: 'hazard.overdue_day' });
      expect(after.length).toBe(days.length);
      expect(after.every((f) => f.occurredAt.getTime() <= done.getTime() + 1000)).toBe(true);
      await complete('safety', (await openTask(h.workflowId, 'hazard.verify', 'verify-safety-1')).id, { passed: true });
      await complete('head.production', (await openTask(h.workflowId, 'hazard.verify', 'verify-production-1')).id, { passed: true });
      expect((await h.handle.result()).phase).toBe('closed');
      const byTask = await acceptedCompletions(system.client, h.workflowId);
      expect([...byTask.values()].every((by) => by.length === 1)).toBe(true);
    }
    const first = hazards[0];
    expect((await first.handle.describe()).runId).not.toBe(first.handle.firstExecutionRunId);
    const notes = (await system.dataSource.getRepository(HazardEvent).findBy({ hazardId: first.hazardId })).filter((e) => e.type === 'progress');
    expect(notes.length).toBe(10);
    // The first run (handed over mid-way) and the last run (completions carried, overdue loop, close).
    await recordHistory(system.client, first.workflowId, 'HazardWorkflow-continued-first-run', first.handle.firstExecutionRunId);
    await recordHistory(system.client, first.workflowId, 'HazardWorkflow-one-step-continued-first-run', first.handle.firstExecutionRunId);
    await recordHistory(system.client, first.workflowId, 'HazardWorkflow-continued-last-run');
    await recordHistory(system.client, first.workflowId, 'HazardWorkflow-one-step-continued-last-run');
  });
});
