import { randomUUID } from 'node:crypto';
import { Like, type DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import type { RiskAssessmentStep } from '../../activities/risk-assessments';
import { AuditEntry, Fact, NotificationOutbox, OrgUnit, RiskAssessment, RiskAssessmentEvent, RiskMeasure, Task } from '../../db/entities';
import type { NewTask } from '../../workflows/shared/tasks';
import { STEP_TEST_POLICY, stepActivityDatabase } from '../support/step-activities';

/**
 * `recordRiskAssessmentStep` (patch `risk-assessment-one-step`): a step's writes in one
 * transaction. Run again after its commit (a local activity retried: the worker died before the
 * marker was recorded) it writes nothing twice — not even a clock update the step made before a
 * transition that moved the clock again; a step that fails part-way leaves nothing written.
 */
describe('a risk assessment step in one transaction', () => {
  const env = stepActivityDatabase();
  const policy = STEP_TEST_POLICY;
  let ds: DataSource;
  let acts: ReturnType<typeof createActivities>;
  beforeAll(() => {
    ({ ds, acts } = env);
  });

  const unit = async (code: string) => (await ds.getRepository(OrgUnit).findOneByOrFail({ code })).id;
  const later = (ms: number) => new Date(Date.now() + ms).toISOString();

  /** An inbox task of the assessment (or of a measure's child) and its candidates' notice. */
  function task(workflowId: string, step: string, orgUnitId: string, taskType: string, dueAt: string): NewTask {
    return {
      id: `${workflowId}/${step}`,
      workflowId,
      processType: 'risk_assessment',
      taskType,
      title: `Step ${step}`,
      description: null,
      orgUnitId,
      candidateRole: null,
      priority: 'normal',
      dueAt,
    };
  }
  const notice = (t: NewTask, link: string) => ({
    dedupKey: `${t.id}/assigned`,
    audience: { kind: 'unit' as const, orgUnitId: t.orgUnitId },
    severity: 'normal' as const,
    subject: `New task: ${t.title}`,
    body: t.title,
    link,
    source: t.workflowId,
    policy,
  });

  /** The start of a new assessment: its record, an input task with its notice and the projection's clock. */
  async function start(): Promise<RiskAssessmentStep> {
    const assessmentId = randomUUID();
    const workflowId = `RiskAssessment:${assessmentId}`;
    const production = await unit('DEMO-PRODUCTION');
    const dueAt = later(60_000);
    const input = task(workflowId, 'input-production', production, 'risk.input', dueAt);
    return {
      assessmentId,
      workflowId,
      started: {
        plantId: await unit('DEMO-PLANT'),
        policyVersion: 1,
        request: {
          assessmentId,
          title: 'Step review',
          area: 'Step hall',
          orgUnitId: await unit('DEMO-WS-STAMPING'),
          departments: ['production'],
          initiatedBy: 'safety',
          startedAt: new Date().toISOString(),
          scheduleId: null,
        },
      },
      transitions: [{ changes: { dueAt, escalationLevel: 0, overdue: false } }],
      withdraw: [],
      tasks: [input],
      notifications: [notice(input, `/risk-assessments/${assessmentId}`)],
    };
  }

  /** Every row the steps of an assessment write, counted. */
  async function rows(step: RiskAssessmentStep) {
    return {
      assessments: await ds.getRepository(RiskAssessment).countBy({ id: step.assessmentId }),
      events: await ds.getRepository(RiskAssessmentEvent).countBy({ assessmentId: step.assessmentId }),
      facts: await ds.getRepository(Fact).countBy({ sourceWorkflowId: step.workflowId }),
      measures: await ds.getRepository(RiskMeasure).countBy({ assessmentId: step.assessmentId }),
      tasks: await ds.getRepository(Task).countBy({ workflowId: Like(`${step.workflowId}%`) }),
      outbox: await ds.getRepository(NotificationOutbox).countBy({ dedupKey: Like(`${step.workflowId}/%`) }),
      audit: await ds.getRepository(AuditEntry).count(),
    };
  }

  it('run again after its commit, writes nothing twice; answers the same', async () => {
    const step = await start();
    const first = await acts.recordRiskAssessmentStep(step);
    const written = await rows(step);
    expect(written).toMatchObject({ assessments: 1, events: 1, tasks: 1 });
    expect(written.outbox).toBeGreaterThan(0);
    expect(first.reported).toBe(true);
    expect(first.tasks.map((t) => t.id)).toEqual([`${step.workflowId}/input-production`]);
    expect(first.notifications.map((n) => [n.dedupKey, n.recipients > 0])).toEqual([[`${step.workflowId}/input-production/assigned`, true]]);
    const again = await acts.recordRiskAssessmentStep(step);
    expect(await rows(step)).toEqual(written);
    expect(again).toEqual(first);
  });

  it('a retried step leaves the projection as its last transition left it (a clock before the plan that moves it)', async () => {
    const step = await start();
    await acts.recordRiskAssessmentStep(step);
    const { assessmentId, workflowId } = step;
    const production = await unit('DEMO-PRODUCTION');
    const clock = later(30_000);
    const verificationDueAt = later(7 * 86_400_000);
    const measureDue = later(3 * 86_400_000);
    const plan: RiskAssessmentStep = {
      assessmentId,
      workflowId,
      transitions: [
        // The answer's clock, then the plan (its own deadline), in the same step.
        { changes: { dueAt: clock, escalationLevel: 1, overdue: true } },
        {
          changes: { status: 'executing', measureCount: 1, dueAt: verificationDueAt, escalationLevel: 0, overdue: false },
          event: { id: `${workflowId}/plan`, type: 'plan_approved', actor: 'safety', at: new Date().toISOString(), data: {} },
          plan: [{ id: `${assessmentId}/1`, n: 1, itemKey: 'worn-guard', description: 'Replace the guard', ownerOrgUnitId: production, dueAt: measureDue }],
        },
      ],
      withdraw: [{ ids: [`${workflowId}/input-production`], reason: 'the assessment went on without this department (gap recorded)' }],
      tasks: [],
      notifications: [],
    };
    const first = await acts.recordRiskAssessmentStep(plan);
    expect(first.withdrawn.map((w) => w.count)).toEqual([1]);
    const written = await rows(step);
    expect(written).toMatchObject({ events: 2, measures: 1 });
    const row = async () => ds.getRepository(RiskAssessment).findOneByOrFail({ id: assessmentId });
    const after = await row();
    expect([after.status, after.dueAt?.toISOString(), after.escalationLevel, after.overdue]).toEqual(['executing', verificationDueAt, 0, false]);
    // Run again: neither the clock nor the plan is written a second time.
    await acts.recordRiskAssessmentStep(plan);
    expect(await rows(step)).toEqual(written);
    const again = await row();
    expect([again.status, again.dueAt?.toISOString(), again.escalationLevel, again.overdue]).toEqual(['executing', verificationDueAt, 0, false]);
    expect((await ds.getRepository(Task).findOneByOrFail({ id: `${workflowId}/input-production` })).status).toBe('cancelled');
  });

  it('a measure’s step writes its task under the measure’s workflow and its event under the assessment’s', async () => {
    const step = await start();
    await acts.recordRiskAssessmentStep(step);
    const { assessmentId, workflowId } = step;
    const measureWorkflowId = `${workflowId}/measure-1`;
    const safety = await unit('DEMO-SAFETY');
    const verify = task(measureWorkflowId, 'verify-1', safety, 'risk.verify', later(60_000));
    await acts.recordRiskAssessmentStep({
      assessmentId,
      workflowId: measureWorkflowId,
      assessmentWorkflowId: workflowId,
      transitions: [
        { changes: {}, event: { id: `${workflowId}/measure-1-done`, type: 'measure_done', actor: 'head.production', at: new Date().toISOString(), data: {} } },
      ],
      withdraw: [],
      tasks: [verify],
      notifications: [notice(verify, `/risk-assessments/${assessmentId}`)],
    });
    expect((await ds.getRepository(Task).findOneByOrFail({ id: verify.id })).workflowId).toBe(measureWorkflowId);
    expect(await ds.getRepository(RiskAssessmentEvent).existsBy({ id: `${workflowId}/measure-1-done`, assessmentId })).toBe(true);
  });

  it('fails whole: a step whose last write fails leaves none of its rows', async () => {
    const step = await start();
    const before = await rows(step);
    // The last write, the task's notice, cannot be addressed: the policy names no channels for its severity.
    const broken: RiskAssessmentStep = {
      ...step,
      notifications: [{ ...step.notifications[0], policy: { ...policy, notifications: { ...policy.notifications, channels: {} as never } } }],
    };
    await expect(acts.recordRiskAssessmentStep(broken)).rejects.toThrow();
    expect(await rows(step)).toEqual(before);
    expect(before).toMatchObject({ assessments: 0, events: 0, facts: 0, tasks: 0, outbox: 0 });
  });
});
