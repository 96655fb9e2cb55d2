import { createHash } from 'node:crypto';
import { z } from 'zod';
import { HAZARD_CATEGORIES, HAZARD_ENDED_STATUSES } from './hazard/constants';
import { RATINGS } from './scoring/indicators';
import { isTimeZone } from './policy';
import { HISTORY_STATUSES } from './texts/history';
import { named, term, text, when, type NamesParam, type Text, type TextParam } from './texts/text';
import type { MessageKey } from './texts/catalog';

/**
 * Alerting rules (SPEC §5): pure, deterministic evaluation of configurable rules over rows loaded
 * by an activity. Given the rules, the rows and `now`, it returns candidate alerts with stable
 * de-duplication keys; the sweep inserts them with INSERT … IGNORE on that key, so an alert fires
 * once however often (or however many workers) evaluate. Nothing here reads a clock or a database.
 */

export const ALERT_KINDS = ['overdue', 'low_score', 'recurring_hazard', 'incident_cluster', 'sla_breach_rate'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['critical', 'normal', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * Who hears about an alert, resolved against the alert's org unit when it fires:
 * - `safety`: the safety hub — safety officers whose scope covers the unit and the head of the
 *   plant's safety department;
 * - `department_head`: the head of the unit's department (or of the unit itself above department level);
 * - `managers` / `hr`: users with that role whose scope covers the unit;
 * - `subject`: the person the alert is about, when there is one (low score of a person, the
 *   assignee of an overdue task, the person responsible for an overdue hazard).
 */
export const AUDIENCE_TARGETS = ['safety', 'department_head', 'managers', 'hr', 'subject'] as const;
export type AudienceTarget = (typeof AUDIENCE_TARGETS)[number];

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const windowDays = z.number().int().min(1).max(366);
const minCount = z.number().int().min(2).max(1000);

/** Parameters of each kind; every field has a default, so `{}` is a valid parameter set. */
export const ALERT_PARAM_SCHEMAS = {
  overdue: z
    .object({
      /** Hazards flagged overdue by their process (grading or rectification SLA breached). */
      hazards: z.boolean().default(true),
      /** Open inbox tasks past their due date … */
      tasks: z.boolean().default(true),
      /** … by more than this many hours. */
      taskOverdueHours: z
        .number()
        .min(0)
        .max(24 * 366)
        .default(24),
    })
    .strict()
    .refine((p) => p.hazards || p.tasks, { message: 'watch hazards, tasks or both', path: ['hazards'] }),
  low_score: z
    .object({
      /** A published total below this fires. */
      threshold: z.number().min(0).max(1000).default(60),
      subjectTypes: z
        .array(z.enum(['person', 'department']))
        .min(1)
        .max(2)
        .default(['person', 'department']),
    })
    .strict(),
  recurring_hazard: z
    .object({
      /** The same category reported at least this often … */
      minCount: minCount.default(3),
      /** … within this many days … */
      windowDays: windowDays.default(30),
      /** … in one org unit (`org_unit`) or one location of a unit (`location`: unit + area). */
      groupBy: z.enum(['org_unit', 'location']).default('location'),
      /** Only these categories; empty: all. */
      categories: z.array(z.string().trim().min(1).max(32)).max(50).default([]),
    })
    .strict(),
  incident_cluster: z
    .object({
      /** At least this many incidents … */
      minCount: minCount.default(3),
      /** … within this many days … */
      windowDays: windowDays.default(30),
      /** … in one org unit, or in the subtree of one department or plant. */
      groupBy: z.enum(['org_unit', 'department', 'plant']).default('department'),
      /** Real (non-drill) emergencies count; so do `incident.serious` facts when this is on. */
      includeSeriousFacts: z.boolean().default(true),
    })
    .strict(),
  sla_breach_rate: z
    .object({
      /** Share (0–1) of the month's due tasks completed late or still open past due above which it fires. */
      threshold: z.number().min(0).max(1).default(0.2),
      /** Departments with fewer due tasks this month are not judged. */
      minTasks: z.number().int().min(1).max(100000).default(5),
      /** Time zone of the calendar month. */
      timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone').default('Asia/Shanghai'),
    })
    .strict(),
} as const;

export type AlertParams = { [K in AlertKind]: z.output<(typeof ALERT_PARAM_SCHEMAS)[K]> };

export const AlertAudienceSchema = z.array(z.enum(AUDIENCE_TARGETS)).min(1).max(AUDIENCE_TARGETS.length);

export interface AlertRuleDef<K extends AlertKind = AlertKind> {
  id: string;
  kind: K;
  version: number;
  name: string;
  /** The name in Chinese; null shows the English one. */
  nameZh: string | null;
  enabled: boolean;
  severity: AlertSeverity;
  params: AlertParams[K];
  audience: AudienceTarget[];
}

/** Parses a kind's parameters (defaults filled in); throws a ZodError with paths relative to the params. */
export function parseAlertParams<K extends AlertKind>(kind: K, params: unknown): AlertParams[K] {
  return ALERT_PARAM_SCHEMAS[kind].parse(params ?? {}) as AlertParams[K];
}

/** The rules every database starts with: one per kind, named after it. */
export const DEFAULT_ALERT_RULES: Omit<AlertRuleDef, 'version'>[] = [
  {
    id: 'overdue',
    kind: 'overdue',
    name: 'Overdue hazards and tasks',
    nameZh: '隐患与任务逾期',
    enabled: true,
    severity: 'normal',
    params: parseAlertParams('overdue', {}),
    audience: ['department_head', 'safety'],
  },
  {
    id: 'low_score',
    kind: 'low_score',
    name: 'Low published score',
    nameZh: '发布得分偏低',
    enabled: true,
    severity: 'normal',
    params: parseAlertParams('low_score', {}),
    audience: ['department_head', 'hr'],
  },
  {
    id: 'recurring_hazard',
    kind: 'recurring_hazard',
    name: 'Recurring hazard in one area',
    nameZh: '同一区域隐患反复出现',
    enabled: true,
    severity: 'normal',
    params: parseAlertParams('recurring_hazard', {}),
    audience: ['safety', 'department_head'],
  },
  {
    id: 'incident_cluster',
    kind: 'incident_cluster',
    name: 'Incident cluster',
    nameZh: '事件聚集',
    enabled: true,
    severity: 'critical',
    params: parseAlertParams('incident_cluster', {}),
    audience: ['safety', 'managers'],
  },
  {
    id: 'sla_breach_rate',
    kind: 'sla_breach_rate',
    name: 'Department SLA breach rate',
    nameZh: '部门超时率',
    enabled: true,
    severity: 'normal',
    params: parseAlertParams('sla_breach_rate', {}),
    audience: ['department_head', 'managers'],
  },
];

// ---- the rows evaluation reads ------------------------------------------------------------------

export interface UnitRow {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  nameZh?: string | null;
  /** Materialised path `/root/…/id/`. */
  path: string;
}

export interface HazardRow {
  id: string;
  workflowId: string;
  title: string;
  category: string;
  area: string;
  orgUnitId: string;
  responsibleOrgUnitId: string | null;
  responsiblePersonId: string | null;
  status: string;
  overdue: boolean;
  dueAt: Date | null;
  reportedAt: Date;
}

export interface TaskRow {
  id: string;
  workflowId: string;
  processType: string;
  title: string;
  /** The title as a message key with parameters, when the process wrote one. */
  titleText?: Text | null;
  orgUnitId: string;
  status: string;
  dueAt: Date | null;
  completedAt: Date | null;
  assigneeUserId: string | null;
}

export interface EmergencyRow {
  id: string;
  workflowId: string;
  type: string;
  location: string;
  orgUnitId: string;
  drill: boolean;
  reportedAt: Date;
}

/** An `incident.serious` fact. */
export interface IncidentFactRow {
  id: string;
  sourceWorkflowId: string;
  orgUnitId: string | null;
  occurredAt: Date;
}

/** A person's or department's total in the snapshot in force of a published cycle. */
export interface ScoreRow {
  cycleId: string;
  period: string;
  snapshotVersion: number;
  /** When the cycle was published: the latest published cycle of a scope is judged. */
  publishedAt: Date;
  scopeOrgUnitId: string;
  subjectType: 'person' | 'department';
  subjectId: string;
  name: string;
  nameZh?: string | null;
  /** The department (persons) or the department itself. */
  departmentId: string | null;
  total: number;
  rating: string;
}

export interface AlertData {
  now: Date;
  units: UnitRow[];
  hazards: HazardRow[];
  tasks: TaskRow[];
  emergencies: EmergencyRow[];
  incidentFacts: IncidentFactRow[];
  scores: ScoreRow[];
}

export interface AlertRecordRef {
  type: 'hazard' | 'task' | 'emergency' | 'fact' | 'score';
  id: string;
  workflowId: string | null;
}

export interface AlertCandidate {
  ruleId: string;
  ruleVersion: number;
  kind: AlertKind;
  severity: AlertSeverity;
  /** Stable: the same situation yields the same key on every evaluation. At most MAX_DEDUP_KEY characters. */
  dedupKey: string;
  /** In English, as stored in the alert's row; `titleText` is the same in the reader's language. */
  title: string;
  titleText: Text;
  /** Where it happened: the alert's data scope and the anchor its audience is resolved from. */
  orgUnitId: string | null;
  audience: AudienceTarget[];
  /** Whom `subject` means: a person and/or a user. */
  subject: { personId: string | null; userId: string | null };
  detail: {
    summary: string;
    /** The summary as a message key with parameters (absent in alerts fired before texts). */
    summaryText?: Text;
    records: AlertRecordRef[];
    figures: Record<string, number | string>;
  };
}

/** How many records an alert keeps in its detail (the figures always count them all). */
export const MAX_DETAIL_RECORDS = 100;
/** Keys stay short enough for the notification rows derived from them (`alert:<key>|<user>|<channel>` ≤ 255). */
export const MAX_DEDUP_KEY = 180;

export function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 24);
}

/** Joins key parts; a part that would make the key too long is replaced by its hash. */
function keyOf(...parts: string[]): string {
  const key = parts.join(':');
  if (key.length <= MAX_DEDUP_KEY) return key;
  return parts
    .map((p, i) => (i === 0 || p.length <= 40 ? p : shortHash(p)))
    .join(':')
    .slice(0, MAX_DEDUP_KEY);
}

/** Area names as people type them: case, surrounding and repeated spaces do not matter. */
export function normaliseArea(area: string): string {
  return area.trim().replace(/\s+/g, ' ').toLowerCase();
}

const byTimeThenId =
  <T extends { id: string }>(at: (x: T) => Date) =>
  (a: T, b: T) =>
    at(a).getTime() - at(b).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

class Units {
  private readonly byId: Map<string, UnitRow>;
  constructor(rows: UnitRow[]) {
    this.byId = new Map(rows.map((u) => [u.id, u]));
  }
  get(id: string | null): UnitRow | undefined {
    return id ? this.byId.get(id) : undefined;
  }
  name(id: string | null): string {
    return this.get(id)?.name ?? id ?? '—';
  }
  /** The unit's names in both languages, as a text parameter. */
  names(id: string | null): NamesParam {
    const u = this.get(id);
    return named([{ en: u?.name ?? id ?? '—', zh: u?.nameZh ?? null }]);
  }
  /** The nearest unit of a kind on the path from the root to `id` (itself included). */
  nearest(id: string, kind: string): UnitRow | undefined {
    const u = this.byId.get(id);
    if (!u) return undefined;
    const chain = u.path.split('/').filter(Boolean).reverse();
    for (const a of chain) {
      const x = this.byId.get(a);
      if (x?.kind === kind) return x;
    }
    return undefined;
  }
}

/**
 * Every enabled rule over the data: candidates sorted by key, one per key. Deterministic: the same
 * rules, rows (in any order) and `now` give the same candidates.
 */
export function evaluateAlertRules(rules: AlertRuleDef[], data: AlertData): AlertCandidate[] {
  const units = new Units(data.units);
  const out = new Map<string, AlertCandidate>();
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!rule.enabled) continue;
    for (const c of evaluateRule(rule, data, units)) if (!out.has(c.dedupKey)) out.set(c.dedupKey, c);
  }
  return [...out.values()].sort((a, b) => (a.dedupKey < b.dedupKey ? -1 : a.dedupKey > b.dedupKey ? 1 : 0));
}

function evaluateRule(rule: AlertRuleDef, data: AlertData, units: Units): AlertCandidate[] {
  switch (rule.kind) {
    case 'overdue':
      return overdue(rule as AlertRuleDef<'overdue'>, data, units);
    case 'low_score':
      return lowScore(rule as AlertRuleDef<'low_score'>, data, units);
    case 'recurring_hazard':
      return recurringHazard(rule as AlertRuleDef<'recurring_hazard'>, data, units);
    case 'incident_cluster':
      return incidentCluster(rule as AlertRuleDef<'incident_cluster'>, data, units);
    case 'sla_breach_rate':
      return slaBreachRate(rule as AlertRuleDef<'sla_breach_rate'>, data, units);
  }
}

function base(rule: AlertRuleDef): Pick<AlertCandidate, 'ruleId' | 'ruleVersion' | 'kind' | 'severity' | 'audience'> {
  return { ruleId: rule.id, ruleVersion: rule.version, kind: rule.kind, severity: rule.severity, audience: [...rule.audience] };
}

const CLOSED_HAZARD = new Set<string>(HAZARD_ENDED_STATUSES);

/** A value of a closed list named by the catalogue when it knows it, else as it is. */
const termOr = (prefix: string, known: readonly string[], value: string): TextParam =>
  known.includes(value) ? term(`${prefix}.${value}` as MessageKey) : value;
const statusName = (status: string): TextParam => termOr('history.status', Object.keys(HISTORY_STATUSES), status);
const categoryName = (category: string): TextParam => termOr('hazard.category', HAZARD_CATEGORIES, category);
const ratingName = (rating: string): TextParam => termOr('rating', RATINGS, rating);

/**
 * Overdue: every open hazard its process flags overdue, and every open task more than
 * `taskOverdueHours` past due (tasks of a hazard alerted here are covered by the hazard's alert).
 * Key: the record and its due date — an extended deadline that passes again is a new alert.
 */
function overdue(rule: AlertRuleDef<'overdue'>, data: AlertData, units: Units): AlertCandidate[] {
  const p = rule.params;
  const out: AlertCandidate[] = [];
  const covered = new Set<string>();
  if (p.hazards) {
    for (const h of data.hazards) {
      if (!h.overdue || CLOSED_HAZARD.has(h.status)) continue;
      covered.add(h.workflowId);
      const unit = h.responsibleOrgUnitId ?? h.orgUnitId;
      const due = h.dueAt ? h.dueAt.toISOString() : null;
      out.push({
        ...base(rule),
        dedupKey: keyOf(rule.id, 'hazard', h.id, String(h.dueAt?.getTime() ?? 'none')),
        title: `Overdue hazard: ${h.title}`.slice(0, 300),
        titleText: text('alert.overdue_hazard.title', { title: h.title }),
        orgUnitId: unit,
        subject: { personId: h.responsiblePersonId, userId: null },
        detail: {
          summary: `The hazard "${h.title}" (${h.area}, ${units.name(unit)}) is overdue${due ? ` since ${due}` : ''}; step: ${h.status}.`,
          summaryText: text(due ? 'alert.overdue_hazard.summary' : 'alert.overdue_hazard.summary_undated', {
            title: h.title,
            area: h.area,
            unit: units.names(unit),
            status: statusName(h.status),
            ...(due ? { due: when(due) } : {}),
          }),
          records: [{ type: 'hazard', id: h.id, workflowId: h.workflowId }],
          figures: { status: h.status, ...(due ? { dueAt: due } : {}) },
        },
      });
    }
  }
  if (p.tasks) {
    const limit = data.now.getTime() - p.taskOverdueHours * HOUR;
    for (const t of data.tasks) {
      if (t.status !== 'open' || !t.dueAt || t.dueAt.getTime() >= limit || covered.has(t.workflowId)) continue;
      out.push({
        ...base(rule),
        dedupKey: keyOf(rule.id, 'task', t.id, String(t.dueAt.getTime())),
        title: `Overdue task: ${t.title}`.slice(0, 300),
        titleText: text('alert.overdue_task.title', { title: t.titleText ?? t.title }),
        orgUnitId: t.orgUnitId,
        subject: { personId: null, userId: t.assigneeUserId },
        detail: {
          summary: `The task "${t.title}" (${units.name(t.orgUnitId)}) was due ${t.dueAt.toISOString()} and is still open.`,
          summaryText: text('alert.overdue_task.summary', { title: t.titleText ?? t.title, unit: units.names(t.orgUnitId), due: when(t.dueAt) }),
          records: [{ type: 'task', id: t.id, workflowId: t.workflowId }],
          figures: {
            dueAt: t.dueAt.toISOString(),
            processType: t.processType,
            hoursOverdueAtFiring: Math.floor((data.now.getTime() - t.dueAt.getTime()) / HOUR),
          },
        },
      });
    }
  }
  return out;
}

/**
 * Low score: in the latest published cycle of each scope, every person or department whose total
 * in the snapshot in force is below the threshold. Key: cycle + subject — a later snapshot
 * version of the same cycle (appeal, adjustment) does not fire again.
 */
function lowScore(rule: AlertRuleDef<'low_score'>, data: AlertData, units: Units): AlertCandidate[] {
  const p = rule.params;
  const latest = new Map<string, { cycleId: string; at: number }>();
  for (const s of data.scores) {
    const cur = latest.get(s.scopeOrgUnitId);
    const at = s.publishedAt.getTime();
    if (!cur || at > cur.at || (at === cur.at && s.cycleId > cur.cycleId)) latest.set(s.scopeOrgUnitId, { cycleId: s.cycleId, at });
  }
  const inForce = new Set([...latest.values()].map((x) => x.cycleId));
  const out: AlertCandidate[] = [];
  for (const s of data.scores) {
    if (!inForce.has(s.cycleId) || !p.subjectTypes.includes(s.subjectType) || !(s.total < p.threshold)) continue;
    const unit = s.subjectType === 'department' ? s.subjectId : s.departmentId;
    const name = named([{ en: s.name, zh: s.nameZh ?? null }]);
    out.push({
      ...base(rule),
      dedupKey: keyOf(rule.id, s.cycleId, s.subjectType, s.subjectId),
      title: `Low score: ${s.name} ${s.total} (below ${p.threshold}) in ${s.period}`.slice(0, 300),
      titleText: text('alert.low_score.title', { name, total: s.total, threshold: p.threshold, period: s.period }),
      orgUnitId: unit,
      subject: { personId: s.subjectType === 'person' ? s.subjectId : null, userId: null },
      detail: {
        summaryText: text(
          s.subjectType === 'department'
            ? 'alert.low_score.summary_department'
            : unit
              ? 'alert.low_score.summary_person'
              : 'alert.low_score.summary_person_unplaced',
          { name, unit: units.names(unit), period: s.period, total: s.total, threshold: p.threshold, rating: ratingName(s.rating) },
        ),
        summary: `${s.subjectType === 'person' ? 'The score of' : 'The department score of'} ${s.name}${unit && s.subjectType === 'person' ? ` (${units.name(unit)})` : ''} for ${s.period} is ${s.total}, below ${p.threshold} (rating: ${s.rating}).`,
        records: [{ type: 'score', id: `${s.cycleId}#${s.snapshotVersion}/${s.subjectType}/${s.subjectId}`, workflowId: null }],
        figures: { cycleId: s.cycleId, period: s.period, snapshotVersion: s.snapshotVersion, total: s.total, threshold: p.threshold, rating: s.rating },
      },
    });
  }
  return out;
}

/**
 * The first `n` records of a group in time order: the set that made the group reach the
 * threshold. Keys built from it stay the same while the window slides over the same records and
 * while later records join; a new set (the oldest left the window) is a new occurrence.
 */
function triggering<T extends { id: string }>(rows: T[], at: (x: T) => Date, n: number): T[] {
  return [...rows].sort(byTimeThenId(at)).slice(0, n);
}

/**
 * Recurring hazard: the same category reported at least `minCount` times in one unit (or one
 * location of a unit) within the last `windowDays` (cancelled reports do not count).
 * Key: unit, location, category and the reports that reached the count.
 */
function recurringHazard(rule: AlertRuleDef<'recurring_hazard'>, data: AlertData, units: Units): AlertCandidate[] {
  const p = rule.params;
  const since = data.now.getTime() - p.windowDays * DAY;
  const categories = new Set(p.categories);
  const groups = new Map<string, HazardRow[]>();
  for (const h of data.hazards) {
    const t = h.reportedAt.getTime();
    if (t <= since || t > data.now.getTime() || h.status === 'cancelled') continue;
    if (categories.size && !categories.has(h.category)) continue;
    const g = JSON.stringify([h.orgUnitId, p.groupBy === 'location' ? normaliseArea(h.area) : '', h.category]);
    groups.set(g, [...(groups.get(g) ?? []), h]);
  }
  const out: AlertCandidate[] = [];
  for (const [g, rows] of groups) {
    if (rows.length < p.minCount) continue;
    const [unitId, area, category] = JSON.parse(g) as [string, string, string];
    const first = triggering(rows, (h) => h.reportedAt, p.minCount);
    const all = [...rows].sort(byTimeThenId((h) => h.reportedAt));
    const where = p.groupBy === 'location' ? `${all[all.length - 1].area} (${units.name(unitId)})` : units.name(unitId);
    const whereText: TextParam =
      p.groupBy === 'location' ? text('alert.where_area', { area: all[all.length - 1].area, unit: units.names(unitId) }) : units.names(unitId);
    const counts = { count: rows.length, category: categoryName(category), where: whereText };
    out.push({
      ...base(rule),
      dedupKey: keyOf(rule.id, unitId, p.groupBy === 'location' ? shortHash(area) : '*', category, shortHash(first.map((h) => h.id).join(','))),
      title: `Recurring hazard: ${category} reported ${rows.length} times at ${where}`.slice(0, 300),
      titleText: text('alert.recurring_hazard.title', counts),
      orgUnitId: unitId,
      subject: { personId: null, userId: null },
      detail: {
        summaryText: text('alert.recurring_hazard.summary', { ...counts, days: p.windowDays, min: p.minCount }),
        summary: `${rows.length} ${category} hazards were reported at ${where} within ${p.windowDays} days (threshold ${p.minCount}).`,
        records: all.slice(0, MAX_DETAIL_RECORDS).map((h) => ({ type: 'hazard' as const, id: h.id, workflowId: h.workflowId })),
        figures: {
          count: rows.length,
          minCount: p.minCount,
          windowDays: p.windowDays,
          category,
          ...(p.groupBy === 'location' ? { area: all[all.length - 1].area } : {}),
        },
      },
    });
  }
  return out;
}

/**
 * Incident cluster: at least `minCount` real emergencies (drills never count) and, when asked,
 * `incident.serious` facts in one org unit or the subtree of one department / plant within the
 * last `windowDays`. A fact raised by an emergency counted here is the same incident, counted
 * once. Key: the unit and the incidents that reached the count.
 */
function incidentCluster(rule: AlertRuleDef<'incident_cluster'>, data: AlertData, units: Units): AlertCandidate[] {
  const p = rule.params;
  const now = data.now.getTime();
  const since = now - p.windowDays * DAY;
  const inWindow = (d: Date) => d.getTime() > since && d.getTime() <= now;
  const groupOf = (orgUnitId: string): string | null => {
    if (p.groupBy === 'org_unit') return units.get(orgUnitId) ? orgUnitId : null;
    return units.nearest(orgUnitId, p.groupBy)?.id ?? null;
  };
  interface Incident {
    id: string;
    at: Date;
    ref: AlertRecordRef;
  }
  const groups = new Map<string, Incident[]>();
  const add = (unit: string | null, x: Incident) => {
    if (unit) groups.set(unit, [...(groups.get(unit) ?? []), x]);
  };
  const counted = new Set<string>();
  for (const e of data.emergencies) {
    if (e.drill || !inWindow(e.reportedAt)) continue;
    counted.add(e.workflowId);
    add(groupOf(e.orgUnitId), { id: `emergency/${e.id}`, at: e.reportedAt, ref: { type: 'emergency', id: e.id, workflowId: e.workflowId } });
  }
  if (p.includeSeriousFacts) {
    const seen = new Set<string>();
    for (const f of [...data.incidentFacts].sort(byTimeThenId((x) => x.occurredAt))) {
      if (!f.orgUnitId || !inWindow(f.occurredAt) || counted.has(f.sourceWorkflowId) || seen.has(f.sourceWorkflowId)) continue;
      seen.add(f.sourceWorkflowId); // several facts of one process are one incident
      add(groupOf(f.orgUnitId), { id: `fact/${f.id}`, at: f.occurredAt, ref: { type: 'fact', id: f.id, workflowId: f.sourceWorkflowId } });
    }
  }
  const out: AlertCandidate[] = [];
  for (const [unitId, rows] of groups) {
    if (rows.length < p.minCount) continue;
    const first = triggering(rows, (x) => x.at, p.minCount);
    const all = [...rows].sort(byTimeThenId((x) => x.at));
    out.push({
      ...base(rule),
      dedupKey: keyOf(rule.id, unitId, shortHash(first.map((x) => x.id).join(','))),
      title: `Incident cluster: ${rows.length} incidents in ${units.name(unitId)} within ${p.windowDays} days`.slice(0, 300),
      titleText: text('alert.incident_cluster.title', { count: rows.length, unit: units.names(unitId), days: p.windowDays }),
      orgUnitId: unitId,
      subject: { personId: null, userId: null },
      detail: {
        summaryText: text(p.groupBy === 'org_unit' ? 'alert.incident_cluster.summary' : 'alert.incident_cluster.summary_subtree', {
          count: rows.length,
          counted: text(p.includeSeriousFacts ? 'alert.incident_cluster.emergencies_and_serious' : 'alert.incident_cluster.emergencies'),
          unit: units.names(unitId),
          days: p.windowDays,
          min: p.minCount,
        }),
        summary: `${rows.length} incidents (real emergencies${p.includeSeriousFacts ? ' and serious incidents' : ''}) in ${units.name(unitId)}${p.groupBy === 'org_unit' ? '' : ' and its units'} within ${p.windowDays} days (threshold ${p.minCount}).`,
        records: all.slice(0, MAX_DETAIL_RECORDS).map((x) => x.ref),
        figures: {
          count: rows.length,
          minCount: p.minCount,
          windowDays: p.windowDays,
          emergencies: rows.filter((x) => x.ref.type === 'emergency').length,
          seriousFacts: rows.filter((x) => x.ref.type === 'fact').length,
        },
      },
    });
  }
  return out;
}

/** `YYYY-MM` of `at` in a time zone and the instant that month began there. */
export function monthIn(at: Date, timeZone: string): { label: string; start: Date } {
  const parts = (d: Date) => {
    const f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(d);
    const get = (t: string) => Number(f.find((x) => x.type === t)?.value ?? 0);
    return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute'), s: get('second') };
  };
  const { y, m } = parts(at);
  // Local midnight of the 1st: start from UTC midnight and correct by the zone's offset there (twice, for DST).
  let t = Date.UTC(y, m - 1, 1);
  for (let i = 0; i < 2; i++) {
    const l = parts(new Date(t));
    const offset = Date.UTC(l.y, l.m - 1, l.d, l.h, l.min, l.s) - t;
    t = Date.UTC(y, m - 1, 1) - offset;
  }
  return { label: `${y}-${String(m).padStart(2, '0')}`, start: new Date(t) };
}

/**
 * Department SLA breach rate: of the tasks of a department's subtree due this calendar month up
 * to now (cancelled ones aside), the share completed late or still open past due. Fires above the
 * threshold when at least `minTasks` were due. Key: department + month — once a month.
 */
function slaBreachRate(rule: AlertRuleDef<'sla_breach_rate'>, data: AlertData, units: Units): AlertCandidate[] {
  const p = rule.params;
  const month = monthIn(data.now, p.timeZone);
  const from = month.start.getTime();
  const now = data.now.getTime();
  const perDept = new Map<string, { due: TaskRow[]; late: TaskRow[] }>();
  for (const t of data.tasks) {
    if (!t.dueAt || t.status === 'cancelled') continue;
    const due = t.dueAt.getTime();
    if (due < from || due >= now) continue;
    const dept = units.nearest(t.orgUnitId, 'department');
    if (!dept) continue;
    const late = t.status === 'open' ? true : t.completedAt ? t.completedAt.getTime() > due : false;
    const x = perDept.get(dept.id) ?? { due: [], late: [] };
    x.due.push(t);
    if (late) x.late.push(t);
    perDept.set(dept.id, x);
  }
  const out: AlertCandidate[] = [];
  for (const [deptId, x] of perDept) {
    const rate = x.late.length / x.due.length;
    if (x.due.length < p.minTasks || !(rate > p.threshold)) continue;
    const pct = Math.round(rate * 1000) / 10;
    const late = [...x.late].sort(byTimeThenId((t) => t.dueAt!));
    out.push({
      ...base(rule),
      dedupKey: keyOf(rule.id, deptId, month.label),
      title: `SLA breach rate ${pct}% in ${units.name(deptId)} (${month.label})`.slice(0, 300),
      titleText: text('alert.sla_breach_rate.title', { pct, unit: units.names(deptId), month: month.label }),
      orgUnitId: deptId,
      subject: { personId: null, userId: null },
      detail: {
        summaryText: text('alert.sla_breach_rate.summary', {
          late: x.late.length,
          due: x.due.length,
          unit: units.names(deptId),
          month: month.label,
          pct,
          threshold: Math.round(p.threshold * 1000) / 10,
        }),
        summary: `${x.late.length} of ${x.due.length} tasks of ${units.name(deptId)} due in ${month.label} so far were completed late or are open past due (${pct}%, threshold ${Math.round(p.threshold * 1000) / 10}%).`,
        records: late.slice(0, MAX_DETAIL_RECORDS).map((t) => ({ type: 'task' as const, id: t.id, workflowId: t.workflowId })),
        figures: {
          month: month.label,
          due: x.due.length,
          late: x.late.length,
          open: x.late.filter((t) => t.status === 'open').length,
          rate: Math.round(rate * 10000) / 10000,
          threshold: p.threshold,
          minTasks: p.minTasks,
        },
      },
    });
  }
  return out;
}

/** How far back rows must be loaded for these rules (the longest window, in ms before `now`). */
export function lookbackMs(rules: AlertRuleDef[]): number {
  let days = 0;
  for (const r of rules) {
    if (!r.enabled) continue;
    if (r.kind === 'recurring_hazard' || r.kind === 'incident_cluster') days = Math.max(days, (r.params as { windowDays: number }).windowDays);
    if (r.kind === 'sla_breach_rate') days = Math.max(days, 32);
  }
  return days * DAY;
}
