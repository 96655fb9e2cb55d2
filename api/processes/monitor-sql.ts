import type { DataSource } from 'typeorm';
import { likeContains, runQuery } from '../../db/sql';

/**
 * Process kinds whose running processes, status, deadline and escalation the monitor reads from
 * the database: their projections hold all of it (the hazard row mirrors the SLA clock, overdue
 * flag and escalation of its workflow; a notice is its one acknowledgement task). Together they
 * are nearly everything in flight (a year of data: ~7,000 of them against a few dozen of the
 * other kinds), which the monitor used to page out of Temporal visibility on every request.
 */
export const PROJECTED_TYPES = ['hazard', 'notice'] as const;
export type ProjectedType = (typeof PROJECTED_TYPES)[number];

/** The workflow type behind each projected kind (the monitor shows it; visibility is not asked). */
export const WORKFLOW_TYPE_OF: Record<ProjectedType, string> = { hazard: 'HazardWorkflow', notice: 'SafetyNoticeWorkflow' };

export interface MonitorSqlFilter {
  types: readonly ProjectedType[];
  status?: string;
  overdue?: boolean;
  /** LIKE prefix of the caller's unit path; null: the caller sees every unit. */
  scopePath: string | null;
  /** Path of the unit asked for (?orgUnitId): origin, department or a step in it or below. */
  underPath?: string;
  assignee?: string;
  q?: string;
  sort: 'breach' | 'started' | 'escalation';
  now: Date;
}

/** One running process as the database knows it; the page's steps and subjects are read afterwards. */
export interface MonitorSqlRow {
  workflowId: string;
  type: ProjectedType;
  status: string;
  severity: string | null;
  orgUnitId: string | null;
  departmentId: string | null;
  startedAt: Date;
  deadline: Date | null;
  overdue: boolean;
  escalationLevel: number;
}

/**
 * The stored rows (process_monitor, kept by db/projections/process-monitor.ts in the transaction
 * of every write to a process's projection or tasks) of the kinds asked for, with the monitor's
 * overdue (the projection's flag, or the deadline passed by now) and the filters. One table of
 * what is in flight: no open task is read per process.
 */
function filteredSql(f: MonitorSqlFilter): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { now: f.now, types: [...f.types] };
  const overdue = 'm.marked_overdue = 1 OR (m.deadline IS NOT NULL AND m.deadline < :now)';
  const where: string[] = ['m.type IN (:...types)'];
  /** A unit on the process (origin, department) or on one of its open steps lies under the path: each stored path follows a space. */
  const touches = (param: string, path: string) => {
    where.push(`m.unit_paths LIKE :${param} ESCAPE '!'`);
    params[param] = likeContains(` ${path}`);
  };
  if (f.scopePath !== null) touches('scopePath', f.scopePath);
  if (f.underPath !== undefined) touches('underPath', f.underPath);
  if (f.status) {
    where.push('m.status = :status');
    params.status = f.status;
  }
  if (f.overdue !== undefined) where.push(f.overdue ? `(${overdue})` : `NOT (${overdue})`);
  if (f.assignee) {
    // Who holds a step changes without the process changing (claims, delegations): read from the open tasks, from the person's side.
    where.push(`m.workflow_id IN (SELECT xt.workflow_id FROM tasks xt JOIN users au ON au.id = xt.assignee_user_id
        WHERE au.username = :assignee AND xt.status = 'open')`);
    params.assignee = f.assignee;
  }
  if (f.q) {
    // English and Chinese titles of the process and of its open steps (MySQL's collation ignores case; LOWER is for SQLite).
    where.push(`(LOWER(m.title) LIKE :q ESCAPE '!' OR LOWER(m.title_zh) LIKE :q ESCAPE '!' OR LOWER(m.workflow_id) LIKE :q ESCAPE '!'
        OR LOWER(m.step_titles) LIKE :q ESCAPE '!')`);
    params.q = likeContains(f.q.toLowerCase());
  }
  const sql = `SELECT m.workflow_id, m.type, m.status, m.severity, m.org_unit_id, m.department_id, m.started_at, m.deadline,
      m.escalation_level, CASE WHEN ${overdue} THEN 1 ELSE 0 END AS overdue
    FROM process_monitor m
    WHERE ${where.join(' AND ')}`;
  return { sql, params };
}

/**
 * The order of the monitor, total on every row (the workflow ID breaks ties), so pages neither
 * repeat nor skip a process: breach = soonest deadline first, none last; escalation = highest
 * rung first, then as breach; started = newest first.
 */
export function orderSql(sort: MonitorSqlFilter['sort']): string {
  const breach = 'CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline ASC, started_at ASC, workflow_id ASC';
  if (sort === 'breach') return breach;
  if (sort === 'escalation') return `escalation_level DESC, ${breach}`;
  return 'started_at DESC, workflow_id ASC';
}

interface RawRow {
  workflow_id: string;
  type: ProjectedType;
  status: string;
  severity: string | null;
  org_unit_id: string | null;
  department_id: string | null;
  started_at: Date | string;
  deadline: Date | string | null;
  overdue: number | string;
  escalation_level: number | string;
}

/** A page of the running processes of the projected kinds (offset and limit over the total order) and the counts over all that match. */
export async function monitorPage(
  ds: DataSource,
  f: MonitorSqlFilter,
  offset: number,
  limit: number,
): Promise<{ rows: MonitorSqlRow[]; counts: { total: number; overdue: number; escalated: number } }> {
  if (!f.types.length) return { rows: [], counts: { total: 0, overdue: 0, escalated: 0 } };
  const { sql, params } = filteredSql(f);
  // The counts and the page at once (two connections of the pool).
  const [[countRow], raw] = await Promise.all([
    runQuery<{ total: number | string; overdue: number | string | null; escalated: number | string | null }>(
      ds,
      `SELECT COUNT(*) AS total, SUM(x.overdue) AS overdue, SUM(CASE WHEN x.escalation_level > 0 THEN 1 ELSE 0 END) AS escalated FROM (${sql}) x`,
      params,
    ),
    limit
      ? runQuery<RawRow>(ds, `SELECT x.* FROM (${sql}) x ORDER BY ${orderSql(f.sort)} LIMIT ${Math.floor(limit)} OFFSET ${Math.floor(offset)}`, params)
      : Promise.resolve([]),
  ]);
  const counts = { total: Number(countRow?.total ?? 0), overdue: Number(countRow?.overdue ?? 0), escalated: Number(countRow?.escalated ?? 0) };
  const rows = raw.map((r) => ({
    workflowId: r.workflow_id,
    type: r.type,
    status: r.status,
    severity: r.severity,
    orgUnitId: r.org_unit_id,
    departmentId: r.department_id,
    startedAt: asDate(r.started_at),
    deadline: r.deadline === null ? null : asDate(r.deadline),
    overdue: Number(r.overdue) === 1,
    escalationLevel: Number(r.escalation_level),
  }));
  return { rows, counts };
}

export function asDate(v: Date | string): Date {
  if (v instanceof Date) return v;
  // SQLite returns 'YYYY-MM-DD HH:MM:SS.sss' (UTC) strings from raw queries.
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
}
