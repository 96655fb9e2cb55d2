import { randomUUID } from 'node:crypto';
import { Like, type DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import type { PermitStep } from '../../activities/permits';
import { AuditEntry, NotificationOutbox, OrgUnit, Permit, PermitEvent, PermitGasTest, Task, User, WorkArea } from '../../db/entities';
import type { NotificationRequest } from '../../workflows/notification/messages';
import { STEP_TEST_POLICY, stepActivityDatabase } from '../support/step-activities';

/**
 * `recordPermitStep` (patch `permit-one-step`): a step's writes in one transaction. Run again after
 * its commit (a local activity retried: the worker died before the marker was recorded) it writes
 * nothing twice; a step that fails part-way leaves nothing written.
 */
describe('a permit step in one transaction', () => {
  const env = stepActivityDatabase();
  const policy = STEP_TEST_POLICY;
  let ds: DataSource;
  let acts: ReturnType<typeof createActivities>;
  beforeAll(() => {
    ({ ds, acts } = env);
  });

  /** The start of a new permit (the request's record and the measures task) as the workflow hands it to the activity. */
  async function start(): Promise<PermitStep> {
    const employee = await ds.getRepository(User).findOneByOrFail({ username: 'employee' });
    const unit = (await ds.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-PRODUCTION' })).id;
    const area = (await ds.getRepository(WorkArea).find({ take: 1 }))[0];
    const permitId = randomUUID();
    const workflowId = `Permit:${permitId}`;
    const at = new Date().toISOString();
    const dueAt = new Date(Date.now() + 3_600_000).toISOString();
    const notice = (dedupKey: string, request: Omit<NotificationRequest, 'dedupKey' | 'link' | 'source' | 'subject' | 'body'>) => ({
      dedupKey,
      ...request,
      subject: 'New task: Confirm safety measures: hot work',
      body: 'Confirm them',
      link: `/permits/${permitId}`,
      source: workflowId,
      policy,
    });
    return {
      permitId,
      workflowId,
      requested: {
        policyVersion: 1,
        request: {
          permitId,
          number: `DH-STEP-${permitId.slice(0, 6)}`,
          type: 'hot_work',
          level: 'second',
          areaId: area?.id ?? randomUUID(),
          areaName: area?.name ?? 'Step hall',
          equipmentId: null,
          orgUnitId: unit,
          workContent: 'Welding a bracket',
          windowFrom: at,
          windowTo: new Date(Date.now() + 8 * 3_600_000).toISOString(),
          crew: [{ personId: employee.personId!, name: 'Operator', role: 'operator', userId: employee.id, username: 'employee' }],
          contractor: null,
          jsa: [],
          measures: [],
          requesterUserId: employee.id,
          requesterUsername: 'employee',
          requesterPersonId: employee.personId,
          conflicts: [],
          requestedAt: at,
        },
      },
      transitions: [{ changes: { nextClockAt: dueAt, nextClock: 'measures', escalationLevel: 0 } }],
      tasks: [
        {
          id: `${workflowId}/measures`,
          workflowId,
          processType: 'permit',
          taskType: 'permit.measures',
          title: 'Confirm safety measures: hot work',
          description: null,
          orgUnitId: unit,
          candidateRole: 'department_head',
          priority: 'normal',
          dueAt,
        },
      ],
      notifications: [notice(`${workflowId}/measures/assigned`, { audience: { kind: 'unit', orgUnitId: unit, role: 'department_head' }, severity: 'normal' })],
    };
  }

  /** A gas test out of limits while the permit is worked: the test, the suspension, its notice. */
  function failedTest(step: PermitStep): PermitStep {
    const { workflowId } = step;
    const at = new Date().toISOString();
    const testId = randomUUID();
    return {
      permitId: step.permitId,
      workflowId,
      gasTest: {
        test: { testId, takenAt: at, readings: { o2: 15 }, testerUserId: step.requested!.request.requesterUserId, testerUsername: 'employee' },
        verdict: { passed: false, failures: [], missing: [] },
      },
      transitions: [
        {
          changes: { status: 'suspended', suspensionReason: 'gas_out_of_limits', suspensions: 1 },
          event: { id: `${workflowId}/suspend/${testId}`, type: 'suspended', actor: 'employee', at, data: {} },
          facts: [],
        },
      ],
      tasks: [],
      notifications: [{ ...step.notifications[0], dedupKey: `${workflowId}/suspend/${testId}/owner`, severity: 'critical' }],
    };
  }

  /** Every row a step of `workflowId` writes, counted. */
  async function rows(step: PermitStep) {
    return {
      permits: await ds.getRepository(Permit).countBy({ id: step.permitId }),
      events: await ds.getRepository(PermitEvent).countBy({ permitId: step.permitId }),
      gasTests: await ds.getRepository(PermitGasTest).countBy({ permitId: step.permitId }),
      tasks: await ds.getRepository(Task).countBy({ workflowId: step.workflowId }),
      outbox: await ds.getRepository(NotificationOutbox).countBy({ dedupKey: Like(`${step.workflowId}/%`) }),
      audit: await ds.getRepository(AuditEntry).count(),
    };
  }

  it('run again after its commit, writes nothing twice; answers the same', async () => {
    const step = await start();
    const first = await acts.recordPermitStep(step);
    const written = await rows(step);
    expect(written).toMatchObject({ permits: 1, events: 1, gasTests: 0, tasks: 1 });
    expect(written.outbox).toBeGreaterThan(0);
    expect(first.reported).toBe(true);
    expect(await acts.recordPermitStep(step)).toEqual(first);
    expect(await rows(step)).toEqual(written);

    const test = failedTest(step);
    const suspended = await acts.recordPermitStep(test);
    expect(suspended.gasTest).toBe(true);
    const after = await rows(step);
    expect(after).toMatchObject({ permits: 1, events: 3, gasTests: 1, tasks: 1 });
    expect(after.outbox).toBeGreaterThan(written.outbox);
    expect(await acts.recordPermitStep(test)).toEqual(suspended);
    expect(await rows(step)).toEqual(after);
    expect(await ds.getRepository(Permit).findOneByOrFail({ id: step.permitId })).toMatchObject({ status: 'suspended' });
  });

  it('fails whole: a step whose last write fails leaves none of its rows', async () => {
    const step = await start();
    const before = await rows(step);
    // The last write, the task's notice, cannot be addressed: the policy names no channels for its severity.
    const broken: PermitStep = {
      ...step,
      notifications: [{ ...step.notifications[0], policy: { ...policy, notifications: { ...policy.notifications, channels: {} as never } } }],
    };
    await expect(acts.recordPermitStep(broken)).rejects.toThrow();
    expect(await rows(step)).toEqual(before);
    expect(before).toMatchObject({ permits: 0, events: 0, gasTests: 0, tasks: 0, outbox: 0 });
  });
});
