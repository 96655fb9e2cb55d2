/**
 * Export tables, built deterministically from frozen data: the same snapshot always gives the
 * same rows in the same order, so a re-export of a period has identical content.
 */

export type Cell = string | number | null;

export interface ExportTable {
  name: string;
  header: string[];
  rows: Cell[][];
}

export interface SnapshotMeta {
  cycleId: string;
  period: string;
  version: number;
  status: string;
  rulesetVersion: number;
  inputHash: string;
  publishedAt: string | null;
}

export interface ResultRow {
  subjectType: string;
  subjectId: string;
  departmentId: string | null;
  total: number;
  rating: string;
  /** The stored summary JSON (dimension scores, flags …). */
  summary: string;
}

export interface SubjectInfo {
  name: string;
  employeeNo: string | null;
  departmentName: string | null;
  post: string | null;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** HR's table of one snapshot: one row per subject, ranked (total desc, then id), dimension columns in code order. */
export function assessmentResultsTable(meta: SnapshotMeta, rows: readonly ResultRow[], info: ReadonlyMap<string, SubjectInfo>): ExportTable {
  const parsed = rows.map((r) => ({ r, s: JSON.parse(r.summary) as { dimensionScores?: Record<string, number>; flags?: Record<string, unknown> } }));
  const dims = [...new Set(parsed.flatMap((p) => Object.keys(p.s.dimensionScores ?? {})))].sort();
  const sorted = [...parsed].sort((a, b) => b.r.total - a.r.total || (a.r.subjectId < b.r.subjectId ? -1 : a.r.subjectId > b.r.subjectId ? 1 : 0));
  return {
    name: `${meta.period} v${meta.version}`,
    header: ['Cycle', 'Period', 'Snapshot version', 'Snapshot status', 'Ruleset version', 'Input hash', 'Rank', 'Subject type', 'Subject ID', 'Employee no.', 'Name', 'Department', 'Post', 'Total', 'Rating', ...dims.map((d) => `Dimension: ${d}`), 'Flags'],
    rows: sorted.map(({ r, s }, i) => {
      const who = info.get(r.subjectId);
      return [
        meta.cycleId,
        meta.period,
        meta.version,
        meta.status,
        meta.rulesetVersion,
        meta.inputHash,
        i + 1,
        r.subjectType,
        r.subjectId,
        who?.employeeNo ?? null,
        who?.name ?? r.subjectId,
        who?.departmentName ?? null,
        who?.post ?? null,
        round(r.total),
        r.rating,
        ...dims.map((d) => (s.dimensionScores?.[d] === undefined ? null : round(s.dimensionScores[d]))),
        flagText(s.flags ?? {}),
      ];
    }),
  };
}

/** A result's flags as text: the raised ones only, by name (`specialReview; improvementStreak=2; shortfallDimension=collaboration`). */
export function flagText(flags: Record<string, unknown>): string {
  return Object.keys(flags)
    .sort()
    .flatMap((k) => {
      const v = flags[k];
      if (v === true) return [k];
      if (typeof v === 'number' && v !== 0) return [`${k}=${v}`];
      if (typeof v === 'string' && v) return [`${k}=${v}`];
      if (Array.isArray(v) && v.length) return [`${k}=${v.join(',')}`];
      return [];
    })
    .join('; ');
}

/** Neutralises spreadsheet formulas in text cells (CSV/formula injection): a leading = + - @ tab or CR gets a quote. */
export function safeText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** RFC 4180 CSV with a UTF-8 BOM (Excel opens Chinese names correctly); CRLF line ends. */
export function toCsv(t: ExportTable): string {
  const cell = (c: Cell) => {
    if (c === null) return '';
    const s = typeof c === 'number' ? String(c) : safeText(c);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[t.header, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

// Collaboration (协同) report of one month per department, from the inbox's handoffs.

export interface HandoffTask {
  workflowId: string;
  processType: string;
  /** The department of the unit that received the task. */
  departmentId: string;
  createdAt: number;
  dueAt: number | null;
  completedAt: number | null;
  status: 'open' | 'completed' | 'cancelled';
}

export interface DepartmentCollaboration {
  departmentId: string;
  /** Tasks handed to this department by another department's step of the same process. */
  received: number;
  completedOnTime: number;
  completedLate: number;
  openOverdue: number;
  /** On-time share of the received tasks that had a deadline and are decided (completed, or open past it); null without any. */
  onTimeRate: number | null;
  medianResponseHours: number | null;
  /** Tasks this department's steps handed to other departments. */
  sent: number;
  /** Received counts by the department that handed them over. */
  fromDepartments: Record<string, number>;
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Handoffs: consecutive tasks of one process (by creation time) held by different departments
 * are a handoff from the earlier task's department to the later one's. Tasks created in
 * [from, to) count; `now` decides what is open past its deadline.
 */
export function collaborationByDepartment(tasks: readonly HandoffTask[], from: number, to: number, now: number): DepartmentCollaboration[] {
  const byWorkflow = new Map<string, HandoffTask[]>();
  for (const t of tasks) {
    const list = byWorkflow.get(t.workflowId) ?? [];
    list.push(t);
    byWorkflow.set(t.workflowId, list);
  }
  const out = new Map<string, DepartmentCollaboration & { responses: number[] }>();
  const get = (id: string) => {
    let d = out.get(id);
    if (!d) {
      d = { departmentId: id, received: 0, completedOnTime: 0, completedLate: 0, openOverdue: 0, onTimeRate: null, medianResponseHours: null, sent: 0, fromDepartments: {}, responses: [] };
      out.set(id, d);
    }
    return d;
  };
  for (const list of byWorkflow.values()) {
    list.sort((a, b) => a.createdAt - b.createdAt);
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      const t = list[i]!;
      if (prev.departmentId === t.departmentId || t.status === 'cancelled' || t.createdAt < from || t.createdAt >= to) continue;
      const d = get(t.departmentId);
      d.received++;
      d.fromDepartments[prev.departmentId] = (d.fromDepartments[prev.departmentId] ?? 0) + 1;
      get(prev.departmentId).sent++;
      if (t.completedAt !== null) {
        d.responses.push((t.completedAt - t.createdAt) / 3_600_000);
        if (t.dueAt !== null) {
          if (t.completedAt <= t.dueAt) d.completedOnTime++;
          else d.completedLate++;
        }
      } else if (t.dueAt !== null && t.dueAt < now) d.openOverdue++;
    }
  }
  return [...out.values()]
    .map(({ responses, ...d }) => {
      const decided = d.completedOnTime + d.completedLate + d.openOverdue;
      const m = median(responses);
      return { ...d, onTimeRate: decided ? round(d.completedOnTime / decided, 4) : null, medianResponseHours: m === null ? null : round(m) };
    })
    .sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1));
}
