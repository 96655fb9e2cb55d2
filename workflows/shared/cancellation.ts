import { CancellationScope, isCancellation, workflowInfo } from '@temporalio/workflow';
import { tasks } from './activity-options';

/**
 * Makes a process workflow honour a cancellation request (the safety hub's bulk cancel sends
 * one): whatever step it waits in, it withdraws its open tasks and marks its projection
 * `cancelled` before it ends as cancelled. Without a cancellation the workflow runs unchanged
 * (no extra commands, so existing histories replay as before).
 */
export function cancellable<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const name = run.name.replace(/^run/, '');
  // Named like the workflow type (`runEmergencyWorkflow` → `EmergencyWorkflow`): `executeChild(fn)` takes the type from `fn.name`.
  return {
    [name]: async (...args: A) => {
      try {
        return await run(...args);
      } catch (err) {
        if (isCancellation(err)) {
          await CancellationScope.nonCancellable(() =>
            tasks.markProcessCancelled({ workflowId: workflowInfo().workflowId, reason: 'cancelled from the safety hub monitor' }),
          );
        }
        throw err;
      }
    },
  }[name]!;
}
