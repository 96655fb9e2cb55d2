import type { DataSource } from 'typeorm';
import { dialectOf, iso, runQuery } from './sql';

/**
 * Keeps `dashboard_handoffs` (db/entities/dashboard-handoff.ts) equal to what it is derived from.
 *
 * Refresh semantics: before every handoff query, the processes with a task whose `updated_at`
 * is at or after (the latest `updated_at` already rolled up − REFRESH_MARGIN) are recomputed from
 * `tasks` and the process projections — every task of each such process, in one INSERT … SELECT
 * with the window function per batch, upserted (idempotent and commutative, so concurrent
 * refreshes write the same rows). A new task, a completion, a claim: each changes `updated_at`,
 * so each is in the matrix as soon as it is committed — exactly as if the matrix were computed
 * from `tasks` directly — provided a task write commits within REFRESH_MARGIN of its statement
 * (tasks are written in short transactions). A process's first task may be rolled up before the
 * API has written the process's projection (its starting unit); it is recomputed at every refresh
 * while its `updated_at` is within the margin of the high-water mark, and again at its next change.
 * The first refresh on a database fills the table from every task: a one-off 7–16 s for a year of
 * a 10,000-person group (160,000 tasks; npm run bench:dashboard). Tasks are never deleted, so rows
 * never need to be.
 */
export const REFRESH_MARGIN_MS = 10 * 60_000;
const BATCH = 500;

const state = new WeakMap<DataSource, { running: Promise<void> | null; next: Promise<void> | null }>();

/**
 * Brings the rollup up to date with every task change committed before the call. One refresh at a
 * time per data source: a caller arriving during one waits for it and then for one more (shared by
 * everyone who arrived meanwhile), so changes committed after the running one started are in.
 */
export function refreshHandoffs(ds: DataSource): Promise<void> {
  let s = state.get(ds);
  if (!s) state.set(ds, (s = { running: null, next: null }));
  const st = s;
  if (!st.running) {
    st.running = refresh(ds).finally(() => {
      st.running = null;
    });
    return st.running;
  }
  st.next ??= st.running
    .catch(() => undefined)
    .then(() => {
      st.next = null;
      return refreshHandoffs(ds);
    });
  return st.next;
}

async function refresh(ds: DataSource): Promise<void> {
  const [mark] = await runQuery<{ w: unknown }>(ds, 'SELECT MAX(task_updated_at) AS w FROM dashboard_handoffs', {});
  const since = mark?.w ? new Date(Date.parse(iso(mark.w)!) - REFRESH_MARGIN_MS) : null;
  const rows = since
    ? await runQuery<{ workflow_id: string }>(ds, 'SELECT DISTINCT workflow_id FROM tasks WHERE updated_at >= :since', { since })
    : await runQuery<{ workflow_id: string }>(ds, 'SELECT DISTINCT workflow_id FROM tasks', {});
  const workflows = rows.map((r) => r.workflow_id);
  for (let i = 0; i < workflows.length; i += BATCH) await recompute(ds, workflows.slice(i, i + BATCH));
}

/** Recomputes every task of these processes (upsert). */
export async function recompute(ds: DataSource, workflowIds: string[]): Promise<void> {
  if (!workflowIds.length) return;
  const d = dialectOf(ds);
  const columns = ['workflow_id', 'created_at', 'to_unit_id', 'from_unit_id', 'completed_at', 'seconds', 'task_updated_at'];
  const sql = `INSERT INTO dashboard_handoffs (task_id, ${columns.join(', ')})
    SELECT s.id, s.workflow_id, s.created_at, s.org_unit_id, COALESCE(s.prev_unit, oh.org_unit_id, oe.org_unit_id, orr.org_unit_id), s.completed_at,
      ${d.secondsBetween('s.created_at', 's.completed_at')}, s.updated_at
    FROM (
      SELECT t.id, t.workflow_id, t.created_at, t.org_unit_id, t.completed_at, t.updated_at,
        LAG(t.org_unit_id) OVER (PARTITION BY t.workflow_id ORDER BY t.created_at, ${d.bin('t.id')}) AS prev_unit
      FROM tasks t WHERE t.workflow_id IN (:...workflowIds)
    ) s
    LEFT JOIN hazards oh ON s.prev_unit IS NULL AND oh.workflow_id = s.workflow_id
    LEFT JOIN emergencies oe ON s.prev_unit IS NULL AND oe.workflow_id = s.workflow_id
    LEFT JOIN risk_assessments orr ON s.prev_unit IS NULL AND orr.workflow_id = s.workflow_id
    WHERE 1 = 1
    ${d.upsert('task_id', columns)}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await runQuery(ds, sql, { workflowIds });
      return;
    } catch (err) {
      // Two API processes refreshing the same processes at once may deadlock; the rows are the same either way.
      if (attempt < 2 && /deadlock|lock wait/i.test((err as Error).message)) continue;
      throw err;
    }
  }
}
