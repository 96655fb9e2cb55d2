import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { listPeople, listUsers } from './api';

/**
 * The option lists pickers choose from (the org tree, a unit's people, a unit's accounts), each
 * read under one key, so every picker of the same list shares one answer (TanStack Query, but for
 * the org tree).
 */

/** The org tree: read once per sign-in, without TanStack Query (./orgTree.ts, the light report form uses it too). */
export { useOrgTree } from './orgTree';

/** The people of a unit and the units below it (none without a unit). */
export const peopleQuery = (orgUnitId: string) => ({ queryKey: ['people', orgUnitId], queryFn: async () => (await listPeople(orgUnitId)).items });

export function usePeopleOptions(orgUnitId: string | undefined) {
  const q = useQuery({ ...peopleQuery(orgUnitId ?? ''), enabled: !!orgUnitId });
  return { items: q.data ?? null, failed: q.isError };
}

/** The accounts of a unit and the units below it (colleagues a task can be handed to). */
export function useUnitUsers(orgUnitId: string) {
  const q = useQuery({ queryKey: ['unit-users', orgUnitId], queryFn: async () => (await listUsers(orgUnitId)).items });
  return { items: q.data ?? null, failed: q.isError };
}

const SEARCH_DELAY_MS = 300;

/**
 * A searchable picker's results: nothing is read before the picker first opens; then what is typed
 * is searched `SEARCH_DELAY_MS` after the last keystroke. The last results stay shown (with a
 * spinner) until those of the current text are in.
 */
export function useSearchOptions<T>(key: (search: string) => QueryKey, load: (search: string) => Promise<T[]>) {
  const [search, setSearch] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (!opened) return;
    const timer = window.setTimeout(() => setAsked(search), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search, opened]);
  const q = useQuery({
    queryKey: key(asked ?? ''),
    queryFn: () => load(asked ?? ''),
    enabled: asked !== null,
    placeholderData: keepPreviousData,
  });
  const current = asked === search && q.data !== undefined && !q.isPlaceholderData;
  return {
    items: q.data,
    failed: q.isError,
    loading: opened && !current && !q.isError,
    setSearch,
    onOpenChange: (open: boolean) => open && setOpened(true),
  };
}
