import type { QuietHours } from './policy';

export type Severity = 'critical' | 'normal' | 'info';

/**
 * When may a message of this severity reach someone with these quiet hours? Returns null for
 * "now", else the end of the quiet period. Critical messages always go now; others are deferred,
 * never dropped. Pure: the caller supplies the clock (workflow time inside workflows).
 */
export function deliveryTime(now: Date, quiet: QuietHours | null, severity: Severity): Date | null {
  if (!quiet || severity === 'critical') return null;
  const start = secondsOfDay(quiet.start);
  const end = secondsOfDay(quiet.end);
  if (start === end) return null;
  const local = localSecondsOfDay(now, quiet.timeZone);
  const inside = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inside) return null;
  const wait = (end - local + 86400) % 86400;
  return new Date(now.getTime() + wait * 1000 - (now.getTime() % 1000));
}

function secondsOfDay(hhmmss: string): number {
  const [h, m, s = '0'] = hhmmss.split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** One formatter per time zone: making one costs far more than using it (1 % of the worker's main thread when made per message). */
const clocks = new Map<string, Intl.DateTimeFormat>();
function clockOf(timeZone: string): Intl.DateTimeFormat {
  let f = clocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
    if (clocks.size < 100) clocks.set(timeZone, f);
  }
  return f;
}

function localSecondsOfDay(at: Date, timeZone: string): number {
  const parts = clockOf(timeZone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return (get('hour') % 24) * 3600 + get('minute') * 60 + get('second');
}

/** Quiet hours as a time-of-day window in UTC around `at` (tests: "quiet from now for N seconds"). */
export function quietWindowFrom(at: Date, seconds: number): QuietHours {
  const fmt = (d: Date) => d.toISOString().slice(11, 19);
  return { start: fmt(at), end: fmt(new Date(at.getTime() + seconds * 1000)), timeZone: 'UTC' };
}
