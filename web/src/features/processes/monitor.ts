import { MONITOR_SORTS, PROCESS_TYPES, type MonitorFilters } from '../../shared/api';
import { UUID_RE } from '../hazards/hazard';

/** A filter of the URL and of saved views. */
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The filters the URL and saved views carry; `page` is the URL's alone. */
export const FILTER_KEYS = ['type', 'status', 'overdue', 'orgUnitId', 'assignee', 'q', 'sort'] as const satisfies readonly (keyof MonitorFilters)[];

/** The filters of the URL (or of a saved view), unknown values dropped and types in their canonical order. */
export function normalize(raw: Partial<Record<(typeof FILTER_KEYS)[number], unknown>>): MonitorFilters {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const types = (text(raw.type) ?? '').split(',').map((x) => x.trim());
  const type = PROCESS_TYPES.filter((x) => types.includes(x)).join(',') || undefined;
  const status = text(raw.status);
  const orgUnitId = text(raw.orgUnitId);
  const sort = MONITOR_SORTS.find((s) => s === raw.sort);
  return {
    type,
    status: status && /^[a-z_]+$/.test(status) ? status : undefined,
    overdue: raw.overdue === 'true' || raw.overdue === true ? 'true' : raw.overdue === 'false' || raw.overdue === false ? 'false' : undefined,
    orgUnitId: orgUnitId && UUID_RE.test(orgUnitId) ? orgUnitId : undefined,
    assignee: text(raw.assignee),
    q: text(raw.q),
    sort: sort === 'breach' ? undefined : sort, // the default
  };
}

export const sameFilters = (a: MonitorFilters, b: MonitorFilters) => FILTER_KEYS.every((k) => (a[k] ?? null) === (b[k] ?? null));
export const defined = (f: MonitorFilters): MonitorFilters => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as MonitorFilters;
