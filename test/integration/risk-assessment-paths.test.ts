import { randomUUID } from 'node:crypto';
import { RiskAssessment, RiskAssessmentEvent, RiskMeasure, Task } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { apiHelpers } from '../support/api';
import { startTestSystem } from '../support/env';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/wait';

const base: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };
/** A minute for every step: nothing runs late unless a test waits for it. */
const roomy: Policy = { ...base, sla: { ...DEFAULT_POLICY.sla, riskInput: 60, riskCompile: 60, riskMeasures: 60, riskPlan: 60, riskVerification: 60 } };

type System = Awaited<ReturnType<typeof startTestSystem>>;

/** Paths of a risk assessment written one step a transaction (patch risk-assessment-one-step) that the main tests do not take. */
describe('risk assessment paths (one step a transaction)', () => {
  let system: System;
  const { call, ds, unit, usePolicy, openTask, complete } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000, withMeasures: true });
  const start = async (departments: string[]) => {
    const assessmentId = randomUUID();
    const r = await call('safety', 'POST', '/api/risk-assessments', {
      assessmentId,
      title: 'Paths review',
      area: 'Stamping workshop',
      orgUnitId: await unit('DEMO-WS-STAMPING'),
      departments,
    });
    expect(r.status).toBe(201);
    return { id: assessmentId, workflowId: r.body.workflowId as string };
  };
  const assessment = (id: string) => ds().getRepository(RiskAssessment).findOneByOrFail({ id });
  /** The auditor's process entries of a workflow. */
  const history = async (workflowId: string) =>
    (
      (await call('auditor', 'GET', `/api/processes/${encodeURIComponent(workflowId)}/history`)).body as {
        entries: { kind: string; text: string; source: string }[];
      }
    ).entries;

  beforeAll(async () => {
    system = await startTestSystem();
    await usePolicy(roomy, 'risk assessment one-step path tests');
  });
  afterAll(() => system?.stop());

  it('a cancelled assessment: its open tasks withdrawn and its projection cancelled after the steps written; the auditor sees its steps', async () => {
    const a = await start(['production', 'equipment']);
    await eventually(async () => (await ds().getRepository(Task).countBy({ workflowId: a.workflowId, status: 'open' })) === 2, 'two open input tasks');
    await complete('head.production', await openTask(a.workflowId, 'risk.input', 'input-production'), { assessment: 'Two shifts' });
    await eventually(
      async () => (await ds().getRepository(RiskAssessmentEvent).countBy({ assessmentId: a.id, type: 'input' })) === 1,
      'the production input recorded',
    );
    const c = await call('safety', 'POST', '/api/processes/cancel', { workflowIds: [a.workflowId], reason: 'Area closed' });
    expect(c.body.results).toEqual([{ workflowId: a.workflowId, ok: true }]);
    await eventually(async () => (await system.client.workflow.getHandle(a.workflowId).describe()).status.name === 'CANCELLED', 'workflow cancelled');
    expect(await ds().getRepository(Task).countBy({ workflowId: a.workflowId, status: 'open' })).toBe(0);
    expect((await assessment(a.id)).status).toBe('cancelled');
    const events = (await ds().getRepository(RiskAssessmentEvent).findBy({ assessmentId: a.id })).map((x) => x.type).sort();
    expect(events).toEqual(expect.arrayContaining(['input', 'started']));

    const entries = await history(a.workflowId);
    const process = entries.filter((x) => x.source === 'process').map((x) => x.kind);
    const count = (k: string) => process.filter((x) => x === k).length;
    expect([count('task.handed'), count('notified'), process.at(-1)]).toEqual([2, 2, 'cancelled']);
    expect(entries.some((x) => x.text.startsWith('Record risk assessment started'))).toBe(true);
    await recordHistory(system.client, a.workflowId, 'RiskAssessmentWorkflow-one-step-cancelled');
  });

  it('a measure verified before it was reported done: its task is withdrawn with the verification', async () => {
    const a = await start(['production']);
    const production = await unit('DEMO-PRODUCTION');
    await complete('head.production', await openTask(a.workflowId, 'risk.input', 'input-production'), { assessment: 'Full load' });
    await complete('safety', await openTask(a.workflowId, 'risk.compile'), {
      items: [{ title: 'Blocked walkways', source: 'process', likelihood: 3, severity: 3, ownerOrgUnitId: production }],
    });
    await complete('head.production', await openTask(a.workflowId, 'risk.measures', 'proposals-production'), {
      proposals: [{ itemKey: 'blocked-walkways', description: 'Clear the walkways' }],
    });
    await complete('safety', await openTask(a.workflowId, 'risk.plan'), {
      measures: [
        { itemKey: 'blocked-walkways', description: 'Clear the walkways', ownerOrgUnitId: production, dueAt: new Date(Date.now() + 4_000).toISOString() },
      ],
    });
    const measureTask = await openTask(a.workflowId, 'risk.measure', 'measure-1');
    // Its due date passes without a report: the safety hub verifies it anyway.
    await complete('safety', await openTask(a.workflowId, 'risk.verify', 'verify-1'), { passed: true });
    await eventually(async () => (await assessment(a.id)).status === 'closed', 'closed', 30_000);
    expect((await ds().getRepository(Task).findOneByOrFail({ id: measureTask.id })).status).toBe('cancelled');
    expect((await ds().getRepository(RiskMeasure).findOneByOrFail({ assessmentId: a.id, n: 1 })).status).toBe('passed');
    const withdrawn = (await history(`${a.workflowId}/measure-1`)).filter((x) => x.kind === 'tasks.cancelled');
    expect(withdrawn.map((x) => x.text)).toEqual([expect.stringContaining('verified before it was reported done')]);
    await recordHistory(system.client, `${a.workflowId}/measure-1`, 'RiskMeasureWorkflow-one-step-verified-before-done');
  });
});
