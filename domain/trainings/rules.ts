/**
 * Safety training (安全培训), the pure part: a participant's result as the value of its
 * `training.attended` fact, the fact's id, yes/no cells of attendance files and the planning of
 * an attendance import's rows. No I/O.
 */

/** A participant's recorded result. `passed` is only meaningful when they attended. */
export interface TrainingResult {
  attended: boolean;
  passed: boolean;
}

/** The `training.attended` fact value of an absent participant: absence is not a failed test. */
export const TRAINING_ABSENT = -1;

/**
 * The fact value the scoring reads (domain/scoring: `training_pass_rate` counts value 1 among
 * those who attended, `failed_training` penalises value 0, `training_absence` reads −1 and
 * `training_participation` counts people who attended): 1 = attended and passed, 0 = attended
 * and failed, −1 = absent.
 */
export function trainingFactValue(r: TrainingResult): -1 | 0 | 1 {
  if (!r.attended) return TRAINING_ABSENT;
  return r.passed ? 1 : 0;
}

/** `passed` without `attended` is a contradiction. */
export function resultIssue(r: { attended: boolean; passed: boolean }): string | null {
  return !r.attended && r.passed ? 'cannot pass without attending' : null;
}

/** `training:<id>`: the facts' source (the business key; there is no workflow). */
export function trainingSource(trainingId: string): string {
  return `training:${trainingId}`;
}

/** One fact per participant and session: recording the same result again is a no-op. */
export function trainingFactId(trainingId: string, personId: string): string {
  return `${trainingSource(trainingId)}/${personId}`;
}

const YES = new Set(['yes', 'y', 'true', '1', 'x', '✓', '是', '√', 'pass', 'passed']);
const NO = new Set(['no', 'n', 'false', '0', '否', '×', 'fail', 'failed', 'absent']);

/** A yes/no cell: true, false, null when empty, undefined when unreadable. */
export function parseYesNo(cell: string | null): boolean | null | undefined {
  if (cell === null) return null;
  const v = cell.trim().toLowerCase();
  if (v === '') return null;
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined;
}

/** One data row of an attendance file, after format validation. */
export interface AttendanceImportRow {
  row: number;
  /** The session's code or id. */
  training: string;
  /** Employee number or username. */
  person: string;
  attended: string;
  passed: string | null;
  remark: string | null;
}

export interface RowProblem {
  row: number;
  column: string | null;
  message: string;
}

export interface AttendanceLookups {
  /** By code and by id; `writable`: the importer may record this session's results. */
  trainings: ReadonlyMap<string, { id: string; writable: boolean }>;
  /** By employee number and by username; `inScope`: the importer may record results for them. */
  people: ReadonlyMap<string, { id: string; inScope: boolean }>;
}

export interface PlannedResult {
  row: number;
  trainingId: string;
  personId: string;
  attended: boolean;
  passed: boolean;
  remark: string | null;
}

/**
 * Checks every row (session and person known and in scope, yes/no cells readable, no
 * contradiction, no person twice for one session) and returns the results to record. `passed`
 * may be left empty: absent people did not pass; attending people without a result are refused.
 */
export function planAttendanceImport(rows: readonly AttendanceImportRow[], lookups: AttendanceLookups): { problems: RowProblem[]; results: PlannedResult[] } {
  const problems: RowProblem[] = [];
  const results: PlannedResult[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const before = problems.length;
    const p = (column: string, message: string) => problems.push({ row: r.row, column, message });
    const training = lookups.trainings.get(r.training);
    if (!training || !training.writable) p('training', `no training session ${r.training} in your scope`);
    const person = lookups.people.get(r.person);
    if (!person || !person.inScope) p('person', `no person ${r.person} in your scope`);
    const attended = parseYesNo(r.attended);
    const passedCell = parseYesNo(r.passed);
    if (attended === undefined || attended === null) p('attended', 'expected yes or no');
    if (passedCell === undefined) p('passed', 'expected yes or no (or empty when absent)');
    if (attended === true && passedCell === null) p('passed', 'required when attended');
    if (attended === false && passedCell === true) p('passed', 'cannot pass without attending');
    if (problems.length > before) continue;
    const key = `${training!.id}\u0000${person!.id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      p('person', `duplicate of row ${first}`);
      continue;
    }
    seen.set(key, r.row);
    results.push({ row: r.row, trainingId: training!.id, personId: person!.id, attended: attended!, passed: passedCell ?? false, remark: r.remark });
  }
  return { problems, results };
}
