/**
 * Assessment periods: weekly (ISO week, Monday 00:00), monthly and quarterly, in a zone: a fixed
 * UTC offset in minutes (the group's default, +08:00) or an IANA time zone (a schedule's own
 * zone, DST included). Pure and deterministic, safe in workflows (IANA zones are resolved with
 * the runtime's Intl tz data).
 */
export const CADENCES = ['weekly', 'monthly', 'quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** Minutes east of UTC (480 = +08:00), or an IANA time zone name (`Pacific/Auckland`). */
export type PeriodZone = number | string;

export interface AssessmentPeriod {
  cadence: Cadence;
  /** `2026-W47`, `2026-11`, `2026-Q4`. */
  label: string;
  /** ISO instants; start ≤ t < end. */
  start: string;
  end: string;
}

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Minutes east of UTC of `zone` at the instant `ms`. */
export function zoneOffsetMinutes(zone: PeriodZone, ms: number): number {
  if (typeof zone === 'number') return zone;
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The instant of local midnight of a calendar day in `zone` (month and day may overflow, as in Date.UTC). */
function midnight(y: number, m: number, d: number, zone: PeriodZone): number {
  const wall = Date.UTC(y, m, d);
  const first = wall - zoneOffsetMinutes(zone, wall) * 60_000;
  const second = wall - zoneOffsetMinutes(zone, first) * 60_000;
  // A midnight skipped by a DST change starts the day at the first instant that exists.
  return zoneOffsetMinutes(zone, second) === zoneOffsetMinutes(zone, first) ? second : Math.max(first, second);
}

/** The calendar day (in `zone`) of an instant, as a UTC date with the same fields. */
function localDay(ms: number, zone: PeriodZone): Date {
  return new Date(ms + zoneOffsetMinutes(zone, ms) * 60_000);
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The period of `cadence` that contains `at`, in `zone` (default +08:00). */
export function periodContaining(cadence: Cadence, at: string | Date, zone: PeriodZone = 480): AssessmentPeriod {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const local = localDay(t, zone);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  if (cadence === 'monthly') {
    return { cadence, label: `${y}-${pad(m + 1)}`, start: iso(midnight(y, m, 1, zone)), end: iso(midnight(y, m + 1, 1, zone)) };
  }
  if (cadence === 'quarterly') {
    const q = Math.floor(m / 3);
    return { cadence, label: `${y}-Q${q + 1}`, start: iso(midnight(y, q * 3, 1, zone)), end: iso(midnight(y, q * 3 + 3, 1, zone)) };
  }
  // ISO week: Monday-based; the week belongs to the year of its Thursday (calendar arithmetic on local days).
  const mondayDay = Date.UTC(y, m, local.getUTCDate() - ((local.getUTCDay() + 6) % 7));
  const isoYear = new Date(mondayDay + 3 * DAY).getUTCFullYear();
  const jan4 = Date.UTC(isoYear, 0, 4);
  const jan4Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  const week = Math.round((mondayDay - jan4Monday) / (7 * DAY)) + 1;
  const monday = new Date(mondayDay);
  const [my, mm, md] = [monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate()];
  return { cadence, label: `${isoYear}-W${pad(week)}`, start: iso(midnight(my, mm, md, zone)), end: iso(midnight(my, mm, md + 7, zone)) };
}

/** The last complete period before `at`, in `zone` (what a scheduled run at `at` scores). */
export function previousPeriod(cadence: Cadence, at: string | Date, zone: PeriodZone = 480): AssessmentPeriod {
  const current = periodContaining(cadence, at, zone);
  return periodContaining(cadence, new Date(Date.parse(current.start) - 1), zone);
}

/** The `count` periods before `period` (oldest first), in `zone`. */
export function periodsBefore(period: AssessmentPeriod, count: number, zone: PeriodZone = 480): AssessmentPeriod[] {
  const out: AssessmentPeriod[] = [];
  let p = period;
  for (let i = 0; i < count; i++) {
    p = periodContaining(period.cadence, new Date(Date.parse(p.start) - 1), zone);
    out.unshift(p);
  }
  return out;
}

/**
 * How late a scheduled cycle run may still start (Temporal's catch-up window of the schedule):
 * after an outage longer than this the run is skipped — and the next run reports the period as
 * missed — instead of scoring it weeks later. Bounded per cadence, never Temporal's default year.
 */
export const CYCLE_CATCHUP_WINDOW_SECONDS: Record<Cadence, number> = { weekly: 86_400, monthly: 3 * 86_400, quarterly: 7 * 86_400 };

/** How many earlier periods a scheduled run checks for a missed (never scored) period. */
export const MISSED_PERIOD_LOOKBACK: Record<Cadence, number> = { weekly: 8, monthly: 6, quarterly: 4 };

/** Parses a label back into its period (`2026-11`, `2026-Q4`, `2026-W47`) in `zone`; null when malformed. */
export function parsePeriod(label: string, zone: PeriodZone = 480): AssessmentPeriod | null {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (m) return periodContaining('monthly', new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)), zone);
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) return periodContaining('quarterly', new Date(Date.UTC(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 15)), zone);
  m = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/.exec(label);
  if (m) {
    const jan4 = Date.UTC(Number(m[1]), 0, 4);
    const p = periodContaining('weekly', new Date(jan4 + (Number(m[2]) - 1) * 7 * DAY + 12 * 3_600_000), zone);
    return p.label === label ? p : null;
  }
  return null;
}

/**
 * Alerts a cycle schedule's own runs fire (a missed period, a late run): not a swept rule — no
 * sweep resolves them; they stay open until someone acknowledges them.
 */
export const CYCLE_SCHEDULE_ALERT = { ruleId: 'cycle_schedule', kind: 'missed_schedule', recordType: 'schedule' } as const;
