import { randomUUID } from 'node:crypto';
import { CorrectiveAction, CorrectiveActionEvent, Hazard, Task } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers, reportHazard } from '../support/api';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

/**
 * Effectiveness re-checks as the shared mechanism beyond incidents: a major hazard's
 * rectification and a risk assessment's control measure are each watched by a corrective action
 * (`Action:<id>`) from their verification. The first re-check falls 2 s after it, the second an
 * hour later (so the monitor shows the action waiting with its next due date).
 */
const policy: Policy = {
  ...DEFAULT_POLICY,
  quietHours: { default: null },
  reminders: { beforeDeadline: [] },
  sla: { ...DEFAULT_POLICY.sla, riskInput: 60, riskCompile: 60, riskMeasures: 60, riskPlan: 60, riskVerification: 60 },
  actions: { verify: 600, recheckAfter: [2, 3600], recheck: 600 },
};

describe('effectiveness re-checks of hazards and risk measures', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { as, call, ds, unit, usePolicy, openTask, complete, facts } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000, withMeasures: true });
  const action = (id: string) => ds().getRepository(CorrectiveAction).findOneByOrFail({ id });
  const events = async (actionId: string) =>
    (
      await ds()
        .getRepository(CorrectiveActionEvent)
        .find({ where: { actionId }, order: { at: 'ASC' } })
    ).map((e) => e.type);

  beforeAll(async () => {
    system = await startTestSystem();
    await usePolicy(policy, 'corrective action re-check tests');
  });
  afterAll(() => system?.stop());

  it('a closed major hazard’s rectification is re-checked; a failed re-check reports the hazard again and is a fact', async () => {
    const h = await reportHazard(as, 'employee', { title: 'Ammonia valve leaking', description: 'Smell of ammonia at the chiller', suspectedSeverity: 'high' });
    const equipment = await unit('DEMO-EQUIPMENT');
    await complete('safety', await openTask(h.workflowId, 'hazard.grade'), { likelihood: 4, severity: 4, responsibleOrgUnitId: equipment });
    await complete('head.equipment', await openTask(h.workflowId, 'hazard.acknowledge'), { understood: true });
    const major = await eventually(async () => {
      const t = await ds().getRepository(Task).findBy({ workflowId: h.workflowId, taskType: 'hazard.major_action', status: 'open' });
      return t.length === 3 ? t : null;
    }, 'three major-action tasks');
    const by: Record<string, string> = {
      [await unit('DEMO-SAFETY')]: 'safety',
      [await unit('DEMO-PRODUCTION')]: 'head.production',
      [equipment]: 'head.equipment',
    };
    for (const t of major) await complete(by[t.orgUnitId], t, { summary: 'Valve replaced, area ventilated' });
    await complete('safety', await openTask(h.workflowId, 'hazard.verify', 'verify-safety-1'), { passed: true });
    await complete('head.production', await openTask(h.workflowId, 'hazard.verify', 'verify-production-1'), { passed: true });
    await eventually(async () => (await ds().getRepository(Hazard).findOneByOrFail({ id: h.id })).status === 'closed', 'hazard closed');

    // The rectification is watched from the closure: the verifying department (the safety hub) re-checks it.
    const actionId = `${h.id}-rectification`;
    const watched = await eventually(() => ds().getRepository(CorrectiveAction).findOneBy({ id: actionId }), 'the rectification as a corrective action');
    expect(watched).toMatchObject({ sourceType: 'hazard', sourceId: h.id, orgUnitId: equipment, verifierOrgUnitId: await unit('DEMO-SAFETY') });
    const recheck = await openTask(watched.workflowId, 'action.recheck', 'recheck-1');
    expect(recheck.orgUnitId).toBe(await unit('DEMO-SAFETY'));
    await complete('safety', recheck, { effective: false, note: 'The new valve weeps at the flange' });

    // The hazard is back: a new hazard process, reported by the re-checker, graded again; the action ends.
    await eventually(async () => (await action(actionId)).status === 'closed', 'the action closed after reporting the hazard');
    const f = (await facts(watched.workflowId, 'action.recheck'))[0];
    expect(f).toMatchObject({ value: 0, orgUnitId: equipment });
    const hazardId = JSON.parse(f.data).hazardId as string;
    const again = await eventually(() => ds().getRepository(Hazard).findOneBy({ id: hazardId }), 'the recurring hazard');
    expect(again).toMatchObject({
      title: 'Recurring: Ammonia valve leaking',
      orgUnitId: equipment,
      suspectedSeverity: 'high',
      category: 'guarding',
      area: 'Press line 3',
    });
    expect(again.description).toContain('weeps at the flange');
    await openTask(`Hazard:${hazardId}`, 'hazard.grade');
    expect(await events(actionId)).toEqual(['created', 'recheck_failed', 'closed']);
    expect(await action(actionId)).toMatchObject({ rechecksFailed: 1, round: 1 });

    await recordHistory(system.client, h.workflowId, 'HazardWorkflow-major-rechecks');
    await recordHistory(system.client, watched.workflowId, 'CorrectiveActionWorkflow-hazard-recurring');
  }, 180_000);

  it('a verified control measure is re-checked; a failed re-check reopens it for its owner; the monitor shows the next re-check', async () => {
    const assessmentId = randomUUID();
    const started = await call('safety', 'POST', '/api/risk-assessments', {
      assessmentId,
      title: 'Press shop review',
      area: 'Stamping workshop',
      orgUnitId: await unit('DEMO-WS-STAMPING'),
      departments: ['equipment'],
    });
    expect(started.status).toBe(201);
    const workflowId = started.body.workflowId as string;
    const equipment = await unit('DEMO-EQUIPMENT');
    await complete('head.equipment', await openTask(workflowId, 'risk.input', 'input-equipment'), { assessment: 'Press 3 guard worn' });
    await complete('safety', await openTask(workflowId, 'risk.compile'), {
      items: [{ title: 'Worn guard on press 3', source: 'equipment', likelihood: 4, severity: 4, ownerOrgUnitId: equipment }],
    });
    await complete('head.equipment', await openTask(workflowId, 'risk.measures', 'proposals-equipment'), {
      proposals: [{ itemKey: 'worn-guard-on-press-3', description: 'Replace the guard of press 3' }],
    });
    await complete('safety', await openTask(workflowId, 'risk.plan'), {
      measures: [
        {
          itemKey: 'worn-guard-on-press-3',
          description: 'Replace the guard of press 3',
          ownerOrgUnitId: equipment,
          dueAt: new Date(Date.now() + 120_000).toISOString(),
        },
      ],
    });
    await complete('head.equipment', await openTask(workflowId, 'risk.measure', 'measure-1'), { summary: 'New guard fitted' });
    await complete('safety', await openTask(workflowId, 'risk.verify', 'verify-1'), { passed: true });

    const actionId = `${assessmentId}-m1`;
    const watched = await eventually(() => ds().getRepository(CorrectiveAction).findOneBy({ id: actionId }), 'the measure as a corrective action');
    expect(watched).toMatchObject({ sourceType: 'risk_assessment', sourceId: assessmentId, kind: 'preventive', orgUnitId: equipment });
    await complete('safety', await openTask(watched.workflowId, 'action.recheck', 'recheck-1'), { effective: false, note: 'The guard was removed again' });

    // Reopened: the owner does it again, the safety hub verifies it, the re-checks go on.
    await eventually(async () => (await action(actionId)).status === 'doing', 'reopened');
    expect((await facts(watched.workflowId, 'action.recheck'))[0]).toMatchObject({ value: 0, orgUnitId: equipment });
    await complete('head.equipment', await openTask(watched.workflowId, 'action.do', 'do-2'), { summary: 'Guard refitted, interlocked' });
    await complete('safety', await openTask(watched.workflowId, 'action.verify', 'verify-2'), { passed: true });
    const monitoring = await eventually(async () => {
      const a = await action(actionId);
      return a.status === 'monitoring' && a.nextRecheckAt ? a : null;
    }, 'monitoring for its second re-check');
    expect(monitoring).toMatchObject({ round: 2, rechecksFailed: 1 });
    expect(monitoring.nextRecheckAt!.getTime() - monitoring.verifiedAt!.getTime()).toBe(3600_000);

    // The monitor lists the waiting action with its next re-check as its due date.
    const item = await eventually(
      async () =>
        (
          (await call('safety', 'GET', '/api/processes?type=corrective_action')).body.items as {
            workflowId: string;
            status: string;
            slaDeadline: string;
            subject: string;
          }[]
        )?.find((x) => x.workflowId === watched.workflowId && x.status === 'monitoring'),
      'the action in the monitor',
      30_000,
    );
    expect(Date.parse(item.slaDeadline)).toBe(monitoring.nextRecheckAt!.getTime());
    expect(item.subject).toContain('Replace the guard of press 3');
    expect(await events(actionId)).toEqual(expect.arrayContaining(['created', 'recheck_failed', 'done', 'verified']));

    await recordHistory(system.client, `${workflowId}/measure-1`, 'RiskMeasureWorkflow-rechecks');
    await recordHistory(system.client, watched.workflowId, 'CorrectiveActionWorkflow-done-at-reopened');
  }, 180_000);
});
