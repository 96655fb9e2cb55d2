import { randomUUID } from 'node:crypto';
import { Like, type DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import type { EmergencyStep } from '../../activities/emergencies';
import { AuditEntry, Emergency, EmergencyEvent, Fact, NotificationOutbox, OrgUnit, Task, User } from '../../db/entities';
import type { NotificationRequest } from '../../workflows/notification/messages';
import { STEP_TEST_POLICY, stepActivityDatabase } from '../support/step-activities';

/**
 * `recordEmergencyStep` (patch `emergency-one-step`): a step's writes in one transaction. Run
 * again after its commit (a local activity retried: the worker died before the marker was
 * recorded) it writes nothing twice; a step that fails part-way leaves nothing written.
 */
describe('an emergency step in one transaction', () => {
  const env = stepActivityDatabase();
  const policy = STEP_TEST_POLICY;
  let ds: DataSource;
  let acts: ReturnType<typeof createActivities>;
  beforeAll(() => {
    ({ ds, acts } = env);
  });

  /** The raise and the response's opening of a new emergency, as the workflow hands them to the activity. */
  async function raise(): Promise<EmergencyStep> {
    const employee = await ds.getRepository(User).findOneByOrFail({ username: 'employee' });
    const safety = (await ds.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-SAFETY' })).id;
    const emergencyId = randomUUID();
    const workflowId = `Emergency:${emergencyId}`;
    const at = new Date().toISOString();
    const notice = (dedupKey: string, request: Omit<NotificationRequest, 'dedupKey' | 'link' | 'source' | 'subject' | 'body'>) => ({
      dedupKey,
      ...request,
      subject: 'EMERGENCY: Fire at Step hall',
      body: 'Smoke',
      link: `/emergencies/${emergencyId}`,
      source: workflowId,
      policy,
    });
    return {
      emergencyId,
      workflowId,
      reported: {
        policyVersion: 1,
        report: {
          emergencyId,
          type: 'fire',
          location: 'Step hall',
          description: 'Smoke',
          orgUnitId: employee.orgUnitId,
          injuries: false,
          drill: false,
          reporterUserId: employee.id,
          reporterPersonId: employee.personId,
          reporterUsername: 'employee',
          reportedAt: at,
        },
      },
      transitions: [
        { changes: {}, event: { id: `${workflowId}/alerted`, type: 'alerted', actor: 'SafeLoop', at, data: {} }, facts: [] },
        { changes: { dueAt: new Date(Date.now() + 300_000).toISOString(), escalationLevel: 0, overdue: false } },
      ],
      tasks: [
        {
          id: `${workflowId}/on-site`,
          workflowId,
          processType: 'emergency',
          taskType: 'emergency.on_site',
          title: 'Confirm on site',
          description: null,
          orgUnitId: safety,
          candidateRole: null,
          priority: 'critical',
          dueAt: new Date(Date.now() + 300_000).toISOString(),
        },
      ],
      notifications: [
        notice(`${workflowId}/alert/safety`, { audience: { kind: 'unit', orgUnitId: safety }, severity: 'critical' }),
        notice(`${workflowId}/on-site/assigned`, { audience: { kind: 'unit', orgUnitId: safety }, severity: 'critical' }),
      ],
    };
  }

  /** Every row a step of `workflowId` writes, counted. */
  async function rows(step: EmergencyStep) {
    return {
      emergencies: await ds.getRepository(Emergency).countBy({ id: step.emergencyId }),
      events: await ds.getRepository(EmergencyEvent).countBy({ emergencyId: step.emergencyId }),
      facts: await ds.getRepository(Fact).countBy({ sourceWorkflowId: step.workflowId }),
      tasks: await ds.getRepository(Task).countBy({ workflowId: step.workflowId }),
      outbox: await ds.getRepository(NotificationOutbox).countBy({ dedupKey: Like(`${step.workflowId}/%`) }),
      audit: await ds.getRepository(AuditEntry).count(),
    };
  }

  it('run again after its commit, writes nothing twice; answers the same', async () => {
    const step = await raise();
    const first = await acts.recordEmergencyStep(step);
    const written = await rows(step);
    expect(written).toMatchObject({ emergencies: 1, events: 2, facts: 1, tasks: 1 });
    expect(written.outbox).toBeGreaterThan(1);
    expect(first.reported).toBe(true);
    expect(first.notifications.map((n) => [n.dedupKey, n.recipients > 0])).toEqual([
      [`${step.workflowId}/alert/safety`, true],
      [`${step.workflowId}/on-site/assigned`, true],
    ]);
    const again = await acts.recordEmergencyStep(step);
    expect(await rows(step)).toEqual(written);
    expect(again).toEqual(first);
    expect((await ds.getRepository(Emergency).findOneByOrFail({ id: step.emergencyId })).dueAt?.toISOString()).toBe(step.transitions[1].changes.dueAt);
  });

  it('fails whole: a step whose last write fails leaves none of its rows', async () => {
    const step = await raise();
    const before = await rows(step);
    // The last write, the task's notice, cannot be addressed: the policy names no channels for its severity.
    const broken: EmergencyStep = {
      ...step,
      notifications: [
        step.notifications[0],
        { ...step.notifications[1], policy: { ...policy, notifications: { ...policy.notifications, channels: {} as never } } },
      ],
    };
    await expect(acts.recordEmergencyStep(broken)).rejects.toThrow();
    expect(await rows(step)).toEqual(before);
    expect(before).toMatchObject({ emergencies: 0, events: 0, facts: 0, tasks: 0, outbox: 0 });
  });
});
