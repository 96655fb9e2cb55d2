import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * Reads an uploaded CSV or xlsx file into a header and data rows, numbered as the user sees
 * them in the file (the header is row 1; blank rows keep their numbers but are skipped).
 * Problems with the file as a whole are reported as `TableProblem`s, never thrown as 500s.
 */
export type TableFormat = 'csv' | 'xlsx';

export interface TableRow {
  row: number;
  cells: string[];
}

export interface Table {
  header: string[];
  rows: TableRow[];
}

export interface TableProblem {
  row: number;
  column: string | null;
  message: string;
}

export type TableResult = { ok: true; table: Table } | { ok: false; problem: TableProblem };

export async function readTable(data: Buffer, format: TableFormat): Promise<TableResult> {
  const lines = format === 'csv' ? readCsv(data) : await readXlsx(data);
  if (!Array.isArray(lines)) return { ok: false, problem: lines };
  const [first, ...rest] = lines;
  if (!first || first.row !== 1 || isBlank(first.cells))
    return { ok: false, problem: { row: 1, column: null, message: 'the first row must be the header with the column names' } };
  return { ok: true, table: { header: first.cells, rows: rest.filter((r) => !isBlank(r.cells)) } };
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c === '');
}

function readCsv(data: Buffer): TableRow[] | TableProblem {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return { row: 0, column: null, message: 'the file is not UTF-8 text: save it as "CSV UTF-8"' };
  }
  try {
    const records: string[][] = parse(text, { bom: true, trim: true, relax_column_count: true, skip_empty_lines: false });
    return records.map((cells, i) => ({ row: i + 1, cells }));
  } catch (err) {
    const e = err as { records?: number; message?: string };
    return { row: (e.records ?? 0) + 1, column: null, message: `not valid CSV: ${e.message ?? 'unreadable'}` };
  }
}

async function readXlsx(data: Buffer): Promise<TableRow[] | TableProblem> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; at runtime it takes a Node Buffer (JSZip).
    await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return { row: 0, column: null, message: 'not a readable .xlsx workbook' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { row: 0, column: null, message: 'the workbook has no worksheet' };
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    // cell.text renders numbers, rich text, hyperlinks (e-mail addresses) and formula results as shown.
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text.trim();
    });
    rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}
