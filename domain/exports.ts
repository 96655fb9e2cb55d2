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

/**
 * What a snapshot version's export says about the version itself: only what never changes once it
 * is frozen. Its status ("published", later "superseded by v3") moves, so it is shown beside the
 * file (a response header, the API, the page), never written into it.
 */
export interface SnapshotMeta {
  cycleId: string;
  period: string;
  version: number;
  rulesetVersion: number;
  inputHash: string;
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

/** A subject as a version shows it, kept in the version (`score_results.subject`) when it is written. */
export type FrozenSubject = SubjectInfo;

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** HR's table of one snapshot: one row per subject, ranked (total desc, then id), dimension columns in code order. */
export function assessmentResultsTable(meta: SnapshotMeta, rows: readonly ResultRow[], info: ReadonlyMap<string, SubjectInfo>): ExportTable {
  const parsed = rows.map((r) => ({ r, s: JSON.parse(r.summary) as { dimensionScores?: Record<string, number>; flags?: Record<string, unknown> } }));
  const dims = [...new Set(parsed.flatMap((p) => Object.keys(p.s.dimensionScores ?? {})))].sort();
  const sorted = [...parsed].sort((a, b) => b.r.total - a.r.total || (a.r.subjectId < b.r.subjectId ? -1 : a.r.subjectId > b.r.subjectId ? 1 : 0));
  return {
    name: `${meta.period} v${meta.version}`,
    header: [
      'Cycle',
      'Period',
      'Snapshot version',
      'Ruleset version',
      'Input hash',
      'Rank',
      'Subject type',
      'Subject ID',
      'Employee no.',
      'Name',
      'Department',
      'Post',
      'Total',
      'Rating',
      ...dims.map((d) => `Dimension: ${d}`),
      'Flags',
    ],
    rows: sorted.map(({ r, s }, i) => {
      const who = info.get(r.subjectId);
      return [
        meta.cycleId,
        meta.period,
        meta.version,
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
      d = {
        departmentId: id,
        received: 0,
        completedOnTime: 0,
        completedLate: 0,
        openOverdue: 0,
        onTimeRate: null,
        medianResponseHours: null,
        sent: 0,
        fromDepartments: {},
        responses: [],
      };
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

/**
 * Sets every entry's modification time in a zip (an xlsx) to `date` (UTC, as zip writers date
 * entries): a zip library dates entries at the moment it writes them, so the same workbook
 * written twice would otherwise differ in those bytes. Walks the central directory; the buffer is
 * changed in place and returned.
 */
export function pinZipTimes(zip: Buffer, date: Date): Buffer {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((Math.max(1980, date.getUTCFullYear()) - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad zip central directory');
    zip.writeUInt16LE(time, at + 12);
    zip.writeUInt16LE(day, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('bad zip local header');
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(day, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
