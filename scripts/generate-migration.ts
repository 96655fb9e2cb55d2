/**
 * Generates the next migration for both drivers from the current entities:
 *   npm run db:migration -- AddHazards
 * MySQL: a scratch database on TEST_DATABASE_URL's server; SQLite: in memory. Existing
 * migrations run first, then TypeORM's schema diff becomes db/migrations/<driver>/<ts>-<Name>.ts
 * and is appended to db/migrations/index.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/data-source';
import { createScratchMysqlDatabase } from '../test/support/mysql';

async function diff(kind: 'mysql' | 'sqlite', url?: string): Promise<{ up: string[]; down: string[] }> {
  const ds = await openDatabase(kind === 'mysql' ? { kind, url: url! } : { kind, file: null });
  try {
    await ds.runMigrations();
    const sql = await ds.driver.createSchemaBuilder().log();
    return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query).reverse() };
  } finally {
    await ds.destroy();
  }
}

function render(className: string, name: string, q: { up: string[]; down: string[] }): string {
  const lines = (qs: string[]) => qs.map((s) => `    await queryRunner.query(${JSON.stringify(s)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${name}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(q.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(q.down)}
  }
}
`;
}

async function main(): Promise<void> {
  const label = process.argv[2];
  if (!label || !/^[A-Z][A-Za-z0-9]+$/.test(label)) {
    console.error('usage: npm run db:migration -- <PascalCaseName>');
    process.exit(2);
  }
  const ts = Date.now();
  const scratch = await createScratchMysqlDatabase('safeloop_gen');
  try {
    const results = { mysql: await diff('mysql', scratch.url), sqlite: await diff('sqlite') };
    const indexFile = path.join(__dirname, '../db/migrations/index.ts');
    let index = fs.readFileSync(indexFile, 'utf8');
    for (const driver of ['mysql', 'sqlite'] as const) {
      const q = results[driver];
      if (q.up.length === 0) {
        console.log(`${driver}: entities match the migrations, nothing to generate`);
        continue;
      }
      const prefix = driver === 'mysql' ? 'Mysql' : 'Sqlite';
      const className = `${prefix}${label}${ts}`;
      const file = `${ts}-${label}`;
      fs.mkdirSync(path.join(__dirname, `../db/migrations/${driver}`), { recursive: true });
      fs.writeFileSync(path.join(__dirname, `../db/migrations/${driver}/${file}.ts`), render(className, className, q));
      index = `import { ${className} } from './${driver}/${file}';\n` + index;
      const listName = driver === 'mysql' ? 'MYSQL_MIGRATIONS' : 'SQLITE_MIGRATIONS';
      index = index.replace(new RegExp(`(${listName}: Function\\[\\] = \\[)([^\\]]*)\\]`), (_m, head: string, body: string) => {
        const items = body
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        items.push(className);
        return `${head}${items.join(', ')}]`;
      });
      console.log(`${driver}: wrote db/migrations/${driver}/${file}.ts (${q.up.length} statements)`);
    }
    fs.writeFileSync(indexFile, index);
  } finally {
    await scratch.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
