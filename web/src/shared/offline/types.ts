/**
 * The device's queue of things a worker did without a network (issue 20): what one waiting item
 * is, and what became of a sent one. Plain data (and Blobs), stored in IndexedDB (./store.ts).
 */

/** What can wait on the device: a hazard report (with its photos), a task completion, an inspection result, an emergency alarm. */
export type OutboxKind = 'emergency' | 'hazard' | 'task' | 'inspection';

/** A photo taken offline, uploaded (POST /api/evidence) right before its report is sent. */
export interface PendingFile {
  name: string;
  blob: Blob;
}

export interface OutboxItem {
  /** The client id the server keys the request by (reportId, emergencyId, inspectionId; `task:<id>` for a completion): a resend is a no-op. */
  id: string;
  kind: OutboxKind;
  /** The signed-in user who made it (their id): only their session sends it. */
  owner: string;
  /** What the list shows: the hazard's title, the task's title, the inspection's template, the emergency's type and location. */
  title: string;
  createdAt: string;
  /** waiting: to be sent (again); invalid: the server refused it, kept with its error until retried or deleted. */
  state: 'waiting' | 'invalid';
  attempts: number;
  /** The last failure in words (a refusal, or a server error that will be retried). */
  error?: string;
  /** The request body; for a task completion `{ taskId, payload }`. */
  body: Record<string, unknown>;
  /** Hazard photos still on the device (evidence already stored is in the body's `evidenceIds`). */
  files?: PendingFile[];
}

/** What the server answered for a sent item (kept on the device as the per-item result). */
export interface SentItem {
  id: string;
  kind: OutboxKind;
  owner: string;
  title: string;
  createdAt: string;
  sentAt: string;
  /** created: new on the server; exists: it already had it (an earlier send got through); done: a task completed. */
  result: 'created' | 'exists' | 'done';
  /** Where the result is shown in the app (the hazard's or emergency's page). */
  link?: string;
}
