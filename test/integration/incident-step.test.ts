import { randomUUID } from 'node:crypto';
import { Like, type DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import type { IncidentStep } from '../../activities/incidents';
import { AuditEntry, Fact, Incident, IncidentEvent, NotificationOutbox, OrgUnit, Task, User } from '../../db/entities';
import type { NotificationRequest } from '../../workflows/notification/messages';
import { STEP_TEST_POLICY, stepActivityDatabase } from '../support/step-activities';

/**
 * `recordIncidentStep` (patch `incident-one-step`): a step's writes in one transaction. Run again
 * after its commit (a local activity retried: the worker died before the marker was recorded) it
 * writes nothing twice; a step that fails part-way leaves nothing written.
 */
describe('an incident step in one transaction', () => {
  const env = stepActivityDatabase();
  const policy = STEP_TEST_POLICY;
  let ds: DataSource;
  let acts: ReturnType<typeof createActivities>;
  beforeAll(() => {
    ({ ds, acts } = env);
  });

  /** The start of a new incident (the report's record and the classification task) as the workflow hands it to the activity. */
  async function start(): Promise<IncidentStep> {
    const employee = await ds.getRepository(User).findOneByOrFail({ username: 'employee' });
    const safety = (await ds.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-SAFETY' })).id;
    const incidentId = randomUUID();
    const workflowId = `Incident:${incidentId}`;
    const at = new Date().toISOString();
    const dueAt = new Date(Date.now() + 3_600_000).toISOString();
    const notice = (dedupKey: string, request: Omit<NotificationRequest, 'dedupKey' | 'link' | 'source' | 'subject' | 'body'>) => ({
      dedupKey,
      ...request,
      subject: 'New task: Classify incident: Step test',
      body: 'Classify it',
      link: `/incidents/${incidentId}`,
      source: workflowId,
      policy,
    });
    return {
      incidentId,
      workflowId,
      reported: {
        receiptHash: 'not-a-real-hash',
        policyVersion: 1,
        report: {
          incidentId,
          kind: 'incident',
          anonymous: false,
          title: 'Step test',
          description: 'A step test',
          location: 'Step hall',
          orgUnitId: employee.orgUnitId,
          occurredAt: at,
          injuredPeople: [],
          immediateActions: '',
          evidenceIds: [],
          emergencyId: null,
          reporterUserId: employee.id,
          reporterPersonId: employee.personId,
          reporterUsername: 'employee',
          reportedAt: at,
        },
      },
      transitions: [{ changes: { dueAt, escalationLevel: 0, overdue: false } }],
      tasks: [
        {
          id: `${workflowId}/classify`,
          workflowId,
          processType: 'incident',
          taskType: 'incident.classify',
          title: 'Classify incident: Step test',
          description: null,
          orgUnitId: safety,
          candidateRole: null,
          priority: 'normal',
          dueAt,
        },
      ],
      notifications: [notice(`${workflowId}/classify/assigned`, { audience: { kind: 'unit', orgUnitId: safety }, severity: 'normal' })],
    };
  }

  /** The classification's step: its transition with a fact, the investigation task, the team's notice. */
  function classified(step: IncidentStep): IncidentStep {
    const { workflowId } = step;
    const at = new Date().toISOString();
    const task = step.tasks[0];
    return {
      incidentId: step.incidentId,
      workflowId,
      transitions: [
        {
          changes: { status: 'investigating', classifiedAt: at, escalationLevel: 0, overdue: false },
          event: { id: `${workflowId}/classified`, type: 'classified', actor: 'safety', at, data: {} },
          facts: [
            {
              id: `${workflowId}/classified`,
              kind: 'incident.classified',
              personId: null,
              attribution: 'none',
              orgUnitId: task.orgUnitId,
              departmentHeadPersonId: null,
              sourceWorkflowId: workflowId,
              subjectId: step.incidentId,
              value: 1,
              occurredAt: at,
              data: {},
              policyVersion: 1,
            },
          ],
        },
        { changes: { dueAt: new Date(Date.now() + 86_400_000).toISOString(), escalationLevel: 0, overdue: false } },
      ],
      tasks: [{ ...task, id: `${workflowId}/investigate`, taskType: 'incident.investigate', title: 'Investigate: Step test' }],
      notifications: [{ ...step.notifications[0], dedupKey: `${workflowId}/team`, subject: 'Investigation team: Step test' }],
    };
  }

  /** Every row a step of `workflowId` writes, counted. */
  async function rows(step: IncidentStep) {
    return {
      incidents: await ds.getRepository(Incident).countBy({ id: step.incidentId }),
      events: await ds.getRepository(IncidentEvent).countBy({ incidentId: step.incidentId }),
      facts: await ds.getRepository(Fact).countBy({ sourceWorkflowId: step.workflowId }),
      tasks: await ds.getRepository(Task).countBy({ workflowId: step.workflowId }),
      outbox: await ds.getRepository(NotificationOutbox).countBy({ dedupKey: Like(`${step.workflowId}/%`) }),
      audit: await ds.getRepository(AuditEntry).count(),
    };
  }

  it('run again after its commit, writes nothing twice; answers the same', async () => {
    const step = await start();
    const first = await acts.recordIncidentStep(step);
    const written = await rows(step);
    expect(written).toMatchObject({ incidents: 1, events: 1, tasks: 1 });
    expect(written.outbox).toBeGreaterThan(0);
    expect(first.reported).toBe(true);
    expect(first.notifications.map((n) => [n.dedupKey, n.recipients > 0])).toEqual([[`${step.workflowId}/classify/assigned`, true]]);
    const again = await acts.recordIncidentStep(step);
    expect(await rows(step)).toEqual(written);
    expect(again).toEqual(first);
    expect((await ds.getRepository(Incident).findOneByOrFail({ id: step.incidentId })).dueAt?.toISOString()).toBe(step.transitions[0].changes.dueAt);

    const next = classified(step);
    const decided = await acts.recordIncidentStep(next);
    const after = await rows(step);
    expect(after).toMatchObject({ incidents: 1, events: 2, facts: 1, tasks: 2 });
    expect(after.outbox).toBeGreaterThan(written.outbox);
    expect(await acts.recordIncidentStep(next)).toEqual(decided);
    expect(await rows(step)).toEqual(after);
    expect(await ds.getRepository(Incident).findOneByOrFail({ id: step.incidentId })).toMatchObject({ status: 'investigating' });
  });

  it('fails whole: a step whose last write fails leaves none of its rows', async () => {
    const step = await start();
    const before = await rows(step);
    // The last write, the task's notice, cannot be addressed: the policy names no channels for its severity.
    const broken: IncidentStep = {
      ...step,
      notifications: [{ ...step.notifications[0], policy: { ...policy, notifications: { ...policy.notifications, channels: {} as never } } }],
    };
    await expect(acts.recordIncidentStep(broken)).rejects.toThrow();
    expect(await rows(step)).toEqual(before);
    expect(before).toMatchObject({ incidents: 0, events: 0, facts: 0, tasks: 0, outbox: 0 });
  });
});
