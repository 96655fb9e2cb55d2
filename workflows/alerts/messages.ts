import type { NotificationRequest } from '../notification/messages';

/** What started a sweep: its Temporal Schedule, or someone through `POST /api/alert-rules/evaluate`. */
export interface AlertSweepInput {
  trigger: 'schedule' | 'manual';
  /** Username of whoever asked for a manual sweep. */
  requestedBy: string | null;
}

/** An alert this sweep inserted, with the notification to send (null: nobody to tell). */
export interface FiredAlert {
  alertId: string;
  dedupKey: string;
  notification: NotificationRequest | null;
}

export interface AlertSweepResult {
  /** Enabled rules evaluated. */
  rules: number;
  /** Alerts whose conditions hold now (new and already fired). */
  candidates: number;
  /** Ids of the alerts this sweep fired. */
  fired: string[];
  notified: number;
  resolved: number;
  /** New alerts left for the next sweep (a sweep fires at most MAX_NEW_ALERTS_PER_SWEEP). */
  deferred: number;
}

/** Keeps one sweep's activity result and history bounded; the rest fire on the next sweep. */
export const MAX_NEW_ALERTS_PER_SWEEP = 200;

/** Scheduled runs get the schedule's time appended by Temporal: `AlertSweep:scheduled-<time>`. */
export function alertSweepWorkflowId(suffix: string): string {
  return `AlertSweep:${suffix}`;
}

/** One sweep schedule per task queue (per deployment). */
export function alertSweepScheduleId(taskQueue: string): string {
  return `AlertSweep:${taskQueue}`;
}

/** The notification's de-duplication key: even a replayed start of the same alert's notification is a no-op. */
export function alertNotificationKey(dedupKey: string): string {
  return `alert:${dedupKey}`;
}
