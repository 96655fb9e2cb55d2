import type { Policy } from '../../domain/policy';
import type { Severity } from '../../domain/quiet-hours';
import type { Text } from '../../domain/texts/text';

/** Who should hear about it. Resolved to users by an activity at send time. */
export type Audience =
  | { kind: 'users'; userIds: string[] }
  /**
   * Who the unit's work is for (domain/candidates.ts): its responders (head and named people), or
   * with `role` the holders of the role whose scope covers the unit, nearest first; a task's
   * notification goes to who the task is for now. Nobody → up the escalation ladder, recorded.
   */
  | { kind: 'unit'; orgUnitId: string; role?: string }
  /** A rung of the escalation ladder above an org unit. */
  | { kind: 'escalation'; orgUnitId: string; step: 'assignee' | 'department_head' | 'plant' | 'company_safety_director' };

export interface NotificationRequest {
  /** De-duplication key: the same key is delivered once, ever. */
  dedupKey: string;
  audience: Audience;
  severity: Severity;
  /** Message keys with parameters (domain/texts): a mail goes out in its recipient's language; a string as it is. */
  subject: string | Text;
  body: string | Text;
  link: string | null;
  /** The process it comes from (workflow ID), or `api:<username>`. */
  source: string | null;
}

export interface DeliverNotificationInput extends NotificationRequest {
  policy: Pick<Policy, 'notifications' | 'quietHours'>;
}

export interface DeliveryOutcome {
  recipients: number;
  deferred: number;
  delivered: number;
}

export function notificationWorkflowId(dedupKey: string): string {
  return `Notify:${dedupKey}`;
}

/** The notification dispatcher (workflows/notification/dispatcher.ts): one per worker task queue. */
export const NOTIFICATION_DISPATCHER_WORKFLOW = 'NotificationDispatcherWorkflow';
/** The signal that tells the dispatcher messages are due (signal-with-start by `recordNotification`). */
export const NOTIFICATION_DISPATCHER_WAKE = 'wake';

export function notificationDispatcherId(taskQueue: string): string {
  return `NotificationDispatcher:${taskQueue}`;
}

export interface NotificationDispatcherInput {
  /** The task queue the delivery activities run on (`safeloop-notifications` beside `safeloop-main`). */
  deliveryQueue: string;
}

/** What `recordNotification` returns: the process's timeline shows the notification from it. */
export interface NotificationRecorded {
  dedupKey: string;
  severity: NotificationRequest['severity'];
  subject: NotificationRequest['subject'];
  audience: Audience;
  recipients: number;
  /** Recipients whose messages wait for the end of their quiet hours. */
  deferred: number;
  /** Outbox rows (messages) it wrote or found. */
  messages: number;
}

/** One dispatcher round: what it did, and when the next message falls due (null: none waits). */
export interface DispatchRound {
  sent: number;
  failed: number;
  retrying: number;
  /** Delivered or failed rows past their retention deleted this round (rounds recorded before the clean-up have none). */
  cleaned: number;
  nextDueAt: string | null;
}
