import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../app/config';
import { GENESIS_HASH } from './audit/audit-log';
import { AuditHead, ENTITIES } from './entities';
import { ProcessMonitorSettler } from './projections/process-monitor';
import { ensureDefaultPolicy } from './stores/policy-store';
import { ensureDefaultRuleset } from './stores/ruleset-store';
import { MYSQL_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';
import { serialiseSqljsTransactions } from './sqljs-serial';

/**
 * The one TypeORM data source factory. MySQL (or MariaDB) when a `mysql://` URL is configured;
 * otherwise an embedded SQLite file (sql.js: pure WebAssembly, nothing to compile). Schema changes
 * are always migrations, never `synchronize`.
 */
export function createDataSource(config: DatabaseConfig, flavor: 'mysql' | 'mariadb' = 'mysql'): DataSource {
  const common = { entities: ENTITIES, subscribers: [ProcessMonitorSettler] as Function[], synchronize: false, migrationsRun: false, logging: false } as const;
  let options: DataSourceOptions;
  if (config.kind === 'mysql') {
    options = {
      ...common,
      // TypeORM's schema diff reads MariaDB's catalogue differently: name the flavour.
      type: flavor,
      url: config.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      dateStrings: false,
      connectTimeout: 5000,
      extra: { connectionLimit: config.poolSize ?? 10 },
      migrations: MYSQL_MIGRATIONS,
    };
  } else {
    if (config.file) fs.mkdirSync(path.dirname(config.file), { recursive: true });
    options = {
      ...common,
      type: 'sqljs',
      location: config.file ?? undefined,
      autoSave: config.file !== null,
      // Saved atomically (a temporary file renamed over the old one): a process killed while
      // saving leaves the previous database intact instead of a truncated, malformed file.
      ...(config.file ? { autoSaveCallback: (data: Uint8Array) => writeAtomically(config.file!, data) } : {}),
      migrations: SQLITE_MIGRATIONS,
    };
    // sql.js has one connection and TypeORM one QueryRunner for it: without this, concurrent
    // transactions nest as savepoints of each other (db/sqljs-serial.ts).
    return serialiseSqljsTransactions(new DataSource(options));
  }
  return new DataSource(options);
}

/**
 * Creates and connects the data source. For MySQL URLs the server is asked once whether it is
 * MariaDB, so TypeORM uses the matching dialect (both run the same migrations).
 */
export async function openDatabase(config: DatabaseConfig): Promise<DataSource> {
  let flavor: 'mysql' | 'mariadb' = 'mysql';
  if (config.kind === 'mysql') {
    const conn = await mysql.createConnection({ uri: config.url, connectTimeout: 5000 });
    try {
      const [rows] = await conn.query('SELECT VERSION() AS v');
      if (/mariadb/i.test(String((rows as { v: string }[])[0]?.v))) flavor = 'mariadb';
    } finally {
      await conn.end();
    }
  }
  const ds = createDataSource(config, flavor);
  await ds.initialize();
  return ds;
}

/** Runs pending migrations; returns the names of those applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  // The audit anchor chain's head row, so concurrent first anchorings never race to create it.
  await dataSource.createQueryBuilder().insert().into(AuditHead).values({ id: 1, seq: 0, hash: GENESIS_HASH }).orIgnore().execute();
  await ensureDefaultPolicy(dataSource);
  await ensureDefaultRuleset(dataSource);
  return applied.map((m) => m.name);
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return config.file ? `sqlite:${config.file}` : 'sqlite::memory:';
  const u = new URL(config.url);
  return `mysql://${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
}

function writeAtomically(file: string, data: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
