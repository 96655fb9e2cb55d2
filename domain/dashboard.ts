/**
 * Dashboard arithmetic (SPEC §5), the pure part: the KPI catalogue, periods and their buckets
 * (months and ISO weeks in the group's fixed UTC offset, like domain/assessment-cycle/period.ts), rates,
 * means, medians and percentiles, the department of an org unit, and ranking order. No I/O: the
 * SQL that counts lives in api/dashboard/, and every figure it returns goes through these.
 */

/** The group's time zone as a fixed offset (+08:00), the same default as the assessment periods. */
export const DEFAULT_UTC_OFFSET_MINUTES = 480;
/** Longest period a dashboard query may span (3 years of 365.25 days, rounded up). */
export const MAX_PERIOD_DAYS = 1096;
const DAY = 86_400_000;

export const KPI_NAMES = [
  'hazardClosureRate',
  'meanRectificationHours',
  'slaBreachRate',
  'inspectionAverage',
  'trainingCoverage',
  'trainingPassRate',
  'incidentFrequency',
  'seriousIncidents',
  'emergencyAckMinutes',
  'emergencyControlMinutes',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/**
 * How a figure is made from its numerator n and denominator d:
 * `ratio` n / d (0–1); `mean` n / d where n is a sum of per-record values (a median is given too);
 * `per100` n × 100 / d (d: active people); `count` n (no denominator).
 */
export type KpiKind = 'ratio' | 'mean' | 'per100' | 'count';
/** What a drill-down lists: one row per record behind a numerator or denominator. */
export const RECORD_TYPES = ['hazard', 'task', 'emergency', 'incident', 'fact', 'person'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export type KpiUnit = 'ratio' | 'hours' | 'points' | 'per100people' | 'count' | 'minutes';

export interface KpiMeta {
  label: string;
  kind: KpiKind;
  /** ratio | hours | points | per 100 people | count | minutes */
  unit: KpiUnit;
  betterWhen: 'higher' | 'lower';
  /** What the numerator and the denominator count (the drill-down's record types). */
  numerator: { records: RecordType; description: string };
  denominator: { records: RecordType; description: string } | null;
  /** Whether `ranking?by=person` is meaningful (a person the records are attributed to). */
  byPerson: boolean;
}

/** The unit says how the figure is made: hours, points and minutes are means of per-record values. */
const KIND_OF_UNIT: Record<KpiUnit, KpiKind> = { ratio: 'ratio', per100people: 'per100', count: 'count', hours: 'mean', points: 'mean', minutes: 'mean' };

/**
 * A catalogue entry: the numerator and denominator count the same records unless
 * `denominatorRecords` says otherwise; `denominator: null` for a count.
 */
function kpi(
  label: string,
  unit: KpiUnit,
  betterWhen: KpiMeta['betterWhen'],
  c: { records: RecordType; numerator: string; denominator: string | null; denominatorRecords?: RecordType; byPerson: boolean },
): KpiMeta {
  return {
    label,
    kind: KIND_OF_UNIT[unit],
    unit,
    betterWhen,
    numerator: { records: c.records, description: c.numerator },
    denominator: c.denominator === null ? null : { records: c.denominatorRecords ?? c.records, description: c.denominator },
    byPerson: c.byPerson,
  };
}

/** The KPI catalogue: the one place the definitions are written down (also in the OpenAPI summary). */
export const KPI_META: Record<KpiName, KpiMeta> = {
  hazardClosureRate: kpi('Hazard closure rate', 'ratio', 'higher', {
    records: 'hazard',
    numerator: 'hazards reported in the period that are now closed',
    denominator: 'hazards reported in the period, cancelled ones excluded',
    byPerson: true,
  }),
  meanRectificationHours: kpi('Mean rectification time', 'hours', 'lower', {
    records: 'hazard',
    numerator: 'sum of hours from acknowledgement (else grading, else report) to closure',
    denominator: 'hazards closed in the period',
    byPerson: true,
  }),
  slaBreachRate: kpi('SLA breach rate', 'ratio', 'lower', {
    records: 'task',
    numerator: 'of those, tasks completed after their due time or still open past it',
    denominator: 'tasks due in the period, cancelled ones excluded',
    byPerson: true,
  }),
  inspectionAverage: kpi('Inspection average', 'points', 'higher', {
    records: 'fact',
    numerator: 'sum of the scores (0–100) of `inspection.scored` facts',
    denominator: '`inspection.scored` facts that occurred in the period',
    byPerson: true,
  }),
  trainingCoverage: kpi('Training coverage', 'ratio', 'higher', {
    records: 'person',
    numerator: 'active people with a passed training (`training.attended` value 1) in the period',
    denominator: 'active people',
    byPerson: false,
  }),
  trainingPassRate: kpi('Training pass rate', 'ratio', 'higher', {
    records: 'fact',
    numerator: '`training.attended` facts with value 1 (attended and passed)',
    denominator: '`training.attended` facts that occurred in the period (participants recorded)',
    byPerson: true,
  }),
  incidentFrequency: kpi('Incident frequency', 'per100people', 'lower', {
    records: 'incident',
    numerator: 'incidents that occurred in the period: not near misses, not cancelled, not reported from a drill',
    denominator: 'active people',
    denominatorRecords: 'person',
    byPerson: false,
  }),
  seriousIncidents: kpi('Serious incidents', 'count', 'lower', {
    records: 'fact',
    numerator: '`incident.serious` facts that occurred in the period',
    denominator: null,
    byPerson: false,
  }),
  emergencyAckMinutes: kpi('Emergency response: on site', 'minutes', 'lower', {
    records: 'emergency',
    numerator: 'sum of minutes from the alarm to safety on site (acknowledged)',
    denominator: 'emergencies (not drills) reported in the period and acknowledged',
    byPerson: false,
  }),
  emergencyControlMinutes: kpi('Emergency response: under control', 'minutes', 'lower', {
    records: 'emergency',
    numerator: 'sum of minutes from the alarm to under control',
    denominator: 'emergencies (not drills) reported in the period and under control',
    byPerson: false,
  }),
};

// ———————————————————————————————————————— figures ————————————————————————————————————————

/** n / d, or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** The figure of a KPI from its numerator and denominator (null: no records). */
export function kpiValue(kind: KpiKind, numerator: number, denominator: number | null): number | null {
  if (kind === 'count') return numerator;
  if (denominator === null || denominator <= 0) return null;
  return kind === 'per100' ? (numerator * 100) / denominator : numerator / denominator;
}

/** Arithmetic mean, null for no values. */
export function mean(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * The p-th percentile (0 ≤ p ≤ 100) by linear interpolation between closest ranks (R-7, what
 * spreadsheets do); null for no values. p = 50 is the median (mean of the two middle values).
 */
export function percentile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile out of range: ${p}`);
  const s = [...xs].sort((a, b) => a - b);
  const h = ((s.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo] + (s[hi] - s[lo]) * (h - lo);
}

export function median(xs: readonly number[]): number | null {
  return percentile(xs, 50);
}

/** Change from the previous figure, null when either is missing. */
export function change(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}

// ———————————————————————————————————————— periods ————————————————————————————————————————

export interface Period {
  from: Date;
  to: Date;
}

/**
 * An instant from a query parameter: `YYYY-MM-DD` is midnight of that day in the group's offset;
 * otherwise an ISO 8601 date-time with `Z` or an offset. Null when malformed.
 */
export function parseInstant(s: string, offsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const t = Date.UTC(y, m - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
    return new Date(t - offsetMinutes * 60_000);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}

/** The period of the same length right before (for comparison). */
export function previousPeriod(p: Period): Period {
  return { from: new Date(2 * p.from.getTime() - p.to.getTime()), to: new Date(p.from.getTime()) };
}

/** Midnight of the 1st of the month `monthsAhead` after the one containing `at`, in the offset. */
function monthStart(at: Date, monthsAhead: number, offsetMinutes: number): Date {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + monthsAhead, 1) - offsetMinutes * 60_000);
}

/** The default period: the twelve months ending with the current one (in the group's offset). */
export function defaultPeriod(now: Date, offsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): Period {
  return { from: monthStart(now, -11, offsetMinutes), to: monthStart(now, 1, offsetMinutes) };
}

/** Why a period is not acceptable (field and message), or null. */
export function periodIssue(p: Period): { field: 'from' | 'to'; message: string } | null {
  if (p.from.getTime() >= p.to.getTime()) return { field: 'to', message: 'must be later than from' };
  if (p.to.getTime() - p.from.getTime() > MAX_PERIOD_DAYS * DAY)
    return { field: 'from', message: `the period may span at most ${MAX_PERIOD_DAYS} days (3 years)` };
  return null;
}

export type Granularity = 'month' | 'week';

export interface Bucket {
  /** `2026-11` (month) or `2026-W47` (ISO week), in the group's offset. */
  label: string;
  from: Date;
  to: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO week label and Monday (start) of the week containing `at`, in the offset. */
function isoWeek(at: Date, offsetMinutes: number): { label: string; start: number } {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  const dayOfWeek = (local.getUTCDay() + 6) % 7;
  const mondayLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - dayOfWeek);
  const thursday = new Date(mondayLocal + 3 * DAY);
  const isoYear = thursday.getUTCFullYear();
  const jan4 = new Date(Date.UTC(isoYear, 0, 4));
  const week1Monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY;
  const week = Math.round((mondayLocal - week1Monday) / (7 * DAY)) + 1;
  return { label: `${isoYear}-W${pad(week)}`, start: mondayLocal - offsetMinutes * 60_000 };
}

/**
 * The calendar months or ISO weeks that overlap the period, each clipped to it: together they
 * cover [from, to) exactly once, so bucket counts add up to the period's count.
 */
export function buckets(p: Period, granularity: Granularity, offsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): Bucket[] {
  const out: Bucket[] = [];
  let t = p.from.getTime();
  const end = p.to.getTime();
  while (t < end) {
    let label: string;
    let next: number;
    if (granularity === 'month') {
      const local = new Date(t + offsetMinutes * 60_000);
      label = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}`;
      next = monthStart(new Date(t), 1, offsetMinutes).getTime();
    } else {
      const w = isoWeek(new Date(t), offsetMinutes);
      label = w.label;
      next = w.start + 7 * DAY;
    }
    out.push({ label, from: new Date(t), to: new Date(Math.min(next, end)) });
    t = next;
  }
  return out;
}

/** Index of the bucket containing `at`, or -1 (what the SQL CASE computes, for tests). */
export function bucketIndex(bs: readonly Bucket[], at: Date): number {
  const t = at.getTime();
  return bs.findIndex((b) => b.from.getTime() <= t && t < b.to.getTime());
}

// ———————————————————————————————————————— organisation ————————————————————————————————————————

export interface UnitLike {
  id: string;
  kind: string;
  path: string;
}

/**
 * The department each unit belongs to: its ancestor (or itself) of kind `department`; a unit
 * above or outside any department (plant, company, group) stands for itself.
 */
export function departmentsOf(units: readonly UnitLike[]): Map<string, string> {
  const departments = new Set(units.filter((u) => u.kind === 'department').map((u) => u.id));
  const out = new Map<string, string>();
  for (const u of units) {
    const ids = u.path.split('/').filter(Boolean);
    out.set(u.id, ids.find((id) => departments.has(id)) ?? u.id);
  }
  return out;
}

// ———————————————————————————————————————— rankings ————————————————————————————————————————

export interface RankInput {
  key: string;
  name: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
}

/**
 * Orders entries best first (`order = best`) or worst first by the KPI's direction; entries
 * without a value go last; ties: larger denominator first (the figure rests on more records),
 * then name, then key. Ranks are 1, 2, 3… in that order.
 */
export function rank<T extends RankInput>(entries: readonly T[], betterWhen: 'higher' | 'lower', order: 'best' | 'worst'): (T & { rank: number })[] {
  const sign = (betterWhen === 'higher') === (order === 'best') ? -1 : 1;
  const sorted = [...entries].sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else if (a.value !== b.value) return sign * (a.value - b.value);
    const da = a.denominator ?? a.numerator;
    const db = b.denominator ?? b.numerator;
    if (da !== db) return db - da;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  return sorted.map((e, i) => ({ ...e, rank: i + 1 }));
}

/** The web page of a process, from its workflow ID (`Hazard:<id>` → `/hazards/<id>`), or null. */
export function processLink(workflowId: string | null): string | null {
  if (!workflowId) return null;
  if (workflowId.startsWith('ImprovementPlan:')) return `/improvement-plans/${encodeURIComponent(workflowId)}`;
  // A risk assessment's measure runs as its child, `RiskAssessment:<id>/measure-<n>`: the assessment's page.
  const m = /^(Hazard|Emergency|Incident|RiskAssessment|AssessmentCycle):(.+?)(?:\/measure-\d+)?$/.exec(workflowId);
  if (!m) return null;
  const pages: Record<string, string> = {
    Hazard: 'hazards',
    Emergency: 'emergencies',
    Incident: 'incidents',
    RiskAssessment: 'risk-assessments',
    AssessmentCycle: 'assessment-cycles',
  };
  return `/${pages[m[1]]}/${encodeURIComponent(m[2])}`;
}
