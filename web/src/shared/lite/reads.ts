import { useCallback, useEffect, useRef, useState } from 'react';
import { afterFirstPaint } from '../afterPaint';
import { useErrorText } from '../errorText';
import { onOutboxSent } from '../offline/outbox';
import { useSessionCache, type SessionCache } from '../sessionCache';

/**
 * Server reads for the light shell (issue 20: the frontline's pages open on a weak network without
 * TanStack Query's code, which the Ant Design pages fetch with their own chunk, ../query.ts). Two
 * shapes, both keeping their answers in the sign-in's cache (../sessionCache.ts), so a page opened
 * again shows the last answer at once:
 * - usePoll: read on mount and every `every` ms while the page is visible (the header's unread
 *   count, the worker's task count);
 * - sessionRead / useSessionRead: read once per sign-in and shared by every reader (the org tree
 *   the pickers choose from); a failed read is tried again by the next reader.
 */

export interface Polled<T> {
  data: T | undefined;
  /** The error of the last finished read, kept while the next read runs; null once a read succeeds. */
  error: unknown;
  /** That error in words, in the UI language. */
  errorText: string | null;
  /** Reads again now (after an action); resolves once the answer is in. */
  refresh: () => Promise<void>;
}

/**
 * The answer of `load` under `key`, read on mount, again every `every` ms while the document is
 * visible and when it comes back into view (false: only on mount and by `refresh`), and whenever
 * the device's queue delivered something (the counts it changes); not `enabled`, not at all. A new key is a new answer: what an older key's read brings back is dropped, so
 * callers need no race guards.
 */
export function usePoll<T>(key: string, load: () => Promise<T>, every: number | false, { enabled = true }: { enabled?: boolean } = {}): Polled<T> {
  const cache = useSessionCache();
  const errorText = useErrorText();
  const cacheKey = `poll:${key}`;
  const [state, setState] = useState<{ key: string; data: T | undefined; error: unknown }>(() => ({
    key,
    data: cache.get(cacheKey) as T | undefined,
    error: null,
  }));
  // The latest `load` (an inline function, new at each render) without restarting the timer.
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  const reads = useRef(0);
  const read = useCallback(async () => {
    const mine = ++reads.current;
    try {
      const data = await latest.current();
      cache.set(cacheKey, data);
      if (mine === reads.current) setState({ key, data, error: null });
    } catch (error) {
      if (mine === reads.current) setState((s) => ({ key, data: s.key === key ? s.data : (cache.get(cacheKey) as T | undefined), error }));
    }
  }, [cache, cacheKey, key]);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void afterFirstPaint().then(() => {
      if (live) void read();
    });
    const offSent = onOutboxSent(() => void read());
    if (every === false)
      return () => {
        live = false;
        offSent();
      };
    const visible = () => document.visibilityState === 'visible';
    const timer = window.setInterval(() => visible() && void read(), every);
    const onVisibility = () => visible() && void read();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      live = false;
      offSent();
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [read, every, enabled]);

  const current = state.key === key ? state : { data: cache.get(cacheKey) as T | undefined, error: null };
  return { data: current.data, error: current.error, errorText: current.error ? errorText(current.error) : null, refresh: read };
}

interface SharedRead<T> {
  promise: Promise<T>;
  failed: boolean;
}

/** The sign-in's one read of `key` (started now unless one is on its way or done; a failed one is started again). */
export function sessionRead<T>(cache: SessionCache, key: string, load: () => Promise<T>): Promise<T> {
  const cacheKey = `read:${key}`;
  const known = cache.get(cacheKey) as SharedRead<T> | undefined;
  if (known && !known.failed) return known.promise;
  const entry: SharedRead<T> = { promise: load(), failed: false };
  entry.promise.catch(() => (entry.failed = true));
  cache.set(cacheKey, entry);
  return entry.promise;
}

/** The answer of `key` read once per sign-in (sessionRead), as state: the answer once in, or `failed`. */
export function useSessionRead<T>(key: string, load: () => Promise<T>): { data: T | undefined; failed: boolean } {
  const cache = useSessionCache();
  const [state, setState] = useState<{ key: string; data: T | undefined; failed: boolean }>({ key, data: undefined, failed: false });
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    let live = true;
    void afterFirstPaint().then(() => {
      if (!live) return;
      sessionRead(cache, key, () => latest.current()).then(
        (data) => live && setState({ key, data, failed: false }),
        () => live && setState({ key, data: undefined, failed: true }),
      );
    });
    return () => {
      live = false;
    };
  }, [cache, key]);
  return state.key === key ? { data: state.data, failed: state.failed } : { data: undefined, failed: false };
}
