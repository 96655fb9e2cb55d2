import { useState } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from './api';
import { usePolledQuery, type PollEvery } from './query';

/** A record created a moment ago may not be readable yet (its workflow writes it): a 404 is read again every second this long. */
const FRESH_MS = 15_000;
const FRESH_RETRY_MS = 1_000;

export interface DetailOptions<T> {
  /** The record's key, e.g. ['hazard', id]. */
  key: QueryKey;
  load: () => Promise<T>;
  /** How often the record is read again while the page is visible; false: read once. */
  pollMs: PollEvery<T>;
  /** Which errors mean "no such record" (default: 404). */
  notFound?: (err: unknown) => boolean;
  /** Whether a 404 right after the page opened is the record not written yet (read again every second for 15 s). */
  fresh?: boolean;
}

export interface Detail<T> {
  data: T | undefined;
  /** The last read's error in words; `notFound` when the record does not exist. */
  error: { text: string; notFound: boolean } | null;
  /** Not found yet, in the first seconds after the page opened: the record is being written. */
  waiting: boolean;
  /** Reads again now, e.g. after an action; resolves once the answer is in. */
  refresh: () => Promise<void>;
  /** Shows a record an action answered with (no need to read it again). */
  setData: (data: T) => void;
}

const is404 = (err: unknown) => err instanceof ApiError && err.status === 404;
/** For `notFound`: a 404, or a 400 for an id that cannot be one. */
export const isMissing = (err: unknown) => err instanceof ApiError && (err.status === 404 || err.status === 400);

/**
 * The detail-page skeleton: one record by id, read through TanStack Query and polled, "being
 * recorded" for a record too new to read, "not found", and `refresh` after actions (see
 * `DetailPlaceholder` for what the page shows before the record is in).
 */
export function useDetail<T>({ key, load, pollMs, notFound = is404, fresh = false }: DetailOptions<T>): Detail<T> {
  const queryClient = useQueryClient();
  const [opened] = useState(() => Date.now());
  const young = () => fresh && Date.now() - opened < FRESH_MS;
  const q = usePolledQuery(key, load, (data, error) =>
    notFound(error) && young() ? FRESH_RETRY_MS : typeof pollMs === 'function' ? pollMs(data, error) : pollMs,
  );
  const missing = q.error !== null && notFound(q.error);
  return {
    data: q.data,
    error: q.errorText === null ? null : { text: q.errorText, notFound: missing },
    waiting: missing && q.data === undefined && young(),
    refresh: q.refresh,
    setData: (data) => queryClient.setQueryData(key, data),
  };
}
