import type { DataSource } from 'typeorm';
import { HAZARD_ENDED_STATUSES, HAZARD_STATUSES } from '../../domain/hazard/constants';

/** A hazard's workflow runs until its projection says closed or cancelled (an IN list, so the status index is used). */
const HAZARD_RUNNING = HAZARD_STATUSES.filter((s) => !(HAZARD_ENDED_STATUSES as readonly string[]).includes(s));
import { likeContains, likePrefix, runQuery } from '../../db/sql';

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
 * The running processes of the projected kinds, one row each, with the columns every filter and
 * sort reads. Each branch starts from an index on "still running" (hazards by status, notices'
 * tasks by status), so the work grows with what is in flight, not with the year behind it; the
 * open tasks' earliest deadline and highest rung come from the open tasks alone.
 */
function runningSql(types: readonly ProjectedType[]): string {
  // Per process, two look-ups in idx_tasks_open_workflow (status, workflow_id, due_at, escalation_level):
  // a join with all open steps grouped was planned as a nested loop over the grouped rows on MariaDB.
  const openStep = (agg: string) => `(SELECT ${agg} FROM tasks t WHERE t.status = 'open' AND t.workflow_id = h.workflow_id)`;
  const branches: string[] = [];
  if (types.includes('hazard'))
    branches.push(`SELECT h.workflow_id AS workflow_id, 'hazard' AS type, h.status AS status, h.severity AS severity,
        h.suspected_severity AS suspected_severity, h.org_unit_id AS org_unit_id, h.responsible_org_unit_id AS department_id,
        h.reported_at AS started_at, h.title AS subject, ${openStep('MIN(t.due_at)')} AS task_due, h.due_at AS own_due,
        h.overdue AS own_overdue, ${openStep('MAX(t.escalation_level)')} AS task_esc, h.escalation_level AS own_esc
      FROM hazards h
      WHERE h.status IN (${HAZARD_RUNNING.map((s) => `'${s}'`).join(', ')})`);
  if (types.includes('notice'))
    // The notice workflow keeps its acknowledgement task open for as long as it runs.
    branches.push(`SELECT n.workflow_id AS workflow_id, 'notice' AS type, 'awaiting_acknowledgement' AS status, MIN(n.priority) AS severity,
        NULL AS suspected_severity, MIN(n.org_unit_id) AS org_unit_id, MIN(n.org_unit_id) AS department_id,
        MIN(n.created_at) AS started_at, MIN(n.title) AS subject, MIN(n.due_at) AS task_due, NULL AS own_due,
        0 AS own_overdue, MAX(n.escalation_level) AS task_esc, 0 AS own_esc
      FROM tasks n WHERE n.status = 'open' AND n.process_type = 'notice' GROUP BY n.workflow_id`);
  return branches.join('\nUNION ALL\n');
}

/** The rows with their deadline (an open step's, else the process's own), rung and overdue flag, filtered. */
function filteredSql(f: MonitorSqlFilter): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { now: f.now };
  const where: string[] = [];
  /** A unit on the process (origin, department) or on one of its open steps lies under the path. */
  const touches = (param: string) =>
    `(ou.path LIKE :${param} ESCAPE '!' OR od.path LIKE :${param} ESCAPE '!' OR EXISTS (
        SELECT 1 FROM tasks st JOIN org_units su ON su.id = st.org_unit_id
         WHERE st.workflow_id = m.workflow_id AND st.status = 'open' AND su.path LIKE :${param} ESCAPE '!'))`;
  if (f.scopePath !== null) {
    where.push(touches('scopePath'));
    params.scopePath = likePrefix(f.scopePath);
  }
  if (f.underPath !== undefined) {
    where.push(touches('underPath'));
    params.underPath = likePrefix(f.underPath);
  }
  if (f.status) {
    where.push('m.status = :status');
    params.status = f.status;
  }
  if (f.overdue !== undefined) where.push(f.overdue ? 'm.overdue = 1' : 'm.overdue = 0');
  if (f.assignee) {
    where.push(`EXISTS (SELECT 1 FROM tasks xt JOIN users au ON au.id = xt.assignee_user_id
        WHERE xt.workflow_id = m.workflow_id AND xt.status = 'open' AND au.username = :assignee)`);
    params.assignee = f.assignee;
  }
  if (f.q) {
    where.push(`(LOWER(m.subject) LIKE :q ESCAPE '!' OR LOWER(m.workflow_id) LIKE :q ESCAPE '!' OR EXISTS (
        SELECT 1 FROM tasks qt WHERE qt.workflow_id = m.workflow_id AND qt.status = 'open' AND LOWER(qt.title) LIKE :q ESCAPE '!'))`);
    params.q = likeContains(f.q.toLowerCase());
  }
  const sql = `SELECT m.* FROM (
      SELECT r.*, COALESCE(r.task_due, r.own_due) AS deadline,
        CASE WHEN COALESCE(r.task_esc, 0) > r.own_esc THEN COALESCE(r.task_esc, 0) ELSE r.own_esc END AS escalation_level,
        CASE WHEN r.own_overdue = 1 OR COALESCE(r.task_due, r.own_due) < :now THEN 1 ELSE 0 END AS overdue
      FROM (${runningSql(f.types)}) r
    ) m
    LEFT JOIN org_units ou ON ou.id = m.org_unit_id
    LEFT JOIN org_units od ON od.id = m.department_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
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
  suspected_severity: string | null;
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
    // The hazard workflow's search attribute: its grade once graded, the reporter's guess before.
    severity: r.type === 'hazard' ? (r.severity ?? (r.suspected_severity ? `suspected-${r.suspected_severity}` : null)) : r.severity,
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
