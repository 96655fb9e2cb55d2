import type { DataSource } from 'typeorm';

/** Escapes `%`, `_` and `\` for use inside a LIKE pattern. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `LIKE` patterns escaped with `!`, which works the same on MySQL and SQLite: use with `ESCAPE '!'`. */
const escapeBang = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);
export const likeContains = (s: string): string => `%${escapeBang(s)}%`;
export const likePrefix = (s: string): string => `${escapeBang(s)}%`;

/**
 * Runs `sql` with `:name` / `:...list` parameters (TypeORM's syntax and escaping: Dates become
 * the driver's UTC datetime, lists expand). Rows come back as plain objects.
 */
export async function runQuery<T = Record<string, unknown>>(ds: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [query, bound] = ds.driver.escapeQueryWithParameters(sql, params, {});
  return (await ds.query(query, bound)) as T[];
}
