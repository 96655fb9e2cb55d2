import type { AlertRecord, InspectionTemplateItem } from './api';
import { processHistoryPath } from './processLinks';
import { reportPath } from '../features/scores/scoring';

/** Helpers of the inspection, training, alert and report pages: thresholds, colours, paths, days. */

/** An inspection score below this is shown in red (the threshold the safety hub works to). */
export const LOW_INSPECTION_SCORE = 80;
export const RED = '#cf1322';
export const GREEN = '#389e0d';

export const inspectionScoreColor = (score: number) => (score < LOW_INSPECTION_SCORE ? RED : GREEN);
/** Scores to one decimal, without a trailing ".0". */
export const fmtPoints = (n: number) => String(Math.round(n * 10) / 10);

export const inspectionPath = (id: string) => `/inspections/${encodeURIComponent(id)}`;
export const trainingPath = (id: string) => `/trainings/${encodeURIComponent(id)}`;
export const alertPath = (id: string) => `/alerts/${encodeURIComponent(id)}`;

/** The id after `/<base>/` of a detail path, or null on the list (and on any malformed path). */
export function idOfPath(pathname: string, base: string): string | null {
  if (!pathname.startsWith(`/${base}/`)) return null;
  try {
    return decodeURIComponent(pathname.slice(base.length + 2)) || null;
  } catch {
    return null;
  }
}

/** Today (YYYY-MM-DD) in the group's time zone (UTC+8 by default), as the server counts days. */
export function groupToday(now = new Date(), offsetMinutes = 480): string {
  return new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** This month (YYYY-MM) in the group's time zone. */
export const groupMonth = (now = new Date()) => groupToday(now).slice(0, 7);

export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The 0–100 score of item scores, as the server computes it: Σ weight × score / maxScore ÷
 * Σ weight × 100 over the applicable items (score null: not applicable); null when none applies.
 */
export function previewInspectionScore(items: readonly InspectionTemplateItem[], scores: readonly (number | null | undefined)[]): number | null {
  let num = 0;
  let den = 0;
  items.forEach((item, i) => {
    const s = scores[i];
    if (s === null || s === undefined) return;
    num += (item.weight * Math.min(Math.max(s, 0), item.maxScore)) / item.maxScore;
    den += item.weight;
  });
  return den > 0 ? (num / den) * 100 : null;
}

/**
 * Where a record behind an alert is shown: a hazard or emergency its page, a score its report,
 * anything else with a process its audit history; null when there is nowhere to go.
 */
export function alertRecordLink(r: AlertRecord): string | null {
  if (r.type === 'hazard') return `/hazards/${encodeURIComponent(r.id)}`;
  if (r.type === 'emergency') return `/emergencies/${encodeURIComponent(r.id)}`;
  if (r.type === 'score') {
    // `<cycleId>#<version>/<subjectType>/<subjectId>` (domain/alerts.ts)
    const m = /^(.+)#(\d+)\/(person|department|post|company)\/(.+)$/.exec(r.id);
    if (m) return reportPath(m[1], m[3], m[4], Number(m[2]));
  }
  return r.workflowId ? processHistoryPath(r.workflowId) : null;
}
