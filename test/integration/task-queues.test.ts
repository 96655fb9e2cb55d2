import { temporal } from '@temporalio/proto';
import { createLogger } from '../../app/logger';
import { startSystem, type RunningSystem } from '../../app/system';
import { AssessmentCycle, Notification, ScoreSnapshot } from '../../db/entities';
import { periodContaining } from '../../domain/assessment-cycle/period';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { taskQueuesFor, type WorkerKind } from '../../temporal/task-queues';
import { apiHelpers } from '../support/api';
import { startTestSystem, testConfig } from '../support/env';
import { eventually } from '../support/wait';

const { PendingActivityState, TaskQueueType } = temporal.api.enums.v1;

/** Messages go out at once; the review task does not breach during the test. */
const policy: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] }, sla: { ...DEFAULT_POLICY.sla, approval: 600 } };

/**
 * The task queues split by kind (temporal/task-queues.ts): a system whose process runs only the
 * interactive worker starts an assessment cycle. Its workflow runs, but the scoring it hands to the
 * scoring queue stays scheduled there, and the notifications it hands to the notifications queue
 * stay undelivered, until a worker of that kind starts (here a second process role, `worker` with
 * WORKER_QUEUES naming the kind, as a deployment would run it). The notifications worker's rate
 * limit is the one the server applies to its queue.
 */
describe('task queues split by kind', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const others: RunningSystem[] = [];
  const { call, ds, unit, usePolicy, openTask } = apiHelpers(() => system, { openTaskTimeoutMs: 30_000 });
  const queues = () => taskQueuesFor(system.config.temporal.taskQueue);

  /** Workers of these kinds in a process of their own role, on the system's queues, database and mail sink. */
  const startWorkers = async (kinds: WorkerKind[], env: Record<string, string> = {}) => {
    const config = testConfig({
      DATABASE_URL: system.directDatabaseUrl,
      TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue,
      WORKER_QUEUES: kinds.join(','),
      METRICS_PORT: '0',
      SMTP_URL: `smtp://127.0.0.1:${system.mailSinkPort}`,
      APP_URL: system.appUrl!,
      ...env,
    });
    const started = await startSystem(config, createLogger(config.logLevel), 'worker');
    others.push(started);
    return started;
  };

  /** The activity task queue as the server sees it: its pollers (with the rate each asked for) and its backlog. */
  const describeActivityQueue = async (name: string) =>
    system.client.workflowService.describeTaskQueue({
      namespace: system.config.temporal.namespace,
      taskQueue: { name },
      taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      reportStats: true,
    });

  beforeAll(async () => {
    system = await startTestSystem('all', { WORKER_QUEUES: 'interactive' });
    await usePolicy(policy, 'task queue test');
  });
  afterAll(async () => {
    for (const o of others.reverse()) await o.stop();
    await system?.stop();
  });

  it('names its queues after the interactive one and polls only that one in an interactive-only process', async () => {
    const q = queues();
    expect(q.scoring).toBe(`${system.config.temporal.taskQueue}-scoring`);
    expect(q.notifications).toBe(`${system.config.temporal.taskQueue}-notifications`);
    expect(system.workerQueues).toEqual({ interactive: q.interactive });
    await eventually(async () => (await describeActivityQueue(q.interactive)).pollers.length > 0, 'the interactive worker polling');
    expect((await describeActivityQueue(q.scoring)).pollers).toEqual([]);
    expect((await describeActivityQueue(q.notifications)).pollers).toEqual([]);
  });

  it('leaves the scoring on the scoring queue until a scoring worker takes it, and the notifications on theirs until a notifications worker sends them', async () => {
    const scope = await unit('DEMO-PLANT');
    const period = periodContaining('monthly', new Date()).label;
    const started = await call('hr', 'POST', '/api/assessment-cycles', { scopeOrgUnitId: scope, period });
    expect(started.status).toBe(201);
    const { cycleId, workflowId } = started.body as { cycleId: string; workflowId: string };

    // The interactive worker froze the cycle (an interactive activity) and scheduled the scoring on the scoring queue.
    const handle = system.client.workflow.getHandle(workflowId);
    const pendingScoring = async () => (await handle.describe()).raw.pendingActivities?.find((a) => a.activityType?.name === 'scoreSnapshot');
    const scheduled = await eventually(pendingScoring, 'the scoring scheduled', 30_000);
    expect(scheduled.state).toBe(PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
    expect((await ds().getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId })).status).toBe('scoring');
    await eventually(
      async () => Number((await describeActivityQueue(queues().scoring)).stats?.approximateBacklogCount ?? 0) >= 1,
      'a backlog on the scoring queue',
    );
    // Nobody takes it: a while later it is still scheduled, on its first attempt, and nothing was scored.
    await new Promise((r) => setTimeout(r, 3000));
    const still = await pendingScoring();
    expect(still).toMatchObject({ state: PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED, attempt: 1 });
    expect(await ds().getRepository(ScoreSnapshot).countBy({ cycleId })).toBe(0);

    // A scoring worker starts: the draft is scored and the cycle waits for HR's review.
    const scoring = await startWorkers(['scoring']);
    expect([scoring.appUrl, scoring.workerQueues]).toEqual([null, { scoring: queues().scoring }]);
    const review = await openTask(workflowId, 'assessment.review');
    const cycle = await ds().getRepository(AssessmentCycle).findOneByOrFail({ id: cycleId });
    expect(cycle).toMatchObject({ status: 'review', currentSnapshot: 1 });
    expect(cycle.progressDone).toBe(cycle.progressTotal);
    expect(await pendingScoring()).toBeUndefined();
    expect((await describeActivityQueue(queues().scoring)).pollers.length).toBeGreaterThan(0);

    // The review task's notifications wait on the notifications queue: none is sent while no notifications worker runs.
    const ofReview = async () => (await ds().getRepository(Notification).find()).filter((n) => n.id.startsWith(`${review.id}/`));
    await eventually(
      async () => Number((await describeActivityQueue(queues().notifications)).stats?.approximateBacklogCount ?? 0) >= 1,
      'a backlog on the notifications queue',
      30_000,
    );
    expect((await ofReview()).filter((n) => n.status === 'sent')).toEqual([]);

    // A notifications worker with a rate limit of its own: it delivers them, and the server applies its rate to the queue.
    await startWorkers(['notifications'], { NOTIFICATIONS_PER_SECOND: '3' });
    const sent = await eventually(
      async () => {
        const rows = await ofReview();
        return rows.some((n) => n.channel === 'inapp') && rows.every((n) => n.status === 'sent') ? rows : undefined;
      },
      'the review task notifications sent',
      30_000,
    );
    expect(sent.length).toBeGreaterThan(0);
    const pollers = (await describeActivityQueue(queues().notifications)).pollers;
    expect(pollers.length).toBeGreaterThan(0);
    expect(pollers.map((p) => p.ratePerSecond)).toEqual(pollers.map(() => 3));
    // The other queues are not rate-limited (the server reports its 100 000 default).
    expect((await describeActivityQueue(queues().interactive)).pollers.every((p) => (p.ratePerSecond ?? 0) > 1000)).toBe(true);
  }, 150_000);
});
