import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/** Prebuilt statements by entity metadata, then by the row's properties (and IGNORE or not). */
const prepared = new WeakMap<EntityMetadata, Map<string, { sql: string; columns: ColumnMetadata[]; keys: string[] }>>();

/**
 * Inserts one row of `entity` (its properties, as for `Repository.insert`) on MySQL/MariaDB with
 * a statement built once per entity and set of properties: TypeORM's insert query builder walks
 * the metadata and rebuilds the SQL on every call, which on the hot paths (issue 22) costs about
 * as much as the driver. Values go through the driver's own conversion (`preparePersistentValue`:
 * transformers, booleans, dates, simple-json), as TypeORM's insert does; properties left out or
 * undefined take the column's default, and properties that are no column are left out (as
 * TypeORM's insert leaves them). `ignore`: INSERT IGNORE. Returns the affected rows (1, or
 * 0 when ignored). Not for sql.js (callers keep TypeORM's insert there).
 */
export async function insertOne<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  row: Partial<T> | Record<string, unknown>,
  opts: { ignore?: boolean } = {},
): Promise<number> {
  const meta = em.connection.getMetadata(entity);
  const present = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);
  const key = `${opts.ignore ? 'I' : ''}|${present.join(',')}`;
  let byKey = prepared.get(meta);
  if (!byKey) prepared.set(meta, (byKey = new Map()));
  let p = byKey.get(key);
  if (!p) {
    const keys = present.filter((k) => meta.findColumnWithPropertyName(k));
    const columns = keys.map((k) => meta.findColumnWithPropertyName(k)!);
    const sql =
      `INSERT ${opts.ignore ? 'IGNORE ' : ''}INTO \`${meta.tableName}\` (${columns.map((c) => `\`${c.databaseName}\``).join(', ')}) ` +
      `VALUES (${columns.map(() => '?').join(', ')})`;
    p = { sql, columns, keys };
    byKey.set(key, p);
  }
  const driver = em.connection.driver;
  const params = p.columns.map((c, i) => driver.preparePersistentValue((row as Record<string, unknown>)[p.keys[i]], c) as unknown);
  const result = (await em.query(p.sql, params)) as { affectedRows?: number } | undefined;
  return Number(result?.affectedRows ?? 0);
}

/** Prebuilt reads by primary key, per entity metadata. */
const byIdReads = new WeakMap<EntityMetadata, { sql: string; columns: ColumnMetadata[] }>();

/**
 * The rows of `entity` whose primary key is one of `ids`, every column, hydrated as TypeORM's
 * `findBy({ id: In(ids) })` hydrates them (booleans, dates, simple-json), on MySQL/MariaDB with a
 * statement built once per entity (the find options' query building cost as much as the driver on
 * the hot paths, issue 22). Single-column primary keys only; not for sql.js (callers keep `findBy`).
 */
export async function selectByIds<T extends ObjectLiteral>(
  em: Pick<EntityManager, 'query' | 'connection'>,
  entity: EntityTarget<T>,
  ids: string[],
): Promise<T[]> {
  if (!ids.length) return [];
  const meta = em.connection.getMetadata(entity);
  let p = byIdReads.get(meta);
  if (!p) {
    if (meta.primaryColumns.length !== 1) throw new Error(`selectByIds: ${meta.tableName} has a composite key`);
    const columns = meta.columns.filter((c) => !c.isVirtual);
    p = {
      sql: `SELECT ${columns.map((c) => `\`${c.databaseName}\``).join(', ')} FROM \`${meta.tableName}\` WHERE \`${meta.primaryColumns[0].databaseName}\` IN `,
      columns,
    };
    byIdReads.set(meta, p);
  }
  const { sql, columns } = p;
  const raw = (await em.query(`${sql}(${ids.map(() => '?').join(', ')})`, ids)) as Record<string, unknown>[];
  const driver = em.connection.driver;
  return raw.map((r) => {
    const row = meta.create() as T;
    for (const c of columns) c.setEntityValue(row, driver.prepareHydratedValue(r[c.databaseName], c));
    return row;
  });
}
