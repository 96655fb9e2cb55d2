import { ApiError, completeTask, raiseEmergency, recordInspection, uploadEvidence, type TaskPayload } from '../api';
import { client, dataOf } from '../api/client';
import { newClientId } from '../clientId';
import { deviceOutbox } from './store';
import { syncOutbox, withSyncLock, type FailureKind, type OutboxTransport, type SyncOutcome } from './sync';
import type { OutboxItem, OutboxKind, PendingFile } from './types';

/**
 * The app's side of the device queue: putting what could not be sent on it, and sending it with
 * the app's API client. Pages call `enqueue…` when the device is offline or a request failed for
 * want of a network (`isNetworkFailure`); useOutboxSync (./useOutbox.ts) sends.
 */

/** A request that never reached the server (no network, connection dropped), as opposed to one the server answered. */
export function isNetworkFailure(err: unknown): boolean {
  return !(err instanceof ApiError) && (err instanceof TypeError || (err instanceof DOMException && err.name === 'NetworkError'));
}

/** The device says it has no network: don't even try, queue at once. */
export const deviceOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

function classify(err: unknown): { kind: FailureKind; message: string } {
  if (err instanceof ApiError) {
    const details = err.details.map((d) => d.message).join('; ');
    const message = details && details !== err.message ? `${err.message}: ${details}` : err.message;
    if (err.status === 401) return { kind: 'signedOut', message };
    if (err.status >= 500 || err.status === 408 || err.status === 429) return { kind: 'retry', message };
    return { kind: 'refused', message };
  }
  if (isNetworkFailure(err)) return { kind: 'offline', message: String((err as Error).message) };
  return { kind: 'retry', message: err instanceof Error ? err.message : String(err) };
}

export const appTransport: OutboxTransport = {
  uploadEvidence: (blob, name) => uploadEvidence(blob, name),
  syncHazards: (reports) => dataOf(client.POST('/api/hazards/sync', { body: { reports } })),
  completeTask: (taskId, payload) => completeTask(taskId, payload as TaskPayload),
  recordInspection: ({ inspectionId, ...body }) => recordInspection(String(inspectionId), body as Parameters<typeof recordInspection>[1]),
  raiseEmergency: (body) => raiseEmergency(body as Parameters<typeof raiseEmergency>[0]),
  classify,
  now: () => new Date(),
};

const SYNC_REQUEST = 'safeloop:outbox-sync';

/** Asks this tab's sync (useOutboxSync) to send now: after something was queued, or the user pressed "send now" or "retry". */
export function requestSync(): void {
  window.dispatchEvent(new Event(SYNC_REQUEST));
}

/** Calls `listener` on every requestSync(); returns the unsubscribe. */
export function onSyncRequest(listener: () => void): () => void {
  window.addEventListener(SYNC_REQUEST, listener);
  return () => window.removeEventListener(SYNC_REQUEST, listener);
}

const SENT = 'safeloop:outbox-sent';

/** Tells this tab's pages that queued work reached the server (useOutboxSync): the lists read again. */
export function announceSent(): void {
  window.dispatchEvent(new Event(SENT));
}

/** Calls `listener` after each send that delivered something (the Ant Design app's queries read again); returns the unsubscribe. */
export function onOutboxSent(listener: () => void): () => void {
  window.addEventListener(SENT, listener);
  return () => window.removeEventListener(SENT, listener);
}

/** Sends the user's queue unless another tab is at it; null when skipped. */
export function sendOutbox(owner: string): Promise<SyncOutcome | null> {
  return withSyncLock(() => syncOutbox(deviceOutbox, appTransport, owner));
}

interface NewItem {
  id: string;
  kind: OutboxKind;
  owner: string;
  title: string;
  body: Record<string, unknown>;
  files?: PendingFile[];
}

/** Puts an item on the queue (the same client id again replaces it: a form sent twice waits once). */
export async function enqueue(item: NewItem): Promise<OutboxItem> {
  const queued: OutboxItem = { ...item, createdAt: new Date().toISOString(), state: 'waiting', attempts: 0 };
  await deviceOutbox.put(queued);
  requestSync();
  return queued;
}

/** A task completion waits under the task's id: completing the same task again offline replaces the earlier one. */
export const enqueueTaskCompletion = (owner: string, task: { id: string; title: string }, payload: TaskPayload) =>
  enqueue({ id: `task:${task.id}`, kind: 'task', owner, title: task.title, body: { taskId: task.id, payload } });

export { newClientId };
