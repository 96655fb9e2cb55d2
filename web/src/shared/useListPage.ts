import type { TablePaginationConfig } from 'antd';
import { setSearchParams, useLocation } from '../router';
import { UUID_RE } from '../features/hazards/hazard';
import { DAY_RE } from './operations';
import { usePolledQuery, type PollEvery } from './query';

const DEFAULT_PAGE_SIZE = 25;

/** The value of a URL parameter if it is one of `values`. */
export const pick = <T extends string>(values: readonly T[], v: string | null): T | undefined => values.find((x) => x === v);

/** The value of a URL parameter if it has the form `re` asks for (an id, a day). */
export function matching(search: URLSearchParams, name: string, re: RegExp): string | undefined {
  const v = search.get(name);
  return v && re.test(v) ? v : undefined;
}

/** A list's unit filter and its days [from, to] (YYYY-MM-DD) from the URL. */
export const unitAndDays = (search: URLSearchParams) => ({
  orgUnitId: matching(search, 'orgUnitId', UUID_RE),
  from: matching(search, 'from', DAY_RE),
  to: matching(search, 'to', DAY_RE),
});

/** The page of a paged list, as the URL (`?page=`) and the API (`page`, `pageSize`) carry it. */
export interface Paging {
  page: number;
  pageSize: number;
}

export interface ListPageOptions<F, R> {
  /** The list's name: its answers are kept under the key [name, filter]. */
  name: string;
  /** The filters, read from the URL's search parameters (so a filtered list can be shared). */
  filter: (search: URLSearchParams) => F;
  load: (filter: F & Paging) => Promise<R>;
  /** How often the list is read again while the page is visible. */
  pollMs: PollEvery<R>;
  pageSize?: number;
}

/** One filter of a list page: the URL parameter's name, its value as the filter reads it, and setting it. */
export interface ListField<V> {
  name: string;
  value: V | undefined;
  set: (value: string | null | undefined) => void;
}

export interface ListPage<F, R> {
  search: URLSearchParams;
  /** The filters of the URL with the page: what was asked for. */
  filter: F & Paging;
  /** The answer for these filters; null until it is in. */
  data: R | null;
  /** The last read's error in words (the last answer stays shown). */
  error: string | null;
  /** That error itself: a new one at each failed read (for a page that tells each failure in a message). */
  failure: unknown;
  /** Nothing to show yet: no answer and no error. */
  loading: boolean;
  refresh: () => Promise<void>;
  /** Sets filters in the URL (empty removes one) and goes back to the first page. */
  setFilter: (values: Record<string, string | null | undefined>) => void;
  /** Sets one filter in the URL (empty removes it) and goes back to the first page. */
  set: (name: string, value: string | null | undefined) => void;
  /** A filter control bound to the URL parameter `name`: what it shows and what a choice sets (see `FilterSelect`). */
  field: <K extends keyof F & string>(name: K) => ListField<NonNullable<F[K]>>;
  /** The table's pagination: the page in the URL, the total from the answer. */
  pagination: (showTotal?: (total: number) => string) => TablePaginationConfig;
}

/**
 * The list-page skeleton: filters in the URL → the query key → the list read through TanStack
 * Query and polled → a paged table (see `ListTable`).
 */
export function useListPage<F extends object, R extends { total: number }>(options: ListPageOptions<F, R>): ListPage<F, R> {
  const { search } = useLocation();
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = Math.max(1, Number(search.get('page')) || 1);
  const filter = { ...options.filter(search), page, pageSize };
  const { load } = options;
  const q = usePolledQuery([options.name, filter], () => load(filter), options.pollMs);
  const setFilter = (values: Record<string, string | null | undefined>) =>
    setSearchParams({ ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v || null])), page: null });
  const set = (name: string, value: string | null | undefined) => setFilter({ [name]: value });
  return {
    search,
    filter,
    data: q.data ?? null,
    error: q.errorText,
    failure: q.error,
    loading: q.data === undefined && !q.error,
    refresh: q.refresh,
    setFilter,
    set,
    field: (name) => ({ name, value: (filter as F)[name] ?? undefined, set: (value) => set(name, value) }),
    pagination: (showTotal) => ({
      current: page,
      pageSize,
      total: q.data?.total ?? 0,
      showSizeChanger: false,
      hideOnSinglePage: true,
      showTotal,
      onChange: (p) => setSearchParams({ page: p === 1 ? null : String(p) }),
    }),
  };
}
