import type { DataSource } from 'typeorm';

/**
 * The little SQL that differs between MySQL / MariaDB and the embedded SQLite (sql.js), and one
 * way to run a raw query with named parameters on both. Dates are bound as parameters (TypeORM
 * writes them as UTC, the format both drivers store), periods are bucketed with CASE over bound
 * boundaries, so no date function is needed except the difference of two timestamps.
 */
export interface Dialect {
  mysql: boolean;
  /** Seconds from `a` to `b` (fractional, millisecond precision); NULL when either is NULL. */
  secondsBetween(a: string, b: string): string;
  /** An expression compared byte by byte (GROUP BY / ORDER BY on ids: MySQL's Unicode collation is several times slower). */
  bin(expr: string): string;
  /** The clause ending an `INSERT … SELECT … WHERE …` that updates `columns` when `key` exists. */
  upsert(key: string, columns: string[]): string;
}

export function dialectOf(ds: DataSource): Dialect {
  const mysql = ds.options.type === 'mysql' || ds.options.type === 'mariadb';
  return {
    mysql,
    secondsBetween: mysql
      ? (a, b) => `(TIMESTAMPDIFF(MICROSECOND, ${a}, ${b}) / 1000000)`
      : (a, b) => `(ROUND((julianday(${b}) - julianday(${a})) * 86400000) / 1000.0)`,
    bin: mysql ? (e) => `(${e}) COLLATE utf8mb4_bin` : (e) => e,
    upsert: mysql
      ? (_key, cols) => `ON DUPLICATE KEY UPDATE ${cols.map((c) => `${c} = VALUES(${c})`).join(', ')}`
      : (key, cols) => `ON CONFLICT(${key}) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  };
}

export { runQuery } from '../../db/sql';

/** A number from a driver value (MySQL returns DECIMAL sums and BIGINT counts as strings). */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}

export function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}

/** An ISO instant from a driver datetime (MySQL: Date; SQLite: `YYYY-MM-DD HH:MM:SS.SSS` in UTC). */
export function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  return new Date(/[zZ]|[+-]\d{2}:\d{2}$/.test(s) ? s : `${s.replace(' ', 'T')}Z`).toISOString();
}
