/**
 * Scored checklist inspections (安全检查), the pure part: template validation, the normalised
 * 0–100 score, the scoring fact's id and time, and the planning of an import file's rows into
 * inspections. No I/O; the API looks things up and passes them in.
 */
import { createHash } from 'node:crypto';

export interface TemplateItemDef {
  code: string;
  title: string;
  category: string | null;
  maxScore: number;
  /** Relative weight in the total (default 1). */
  weight: number;
}

/** A problem with a field, the path relative to the object checked (`items.2.score`). */
export interface Issue {
  path: string;
  message: string;
}

/** Item codes unique, max scores and weights positive and finite. */
export function templateItemIssues(items: readonly Pick<TemplateItemDef, 'code' | 'maxScore' | 'weight'>[]): Issue[] {
  const issues: Issue[] = [];
  if (items.length === 0) issues.push({ path: 'items', message: 'a template needs at least one checklist item' });
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const key = item.code.toLowerCase();
    if (seen.has(key)) issues.push({ path: `items.${i}.code`, message: `duplicate of item ${seen.get(key)}` });
    else seen.set(key, i);
    if (!(Number.isFinite(item.maxScore) && item.maxScore > 0)) issues.push({ path: `items.${i}.maxScore`, message: 'must be greater than 0' });
    if (!(Number.isFinite(item.weight) && item.weight > 0)) issues.push({ path: `items.${i}.weight`, message: 'must be greater than 0' });
  });
  return issues;
}

/** One item's result as the inspector gives it: a score, or null for "not applicable". */
export interface ItemEntry {
  code: string;
  score: number | null;
  remark?: string | null;
}

export interface ScoredItem extends TemplateItemDef {
  position: number;
  score: number | null;
  remark: string | null;
}

export type InspectionScore = { ok: true; score: number; items: ScoredItem[] } | { ok: false; issues: Issue[] };

/** Rounds to 2 decimals (half away from zero), the precision of every stored score. */
export function round2(x: number): number {
  return (Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9)) / 100;
}

/**
 * The normalised total: Σ weight × score / maxScore over the applicable items, divided by
 * Σ weight over the same items, × 100, rounded to 2 decimals. Items scored "not applicable"
 * (null) count neither way; at least one item must apply. Every template item must be given
 * exactly once, every given item must be on the template, and 0 ≤ score ≤ maxScore.
 */
export function scoreInspection(template: readonly TemplateItemDef[], entries: readonly ItemEntry[]): InspectionScore {
  const issues: Issue[] = [];
  const byCode = new Map(template.map((t, i) => [t.code.toLowerCase(), { def: t, position: i }]));
  const given = new Map<string, { entry: ItemEntry; index: number }>();
  entries.forEach((e, i) => {
    const key = e.code.toLowerCase();
    const def = byCode.get(key);
    if (!def) {
      issues.push({ path: `items.${i}.code`, message: `the template has no item ${e.code}` });
      return;
    }
    if (given.has(key)) {
      issues.push({ path: `items.${i}.code`, message: `item ${e.code} is given twice (first at items.${given.get(key)!.index})` });
      return;
    }
    given.set(key, { entry: e, index: i });
    if (e.score !== null && !(Number.isFinite(e.score) && e.score >= 0 && e.score <= def.def.maxScore)) {
      issues.push({ path: `items.${i}.score`, message: `must be between 0 and ${def.def.maxScore} (the item's max score), or null when not applicable` });
    }
  });
  const missing = template.filter((t) => !given.has(t.code.toLowerCase())).map((t) => t.code);
  if (missing.length) issues.push({ path: 'items', message: `every checklist item needs a score (null: not applicable); missing: ${missing.join(', ')}` });
  if (issues.length) return { ok: false, issues };

  const items: ScoredItem[] = template.map((def, position) => {
    const { entry } = given.get(def.code.toLowerCase())!;
    return { ...def, position, score: entry.score, remark: entry.remark ?? null };
  });
  const applicable = items.filter((i) => i.score !== null);
  if (applicable.length === 0) return { ok: false, issues: [{ path: 'items', message: 'at least one item must apply (not all can be null)' }] };
  return { ok: true, score: normalisedScore(applicable), items };
}

/** Σ w·s/max ÷ Σ w × 100 over the items given (all applicable), 2 decimals, within 0–100. */
export function normalisedScore(items: readonly { score: number | null; maxScore: number; weight: number }[]): number {
  let num = 0;
  let den = 0;
  for (const i of items) {
    if (i.score === null) continue;
    num += (i.weight * i.score) / i.maxScore;
    den += i.weight;
  }
  if (den <= 0) throw new RangeError('no applicable item');
  return Math.min(100, Math.max(0, round2((num / den) * 100)));
}

/** A total recorded directly (paper inspections): 0–100, kept to 2 decimals. */
export function totalIssue(total: number): string | null {
  return Number.isFinite(total) && total >= 0 && total <= 100 ? null : 'must be between 0 and 100';
}

// ———————————————————————————————————————— dates and facts ————————————————————————————————————————

/** A calendar day `YYYY-MM-DD` that exists. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * A day as a spreadsheet cell gives it: `YYYY-MM-DD`, `YYYY/MM/DD`, or a date cell of an xlsx
 * file, which the reader renders like `Tue Feb 10 2026 08:00:00 GMT+0800 (…)` (Excel dates are
 * UTC midnights, so the UTC day is the day typed). null when unreadable or not a real day.
 */
export function readDayCell(cell: string): string | null {
  const t = cell.trim();
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (m) {
    const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return isCalendarDate(day) ? day : null;
  }
  if (/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT[+-]\d{4}/.test(t)) {
    const at = Date.parse(t);
    return Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : null;
  }
  return null;
}

/** The group's time zone offset (UTC+08:00), the same default the assessment periods use (domain/assessment-cycle/period.ts). */
export const GROUP_OFFSET_MINUTES = 480;

/**
 * The instant a day-dated record's fact occurs at: noon of that day in the group's time zone,
 * so it falls inside the day's weekly, monthly and quarterly assessment periods.
 */
export function dayToInstant(day: string, offsetMinutes = GROUP_OFFSET_MINUTES): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, 12) - offsetMinutes * 60_000).toISOString();
}

/** Today's date in the group's time zone. */
export function todayIn(now: Date, offsetMinutes = GROUP_OFFSET_MINUTES): string {
  return new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** `inspection:<id>`: the facts' source (there is no workflow; the business key stands in). */
export function inspectionSource(inspectionId: string): string {
  return `inspection:${inspectionId}`;
}

/** The one `inspection.scored` fact of an inspection. */
export function inspectionFactId(inspectionId: string): string {
  return `${inspectionSource(inspectionId)}/scored`;
}

/** A UUID-shaped id derived from a key (sha-256, version nibble 5-style), for idempotent imports. */
export function deterministicId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An imported inspection is identified by its template, unit and day: re-importing the file finds it again. */
export function importedInspectionId(templateId: string, orgUnitId: string, day: string): string {
  return deterministicId(`inspection-import\u0000${templateId}\u0000${orgUnitId}\u0000${day}`);
}

// ———————————————————————————————————————— import planning ————————————————————————————————————————

/**
 * One data row of an inspection import file, after format validation. Long format: either an
 * item row (`item` + `score`, `score` empty or `n/a` for not applicable) — the rows of one
 * template, unit and date together are one inspection, and must cover every item — or a total
 * row (`total`, no `item`) for an inspection recorded only as a total.
 */
export interface InspectionImportRow {
  row: number;
  template: string;
  orgUnitCode: string;
  date: string;
  item: string | null;
  /** null: empty or `n/a` (not applicable). */
  score: number | null;
  total: number | null;
  inspector: string | null;
  remark: string | null;
}

/** A problem of one row and column, as the file's user sees it (header = row 1). */
export interface RowProblem {
  row: number;
  column: string | null;
  message: string;
}

export interface ImportLookups {
  /** By template code (case as stored). */
  templates: ReadonlyMap<string, { id: string; items: TemplateItemDef[] }>;
  /** By unit code: only units the importer may record inspections in; `kind` must be department or workshop. */
  units: ReadonlyMap<string, { id: string; kind: string; inScope: boolean }>;
  /** By employee number or username. */
  inspectors: ReadonlyMap<string, string>;
}

export interface PlannedInspection {
  id: string;
  templateId: string;
  orgUnitId: string;
  inspectedOn: string;
  inspectorPersonId: string | null;
  mode: 'items' | 'total';
  score: number;
  items: ScoredItem[];
  remarks: string | null;
  /** The file rows it came from. */
  rows: number[];
}

/**
 * Groups the rows into inspections (by template, unit and date) and checks each against its
 * template; every problem names its row and column. Pure: `lookups` hold what the caller found
 * in the database.
 */
export function planInspectionImport(
  rows: readonly InspectionImportRow[],
  lookups: ImportLookups,
): { problems: RowProblem[]; inspections: PlannedInspection[] } {
  const problems: RowProblem[] = [];
  const groups = new Map<string, InspectionImportRow[]>();
  for (const r of rows) {
    const before = problems.length;
    const p = (column: string, message: string) => problems.push({ row: r.row, column, message });
    const template = lookups.templates.get(r.template);
    if (!template) p('template', `no inspection template ${r.template}`);
    const unit = lookups.units.get(r.orgUnitCode);
    if (!unit || !unit.inScope) p('orgUnitCode', `no org unit ${r.orgUnitCode} in your scope`);
    else if (unit.kind !== 'department' && unit.kind !== 'workshop') p('orgUnitCode', 'inspections are of a department or workshop');
    if (!isCalendarDate(r.date)) p('date', 'expected a date YYYY-MM-DD');
    if (r.inspector !== null && !lookups.inspectors.has(r.inspector)) p('inspector', `no person with employee number or username ${r.inspector}`);
    if (r.item === null && r.total === null) p('total', 'give either item and score, or total');
    if (r.item !== null && r.total !== null) p('total', 'give either item and score, or total, not both');
    if (r.total !== null && totalIssue(r.total)) p('total', totalIssue(r.total)!);
    if (problems.length > before || !template || !unit) continue;
    const key = `${template.id}\u0000${unit.id}\u0000${r.date}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }

  const inspections: PlannedInspection[] = [];
  for (const list of groups.values()) {
    const first = list[0];
    const template = lookups.templates.get(first.template)!;
    const unit = lookups.units.get(first.orgUnitCode)!;
    const at = (column: string, message: string, row = first.row) => problems.push({ row, column, message });
    const inspectors = new Set(list.map((r) => r.inspector).filter((x): x is string => x !== null));
    const base = {
      id: importedInspectionId(template.id, unit.id, first.date),
      templateId: template.id,
      orgUnitId: unit.id,
      inspectedOn: first.date,
      inspectorPersonId: inspectors.size ? lookups.inspectors.get([...inspectors][0])! : null,
      rows: list.map((r) => r.row),
    };
    if (inspectors.size > 1) {
      for (const r of list.slice(1))
        if (r.inspector !== null && r.inspector !== [...inspectors][0])
          at('inspector', `the rows of one inspection name one inspector (row ${first.row}: ${[...inspectors][0]})`, r.row);
      continue;
    }
    const totals = list.filter((r) => r.total !== null);
    if (totals.length) {
      if (list.length > 1) {
        for (const r of list) if (r !== totals[0]) at(r.item !== null ? 'item' : 'total', `row ${totals[0].row} already gives this inspection's total`, r.row);
        continue;
      }
      inspections.push({ ...base, mode: 'total', score: round2(totals[0].total!), items: [], remarks: first.remark });
      continue;
    }
    const scored = scoreInspection(
      template.items,
      list.map((r) => ({ code: r.item!, score: r.score, remark: r.remark })),
    );
    if (!scored.ok) {
      for (const issue of scored.issues) {
        const m = /^items\.(\d+)\.(code|score)$/.exec(issue.path);
        if (m) at(m[2] === 'code' ? 'item' : 'score', issue.message, list[Number(m[1])].row);
        else at('item', `${issue.message} (inspection of ${first.orgUnitCode} on ${first.date})`);
      }
      continue;
    }
    inspections.push({ ...base, mode: 'items', score: scored.score, items: scored.items, remarks: null });
  }
  return { problems: problems.sort((a, b) => a.row - b.row), inspections };
}
