import type { Client } from '@temporalio/client';
import { In, type DataSource } from 'typeorm';
import { decodeHistory } from '../../api/processes/history-decoder';
import { NotificationOutbox } from '../../db/entities';
import { DEFAULT_POLICY } from '../../domain/policy';
import { fetchDecodedHistory } from '../../temporal/codec';
import type { NotificationRecorded } from '../../workflows/notification/messages';
import { eventually } from './wait';

/**
 * Puts in force the defaults without quiet hours, as `safety`: the default policy's 22:00–07:00
 * (Asia/Shanghai) defers every normal notice, so a test that waits for one to be delivered would
 * fail when run between 14:00 and 23:00 UTC. Tests of quiet hours set their own.
 */
export async function quietHoursOff(
  call: (username: string, method: string, path: string, body?: unknown) => Promise<{ status: number; text?: string }>,
): Promise<void> {
  const r = await call('safety', 'POST', '/api/policies', {
    document: { ...DEFAULT_POLICY, quietHours: { default: null } },
    note: 'tests: no default quiet hours',
  });
  if (r.status !== 201) throw new Error(`publishing a policy without quiet hours: ${r.status} ${r.text ?? ''}`);
}

/**
 * Waits until the notification with this key is delivered through the outbox: its rows are there
 * and none is pending or on its way (each sent, or failed for good). Its rows.
 */
export async function outboxDelivered(ds: DataSource, dedupKey: string, timeoutMs = 30_000): Promise<NotificationOutbox[]> {
  return eventually(
    async () => {
      const rows = await ds.getRepository(NotificationOutbox).findBy({ dedupKey });
      return rows.length > 0 && rows.every((r) => r.state === 'sent' || r.state === 'failed') ? rows : null;
    },
    `the notification ${dedupKey} delivered`,
    timeoutMs,
  );
}

/**
 * An outbox row due a second ago, as a step writes it (`<key>|<user>|<channel>`), for tests that
 * drive the dispatcher's rounds directly.
 */
export function dueOutboxRow(key: string, userId: string, channel: 'inapp' | 'email', request: object, address: string | null = null) {
  return {
    id: `${key}|${userId}|${channel}`,
    dedupKey: key,
    channel,
    recipientUserId: userId,
    address,
    request: JSON.stringify(request),
    state: 'pending' as const,
    dueAt: new Date(Date.now() - 1000),
    attempts: 0,
    claimedAt: null,
    lastError: null,
    sentAt: null,
  };
}

/** Outbox rows not yet delivered (pending or being sent). */
export function outboxOpen(ds: DataSource): Promise<number> {
  return ds.getRepository(NotificationOutbox).countBy({ state: In(['pending', 'sending']) });
}

/** Local activities that write a process's step, its notifications among them (issue 22). */
const STEP_MARKERS = new Set(['recordHazardStep', 'recordEmergencyStep', 'recordIncidentStep', 'recordPermitStep', 'recordRiskAssessmentStep']);

/** The notifications a process put in the outbox, in order: what each `recordNotification` returned (its marker in the history), and the notice the API wrote with the start. */
export async function recordedNotifications(client: Client, workflowId: string): Promise<NotificationRecorded[]> {
  const events = decodeHistory(await fetchDecodedHistory(client, workflowId));
  // Each through its own local activity, or with the writes of a step (a hazard's `recordHazardStep`, an emergency's `recordEmergencyStep`),
  // or by the API with the process's start (the grading notice of a hazard it opened: `opened.notice` in the input).
  return events.flatMap((e) => {
    if (e.type === 'WORKFLOW_EXECUTION_STARTED') {
      const notice = (e.attrs.input as { opened?: { notice?: NotificationRecorded } }[] | undefined)?.[0]?.opened?.notice;
      return notice ? [notice] : [];
    }
    if (e.type !== 'MARKER_RECORDED' || e.attrs.failed) return [];
    return e.attrs.activityType === 'recordNotification'
      ? [e.attrs.result as NotificationRecorded]
      : STEP_MARKERS.has(String(e.attrs.activityType))
        ? ((e.attrs.result as { notifications: NotificationRecorded[] }).notifications ?? [])
        : [];
  });
}
