import { useCallback, useEffect, useRef, useState } from 'react';
import { afterFirstPaint } from '../afterPaint';
import { announceSent, onSyncRequest, sendOutbox } from './outbox';
import { deviceOutbox, onOutboxChange } from './store';
import type { OutboxItem, SentItem } from './types';

/** How often a non-empty queue is tried again while the app is open (besides the `online` event). */
const RETRY_MS = 20_000;

/** The user's queue as it is now, following every change (this tab's and other tabs'). */
export function useOutbox(owner: string): { items: OutboxItem[]; sent: SentItem[]; loaded: boolean } {
  const [state, setState] = useState<{ items: OutboxItem[]; sent: SentItem[]; loaded: boolean }>({ items: [], sent: [], loaded: false });
  useEffect(() => {
    let live = true;
    const load = () =>
      void Promise.all([deviceOutbox.list(owner), deviceOutbox.sent(owner)]).then(
        ([items, sent]) => live && setState({ items, sent, loaded: true }),
        () => live && setState((s) => ({ ...s, loaded: true })), // no IndexedDB (private mode of some browsers): an empty queue
      );
    void afterFirstPaint().then(() => live && load());
    const off = onOutboxChange(load);
    return () => {
      live = false;
      off();
    };
  }, [owner]);
  return state;
}

/** Whether the device has a network, following the online/offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/**
 * Sends the signed-in user's queue: when the app starts, when the network returns, when something
 * is queued or the user asks, and every 20 s while anything waits. Mounted once per session
 * (App.tsx); what another tab is sending is left to it (./sync.ts withSyncLock). Lists re-read
 * their data once something arrived (announceSent: the light shell has no query client to ask).
 */
export function useOutboxSync(owner: string): { syncing: boolean } {
  const [syncing, setSyncing] = useState(false);
  const running = useRef(false);

  const run = useCallback(async () => {
    if (running.current || !navigator.onLine) return;
    running.current = true;
    setSyncing(true);
    try {
      const outcome = await sendOutbox(owner);
      if (outcome && outcome.sent > 0) announceSent();
    } catch {
      // IndexedDB unavailable or an unexpected answer: the items stay and the next trigger tries again.
    } finally {
      running.current = false;
      setSyncing(false);
    }
  }, [owner]);

  useEffect(() => {
    let live = true;
    void afterFirstPaint().then(() => {
      if (live) void run();
    });
    const onOnline = () => void run();
    window.addEventListener('online', onOnline);
    const offRequest = onSyncRequest(() => void run());
    const timer = window.setInterval(() => {
      void deviceOutbox.list(owner).then(
        (items) => {
          if (items.some((i) => i.state === 'waiting')) void run();
        },
        () => undefined,
      );
    }, RETRY_MS);
    return () => {
      live = false;
      window.removeEventListener('online', onOnline);
      offRequest();
      window.clearInterval(timer);
    };
  }, [owner, run]);

  return { syncing };
}
