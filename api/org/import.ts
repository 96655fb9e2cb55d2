import { randomUUID } from 'node:crypto';
import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { AppError, localize, type Language } from '../platform/errors';
import { z } from '../platform/openapi';
import type { Principal } from '../platform/route';
import { audit } from './common';
import type { Table } from './table';

/**
 * The import contract: every row is checked (format, references, duplicates within the file
 * and against the database, scope) before anything is written; one problem anywhere and nothing
 * is written. Problems name the row as the user sees it in the file (header = row 1; row 0 is
 * the file as a whole) and the column.
 */
export const ImportProblem = z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() }).openapi('ImportProblem');
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportReport = z
  .object({
    ok: z.boolean(),
    dryRun: z.boolean(),
    imported: z.number().int().describe('Rows that created or changed a record (in a dry run: would have)'),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(ImportProblem),
  })
  .openapi('ImportReport');
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportRejectedBody = ImportReport.extend({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('ImportRejected');

export const MAX_IMPORT_ROWS = 5000;
const MAX_REPORTED = 500;

/** 400 carrying the full row report (and the usual `error` object, for generic clients). */
export class ImportRejected extends AppError {
  readonly report: ImportReport;

  constructor(errors: ImportProblem[], dryRun: boolean) {
    const shown =
      errors.length > MAX_REPORTED
        ? [...errors.slice(0, MAX_REPORTED), { row: 0, column: null, message: `${errors.length - MAX_REPORTED} more problems not shown` }]
        : errors;
    super(400, 'import_rejected', `Nothing was imported: the file has ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}`);
    this.report = { ok: false, dryRun, imported: 0, created: 0, updated: 0, unchanged: 0, errors: shown };
  }

  /** The report and the message in the reader's language: each row's problem through the error catalogue too. */
  override toJSON(language: Language = 'en'): ImportReport & ReturnType<AppError['toJSON']> {
    const errors = this.report.errors.map((e) => ({ ...e, message: localize(e.message, language) }));
    return { ...this.report, errors, ...super.toJSON(language) };
  }
}

export type Row<S extends z.ZodObject> = z.infer<S> & { row: number };

/**
 * Maps the header to the schema's columns (case-insensitive; unknown, duplicate and missing
 * required columns are problems of row 1), then validates every data row against the schema.
 * Empty cells are null; a required column's empty cell is reported as "required".
 */
export function validateRows<S extends z.ZodObject>(table: Table, schema: S, required: readonly string[], problems: ImportProblem[]): Row<S>[] {
  const columns = Object.keys(schema.shape);
  const index = new Map<string, number>();
  table.header.forEach((title, i) => {
    if (title === '') return;
    const column = columns.find((c) => c.toLowerCase() === title.toLowerCase());
    if (!column) problems.push({ row: 1, column: title, message: `unknown column (the columns are ${columns.join(', ')})` });
    else if (index.has(column)) problems.push({ row: 1, column: title, message: 'duplicate column' });
    else index.set(column, i);
  });
  for (const c of required) if (!index.has(c)) problems.push({ row: 1, column: c, message: 'missing column' });
  if (problems.length) return [];
  if (table.rows.length > MAX_IMPORT_ROWS) {
    problems.push({ row: 0, column: null, message: `at most ${MAX_IMPORT_ROWS} rows per file: split it` });
    return [];
  }

  const used = new Set(index.values());
  const valid: Row<S>[] = [];
  for (const { row, cells } of table.rows) {
    const before = problems.length;
    if (cells.some((c, i) => c !== '' && !used.has(i))) problems.push({ row, column: null, message: 'a value in a column without a known header' });
    const record: Record<string, string | null> = {};
    for (const c of columns) {
      const i = index.get(c);
      record[c] = i === undefined || !cells[i] ? null : cells[i];
    }
    const missing = required.filter((c) => record[c] === null);
    for (const c of missing) problems.push({ row, column: c, message: 'required' });
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        if (!missing.includes(column)) problems.push({ row, column: column || null, message: issue.message });
      }
    }
    if (parsed.success && problems.length === before) valid.push({ ...(parsed.data as z.infer<S>), row });
  }
  return valid;
}

/** Reports the second and later rows carrying the same key. */
export function findDuplicates<T extends { row: number }>(rows: T[], key: (r: T) => string, column: string, problems: ImportProblem[]): Set<T> {
  const first = new Map<string, number>();
  const dupes = new Set<T>();
  for (const r of rows) {
    const k = key(r);
    const at = first.get(k);
    if (at === undefined) first.set(k, r.row);
    else {
      problems.push({ row: r.row, column, message: `duplicate of row ${at}` });
      dupes.add(r);
    }
  }
  return dupes;
}

/** `findBy(field IN values)` in chunks, so thousands of codes never make one giant statement. */
export async function findIn<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  field: keyof T & string,
  values: Iterable<string>,
): Promise<T[]> {
  const all = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < all.length; i += 500) out.push(...(await em.findBy(entity, { [field]: In(all.slice(i, i + 500)) } as never)));
  return out;
}

/** `findIn`, as a map from each row's `field` to the row. */
export async function findByKey<T extends ObjectLiteral, K extends keyof T & string>(
  em: EntityManager,
  entity: EntityTarget<T>,
  field: K,
  values: Iterable<string>,
): Promise<Map<T[K], T>> {
  return new Map((await findIn(em, entity, field, values)).map((x) => [x[field], x]));
}

/** The report of an import whose rows are all valid: what it wrote (or, in a dry run, would write). */
export function importReport(dryRun: boolean, c: { created: number; updated: number; unchanged: number }): ImportReport {
  return { ok: true, dryRun, imported: c.created + c.updated, created: c.created, updated: c.updated, unchanged: c.unchanged, errors: [] };
}

/**
 * The audit row of an import that wrote something, one per file: `what` names the records
 * (`certificate`: action certificate.import.completed on a certificate_import), `after` what the
 * file held and what the import did with it.
 */
export function auditImport(em: EntityManager, p: Principal, what: string, after: Record<string, unknown>): Promise<unknown> {
  return audit(em, p, { action: `${what}.import.completed`, entityType: `${what}_import`, entityId: randomUUID(), after, orgUnitId: p.orgUnitId });
}
