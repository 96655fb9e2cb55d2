import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { ensureDefaultAlertRules } from '../../db/stores/alert-store';
import { currentPolicy } from '../../db/stores/policy-store';
import { alertSweepScheduleId, alertSweepWorkflowId, type AlertSweepInput } from '../../workflows/alerts/messages';
import { AlertSweepWorkflow } from '../../workflows/alerts/workflow';

/**
 * The alert sweep runs on a Temporal Schedule every `policy.alerts.sweepEvery` seconds. Ensured at
 * every start (idempotent): created when missing — its first run one interval later, so a fresh
 * start is not greeted by a burst — and its interval brought in line with the current policy.
 * Overlapping runs are skipped and missed runs are not caught up (the next sweep sees everything).
 */
export async function ensureAlertSweepSchedule(
  client: Client,
  ds: DataSource,
  taskQueue: string,
): Promise<{ scheduleId: string; everySeconds: number; created: boolean }> {
  await ensureDefaultAlertRules(ds);
  const everySeconds = (await currentPolicy(ds)).document.alerts.sweepEvery;
  const scheduleId = alertSweepScheduleId(taskQueue);
  const args: [AlertSweepInput] = [{ trigger: 'schedule', requestedBy: null }];
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: `${everySeconds}s` }], startAt: new Date(Date.now() + everySeconds * 1000) },
      action: {
        type: 'startWorkflow',
        workflowType: AlertSweepWorkflow,
        workflowId: alertSweepWorkflowId('scheduled'),
        taskQueue,
        args,
        workflowExecutionTimeout: '15 minutes',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      state: { note: 'SafeLoop alert sweep' },
    });
    return { scheduleId, everySeconds, created: true };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(scheduleId);
  const d = await describeWhenReady(handle);
  if (d.spec.intervals?.length !== 1 || d.spec.intervals[0].every !== everySeconds * 1000) {
    await handle.update((prev) => ({ ...prev, spec: { intervals: [{ every: `${everySeconds}s` }] } }));
  }
  return { scheduleId, everySeconds, created: false };
}

/**
 * A schedule is described by querying its scheduler workflow; right after a dev server restarts
 * on its persisted state (a start after a killed one) that query can fail for a few seconds
 * ("Failed to describe schedule"). Tried again for up to 15 s before giving up.
 */
async function describeWhenReady(handle: ReturnType<Client['schedule']['getHandle']>) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await handle.describe();
    } catch (err) {
      if (attempt >= 30 || !/describe schedule/i.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
