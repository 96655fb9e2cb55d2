import { randomUUID } from 'node:crypto';
import { CorrectiveAction, Incident, Task, User } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

/** The paths of an incident beside the reportable one (incident.test.ts): a near miss, an incident below the reportable level, a cancelled report. */
const policy: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };

describe('incident paths', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const { call, ds, unit, usePolicy, openTask, complete, facts } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000 });
  const personOf = async (username: string) => (await ds().getRepository(User).findOneByOrFail({ username })).personId!;
  const incident = (id: string) => ds().getRepository(Incident).findOneByOrFail({ id });
  const report = async (kind: 'incident' | 'near_miss', title: string, extra: Record<string, unknown> = {}) => {
    const incidentId = randomUUID();
    const r = await call('employee', 'POST', '/api/incidents', {
      incidentId,
      kind,
      title,
      description: `${title}, seen on the morning shift`,
      location: 'Stamping line 2',
      occurredAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      ...extra,
    });
    expect(r.status).toBe(201);
    return { incidentId, workflowId: r.body.workflowId as string };
  };
  const investigation = (rootCause: string, actions: Record<string, unknown>[] = []) => ({
    timeline: [{ at: new Date(Date.now() - 30 * 60_000).toISOString(), what: 'It happened' }],
    whys: [rootCause],
    rootCause,
    summary: rootCause,
    actions,
  });
  const close = async (workflowId: string, incidentId: string) => {
    await complete('safety', await openTask(workflowId, 'incident.close'), { lessons: 'Shared at the shift briefings.' });
    await eventually(async () => (await incident(incidentId)).status === 'closed', 'closed');
  };

  /** Waits for the process to end (completed or cancelled), so a fixture of the one-step shape holds the whole run. */
  const settled = (workflowId: string) =>
    system.client.workflow
      .getHandle(workflowId)
      .result()
      .catch(() => undefined);

  beforeAll(async () => {
    system = await startTestSystem();
    await usePolicy(policy, 'incident path tests');
  });
  afterAll(() => system?.stop());

  it('a near miss: classified, investigated with an action, no responsibility step, closed once the action is verified', async () => {
    const { incidentId, workflowId } = await report('near_miss', 'Coil nearly slid off the rack');
    await complete('safety', await openTask(workflowId, 'incident.classify'), {
      category: 'struck_by_object',
      consequence: 'none',
      investigationLeadPersonId: await personOf('safety'),
    });
    const production = await unit('DEMO-PRODUCTION');
    await complete(
      'safety',
      await openTask(workflowId, 'incident.investigate'),
      investigation('Rack without end stops', [
        { kind: 'preventive', orgUnitId: production, description: 'End stops on every coil rack', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
      ]),
    );
    await eventually(async () => (await incident(incidentId)).status === 'actions', 'straight to the actions (a near miss blames nobody)');
    const action = await eventually(() => ds().getRepository(CorrectiveAction).findOneBy({ sourceId: incidentId }), 'the action');
    await complete('head.production', await openTask(action.workflowId, 'action.do', 'do-1'), { summary: 'End stops welded on' });
    await complete('safety', await openTask(action.workflowId, 'action.verify', 'verify-1'), { passed: true });
    await close(workflowId, incidentId);
    expect(await incident(incidentId)).toMatchObject({ kind: 'near_miss', level: null, reportable: false, actionsTotal: 1, actionsVerified: 1 });
    expect(await facts(workflowId, 'incident.responsibility')).toEqual([]);
    expect((await ds().getRepository(Task).findBy({ workflowId })).map((t) => t.taskType).sort()).toEqual(
      ['incident.classify', 'incident.close', 'incident.investigate'].sort(),
    );
    await recordHistory(system.client, workflowId, 'IncidentWorkflow-near-miss');
    await settled(workflowId);
    await recordHistory(system.client, workflowId, 'IncidentWorkflow-one-step-near-miss');
  }, 120_000);

  it('an incident below the reportable level: no report clock; responsibility facts without the serious flag', async () => {
    const { incidentId, workflowId } = await report('incident', 'Bruised arm at the press door', {
      injuredPeople: [{ name: 'Operator Sun', injury: 'bruised forearm' }],
    });
    await complete('safety', await openTask(workflowId, 'incident.classify'), {
      category: 'machinery',
      consequence: 'first_aid',
      minorInjuries: 1,
      investigationLeadPersonId: await personOf('safety'),
    });
    await eventually(async () => (await incident(incidentId)).status === 'investigating', 'investigating');
    expect(await incident(incidentId)).toMatchObject({ level: null, reportable: false, regulatoryDueAt: null });
    await complete('safety', await openTask(workflowId, 'incident.investigate'), investigation('Door closes too fast'));
    const employee = await personOf('employee');
    await complete('manager', await openTask(workflowId, 'incident.responsibility'), { responsibilities: [{ personId: employee, level: 'direct' }] });
    await close(workflowId, incidentId);
    expect((await facts(workflowId, 'incident.responsibility')).map((f) => [f.personId, JSON.parse(f.data).serious])).toEqual([[employee, false]]);
    expect(await facts(workflowId, 'incident.serious')).toEqual([]);
    expect(await ds().getRepository(Task).findBy({ workflowId, taskType: 'incident.regulatory_report' })).toEqual([]);
    await recordHistory(system.client, workflowId, 'IncidentWorkflow-not-reportable');
    await settled(workflowId);
    await recordHistory(system.client, workflowId, 'IncidentWorkflow-one-step-not-reportable');
  }, 120_000);

  it('a report cancelled from the monitor withdraws its task and says so', async () => {
    const { incidentId, workflowId } = await report('incident', 'Duplicate of an earlier report');
    const classify = await openTask(workflowId, 'incident.classify');
    const r = await call('safety', 'POST', '/api/processes/cancel', { workflowIds: [workflowId], reason: 'duplicate report' });
    expect(r.body.results).toEqual([{ workflowId, ok: true }]);
    await eventually(async () => (await incident(incidentId)).status === 'cancelled', 'cancelled');
    await eventually(async () => (await ds().getRepository(Task).findOneByOrFail({ id: classify.id })).status !== 'open', 'the task withdrawn');
    await recordHistory(system.client, workflowId, 'IncidentWorkflow-cancelled');
    await settled(workflowId);
    await recordHistory(system.client, workflowId, 'IncidentWorkflow-one-step-cancelled');
  }, 120_000);
});
