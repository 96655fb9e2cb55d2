import { ContinueAsNew, isCancellation, metricMeter, workflowInfo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Process metrics counted by the workflows themselves, through the SDK's metric meter: replay-safe
 * (nothing is counted while a history is replayed, so a worker restart or a cache eviction does
 * not count twice) and exported with the SDK's metrics (temporal/worker.ts), each with its
 * `workflowType`, `namespace` and `taskQueue` (the SDK's labels for workflow metrics).
 * - safeloop_processes_started_total: a process began (not a run that continued as new);
 * - safeloop_processes_closed_total{outcome}: it ended: completed, failed or cancelled;
 * - safeloop_sla_breaches_total{task_type}: a task's deadline passed while it was open;
 * - safeloop_escalations_total{task_type, step}: an overdue item went one rung up the ladder.
 * Counters are created where used: the meter is per workflow, modules are shared.
 */
export function countSlaBreach(taskType: string): void {
  metricMeter.createCounter('safeloop_sla_breaches', 'breaches', 'Deadlines passed while the task was open').add(1, { task_type: taskType });
}

export function countEscalation(taskType: string, step: string): void {
  metricMeter.createCounter('safeloop_escalations', 'escalations', 'Overdue items escalated one rung').add(1, { task_type: taskType, step });
}

/** Registered with the worker (and the bundle) as a workflow interceptor module. */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        if (!workflowInfo().continuedFromExecutionRunId) metricMeter.createCounter('safeloop_processes_started', 'processes', 'Processes started').add(1);
        const closed = (outcome: string) =>
          metricMeter.createCounter('safeloop_processes_closed', 'processes', 'Processes ended, by outcome').add(1, { outcome });
        try {
          const result = await next(input);
          closed('completed');
          return result;
        } catch (err) {
          if (!(err instanceof ContinueAsNew)) closed(isCancellation(err) ? 'cancelled' : 'failed');
          throw err;
        }
      },
    },
  ],
});
