/**
 * Assessment periods: weekly (ISO week, Monday 00:00), monthly and quarterly, in a fixed UTC
 * offset (the group's time zone, default +08:00). Pure and deterministic, safe in workflows.
 */
export const CADENCES = ['weekly', 'monthly', 'quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];

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

function utc(y: number, m: number, d: number, offsetMinutes: number): number {
  return Date.UTC(y, m, d) - offsetMinutes * 60_000;
}

/** The period of `cadence` that contains `at`. */
export function periodContaining(cadence: Cadence, at: string | Date, offsetMinutes = 480): AssessmentPeriod {
  const t = new Date(typeof at === 'string' ? Date.parse(at) : at.getTime());
  const local = new Date(t.getTime() + offsetMinutes * 60_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  if (cadence === 'monthly') {
    return { cadence, label: `${y}-${pad(m + 1)}`, start: new Date(utc(y, m, 1, offsetMinutes)).toISOString(), end: new Date(utc(y, m + 1, 1, offsetMinutes)).toISOString() };
  }
  if (cadence === 'quarterly') {
    const q = Math.floor(m / 3);
    return { cadence, label: `${y}-Q${q + 1}`, start: new Date(utc(y, q * 3, 1, offsetMinutes)).toISOString(), end: new Date(utc(y, q * 3 + 3, 1, offsetMinutes)).toISOString() };
  }
  // ISO week: Monday-based; the week belongs to the year of its Thursday.
  const dayOfWeek = (local.getUTCDay() + 6) % 7;
  const monday = utc(y, m, local.getUTCDate() - dayOfWeek, offsetMinutes);
  const thursday = new Date(monday + 3 * DAY + offsetMinutes * 60_000);
  const isoYear = thursday.getUTCFullYear();
  const jan4 = utc(isoYear, 0, 4, offsetMinutes);
  const jan4Monday = jan4 - ((new Date(jan4 + offsetMinutes * 60_000).getUTCDay() + 6) % 7) * DAY;
  const week = Math.round((monday - jan4Monday) / (7 * DAY)) + 1;
  return { cadence, label: `${isoYear}-W${pad(week)}`, start: new Date(monday).toISOString(), end: new Date(monday + 7 * DAY).toISOString() };
}

/** The last complete period before `at` (what a scheduled run scores). */
export function previousPeriod(cadence: Cadence, at: string | Date, offsetMinutes = 480): AssessmentPeriod {
  const current = periodContaining(cadence, at, offsetMinutes);
  return periodContaining(cadence, new Date(Date.parse(current.start) - 1), offsetMinutes);
}

/** Parses a label back into its period (`2026-11`, `2026-Q4`, `2026-W47`); null when malformed. */
export function parsePeriod(label: string, offsetMinutes = 480): AssessmentPeriod | null {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (m) return periodContaining('monthly', new Date(utc(Number(m[1]), Number(m[2]) - 1, 15, 0)), offsetMinutes);
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) return periodContaining('quarterly', new Date(utc(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 15, 0)), offsetMinutes);
  m = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/.exec(label);
  if (m) {
    const jan4 = utc(Number(m[1]), 0, 4, 0);
    const p = periodContaining('weekly', new Date(jan4 + (Number(m[2]) - 1) * 7 * DAY + 12 * 3_600_000), offsetMinutes);
    return p.label === label ? p : null;
  }
  return null;
}
