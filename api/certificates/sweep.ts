import { randomUUID } from 'node:crypto';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowFailedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../db/audit/audit-log';
import { currentPolicy } from '../../db/stores/policy-store';
import {
  CERTIFICATE_SWEEP_HOUR,
  certificateSweepScheduleId,
  certificateSweepWorkflowId,
  type CertificateSweepInput,
  type CertificateSweepResult,
} from '../../workflows/certificates/messages';
import { CertificateSweepWorkflow } from '../../workflows/certificates/workflow';
import { actorOf } from '../platform/access';
import { ServiceUnavailableError } from '../platform/errors';
import type { Principal } from '../platform/route';

const SWEEP_TIMEOUT_MS = 60_000;

/**
 * The certificates sweep runs on a Temporal Schedule, daily at CERTIFICATE_SWEEP_HOUR in the
 * group's time zone (the policy's default quiet-hours zone). Ensured at every start (idempotent):
 * created when missing, its time zone brought in line with the current policy. Overlapping runs
 * are skipped; a missed day is caught up within a day (a reminder is due for days, not minutes).
 */
export async function ensureCertificateSweepSchedule(client: Client, ds: DataSource, taskQueue: string): Promise<{ scheduleId: string; created: boolean }> {
  // The group's zone: the policy's default quiet hours name it (China Standard Time when they are off, as GROUP_OFFSET_MINUTES).
  const timezone = (await currentPolicy(ds)).document.quietHours.default?.timeZone ?? 'Asia/Shanghai';
  const scheduleId = certificateSweepScheduleId(taskQueue);
  const spec = { calendars: [{ hour: CERTIFICATE_SWEEP_HOUR, minute: 0 }], timezone };
  const args: [CertificateSweepInput] = [{ trigger: 'schedule', requestedBy: null }];
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: CertificateSweepWorkflow,
        workflowId: certificateSweepWorkflowId('scheduled'),
        taskQueue,
        args,
        workflowExecutionTimeout: '1 hour',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: 'SafeLoop certificates sweep: expiry reminders and lapsed certificates on running permits' },
    });
    return { scheduleId, created: true };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(scheduleId);
  // Right after a dev server restarts on its persisted state, describing a schedule can fail for a few
  // seconds: the schedule is there, its zone is then brought in line at the next start.
  const d = await handle.describe().catch(() => null);
  if (d && d.spec.timezone !== timezone) await handle.update((prev) => ({ ...prev, spec }));
  return { scheduleId, created: false };
}

/** Runs a sweep now (the workflow the schedule runs), audited, and answers what it did (503 if it takes over a minute). */
export async function runCertificateSweep(
  client: Client,
  ds: DataSource,
  taskQueue: string,
  p: Principal,
): Promise<CertificateSweepResult & { workflowId: string }> {
  const workflowId = certificateSweepWorkflowId(`manual-${randomUUID()}`);
  await ds.transaction((em) =>
    appendAudit(em, { ...actorOf(p), action: 'certificate_sweep.requested', entityType: 'certificate_sweep', entityId: workflowId, after: { workflowId } }),
  );
  const input: CertificateSweepInput = { trigger: 'manual', requestedBy: p.username };
  const handle = await client.workflow.start(CertificateSweepWorkflow, {
    workflowId,
    taskQueue,
    args: [input],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    workflowExecutionTimeout: '1 hour',
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ServiceUnavailableError(`The sweep ${workflowId} is still running; look again in a moment`)), SWEEP_TIMEOUT_MS);
  });
  try {
    return { workflowId, ...(await Promise.race([handle.result(), timeout])) };
  } catch (err) {
    if (err instanceof WorkflowFailedError) throw new ServiceUnavailableError(`The sweep ${workflowId} failed; see its history in Temporal`);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
