import type { Policy } from '../../domain/policy';
import type { NotificationRequest } from '../notification/messages';
import { notificationWorkflowId } from '../notification/messages';
import { DeliverNotificationWorkflow } from '../notification/workflow';
import { startDetached } from './children';

/**
 * Sends an alert from a process: a child `DeliverNotificationWorkflow` that outlives the parent
 * if it must wait out quiet hours. A second call with the same key is a no-op (de-duplication).
 */
export function notify(policy: Policy, request: NotificationRequest): Promise<void> {
  // Returns startDetached's own promise (no extra await), so callers resume exactly as before.
  return startDetached(DeliverNotificationWorkflow, notificationWorkflowId(request.dedupKey), [
    { ...request, policy: { notifications: policy.notifications, quietHours: policy.quietHours } },
  ]);
}
