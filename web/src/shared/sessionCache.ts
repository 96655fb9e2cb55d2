import { createContext, useContext } from 'react';

/**
 * What one sign-in has read (App.tsx makes a new one at each sign-in, so nothing read for one user
 * is shown to the next): the light pages' answers (./lite/reads.ts) and the Ant Design app's query
 * client (./query.ts sessionQueryClient), kept while the user moves between light and full pages.
 */
export type SessionCache = Map<string, unknown>;

export const SessionCacheContext = createContext<SessionCache | null>(null);

/** The signed-in session's cache; only used below the login gate. */
export function useSessionCache(): SessionCache {
  const cache = useContext(SessionCacheContext);
  if (!cache) throw new Error('useSessionCache outside of a signed-in session');
  return cache;
}
