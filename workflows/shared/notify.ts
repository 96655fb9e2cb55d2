import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Policy } from '../../domain/policy';
import type { NotificationRequest } from '../notification/messages';
import { notificationWorkflowId } from '../notification/messages';

/**
 * Sends an alert from a process: a child `DeliverNotificationWorkflow` that outlives the parent
 * if it must wait out quiet hours. A second call with the same key is a no-op (de-duplication).
 */
export async function notify(policy: Policy, request: NotificationRequest): Promise<void> {
  try {
    await startChild('DeliverNotificationWorkflow', {
      workflowId: notificationWorkflowId(request.dedupKey),
      args: [{ ...request, policy: { notifications: policy.notifications, quietHours: policy.quietHours } }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
