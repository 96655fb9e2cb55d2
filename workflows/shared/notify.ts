import { patched, proxyLocalActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../../activities/notifications';
import type { Policy } from '../../domain/policy';
import type { DeliverNotificationInput, NotificationRequest } from '../notification/messages';
import { notificationWorkflowId } from '../notification/messages';
import { DeliverNotificationWorkflow } from '../notification/workflow';
import { startDetached } from './children';

/**
 * Writing to the outbox is a local activity: one marker event in the process's history and no
 * workflow task of its own (a child cost about nine events and two workflow tasks in the parent).
 * It is idempotent (the rows' IDs are the de-duplication keys), so running it again is harmless.
 */
const outbox = proxyLocalActivities<Pick<NotificationActivities, 'recordNotification'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** A notification with the policy parts its delivery needs (channels per severity, quiet hours). */
export function notifyInput(policy: Policy, request: NotificationRequest): DeliverNotificationInput {
  return { ...request, policy: { notifications: policy.notifications, quietHours: policy.quietHours } };
}

/**
 * Sends an alert from a process. Under the patch `notifications-outbox` (docs/VERSIONING.md):
 * one activity call that resolves the audience and writes the notification's outbox rows (and
 * the deferred records) in one transaction; the dispatcher delivers them
 * (workflows/notification/dispatcher.ts). A second call with the same key adds nothing.
 * Processes that started before the patch keep starting a detached `DeliverNotificationWorkflow`
 * child, which outlives the parent if it must wait out quiet hours.
 */
export function notify(policy: Policy, request: NotificationRequest): Promise<void> {
  const input = notifyInput(policy, request);
  if (patched('notifications-outbox')) return outbox.recordNotification(input).then(() => undefined);
  // Returns startDetached's own promise (no extra await), so callers resume exactly as before.
  return startDetached(DeliverNotificationWorkflow, notificationWorkflowId(request.dedupKey), [input]);
}
