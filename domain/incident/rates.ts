import { readDayCell } from '../inspections/rules';
import { LOST_TIME_CONSEQUENCES, RECORDABLE_CONSEQUENCES } from './constants';

/**
 * Safety performance rates (安全绩效指标) per unit subtree and calendar month, from the hours
 * worked there (`worked_hours`) and the incidents that occurred there. Pure and deterministic: the
 * API reads the rows, this decides what counts and does the arithmetic.
 *
 * What counts: incidents (kind `incident`) that were not cancelled and were not reported from an
 * emergency drill (a drill's practice report is no injury), in the month they occurred in the group's time zone (a fixed UTC offset, +08:00 by default, like the dashboard's buckets).
 * A near miss never counts, whatever its classification; an incident still being classified has no
 * consequence yet and counts for nothing. Each incident counts once, by its worst consequence
 * (several people hurt in one event are one recordable incident).
 *
 * A month without hours (no entry, or 0 hours) has null rates: never a division by zero, and never
 * a rate made up from incidents over hours nobody entered.
 */

/** TRIR's base: 200,000 hours = 100 full-time workers × 40 h × 50 weeks (the OSHA / international convention). */
export const TRIR_BASE_HOURS = 200_000;
/**
 * LTIFR's base: 1,000,000 hours — the Chinese convention, GB 6441-86's 百万工时伤害率 (injuries per
 * million hours worked; also the IOGP / Australian LTIFR base), not OSHA's 200,000.
 */
export const LTIFR_BASE_HOURS = 1_000_000;
/**
 * Severity rate's base: 1,000,000 hours — GB 6441-86's 伤害严重率 (days lost per million hours
 * worked), the same base as LTIFR so the two read together (days lost per lost-time injury = severity ÷ LTIFR).
 */
export const SEVERITY_BASE_HOURS = 1_000_000;

/** Most hours one unit may record for one month (a plant of 100,000 people on overtime stays far below). */
export const MAX_MONTH_HOURS = 100_000_000;
/** Longest range of months one query may span (3 years, like the dashboard). */
export const MAX_MONTHS = 36;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether `s` is a month `YYYY-MM`. */
export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthLabel = (year: number, monthIndex: number) => {
  const d = new Date(Date.UTC(year, monthIndex, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
};
const parts = (month: string) => [Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1] as const;

/** The month `n` months after `month` (before, when negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = parts(month);
  return monthLabel(y, m + n);
}

/** The months from `from` to `to`, both included, in order (empty when `to` is before `from`). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The month an instant falls in, at a fixed UTC offset (minutes east of UTC; +08:00 = 480). */
export function monthOf(at: Date, offsetMinutes: number): string {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  return monthLabel(local.getUTCFullYear(), local.getUTCMonth());
}

/** Midnight of the month's first day at the offset, as an instant. */
export function monthStart(month: string, offsetMinutes: number): Date {
  const [y, m] = parts(month);
  return new Date(Date.UTC(y, m, 1) - offsetMinutes * 60_000);
}

/**
 * The month an import file's cell names, or null: `2025-03`, `2025-3`, `2025/03`, `2025.03`,
 * `2025年3月`, or a day (its month) as `readDayCell` reads it — which includes a date cell:
 * spreadsheets turn a typed `2025-03` into the date 1 March 2025.
 */
export function monthOfCell(cell: string): string | null {
  const ym = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$/.exec(cell.trim());
  if (!ym) return readDayCell(cell)?.slice(0, 7) ?? null;
  const m = Number(ym[2]);
  return m >= 1 && m <= 12 ? `${ym[1]}-${pad(m)}` : null;
}

/** What the rates read of an incident (the `incidents` projection's columns). */
export interface RateIncident {
  id: string;
  /** incident | near_miss */
  kind: string;
  status: string;
  /** null until classified */
  consequence: string | null;
  daysLost: number;
  occurredAt: Date;
  /** Reported from an emergency that was a drill. */
  fromDrill: boolean;
}

/** Whether an incident counts towards the rates at all: an incident (never a near miss), not cancelled, not a drill's. */
export function countsTowardRates(i: Pick<RateIncident, 'kind' | 'status' | 'fromDrill'>): boolean {
  return i.kind === 'incident' && i.status !== 'cancelled' && !i.fromDrill;
}

const among = (list: readonly string[], c: string | null) => c !== null && list.includes(c);

/** `count` per `base` hours worked; null without hours. */
export function perHours(count: number, hours: number | null, base: number): number | null {
  return hours === null || !(hours > 0) ? null : (count * base) / hours;
}

/** The hours worked in one month of a scope: their sum over the units with an entry, and how many entries that is. */
export interface MonthHours {
  month: string;
  hours: number;
  entries: number;
}

/** One worked-hours entry of a scope's subtree, with its unit's path (`/…/<id>/`). */
export interface HoursEntry {
  unitPath: string;
  month: string;
  hours: number;
}

/**
 * The hours of a scope per month, each hour counted once when hours are entered both for a unit
 * and for units under it: a unit's own entry stands for its whole subtree in that month, so an
 * entry counts only when no unit above it (within the scope) has one for the same month. A unit
 * without an entry is the sum of its children's (recursively).
 */
export function monthHours(entries: readonly HoursEntry[]): MonthHours[] {
  const byMonth = new Map<string, HoursEntry[]>();
  for (const e of entries) byMonth.set(e.month, [...(byMonth.get(e.month) ?? []), e]);
  return [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, rows]) => {
      const counted = rows.filter((e) => !rows.some((above) => above !== e && above.unitPath !== e.unitPath && e.unitPath.startsWith(above.unitPath)));
      return { month, hours: counted.reduce((sum, e) => sum + e.hours, 0), entries: counted.length };
    });
}

/** The figures of one month, or of the whole range. */
export interface RateFigures {
  /** Hours worked; null when no unit of the scope entered any. */
  hours: number | null;
  /** How many worked-hours entries (one per unit and month) make up `hours`. */
  hoursEntries: number;
  /** Recordable incidents (medical treatment, lost time, fatality). */
  recordable: number;
  /** Lost-time injuries (lost time, fatality). */
  lostTime: number;
  /** Days lost, summed over the counted incidents. */
  daysLost: number;
  /** recordable × 200,000 / hours */
  trir: number | null;
  /** lostTime × 1,000,000 / hours */
  ltifr: number | null;
  /** daysLost × 1,000,000 / hours */
  severityRate: number | null;
  /** The incidents behind each figure (drill-down), oldest first. */
  incidentIds: { recordable: string[]; lostTime: string[]; daysLost: string[] };
}

export interface SafetyRates {
  months: (RateFigures & { month: string })[];
  /**
   * The range as a whole, over the months that have hours: a month nobody entered hours for is
   * left out entirely (its incidents too), so a missing entry never inflates the range's rates.
   */
  total: RateFigures & { monthsWithoutHours: string[] };
}

function figures(hours: number | null, hoursEntries: number, counted: readonly RateIncident[]): RateFigures {
  const recordable = counted.filter((i) => among(RECORDABLE_CONSEQUENCES, i.consequence));
  const lostTime = counted.filter((i) => among(LOST_TIME_CONSEQUENCES, i.consequence));
  const withDays = counted.filter((i) => i.daysLost > 0);
  const daysLost = withDays.reduce((s, i) => s + i.daysLost, 0);
  return {
    hours,
    hoursEntries,
    recordable: recordable.length,
    lostTime: lostTime.length,
    daysLost,
    trir: perHours(recordable.length, hours, TRIR_BASE_HOURS),
    ltifr: perHours(lostTime.length, hours, LTIFR_BASE_HOURS),
    severityRate: perHours(daysLost, hours, SEVERITY_BASE_HOURS),
    incidentIds: { recordable: recordable.map((i) => i.id), lostTime: lostTime.map((i) => i.id), daysLost: withDays.map((i) => i.id) },
  };
}

/**
 * TRIR, LTIFR and severity rate for each month from `from` to `to` (both included) and for the
 * range, from the scope's hours per month and its incidents (any kind or status: what counts is
 * decided here). Incidents outside the range are ignored.
 */
export function safetyRates(input: {
  from: string;
  to: string;
  offsetMinutes: number;
  hours: readonly MonthHours[];
  incidents: readonly RateIncident[];
}): SafetyRates {
  const months = monthsBetween(input.from, input.to);
  const byMonth = new Map(months.map((m) => [m, [] as RateIncident[]]));
  const ordered = [...input.incidents].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const i of ordered) if (countsTowardRates(i)) byMonth.get(monthOf(i.occurredAt, input.offsetMinutes))?.push(i);
  const hoursOf = new Map(input.hours.map((h) => [h.month, h]));
  const rows = months.map((month) => {
    const h = hoursOf.get(month);
    return { month, ...figures(h?.hours ?? null, h?.entries ?? 0, byMonth.get(month)!) };
  });
  const covered = months.filter((m) => hoursOf.has(m));
  const totalHours = covered.length ? covered.reduce((s, m) => s + hoursOf.get(m)!.hours, 0) : null;
  const totalEntries = covered.reduce((s, m) => s + hoursOf.get(m)!.entries, 0);
  return {
    months: rows,
    total: {
      ...figures(
        totalHours,
        totalEntries,
        covered.flatMap((m) => byMonth.get(m)!),
      ),
      monthsWithoutHours: months.filter((m) => !hoursOf.has(m)),
    },
  };
}
