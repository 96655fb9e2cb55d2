import type { Client, WorkflowStartOptions } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type QueryDefinition } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { OrgUnit, type Task } from '../../db/entities';
import type { ProcessEventColumns } from '../../db/entities/process-event';
import { currentPolicy } from '../../db/stores/policy-store';
import type { TaskService, TaskView } from '../tasks/service';
import { mayRaiseIn } from './access';
import { ValidationError } from './errors';
import type { Principal } from './route';

/** A process's timeline (its rows of `hazard_events`, `emergency_events`, …) as the API answers it. */
export function timelineOf(events: ProcessEventColumns[]) {
  return events.map((x) => ({ id: x.id, at: x.at.toISOString(), type: x.type, actor: x.actor, data: JSON.parse(x.data) as Record<string, unknown> }));
}

/**
 * What the services of the processes (hazards, emergencies, risk assessments, the monitor) share:
 * the database, the Temporal client and task queue, the task inbox, and the Temporal UI to link to.
 */
export abstract class ProcessBackedService {
  constructor(
    protected readonly ds: DataSource,
    protected readonly client: Client,
    protected readonly taskQueue: string,
    protected readonly tasks: TaskService,
    private readonly temporalUiUrl: string | null,
    private readonly namespace: string,
  ) {}

  /**
   * Starts a process once per business key: false when one with this id exists already (a resend).
   * `recorded` runs right after the start: the projection the list and detail answer from at once.
   */
  protected async startOnce<I>(
    workflow: (input: I) => Promise<unknown>,
    workflowId: string,
    input: I,
    recorded: () => Promise<unknown>,
    /** What the process would otherwise upsert in its first workflow task (a one-step process writes its first task inside it). */
    typedSearchAttributes?: WorkflowStartOptions['typedSearchAttributes'],
  ): Promise<boolean> {
    try {
      await this.client.workflow.start(workflow, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        ...(typedSearchAttributes ? { typedSearchAttributes } : {}),
      });
      await recorded();
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }

  /** The unit a report is raised in: `orgUnitId`, else the caller's own; a 400 on `field` unless the caller may raise there (in their plant). */
  protected async raisedIn(p: Principal, orgUnitId: string | undefined, field = 'body.orgUnitId'): Promise<OrgUnit> {
    const unit = await this.ds.getRepository(OrgUnit).findOneBy({ id: orgUnitId ?? p.orgUnitId });
    if (!unit || !(await mayRaiseIn(this.ds, p, unit))) throw new ValidationError([{ path: field, message: 'no such org unit in your plant' }]);
    return unit;
  }

  /** Who reports, as a process's report names them, and when. */
  protected reportedBy(p: Principal) {
    // The principal was loaded with the request (api/auth/users.ts): its person is the user's.
    return { reporterUserId: p.userId, reporterPersonId: p.personId, reporterUsername: p.username, reportedAt: new Date().toISOString() };
  }

  /** The current policy as a process's input carries it: the process keeps this version. */
  protected async policyInput() {
    const policy = await currentPolicy(this.ds);
    return { policy: policy.document, policyVersion: policy.version };
  }

  /** The process (or one run of it) in the Temporal UI; null when no UI is configured. */
  uiLink(workflowId: string, runId?: string): string | null {
    if (!this.temporalUiUrl) return null;
    return `${this.temporalUiUrl}/namespaces/${encodeURIComponent(this.namespace)}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${encodeURIComponent(runId)}` : ''}`;
  }

  /** The process's live state, or null when its history is gone (retention) or Temporal is unreachable: the projection still answers. */
  protected async liveState<S>(workflowId: string, query: QueryDefinition<S, []>): Promise<S | null> {
    try {
      return await this.client.workflow.getHandle(workflowId).query(query);
    } catch {
      return null;
    }
  }

  /** The tasks of these rows the caller may see, in their order. */
  protected async visibleTasks(p: Principal, rows: Task[]): Promise<TaskView[]> {
    const out: TaskView[] = [];
    for (const t of rows) {
      const v = await this.tasks.get(p, t.id).catch(() => null);
      if (v) out.push(v);
    }
    return out;
  }
}
