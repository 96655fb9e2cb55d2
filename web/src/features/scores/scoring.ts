import type {
  AdjustmentStatus,
  AppealStatus,
  Cadence,
  CyclePhase,
  CycleStatus,
  DeclarationStatus,
  PlanPhase,
  Rating,
  RulesetStatus,
  ScoreReport,
  ScoreVersion,
  TaskView,
} from '../../shared/api';

/** Scoring helpers of the UI: colours, periods, links. */

export const RATING_COLORS: Record<Rating, string> = { excellent: 'green', qualified: 'blue', needs_improvement: 'red' };
export const CYCLE_STATUS_COLORS: Record<CyclePhase, string> = { scoring: 'processing', review: 'gold', publishing: 'cyan', published: 'green' };
export const RULESET_STATUS_COLORS: Record<RulesetStatus, string> = { draft: 'orange', published: 'green' };
export const SNAPSHOT_STATUS_COLORS: Record<string, string> = { draft: 'orange', published: 'green', superseded: 'default' };
export const APPEAL_STATUS_COLORS: Record<AppealStatus, string> = { open: 'processing', upheld: 'default', adjusted: 'green' };
export const ADJUSTMENT_STATUS_COLORS: Record<AdjustmentStatus, string> = { pending: 'processing', approved: 'green', rejected: 'red' };
export const DECLARATION_STATUS_COLORS: Record<DeclarationStatus, string> = { pending: 'processing', approved: 'green', rejected: 'red' };
export const PLAN_PHASE_COLORS: Record<PlanPhase, string> = {
  planning: 'gold',
  in_progress: 'processing',
  checking: 'cyan',
  completed: 'green',
  not_completed: 'red',
};

/** The steps of a cycle's header, in order. */
export const CYCLE_STEPS: CycleStatus[] = ['scoring', 'review', 'published'];

/** Roles that run cycles (start, recompute, schedules) — the API's CYCLE_ROLES. */
export const CYCLE_ROLES = ['admin', 'hr', 'manager'] as const;
/** Roles that write ruleset drafts and that approve them (never the author; HR only at group level, the API checks). */
export const RULESET_AUTHORS = ['admin', 'hr', 'safety_officer'] as const;
export const RULESET_APPROVERS = ['admin', 'hr'] as const;
/** Roles that propose manual adjustments (a second person decides) — the API's; auditors read them too. */
export const ADJUSTER_ROLES = ['manager', 'hr', 'admin'] as const;
export const ADJUSTMENT_READERS = ['manager', 'hr', 'admin', 'auditor'] as const;
/** Roles that may read rankings and other people's reports. */
export const RANKING_ROLES = ['admin', 'hr', 'manager', 'auditor', 'department_head', 'safety_officer'] as const;

/** The first 12 characters of a sha-256: enough to tell snapshots apart on screen. */
export const shortHash = (hash: string) => hash.slice(0, 12);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A period's parts as the start form edits them. */
export interface PeriodParts {
  year: number;
  /** Month 1–12, quarter 1–4 or ISO week 1–53, by cadence. */
  n: number;
}

/** `2026-11`, `2026-Q4`, `2026-W47` (domain/cycle/period.ts labels). */
export function periodLabel(cadence: Cadence, p: PeriodParts): string {
  if (cadence === 'monthly') return `${p.year}-${pad(p.n)}`;
  if (cadence === 'quarterly') return `${p.year}-Q${p.n}`;
  return `${p.year}-W${pad(p.n)}`;
}

export const PERIOD_MAX: Record<Cadence, number> = { monthly: 12, quarterly: 4, weekly: 53 };

/**
 * The period of `cadence` containing `at` in the group's time zone (UTC+8 by default), as parts:
 * the default of the start form. Mirrors periodContaining in domain/cycle/period.ts.
 */
export function periodContaining(cadence: Cadence, at: Date, offsetMinutes = 480): PeriodParts {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  if (cadence === 'monthly') return { year: y, n: m + 1 };
  if (cadence === 'quarterly') return { year: y, n: Math.floor(m / 3) + 1 };
  // ISO week: the week of the Thursday of this week, counted in that Thursday's year.
  const day = Date.UTC(y, m, local.getUTCDate());
  const thursday = new Date(day + (3 - ((local.getUTCDay() + 6) % 7)) * 86_400_000);
  const isoYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * 86_400_000)) + 1;
  return { year: isoYear, n: week };
}

/**
 * "Nov 1 – Nov 30, 2026": the first and last day of a period in the group's time zone (UTC+8 by
 * default, as the API cuts periods), whatever the browser's zone.
 */
export function periodDates(p: { periodStart: string; periodEnd: string }, lang: string, offsetMinutes = 480): string {
  const local = (iso: string, shiftMs = 0) => new Date(Date.parse(iso) + offsetMinutes * 60_000 + shiftMs);
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  return fmt.formatRange(local(p.periodStart), local(p.periodEnd, -1));
}

/** The cycle a task belongs to (its workflow is `AssessmentCycle:<cycleId>`), for a link to its page. */
export function cycleIdOf(task: Pick<TaskView, 'processType' | 'workflowId'>): string | null {
  return task.processType === 'assessment_cycle' && task.workflowId.startsWith('AssessmentCycle:') ? task.workflowId.slice('AssessmentCycle:'.length) : null;
}

/** The period of a cycle id (`<scope>:<period>`). */
export const periodOfCycle = (cycleId: string) => cycleId.slice(cycleId.lastIndexOf(':') + 1);

/** The version in force: the newest published one (older servers: the newest version). */
export function inForceVersion(report: Pick<ScoreReport, 'versions'>): ScoreVersion | undefined {
  const published = report.versions.filter((v) => v.status === 'published');
  return published.length
    ? published[published.length - 1]
    : report.versions.every((v) => v.status === undefined)
      ? report.versions[report.versions.length - 1]
      : undefined;
}

export const improvementPlanPath = (workflowId: string) => `/improvement-plans/${encodeURIComponent(workflowId)}`;
export const cyclePath = (cycleId: string) => `/assessment-cycles/${encodeURIComponent(cycleId)}`;
export const reportPath = (cycleId: string, subjectType: string, subjectId: string, version?: number) =>
  `/scores/${encodeURIComponent(cycleId)}/${subjectType}/${encodeURIComponent(subjectId)}${version ? `?version=${version}` : ''}`;

/** A number with at most two decimals, as scores are kept. */
export const fmtScore = (n: number) => (Math.round(n * 100) / 100).toString();
/** "+2", "−15". */
export const fmtSigned = (n: number) => (n > 0 ? `+${fmtScore(n)}` : n < 0 ? `−${fmtScore(-n)}` : '0');
/** 0.25 → "25 %". */
export const fmtShare = (w: number) => `${Math.round(w * 1000) / 10} %`;
