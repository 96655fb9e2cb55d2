import {
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WithStartWorkflowOperation,
  type WorkflowUpdateOptions,
} from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, TimeoutFailure, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { ConflictError, ProcessTimeoutError } from './errors';

/**
 * Every update the API sends to a process, with a deadline. Without one an update whose handler
 * waits on a step that keeps failing (or on a worker that is not running) holds the request
 * open for as long as that lasts; with one the reader gets a 504 (`process_timeout`) in
 * `UPDATE_DEADLINE_SECONDS` and the update, if it was taken, still completes later (a resend
 * with the same update id gets its result). A handler whose step failed for good answers with
 * that step's own message instead of the SDK's "Activity task failed".
 */
export const UPDATE_DEADLINE_SECONDS = 20;

const deadlines = new WeakMap<Client, number>();

/** Sets the update deadline of the API's client (config `TEMPORAL_UPDATE_DEADLINE_SECONDS`). */
export function setUpdateDeadline(client: Client, seconds: number): void {
  deadlines.set(client, seconds);
}

/** `client.workflow.getHandle(workflowId)` for sending updates: `executeUpdate` with the deadline. */
export function updateHandle(client: Client, workflowId: string) {
  return {
    executeUpdate<Ret, Args extends [unknown, ...unknown[]], Name extends string = string>(
      def: UpdateDefinition<Ret, Args, Name>,
      options: WorkflowUpdateOptions & { args: Args },
    ): Promise<Ret> {
      return withUpdateDeadline(client, () => client.workflow.getHandle(workflowId).executeUpdate(def, options));
    },
  };
}

/** `client.workflow.executeUpdateWithStart` with the deadline: starts a process and sends it its first update in one call. */
export function executeUpdateWithStart<Ret>(client: Client, def: UpdateDefinition<Ret, []>, start: WithStartWorkflowOperation<Workflow>): Promise<Ret> {
  return withUpdateDeadline(client, () => client.workflow.executeUpdateWithStart(def, { startWorkflowOperation: start }));
}

export async function withUpdateDeadline<T>(client: Client, send: () => Promise<T>): Promise<T> {
  const seconds = deadlines.get(client) ?? UPDATE_DEADLINE_SECONDS;
  try {
    return await client.withDeadline(Date.now() + seconds * 1000, send);
  } catch (err) {
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw new ProcessTimeoutError(seconds);
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ActivityFailure) {
      throw new WorkflowUpdateFailedError(
        err.message,
        ApplicationFailure.create({
          type: 'StepFailed',
          message: `A step of the process failed (${stepFailure(err.cause)}), so it could not do this`,
          nonRetryable: true,
        }),
      );
    }
    throw err;
  }
}

/** The innermost reason of an activity's failure: its own message, or that it timed out. */
function stepFailure(err: Error): string {
  let e: Error | undefined = err;
  while (e instanceof ActivityFailure || e instanceof ChildWorkflowFailure) e = e.cause;
  if (e instanceof TimeoutFailure) return `it timed out (${String(e.timeoutType)})`;
  return e?.message || 'unknown error';
}

/** The process's own reason for refusing an update (its validator's or handler's error), else null. */
export function updateRefusal(err: unknown): string | null {
  return err instanceof WorkflowUpdateFailedError ? ((err.cause as Error | undefined)?.message ?? err.message) : null;
}

/** Whether the process is no longer running (an update that arrived while it closed fails with a server error). */
export async function processEnded(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING';
  } catch {
    return false;
  }
}

/**
 * Sends an update to a process that hands over to a fresh run now and then (continue-as-new):
 * while its handler answers `handingOver`, the update is sent again (the next run takes it). A
 * request the client may resend carries its `clientId`: the resend gets the first answer. The
 * process's refusal becomes a 409 with its reason; a process that has ended, a 409 saying `ended`.
 */
export async function sendProcessUpdate<R, A extends object>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<R, [A]>,
  arg: A,
  says: { handingOver: string; ended: string },
): Promise<R> {
  const clientId = (arg as { clientId?: string }).clientId;
  const updateId = clientId ? `${update.name}:${workflowId}:${clientId}` : undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return await updateHandle(client, workflowId).executeUpdate(update, { args: [arg], ...(updateId ? { updateId } : {}) });
      } catch (err) {
        if (updateRefusal(err) !== says.handingOver || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } catch (err) {
    const refusal = updateRefusal(err);
    if (refusal !== null) throw new ConflictError(refusal);
    if (/already completed|not found/i.test((err as Error).message) || (await processEnded(client, workflowId))) throw new ConflictError(says.ended);
    throw err;
  }
}
