import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../db/data-source';

export const DEFAULT_TEST_DATABASE_URL = 'mysql://root@127.0.0.1:3306/test';

/**
 * A fresh database on the test MariaDB/MySQL server (TEST_DATABASE_URL's host and credentials),
 * created now and dropped by `drop()`. Every test run gets its own, so runs never share state.
 */
export async function createScratchMysqlDatabase(prefix = 'safeloop_test'): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL);
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await connectAdmin(base);
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = await connectAdmin(base);
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * A database of the given driver for a test that runs on both: a scratch MariaDB database or an
 * in-memory SQLite one (not migrated). `close()` disconnects and drops it.
 */
export async function openScratchDatabase(kind: 'mysql' | 'sqlite'): Promise<{ ds: DataSource; close: () => Promise<void> }> {
  const scratch = kind === 'mysql' ? await createScratchMysqlDatabase() : null;
  const ds = scratch ? await openDatabase({ kind: 'mysql', url: scratch.url }) : await openDatabase({ kind: 'sqlite', file: null });
  return {
    ds,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      await scratch?.drop();
    },
  };
}

async function connectAdmin(base: URL): Promise<mysql.Connection> {
  try {
    return await mysql.createConnection({
      host: base.hostname,
      port: Number(base.port || 3306),
      user: decodeURIComponent(base.username || 'root'),
      password: decodeURIComponent(base.password || ''),
      connectTimeout: 5000,
    });
  } catch (err) {
    throw new Error(
      `Cannot reach the test database at ${base.host} (${(err as Error).message}). ` +
        'Start MariaDB/MySQL or set TEST_DATABASE_URL=mysql://user:pass@host:port/db',
    );
  }
}
