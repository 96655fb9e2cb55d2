/** What started a certificates sweep: its daily Temporal Schedule, or someone through `POST /api/certificates/sweep`. */
export interface CertificateSweepInput {
  trigger: 'schedule' | 'manual';
  /** Username of whoever asked for a manual sweep. */
  requestedBy: string | null;
}

export interface CertificateSweepResult {
  today: string;
  /** Reminder notifications started (holder and department head count one each). */
  reminded: number;
  /** Certificates found expired this sweep. */
  expired: number;
  /** Permit workflows told that a crew member's certificate lapsed. */
  signalled: string[];
  /** Permits whose workflow no longer (or not yet) runs: nothing to tell. */
  notRunning: string[];
}

/** Scheduled runs get the schedule's time appended by Temporal: `CertificateSweep:scheduled-<time>`. */
export function certificateSweepWorkflowId(suffix: string): string {
  return `CertificateSweep:${suffix}`;
}

/** One sweep schedule per task queue (per deployment). */
export function certificateSweepScheduleId(taskQueue: string): string {
  return `CertificateSweep:${taskQueue}`;
}

/** The sweep runs daily at this hour of the group's time zone (the policy's default quiet-hours zone), after the night's quiet hours. */
export const CERTIFICATE_SWEEP_HOUR = 8;
