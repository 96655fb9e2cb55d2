import { QueryClient, useQuery, type QueryKey } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { useErrorText } from './errorText';
import type { Polled } from './lite/reads';
import type { SessionCache } from './sessionCache';

export type { Polled };

/**
 * The query client of one signed-in session, kept in the sign-in's cache (App.tsx makes a new one
 * at each sign-in, so no cached answer outlives its user): the Ant Design app (FullApp.tsx) reads
 * through it; the light shell does without TanStack Query (./lite/reads.ts). A failed read shows
 * at once and the next poll tries again (no retries); a read offline fails as a network error
 * instead of waiting for the network; a page coming back into view reads again (TanStack Query's
 * focus is the document's visibility).
 */
export function sessionQueryClient(cache: SessionCache): QueryClient {
  let client = cache.get('query-client') as QueryClient | undefined;
  if (!client) {
    client = new QueryClient({
      defaultOptions: {
        queries: { retry: false, networkMode: 'always', staleTime: 0, refetchOnWindowFocus: true },
        mutations: { retry: false, networkMode: 'always' },
      },
    });
    cache.set('query-client', client);
  }
  return client;
}

/** How often to read again: a fixed period, or one chosen from the last answer (and error); false: never. */
export type PollEvery<T> = number | false | ((data: T | undefined, error: unknown) => number | false);

/**
 * Server state read through TanStack Query and read again every `every` ms while the page is
 * visible (`refetchInterval`). A key names one answer: when the key changes (other filters, another
 * id) the answer of the old key can no longer land on the new one, so pages need no race guards.
 * Not polled (`every` false), it is read once per key, and again only by `refresh`; not `enabled`, not at all.
 */
export function usePolledQuery<T>(key: QueryKey, load: () => Promise<T>, every: PollEvery<T>, { enabled = true }: { enabled?: boolean } = {}): Polled<T> {
  const errorText = useErrorText();
  const q = useQuery({
    queryKey: key,
    queryFn: load,
    refetchInterval: typeof every === 'function' ? (query) => every(query.state.data, query.state.error) : every,
    // Back into view it reads again, unless it is not polled (any more).
    refetchOnWindowFocus: typeof every === 'function' ? (query) => every(query.state.data, query.state.error) !== false : every !== false,
    enabled,
  });
  // TanStack Query clears the error of a query without data while it reads again; the page keeps
  // showing it (as before the move to TanStack Query) until a read of the same key succeeds.
  const hash = JSON.stringify(key);
  const settled = useRef<{ hash: string; error: unknown }>({ hash, error: null });
  if (!q.isFetching) settled.current = { hash, error: q.error };
  const error = q.error ?? (q.isFetching && settled.current.hash === hash ? settled.current.error : null);
  const { refetch } = q;
  const refresh = useCallback(async () => {
    await refetch();
  }, [refetch]);
  return { data: q.data, error, errorText: error ? errorText(error) : null, refresh };
}
