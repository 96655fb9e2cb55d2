import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { AlertActivities } from '../../activities/alerts';
import { notify } from '../shared/notify';
import type { AlertSweepInput, AlertSweepResult } from './messages';

const acts = proxyActivities<AlertActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * One evaluation of every enabled alert rule (started by the sweep schedule, or on demand). The
 * activity inserts the new alerts idempotently by their de-duplication key and returns only those
 * this sweep inserted; each then goes to its audience through `DeliverNotificationWorkflow`
 * (`Notify:alert:<key>`), so the rule's severity and the recipients' quiet hours apply and a
 * repeated start is a no-op.
 */
export async function AlertSweepWorkflow(_input: AlertSweepInput): Promise<AlertSweepResult> {
  const r = await acts.sweepAlerts({ sweepId: workflowInfo().workflowId });
  const notifications = r.fired.flatMap((a) => (a.notification ? [a.notification] : []));
  await Promise.all(notifications.map((n) => notify(r.policy, n)));
  return {
    rules: r.rules,
    candidates: r.candidates,
    fired: r.fired.map((a) => a.alertId),
    notified: notifications.length,
    resolved: r.resolved,
    deferred: r.deferred,
  };
}
