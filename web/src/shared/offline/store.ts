import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxItem, SentItem } from './types';

/**
 * The queue on the device, in IndexedDB (it survives closing the app, a reload and a restart of
 * the phone, and holds photos as Blobs): `outbox` what waits to be sent, `sent` what the server
 * confirmed (the per-item results the 待发送 page shows, the last 50 per user); and `copies`, what
 * was read online that a page needs without a network (./copies.ts). Every change of the queue is
 * announced to this tab and the others (BroadcastChannel), so badges and lists follow.
 */
export interface OutboxStore {
  /** The user's waiting and refused items, oldest first. */
  list(owner: string): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  remove(id: string): Promise<void>;
  /** The server confirmed `item`: off the queue and into the results, in one transaction. */
  confirm(id: string, sent: SentItem): Promise<void>;
  /** The user's sent items, newest first. */
  sent(owner: string): Promise<SentItem[]>;
  clearSent(owner: string): Promise<void>;
}

/** A copy of something read online (`<owner>/<name>`), for pages opened without a network (./copies.ts). */
export interface DeviceCopy {
  key: string;
  savedAt: string;
  data: unknown;
}

interface OfflineDb extends DBSchema {
  outbox: { key: string; value: OutboxItem };
  sent: { key: string; value: SentItem };
  copies: { key: string; value: DeviceCopy };
}

const DB_NAME = 'safeloop-offline';
const CHANNEL = 'safeloop-outbox';
const KEEP_SENT = 50;

let opened: Promise<IDBPDatabase<OfflineDb>> | null = null;
const db = () =>
  (opened ??= openDB<OfflineDb>(DB_NAME, 2, {
    // Version 1: the queue and its results; 2: copies of reference data (inspection templates, the org
    // tree) for work without a network. Each store made if missing, whatever version the device had.
    upgrade(d) {
      if (!d.objectStoreNames.contains('outbox')) d.createObjectStore('outbox', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('sent')) d.createObjectStore('sent', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('copies')) d.createObjectStore('copies', { keyPath: 'key' });
    },
    // A newer build in another tab upgrades the database: this connection steps aside (the next use opens it again).
    blocking() {
      const current = opened;
      opened = null;
      void current?.then((d) => d.close());
    },
  }));

const changes = new EventTarget();
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
channel?.addEventListener('message', () => changes.dispatchEvent(new Event('change')));

function changed(): void {
  changes.dispatchEvent(new Event('change'));
  channel?.postMessage('change');
}

/** Calls `listener` after every change of the queue, in this tab or another; returns the unsubscribe. */
export function onOutboxChange(listener: () => void): () => void {
  changes.addEventListener('change', listener);
  return () => changes.removeEventListener('change', listener);
}

const byCreated = <T extends { createdAt: string }>(a: T, b: T) => a.createdAt.localeCompare(b.createdAt);

export const deviceOutbox: OutboxStore = {
  async list(owner) {
    return (await (await db()).getAll('outbox')).filter((i) => i.owner === owner).sort(byCreated);
  },
  async put(item) {
    await (await db()).put('outbox', item);
    changed();
  },
  async remove(id) {
    await (await db()).delete('outbox', id);
    changed();
  },
  async confirm(id, sent) {
    const tx = (await db()).transaction(['outbox', 'sent'], 'readwrite');
    await Promise.all([tx.objectStore('outbox').delete(id), tx.objectStore('sent').put(sent), tx.done]);
    const all = (await (await db()).getAll('sent')).filter((s) => s.owner === sent.owner).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
    if (all.length > KEEP_SENT) {
      const prune = (await db()).transaction('sent', 'readwrite');
      await Promise.all([...all.slice(KEEP_SENT).map((s) => prune.store.delete(s.id)), prune.done]);
    }
    changed();
  },
  async sent(owner) {
    return (await (await db()).getAll('sent')).filter((s) => s.owner === owner).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  },
  async clearSent(owner) {
    const d = await db();
    const mine = (await d.getAll('sent')).filter((s) => s.owner === owner);
    const tx = d.transaction('sent', 'readwrite');
    await Promise.all([...mine.map((s) => tx.store.delete(s.id)), tx.done]);
    changed();
  },
};

/** The device's copies of what was read online (./copies.ts), by owner and name. */
export const deviceCopies = {
  async get(owner: string, name: string): Promise<DeviceCopy | undefined> {
    return (await db()).get('copies', `${owner}/${name}`);
  },
  async put(owner: string, name: string, data: unknown): Promise<void> {
    await (await db()).put('copies', { key: `${owner}/${name}`, savedAt: new Date().toISOString(), data });
  },
};
