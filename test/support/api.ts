import { randomUUID } from 'node:crypto';
import { Like, type DataSource, type FindOptionsWhere } from 'typeorm';
import { Fact, OrgUnit, Task, type User } from '../../db/entities';
import type { Policy } from '../../domain/policy';
import { loggedInClients } from './as-user';
import type { startTestSystem } from './env';
import { PNG } from './fixtures';
import { eventually } from './wait';

export type TestSystem = Awaited<ReturnType<typeof startTestSystem>>;

/**
 * The process's open task of this type whose id ends with `suffix`, polled for until there. With
 * `withMeasures`, also the tasks of a risk assessment's measures, held by the measure's child
 * workflow `<workflowId>/measure-<n>`.
 */
export function openTaskOf(
  ds: DataSource,
  workflowId: string,
  taskType: string,
  suffix = '',
  options: { timeoutMs?: number; everyMs?: number; withMeasures?: boolean } = {},
): Promise<Task> {
  const where: FindOptionsWhere<Task>[] = [{ workflowId, taskType, status: 'open' }];
  if (options.withMeasures) where.push({ workflowId: Like(`${workflowId}/measure-%`), taskType, status: 'open' });
  return eventually(
    async () => (await ds.getRepository(Task).findBy(where)).find((t) => t.id.endsWith(suffix)),
    `an open ${taskType}${suffix} task of ${workflowId}`,
    options.timeoutMs ?? 20_000,
    options.everyMs,
  );
}

/**
 * What the process suites do through the API of one running system (read through `get` when first
 * needed, so a suite creates these before its system starts in `beforeAll`): the demo users'
 * logged-in clients, org units by code, the policy in force, the open tasks of a process and their
 * completion, the facts a process recorded. `withMeasures`: a risk assessment's open tasks include
 * its measures' (see openTaskOf).
 */
export function apiHelpers(get: () => TestSystem, options: { openTaskTimeoutMs?: number; withMeasures?: boolean } = {}) {
  const as = loggedInClients(() => get().appUrl!);
  const call = async (username: string, method: string, path: string, body?: unknown) => (await as(username)).call(method, path, body);
  const ds = () => get().dataSource;
  /** The id of the org unit with this code. */
  const unit = async (code: string) => (await ds().getRepository(OrgUnit).findOneByOrFail({ code })).id;
  /** The safety hub puts `p` in force. */
  const usePolicy = async (p: Policy, note: string) => expect((await call('safety', 'POST', '/api/policies', { document: p, note })).status).toBe(201);
  /** The process's open task of this type (whose id ends with `suffix`), once there. */
  const openTask = (workflowId: string, taskType: string, suffix = '', timeoutMs = options.openTaskTimeoutMs ?? 20_000) =>
    openTaskOf(ds(), workflowId, taskType, suffix, { timeoutMs, withMeasures: options.withMeasures });
  const taskId = (task: string | { id: string }) => (typeof task === 'string' ? task : task.id);
  /** `username` completes the task; the response, whatever its status. */
  const completeCall = (username: string, task: string | { id: string }, payload: Record<string, unknown>) =>
    call(username, 'POST', `/api/tasks/${encodeURIComponent(taskId(task))}/complete`, { payload });
  /** `username` completes the task; the response's body, or an error when it was refused. */
  const complete = async (username: string, task: string | { id: string }, payload: Record<string, unknown>) => {
    const r = await completeCall(username, task, payload);
    if (r.status !== 200) throw new Error(`${username} completing ${taskId(task)}: ${r.status} ${r.text}`);
    return r.body;
  };
  /** An administrator adds a user with the demo password; the response. */
  const addUser = (username: string, displayName: string, orgUnitId: string, roles: string[]) =>
    call('admin', 'POST', '/api/users', { username, displayName, password: 'safeloop-demo', orgUnitId, roles });
  /** The facts a process recorded (of one kind), in the order recorded. */
  const facts = (workflowId: string, kind?: string) =>
    ds()
      .getRepository(Fact)
      .find({ where: { sourceWorkflowId: workflowId, ...(kind ? { kind } : {}) }, order: { id: 'ASC' } });
  return { as, call, ds, unit, usePolicy, openTask, completeCall, complete, addUser, facts };
}

/**
 * `username` reports a hazard through the API (guarding on press line 3, no photos unless `fields`
 * say otherwise); its report id and workflow id.
 */
export async function reportHazard(
  as: ReturnType<typeof apiHelpers>['as'],
  username: string,
  fields: { title: string; description: string; suspectedSeverity: string } & Record<string, unknown>,
): Promise<{ id: string; workflowId: string }> {
  const reportId = randomUUID();
  const r = await (await as(username)).call('POST', '/api/hazards', { reportId, category: 'guarding', area: 'Press line 3', evidenceIds: [], ...fields });
  expect(r.status).toBe(201);
  return { id: reportId, workflowId: r.body.workflowId as string };
}

/** `username` uploads a photo (a 1×1 PNG) as evidence named `fileName`; the response, whatever its status. */
export async function evidencePhoto(as: ReturnType<typeof apiHelpers>['as'], username: string, fileName: string) {
  return (await as(username)).call('POST', '/api/evidence', PNG as unknown as string, { 'content-type': 'image/png', 'x-file-name': fileName });
}

/**
 * Starts a hazard process on the system's task queue directly, not through the API, with what the
 * API never sets (`options`: the policy, a short history limit, progress notes per run): a
 * low-severity yard hazard `reporter` reports now.
 */
export async function startHazardWorkflow(
  system: TestSystem,
  reporter: Pick<User, 'id' | 'username' | 'orgUnitId' | 'personId'>,
  title: string,
  options: Record<string, unknown>,
) {
  const hazardId = randomUUID();
  const workflowId = `Hazard:${hazardId}`;
  const handle = await system.client.workflow.start('HazardWorkflow', {
    workflowId,
    taskQueue: system.config.temporal.taskQueue,
    args: [
      {
        report: {
          hazardId,
          title,
          description: 'd',
          category: 'other',
          area: 'Yard',
          orgUnitId: reporter.orgUnitId,
          suspectedSeverity: 'low',
          evidenceIds: [],
          reporterUserId: reporter.id,
          reporterPersonId: reporter.personId,
          reporterUsername: reporter.username,
          reportedAt: new Date().toISOString(),
        },
        ...options,
      },
    ],
  });
  return { hazardId, workflowId, handle };
}
