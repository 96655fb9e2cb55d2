import { ApplicationFailure, getExternalWorkflowHandle, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CertificateActivities } from '../../activities/certificates';
import { certificateLapsedSignal } from '../permit/messages';
import { notify } from '../shared/notify';
import type { CertificateSweepInput, CertificateSweepResult } from './messages';

const acts = proxyActivities<CertificateActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** A signal to a workflow that does not run (never started, or closed) fails with this. */
function notRunning(err: unknown): boolean {
  return err instanceof ApplicationFailure
    ? err.type === 'ExternalWorkflowExecutionNotFound' || /not found/i.test(err.message)
    : /not found/i.test(String(err));
}

/**
 * One certificates sweep (started daily by its schedule, or on demand): the activity claims the
 * expiry reminders now due and the certificates that expired, each once; the reminders go to the
 * holder and their department head through `DeliverNotificationWorkflow` (`Notify:certificate:…`,
 * a repeated start is a no-op), and every running permit with the holder on its crew gets the
 * `certificateLapsed` signal (it suspends). A permit whose workflow does not run has nothing to
 * suspend.
 */
export async function CertificateSweepWorkflow(_input: CertificateSweepInput): Promise<CertificateSweepResult> {
  const r = await acts.sweepCertificates({ sweepId: workflowInfo().workflowId });
  await Promise.all(r.reminders.map((n) => notify(r.policy, n)));
  const signalled: string[] = [];
  const missing: string[] = [];
  for (const l of r.lapses) {
    try {
      await getExternalWorkflowHandle(l.workflowId).signal(certificateLapsedSignal, l.lapse);
      signalled.push(l.permitId);
    } catch (err) {
      if (!notRunning(err)) throw err;
      missing.push(l.permitId);
    }
  }
  return { today: r.today, reminded: r.reminders.length, expired: r.expired, signalled, notRunning: missing };
}
