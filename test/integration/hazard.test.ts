import { randomUUID } from 'node:crypto';
import { AuditEntry, Hazard, Person, SinkMail, Task, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers, evidencePhoto, reportHazard, startHazardWorkflow } from '../support/api';
import { startTestSystem } from '../support/env';
import { PNG } from '../support/fixtures';
import { recordHistory } from '../support/histories';
import { recordedNotifications } from '../support/notifications';
import { eventually } from '../support/wait';

/** Slow enough that nothing breaches during a path test. */
const relaxed: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };
/** Seconds-scale SLAs for the breach tests. */
const fast: Policy = {
  ...relaxed,
  sla: { ...DEFAULT_POLICY.sla, hazardGrading: 2, hazardAcknowledge: 60, hazardOverdueDay: 2, levelRectify: { workshop: 2, plant: 2, headquarters: 2 } },
  escalation: { ...DEFAULT_POLICY.escalation, stepAfter: 2 },
};

describe('hazard process', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, unit, usePolicy, openTask, complete, addUser, facts } = apiHelpers(() => system);
  const upload = async (username: string) => {
    const r = await evidencePhoto(as, username, 'guard.png');
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const report = (title: string, extra: Record<string, unknown> = {}) =>
    reportHazard(as, 'employee', { title, description: `${title} — found on the morning round`, suspectedSeverity: 'high', ...extra });
  const hazard = (id: string) => system.dataSource.getRepository(Hazard).findOneByOrFail({ id });
  const gradeGeneral = async (workflowId: string, extra: Record<string, unknown> = {}) =>
    complete('safety', await openTask(workflowId, 'hazard.grade'), {
      likelihood: 2,
      severity: 3,
      responsibleOrgUnitId: await unit('DEMO-EQUIPMENT'),
      ...extra,
    });
  const verifyBoth = async (workflowId: string, round: number, safety: Record<string, unknown>, production: Record<string, unknown>) => {
    await complete('safety', await openTask(workflowId, 'hazard.verify', `verify-safety-${round}`), safety);
    await complete('head.production', await openTask(workflowId, 'hazard.verify', `verify-production-${round}`), production);
  };

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system?.stop());

  describe('paths', () => {
    beforeAll(() => usePolicy(relaxed, 'hazard path tests'));

    it('general: missing guard reported → graded → acknowledged → progress → rectified with a photo → verified → closed', async () => {
      const photo = await upload('employee');
      const h = await report('Missing guard on press 3', { evidenceIds: [photo] });
      const grade = await openTask(h.workflowId, 'hazard.grade');
      expect(grade.orgUnitId).toBe(await unit('DEMO-SAFETY'));
      // The form carries the matrix the process grades with: its scales and the live preview follow the policy.
      const view = await (await as('safety')).call('GET', `/api/tasks/${encodeURIComponent(grade.id)}`);
      expect(view.body.form.context).toEqual({ riskMatrix: relaxed.riskMatrix });
      const scales = (view.body.form.fields as { name: string; max?: number }[]).filter((f) => f.name === 'likelihood' || f.name === 'severity');
      expect(scales.map((f) => f.max)).toEqual([relaxed.riskMatrix.size, relaxed.riskMatrix.size]);
      const bad = await (
        await as('safety')
      ).call('POST', `/api/tasks/${encodeURIComponent(grade.id)}/complete`, {
        payload: { likelihood: 2, severity: 3, responsibleOrgUnitId: await unit('DEMO-PLANT') },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('body.payload.responsibleOrgUnitId');
      await gradeGeneral(h.workflowId);

      await complete('head.equipment', await openTask(h.workflowId, 'hazard.acknowledge'), { understood: true, comment: 'On it' });
      await eventually(async () => (await hazard(h.id)).status === 'rectifying', 'rectifying');
      const eq = await as('head.equipment');
      for (const text of ['Ordered a new guard', 'Guard fitted, waiting for the interlock test']) {
        expect((await eq.call('POST', `/api/hazards/${h.id}/progress`, { text, evidenceIds: [] })).status).toBe(200);
      }
      expect((await (await as('employee')).call('POST', `/api/hazards/${h.id}/progress`, { text: 'not mine' })).status).toBe(403);
      const fixed = await upload('head.equipment');
      await complete('head.equipment', await openTask(h.workflowId, 'hazard.rectify'), { summary: 'Guard and interlock fitted', evidenceIds: [fixed] });
      await verifyBoth(h.workflowId, 1, { passed: true }, { passed: true });

      await eventually(async () => (await hazard(h.id)).status === 'closed', 'closed');
      const row = await hazard(h.id);
      expect(row).toMatchObject({
        severity: 'general',
        riskScore: 6,
        riskLevel: 'medium',
        responsibleOrgUnitId: await unit('DEMO-EQUIPMENT'),
        reworkCount: 0,
        overdueDays: 0,
      });
      expect((await facts(h.workflowId)).map((f) => f.kind).sort()).toEqual([
        'hazard.acknowledged',
        'hazard.closed',
        'hazard.graded',
        'hazard.reported',
        'hazard.verification',
      ]);
      const graded = (await facts(h.workflowId, 'hazard.graded'))[0];
      const headEquipment = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'head.equipment' });
      expect({ personId: graded.personId, attribution: graded.attribution }).toEqual({ personId: headEquipment.personId, attribution: 'department_head' });

      const detail = await (await as('safety')).call('GET', `/api/hazards/${h.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual([
        'reported',
        'graded',
        'acknowledged',
        'progress',
        'progress',
        'rectification_submitted',
        'closed',
      ]);
      expect(detail.body.tasks.map((t: { taskType: string }) => t.taskType)).toEqual([
        'hazard.grade',
        'hazard.acknowledge',
        'hazard.rectify',
        'hazard.verify',
        'hazard.verify',
      ]);
      expect(detail.body.live.phase).toBe('closed');
      expect(detail.body.hazard.evidenceIds).toEqual([photo]);
      const file = await fetch(`${system.appUrl}/api/evidence/${photo}`, {
        headers: { authorization: `Bearer ${(await (await as('safety')).login('safety')).token}` },
      });
      expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
      // The reporter hears about it.
      await eventually(
        async () =>
          (await (await as('employee')).call('GET', '/api/notifications')).body.items.find(
            (n: { subject: string }) => n.subject === 'Closed: Missing guard on press 3',
          ),
        'the reporter notification',
      );
      expect((await (await as('head.production')).call('GET', `/api/hazards?status=closed`)).body.items.map((x: { id: string }) => x.id)).toContain(h.id);
      expect((await (await as('safety')).call('GET', `/api/hazards/${randomUUID()}`)).status).toBe(404);
      await recordHistory(system.client, h.workflowId, 'HazardWorkflow-general');
      await recordHistory(system.client, h.workflowId, 'HazardWorkflow-one-step-general');
      // Its notifications went through the outbox (issue 22): a local-activity marker each, no child workflows.
      const events = (await system.client.workflow.getHandle(h.workflowId).fetchHistory()).events ?? [];
      expect(events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toEqual([]);
      const notified = await recordedNotifications(system.client, h.workflowId);
      expect(notified.length).toBeGreaterThanOrEqual(6);
      process.stdout.write(`general hazard: ${events.length} events in its history, ${notified.length} notifications through the outbox\n`);
      await recordHistory(system.client, h.workflowId, 'HazardWorkflow-general-outbox');
    });

    it('major: stop-work order, three parallel department tasks that must all finish, then verification', async () => {
      const h = await report('Ammonia smell near the chiller');
      await complete('safety', await openTask(h.workflowId, 'hazard.grade'), {
        likelihood: 4,
        severity: 4,
        responsibleOrgUnitId: await unit('DEMO-EQUIPMENT'),
      });
      await complete('head.equipment', await openTask(h.workflowId, 'hazard.acknowledge'), { understood: true });
      const actions = await eventually(async () => {
        const t = await system.dataSource.getRepository(Task).findBy({ workflowId: h.workflowId, taskType: 'hazard.major_action', status: 'open' });
        return t.length === 3 ? t : null;
      }, 'three major-action tasks');
      expect(new Set(actions.map((t) => t.orgUnitId))).toEqual(
        new Set([await unit('DEMO-SAFETY'), await unit('DEMO-PRODUCTION'), await unit('DEMO-EQUIPMENT')]),
      );
      await eventually(
        () => system.dataSource.getRepository(SinkMail).createQueryBuilder('m').where('m.subject = :s', { s: '[CRITICAL] STOP WORK at Press line 3' }).getOne(),
        'the stop-work mail',
      );
      const by: Record<string, string> = {
        [await unit('DEMO-SAFETY')]: 'safety',
        [await unit('DEMO-PRODUCTION')]: 'head.production',
        [await unit('DEMO-EQUIPMENT')]: 'head.equipment',
      };
      for (const t of actions.slice(0, 2)) await complete(by[t.orgUnitId], t, { summary: 'done' });
      await new Promise((r) => setTimeout(r, 500));
      expect((await hazard(h.id)).status).toBe('major_actions');
      await complete(by[actions[2].orgUnitId], actions[2], { summary: 'Chiller valve replaced' });
      await verifyBoth(h.workflowId, 1, { passed: true }, { passed: true });
      await eventually(async () => (await hazard(h.id)).status === 'closed', 'closed');
      expect((await hazard(h.id)).severity).toBe('major');
      const types = (await (await as('safety')).call('GET', `/api/hazards/${h.id}`)).body.timeline.map((e: { type: string }) => e.type);
      expect(types).toEqual(['reported', 'graded', 'acknowledged', 'stop_work_ordered', 'joint_plan', 'rectification_submitted', 'closed']);
      await recordHistory(system.client, h.workflowId, 'HazardWorkflow-major');
      await recordHistory(system.client, h.workflowId, 'HazardWorkflow-one-step-major');
    });

    it('a failed verification sends it back to rectification with the reason, counted as rework', async () => {
      const h = await report('Loose cable tray');
      await gradeGeneral(h.workflowId);
      await complete('head.equipment', await openTask(h.workflowId, 'hazard.acknowledge'), { understood: true });
      const photo = await upload('head.equipment');
      await complete('head.equipment', await openTask(h.workflowId, 'hazard.rectify'), { summary: 'Tied it up', evidenceIds: [photo] });
      const missing = await (
        await as('safety')
      ).call('POST', `/api/tasks/${encodeURIComponent((await openTask(h.workflowId, 'hazard.verify', 'verify-safety-1')).id)}/complete`, {
        payload: { passed: false },
      });
      expect(missing.status).toBe(400);
      expect(missing.body.error.details[0].path).toBe('body.payload.reason');
      await verifyBoth(h.workflowId, 1, { passed: false, reason: 'Cable ties are not rated for the load' }, { passed: true });
      const second = await openTask(h.workflowId, 'hazard.rectify', 'rectify-2-r0');
      expect(second.description).toContain('Cable ties are not rated for the load');
      expect((await hazard(h.id)).reworkCount).toBe(1);
      await complete('head.equipment', second, { summary: 'Steel brackets fitted', evidenceIds: [photo] });
      await verifyBoth(h.workflowId, 2, { passed: true }, { passed: true });
      await eventually(async () => (await hazard(h.id)).status === 'closed', 'closed');
      expect((await facts(h.workflowId, 'hazard.rework')).length).toBe(1);
      expect((await facts(h.workflowId, 'hazard.verification')).map((f) => f.value)).toEqual([0, 1]);
      await recordHistory(system.client, h.workflowId, 'HazardWorkflow-rework');
      await recordHistory(system.client, h.workflowId, 'HazardWorkflow-one-step-rework');
    });

    it('a resent report is the same hazard; the offline batch answers per item', async () => {
      const employee = await as('employee');
      const body = {
        reportId: randomUUID(),
        title: 'Oil on the floor',
        description: 'Near press 2',
        category: 'housekeeping',
        area: 'Press line 2',
        suspectedSeverity: 'low',
        evidenceIds: [],
      };
      expect((await employee.call('POST', '/api/hazards', body)).status).toBe(201);
      const again = await employee.call('POST', '/api/hazards', body);
      expect(again.status).toBe(200);
      expect(again.body.created).toBe(false);
      const fresh = { ...body, reportId: randomUUID(), title: 'Blocked fire exit' };
      const sync = await employee.call('POST', '/api/hazards/sync', { reports: [body, fresh, { ...body, reportId: 'nope', category: 'alien' }] });
      expect(sync.status).toBe(200);
      expect(sync.body.results.map((r: { status: string }) => r.status)).toEqual(['exists', 'created', 'invalid']);
      expect(sync.body.results[2].errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.reports.2.category', 'body.reports.2.reportId']);
      await eventually(async () => (await facts(`Hazard:${body.reportId}`, 'hazard.reported')).length === 1, 'the reported fact');
      expect(await system.dataSource.getRepository(Hazard).countBy({ id: body.reportId })).toBe(1);
      expect((await facts(`Hazard:${body.reportId}`, 'hazard.reported')).length).toBe(1);
    });

    it('cancels a duplicate with a reason and closes its tasks', async () => {
      const first = await report('Broken light in corridor');
      const dup = await report('Broken light in corridor (again)');
      const task = await openTask(dup.workflowId, 'hazard.grade');
      const safety = await as('safety');
      expect((await safety.call('POST', `/api/hazards/${dup.id}/cancel`, { reason: '' })).status).toBe(400);
      expect((await (await as('employee')).call('POST', `/api/hazards/${dup.id}/cancel`, { reason: 'dup' })).status).toBe(403);
      expect((await safety.call('POST', `/api/hazards/${dup.id}/cancel`, { reason: 'Duplicate of the first report', duplicateOf: first.id })).status).toBe(200);
      await eventually(async () => (await hazard(dup.id)).status === 'cancelled', 'cancelled');
      expect((await hazard(dup.id)).cancelReason).toBe('Duplicate of the first report');
      expect((await system.dataSource.getRepository(Task).findOneByOrFail({ id: task.id })).status).toBe('cancelled');
      expect((await facts(dup.workflowId, 'hazard.cancelled')).length).toBe(1);
      expect((await safety.call('POST', `/api/hazards/${dup.id}/cancel`, { reason: 'again' })).status).toBe(409);
    });

    it('extends a deadline only with another manager’s approval', async () => {
      const plant = await unit('DEMO-PLANT');
      expect((await addUser('manager2', 'Deputy Manager Wu', plant, ['manager'])).status).toBe(201);
      const h = await report('Worn sling on crane 2');
      await gradeGeneral(h.workflowId);
      await complete('head.equipment', await openTask(h.workflowId, 'hazard.acknowledge'), { understood: true });
      const due = (await openTask(h.workflowId, 'hazard.rectify')).dueAt!;
      await eventually(async () => (await hazard(h.id)).dueAt?.getTime() === due.getTime(), 'the rectification deadline in the projection');
      const later = new Date(due.getTime() + 2 * 86400_000).toISOString();

      const manager = await as('manager');
      const asked = await manager.call('POST', `/api/hazards/${h.id}/extension`, { newDueAt: later, reason: 'Spare sling on order' });
      expect(asked.text).toContain('taskId');
      const own = await openTask(h.workflowId, 'hazard.extension_approval');
      // He is not a candidate for his own request (the deputy is): refused before it reaches the process.
      const self = await manager.call('POST', `/api/tasks/${encodeURIComponent(own.id)}/complete`, { payload: { approved: true, reason: 'fine' } });
      expect(self.status).toBe(403);
      expect(self.body.error.message).toMatch(/asked for this approval/);
      await complete('manager2', own, { approved: true, reason: 'Reasonable: part on order' });
      await eventually(async () => (await hazard(h.id)).dueAt?.toISOString() === later, 'the new deadline');
      const types = (await manager.call('GET', `/api/hazards/${h.id}`)).body.timeline.map((e: { type: string }) => e.type);
      expect(types).toEqual(expect.arrayContaining(['extension_requested', 'extension_approved']));
      expect((await manager.call('POST', `/api/hazards/${h.id}/extension`, { newDueAt: due.toISOString(), reason: 'earlier' })).status).toBe(409);
    });

    it('re-routes the open task when the hazard is reassigned', async () => {
      const h = await report('Forklift without horn');
      await gradeGeneral(h.workflowId);
      const ack = await openTask(h.workflowId, 'hazard.acknowledge');
      expect((await (await as('safety')).call('POST', `/api/hazards/${h.id}/reassign`, { responsibleOrgUnitId: await unit('DEMO-PRODUCTION') })).status).toBe(
        200,
      );
      const moved = await openTask(h.workflowId, 'hazard.acknowledge', 'acknowledge-r1');
      expect(moved.orgUnitId).toBe(await unit('DEMO-PRODUCTION'));
      expect((await system.dataSource.getRepository(Task).findOneByOrFail({ id: ack.id })).status).toBe('cancelled');
      expect((await hazard(h.id)).responsibleOrgUnitId).toBe(await unit('DEMO-PRODUCTION'));
    });
  });

  describe('SLA clocks', () => {
    beforeAll(() => usePolicy(fast, 'hazard SLA tests (seconds)'));

    it('escalates an ungraded hazard two levels, with mails at each step', async () => {
      const h = await report('Gas cylinder unchained');
      await eventually(
        async () => (await system.dataSource.getRepository(AuditEntry).countBy({ entityId: `${h.workflowId}/grade`, action: 'task.escalated' })) >= 2,
        'two escalations',
        20_000,
      );
      const mails = await eventually(async () => {
        const m = await system.dataSource
          .getRepository(SinkMail)
          .createQueryBuilder('m')
          .where('m.subject LIKE :s', { s: 'Overdue (escalation %): Grade hazard: Gas cylinder unchained' })
          .getMany();
        // Each recipient's mail is its own outbox row, delivered one after another: wait for the ones named below.
        const to = (n: number) => m.filter((x) => x.subject.startsWith(`Overdue (escalation ${n})`)).map((x) => x.to);
        return to(1).includes('safety@safeloop.example') && to(2).includes('manager@safeloop.example') ? m : null;
      }, 'mails of both escalations');
      const to = (n: number) => mails.filter((m) => m.subject.startsWith(`Overdue (escalation ${n})`)).map((m) => m.to);
      expect(to(1)).toContain('safety@safeloop.example'); // head of the safety department
      expect(to(2)).toContain('manager@safeloop.example'); // head of the plant
      expect((await hazard(h.id)).escalationLevel).toBeGreaterThanOrEqual(2);
      await complete('safety', await openTask(h.workflowId, 'hazard.grade'), {
        likelihood: 1,
        severity: 1,
        responsibleOrgUnitId: await unit('DEMO-EQUIPMENT'),
      });
      await eventually(async () => (await hazard(h.id)).status === 'acknowledging', 'acknowledging');
      await recordHistory(system.client, h.workflowId, 'HazardWorkflow-grading-escalated');
      await recordHistory(system.client, h.workflowId, 'HazardWorkflow-one-step-grading-escalated');
    });

    it('records one overdue fact per overdue day, attributed to the responsible person', async () => {
      const h = await report('Missing handrail on mezzanine');
      const qiang = await system.dataSource.getRepository(Person).findOneByOrFail({ employeeNo: 'E1007' }); // head.equipment's person
      await gradeGeneral(h.workflowId, { responsiblePersonId: qiang.id });
      await complete('head.equipment', await openTask(h.workflowId, 'hazard.acknowledge'), { understood: true });
      await eventually(async () => (await hazard(h.id)).overdueDays >= 2, 'two overdue days', 20_000);
      const photo = await upload('head.equipment');
      await complete('head.equipment', await openTask(h.workflowId, 'hazard.rectify'), { summary: 'Handrail installed', evidenceIds: [photo] });
      await verifyBoth(h.workflowId, 1, { passed: true }, { passed: true });
      await eventually(async () => (await hazard(h.id)).status === 'closed', 'closed');
      const row = await hazard(h.id);
      const overdue = await facts(h.workflowId, 'hazard.overdue_day');
      expect(overdue.length).toBe(row.overdueDays);
      expect(overdue.length).toBeGreaterThanOrEqual(2);
      expect(overdue.every((f) => f.personId === qiang.id && f.attribution === 'direct' && f.value === 1)).toBe(true);
      expect(overdue.map((f) => JSON.parse(f.data).day)).toEqual(overdue.map((_, i) => i + 1));
      const closed = (await facts(h.workflowId, 'hazard.closed'))[0];
      expect(JSON.parse(closed.data).overdueDays).toBe(row.overdueDays);
    });

    it('continues as new while overdue and still closes with every fact once', async () => {
      const employee = await system.dataSource.getRepository(User).findOneByOrFail({ username: 'employee' });
      const policy = (await (await as('safety')).call('GET', '/api/policies/current')).body;
      const { hazardId, workflowId, handle } = await startHazardWorkflow(system, employee, 'Long-running overdue hazard', {
        policy: policy.document,
        policyVersion: policy.version,
        historyLimit: 60,
      });
      await gradeGeneral(workflowId);
      await complete('head.equipment', await openTask(workflowId, 'hazard.acknowledge'), { understood: true });
      // Overdue days pile up history; the run hands over to a new one.
      await eventually(async () => (await handle.describe()).runId !== handle.firstExecutionRunId, 'a continued run', 30_000);
      await eventually(async () => (await hazard(hazardId)).overdueDays >= 3, 'three overdue days', 30_000);
      const photo = await upload('head.equipment');
      await complete('head.equipment', await openTask(workflowId, 'hazard.rectify'), { summary: 'Done at last', evidenceIds: [photo] });
      await verifyBoth(workflowId, 1, { passed: true }, { passed: true });
      const result = await system.client.workflow.getHandle(workflowId).result();
      expect(result.phase).toBe('closed');
      const kinds = (await facts(workflowId)).map((f) => f.kind);
      const count = (k: string) => kinds.filter((x) => x === k).length;
      expect([count('hazard.reported'), count('hazard.graded'), count('hazard.acknowledged'), count('hazard.closed')]).toEqual([1, 1, 1, 1]);
      expect(count('hazard.overdue_day')).toBe((await hazard(hazardId)).overdueDays);
      expect((await system.dataSource.getRepository(Task).findBy({ workflowId, taskType: 'hazard.rectify' })).length).toBe(1);
    });
  });
});
