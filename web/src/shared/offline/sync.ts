import type { OutboxStore } from './store';
import type { OutboxItem, SentItem } from './types';

/**
 * Sends the device's queue (issue 20): emergencies first, then hazard reports (their photos
 * uploaded first, then one batch through POST /api/hazards/sync with their reportIds), task
 * completions and inspection results. Every request carries the item's client id, so a resend —
 * after a lost answer, from a second tab, after a crash between the server's answer and the
 * removal — is a no-op on the server. An item leaves the queue only once the server confirmed it
 * (created, or already there); a refusal stays visible with its error; a lost network stops the
 * run and leaves the rest waiting. Free of the app's client and of IndexedDB, so it is tested
 * with a store and a transport of the test's own.
 */

/** What a failed request was: no network (stop, try later), refused (the item is wrong), signed out, or a server error (try again later). */
export type FailureKind = 'offline' | 'refused' | 'signedOut' | 'retry';

export interface HazardSyncResult {
  index: number;
  reportId: string | null;
  status: 'created' | 'exists' | 'invalid';
  hazardId?: string;
  errors?: { path: string; message: string }[];
}

export interface OutboxTransport {
  uploadEvidence(file: Blob, fileName: string): Promise<{ id: string }>;
  syncHazards(reports: Record<string, unknown>[]): Promise<{ results: HazardSyncResult[] }>;
  completeTask(taskId: string, payload: unknown): Promise<unknown>;
  recordInspection(body: Record<string, unknown>): Promise<unknown>;
  raiseEmergency(body: Record<string, unknown>): Promise<{ emergencyId: string; created: boolean }>;
  /** What kind of failure `err` is, and the words to show for it. */
  classify(err: unknown): { kind: FailureKind; message: string };
  now(): Date;
}

export interface SyncOutcome {
  sent: number;
  refused: number;
  /** Stopped early: no network, or the session ended. */
  stopped: FailureKind | null;
  /** Items still waiting afterwards (not counting refused ones). */
  waiting: number;
}

/** Emergencies first: the alarm matters most; then what was done first. */
const ORDER: Record<OutboxItem['kind'], number> = { emergency: 0, hazard: 1, task: 2, inspection: 3 };

const HAZARD_BATCH = 100;

class Stop extends Error {
  constructor(readonly kind: FailureKind) {
    super(kind);
  }
}

/** One run over `owner`'s waiting items (refused ones wait for the user's "retry"). */
export async function syncOutbox(store: OutboxStore, transport: OutboxTransport, owner: string): Promise<SyncOutcome> {
  const items = (await store.list(owner))
    .filter((i) => i.state === 'waiting')
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.createdAt.localeCompare(b.createdAt));
  const outcome: SyncOutcome = { sent: 0, refused: 0, stopped: null, waiting: 0 };

  const confirm = async (item: OutboxItem, result: SentItem['result'], link?: string) => {
    await store.confirm(item.id, {
      id: item.id,
      kind: item.kind,
      owner: item.owner,
      title: item.title,
      createdAt: item.createdAt,
      sentAt: transport.now().toISOString(),
      result,
      ...(link ? { link } : {}),
    });
    outcome.sent++;
  };
  const refuse = async (item: OutboxItem, error: string) => {
    await store.put({ ...item, state: 'invalid', attempts: item.attempts + 1, error });
    outcome.refused++;
  };
  /** A failure of `item`'s request: stop on no network or a lost session, else note it on the item. */
  const failed = async (item: OutboxItem, err: unknown) => {
    const { kind, message } = transport.classify(err);
    if (kind === 'offline' || kind === 'signedOut') throw new Stop(kind);
    if (kind === 'refused') await refuse(item, message);
    else await store.put({ ...item, attempts: item.attempts + 1, error: message });
  };

  try {
    for (const item of items.filter((i) => i.kind === 'emergency')) {
      try {
        const r = await transport.raiseEmergency(item.body);
        await confirm(item, r.created ? 'created' : 'exists', `/emergencies/${r.emergencyId}`);
      } catch (err) {
        await failed(item, err);
      }
    }

    // Photos first (evidence is named by its content: an upload repeated is the same file), then the reports in batches.
    const ready: OutboxItem[] = [];
    for (let item of items.filter((i) => i.kind === 'hazard')) {
      try {
        while (item.files?.length) {
          const [file, ...rest] = item.files;
          const { id } = await transport.uploadEvidence(file.blob, file.name);
          const evidenceIds = [...((item.body.evidenceIds as string[] | undefined) ?? []), id];
          // Kept at once: a run cut short does not upload this photo again.
          item = { ...item, body: { ...item.body, evidenceIds: [...new Set(evidenceIds)] }, files: rest };
          await store.put(item);
        }
        ready.push(item);
      } catch (err) {
        await failed(item, err);
      }
    }
    for (let start = 0; start < ready.length; start += HAZARD_BATCH) {
      const batch = ready.slice(start, start + HAZARD_BATCH);
      let answer: { results: HazardSyncResult[] };
      try {
        answer = await transport.syncHazards(batch.map((i) => i.body));
      } catch (err) {
        const { kind, message } = transport.classify(err);
        if (kind === 'offline' || kind === 'signedOut') throw new Stop(kind);
        // The batch as a whole failed (a server error): every report stays waiting with the reason.
        for (const item of batch) await store.put({ ...item, attempts: item.attempts + 1, error: message });
        continue;
      }
      for (const [index, item] of batch.entries()) {
        const r = answer.results.find((x) => x.index === index);
        if (!r) continue; // not answered: stays waiting, sent again next time
        if (r.status === 'invalid') await refuse(item, (r.errors ?? []).map((e) => e.message).join('; ') || 'invalid');
        else await confirm(item, r.status, r.hazardId ? `/hazards/${r.hazardId}` : undefined);
      }
    }

    for (const item of items.filter((i) => i.kind === 'task')) {
      try {
        const { taskId, payload } = item.body as { taskId: string; payload: unknown };
        await transport.completeTask(taskId, payload);
        await confirm(item, 'done');
      } catch (err) {
        await failed(item, err);
      }
    }

    for (const item of items.filter((i) => i.kind === 'inspection')) {
      try {
        await transport.recordInspection(item.body);
        await confirm(item, 'created', `/inspections/${String(item.body.inspectionId)}`);
      } catch (err) {
        await failed(item, err);
      }
    }
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    outcome.stopped = err.kind;
  }
  outcome.waiting = (await store.list(owner)).filter((i) => i.state === 'waiting').length;
  return outcome;
}

/** The part of the Web Locks API used here (typed here: the module is also compiled without the DOM library, for its tests). */
interface Locks {
  request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: object | null) => Promise<T>): Promise<T>;
}

let runningHere = false;

/**
 * Runs `fn` unless a sync runs already, in this tab or another (Web Locks: two tabs never send
 * the same queue at once; without them, this tab alone). Answers null when skipped.
 */
export async function withSyncLock<T>(fn: () => Promise<T>): Promise<T | null> {
  const locks = (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;
  if (locks) return locks.request('safeloop-outbox-sync', { ifAvailable: true }, async (lock) => (lock ? fn() : null));
  if (runningHere) return null;
  runningHere = true;
  try {
    return await fn();
  } finally {
    runningHere = false;
  }
}
