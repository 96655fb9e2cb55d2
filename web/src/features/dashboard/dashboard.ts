import type { DashboardKpi, DrillFilter, DrillItem, KpiKind, KpiUnit, TrendGranularity } from '../../shared/api';
import { processHistoryPath } from '../../shared/processLinks';

/**
 * The dashboard's periods and numbers, without React. Periods are whole days in the group's time
 * zone (+08:00, the API's default offset), so "this month" is the same month for everyone, and go
 * to the API as `YYYY-MM-DD` days: `from` inclusive, `to` exclusive.
 */
export const GROUP_UTC_OFFSET_MINUTES = 480;
export const PERIOD_PRESETS = ['thisMonth', 'lastMonth', 'thisQuarter', 'last12Months', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const DEFAULT_PRESET: PeriodPreset = 'last12Months';

const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC midnight of a calendar day `YYYY-MM-DD` (a day as a number), or null when it is no day. */
export function dayNumber(day: string | null | undefined): number | null {
  if (!day || !DAY_RE.test(day)) return null;
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day ? null : t;
}

export const dayString = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A resolved period: the API's [from, to) and the last day it includes (for people). */
export interface DashboardPeriodChoice {
  preset: PeriodPreset;
  from: string;
  to: string;
  lastDay: string;
}

/** Today in the group's time zone, as year and month (0-based). */
function groupToday(now: number): { y: number; m: number } {
  const local = new Date(now + GROUP_UTC_OFFSET_MINUTES * 60_000);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() };
}

function range(fromT: number, toT: number, preset: PeriodPreset): DashboardPeriodChoice {
  return { preset, from: dayString(fromT), to: dayString(toT), lastDay: dayString(toT - DAY_MS) };
}

/** The period a preset means today; `custom` takes the URL's first and last day (inclusive). */
export function resolvePeriod(preset: string | null, fromDay: string | null, lastDay: string | null, now = Date.now()): DashboardPeriodChoice {
  const { y, m } = groupToday(now);
  switch (preset) {
    case 'thisMonth':
      return range(Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1), 'thisMonth');
    case 'lastMonth':
      return range(Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1), 'lastMonth');
    case 'thisQuarter': {
      const q = m - (m % 3);
      return range(Date.UTC(y, q, 1), Date.UTC(y, q + 3, 1), 'thisQuarter');
    }
    case 'custom': {
      const a = dayNumber(fromDay);
      const b = dayNumber(lastDay);
      if (a !== null && b !== null && b >= a) return range(a, b + DAY_MS, 'custom');
      break;
    }
  }
  return range(Date.UTC(y, m - 11, 1), Date.UTC(y, m + 1, 1), 'last12Months');
}

/** A period of more than about three months is shown by month, a shorter one by ISO week. */
export function defaultGranularity(p: { from: string; to: string }): TrendGranularity {
  return (dayNumber(p.to)! - dayNumber(p.from)!) / DAY_MS > 93 ? 'month' : 'week';
}

/** "1 Mar 2025" for a day (`YYYY-MM-DD`) or an instant, in the group's time zone. */
export function formatDay(dayOrIso: string, lang: string): string {
  const t = DAY_RE.test(dayOrIso) ? dayNumber(dayOrIso)! : Date.parse(dayOrIso) + GROUP_UTC_OFFSET_MINUTES * 60_000;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(t));
}

/** The last day of an API period [from, to) given as instants. */
export function lastDayOf(toIso: string): string {
  return new Date(Date.parse(toIso) - 1).toISOString();
}

// ——————————————————————————————————————— figures ———————————————————————————————————————

/** The two parts of a figure a drill-down lists. */
type Part = NonNullable<DrillFilter['part']>;

/**
 * The part a figure opens by default: a ratio's denominator (its records, those in the numerator
 * marked), a mean's records, an incident count's incidents.
 */
export function mainPart(kind: KpiKind): Part {
  return kind === 'ratio' ? 'denominator' : 'numerator';
}

/**
 * How many records a drill-down of `part` lists: a mean's records are its denominator (their
 * values add up to the numerator); otherwise the part itself.
 */
export function expectedCount(kind: KpiKind, part: Part, f: Pick<DashboardKpi, 'numerator' | 'denominator'>): { part: Part; value: number } {
  if (kind === 'mean') return { part: 'denominator', value: f.denominator ?? 0 };
  return part === 'denominator' ? { part, value: f.denominator ?? 0 } : { part, value: f.numerator };
}

/** Whether a change is an improvement (by the KPI's direction), a setback, or neither. */
export function changeTone(change: number | null, betterWhen: DashboardKpi['betterWhen']): 'better' | 'worse' | 'same' | 'none' {
  if (change === null) return 'none';
  if (Math.abs(change) < 1e-9) return 'same';
  return change > 0 === (betterWhen === 'higher') ? 'better' : 'worse';
}

/** A number in the UI language with at most `digits` decimals. */
export function formatNumber(value: number, lang: string, digits = 1): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
}

/** The bare number of a figure in its unit: 50% (ratio), 184 (hours), 81.7 (points)… */
export function formatBare(value: number, unit: KpiUnit, lang: string): string {
  if (unit === 'ratio') return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return formatNumber(value, lang, unit === 'count' ? 0 : unit === 'per100people' ? 2 : 1);
}

// ——————————————————————————————————————— drill-down ———————————————————————————————————————

/** What the drill-down drawer lists: a filter of /api/dashboard/drill and the figure it explains. */
export interface DrillRequest {
  filter: DrillFilter;
  /** The period: the dashboard's, or one trend bucket's (instants). */
  from: string;
  to: string;
  orgUnitId?: string;
  /** The figure clicked: its name, its kind, and the counts its records must add up to. */
  title: string;
  /** Extra lines naming the filter (a department, a person, a cell, a bucket). */
  context: string[];
  kind: KpiKind | 'cell';
  unit: KpiUnit | null;
  figure: Pick<DashboardKpi, 'numerator' | 'denominator'>;
}

/**
 * Where a drill-down row leads: `open` is the record's own page (hazards, emergencies, an
 * inspection or training, a person's unit; tasks: the auditor's history of their process);
 * `history` the process's timeline and `process` its page when they are not `open`.
 */
export function drillLinks(item: DrillItem): { open: string | null; history: string | null; process: string | null } {
  const wf = item.workflowId;
  const isProcess = !!wf && /^[A-Z][A-Za-z]+:/.test(wf); // Temporal workflow IDs: Hazard:…, Notice:…
  const history = isProcess ? processHistoryPath(wf) : null;
  switch (item.type) {
    case 'hazard':
      return { open: item.link ?? `/hazards/${encodeURIComponent(item.id)}`, history, process: null };
    case 'emergency':
      return { open: item.link ?? `/emergencies/${encodeURIComponent(item.id)}`, history, process: null };
    case 'task':
      return { open: history, history: null, process: item.link };
    case 'fact': {
      const source = wf ? /^(inspection|training):(.+)$/.exec(wf) : null;
      if (source) return { open: `/${source[1]}s/${encodeURIComponent(source[2])}`, history: null, process: null };
      return { open: item.link ?? history, history: item.link ? history : null, process: null };
    }
    default:
      return { open: item.link, history: null, process: null };
  }
}
