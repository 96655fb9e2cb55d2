import type { DataSource } from 'typeorm';
import { migrate } from '../../db/data-source';
import { OrgUnit, Person, Post, PostProfile, User, UserRole } from '../../db/entities';
import { DEMO_LOGINS, seedDemo } from '../../db/seed/demo';
import { DEPARTMENT_FUNCTIONS, isInSubtree } from '../../domain/org';
import { openScratchDatabase } from '../support/mysql';

/**
 * Migrations and the demo seed on both drivers: a fresh MariaDB database (created here and
 * dropped after) and the embedded SQLite (in memory).
 */
describe.each([
  ['MariaDB', 'mysql'],
  ['embedded SQLite', 'sqlite'],
] as const)('database on %s', (_label, kind) => {
  let ds: DataSource;
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase(kind));
  });
  afterAll(async () => {
    await close();
  });

  it('migrates a fresh database to exactly the schema the entities describe', async () => {
    const applied = await migrate(ds);
    expect(applied.length).toBeGreaterThan(0);
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(await migrate(ds)).toEqual([]);
  });

  it('seeds the demo organisation once', async () => {
    expect(await seedDemo(ds)).toEqual({ created: true });
    expect(await seedDemo(ds)).toEqual({ created: false });

    const units = await ds.getRepository(OrgUnit).find();
    const group = units.find((u) => u.kind === 'group')!;
    expect(units.filter((u) => u.kind === 'group')).toHaveLength(1);
    expect(units.every((u) => isInSubtree(u.path, group.path))).toBe(true);
    const departments = units.filter((u) => u.kind === 'department');
    expect(departments.map((d) => d.departmentFunction).sort()).toEqual([...DEPARTMENT_FUNCTIONS].sort());
    const production = departments.find((d) => d.departmentFunction === 'production')!;
    expect(production.headPersonId).not.toBeNull();
    for (const u of units.filter((x) => x.parentId)) {
      const parent = units.find((p) => p.id === u.parentId)!;
      expect(u.path).toBe(`${parent.path}${u.id}/`);
    }

    expect(await ds.getRepository(PostProfile).count()).toBe(18);
    const posts = await ds.getRepository(Post).find();
    expect(new Set(posts.map((p) => p.profileId)).size).toBe(18);

    const users = await ds.getRepository(User).find();
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_LOGINS.map((l) => l.username).sort());
    expect(users.every((u) => u.passwordHash.startsWith('scrypt$'))).toBe(true);
    const roles = await ds.getRepository(UserRole).find();
    expect(new Set(roles.map((r) => r.role))).toEqual(new Set(['admin', 'safety_officer', 'hr', 'manager', 'auditor', 'department_head', 'employee']));

    const employee = users.find((u) => u.username === 'employee')!;
    const person = await ds.getRepository(Person).findOneByOrFail({ id: employee.personId! });
    const post = await ds.getRepository(Post).findOneByOrFail({ id: person.postId! });
    const profile = await ds.getRepository(PostProfile).findOneByOrFail({ id: post.profileId });
    expect(profile).toMatchObject({ level: 'frontline', businessType: 'production', riskLevel: 'high' });
  });

  it('rolls every migration back cleanly', async () => {
    while (Number((await ds.query('SELECT COUNT(*) AS n FROM migrations'))[0].n) > 0) {
      await ds.undoLastMigration({ transaction: 'each' });
    }
    const tables =
      kind === 'mysql'
        ? (await ds.query('SHOW TABLES')).map((r: Record<string, string>) => Object.values(r)[0])
        : (await ds.query("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")).map((r: { name: string }) => r.name);
    expect(tables.filter((t: string) => t !== 'migrations')).toEqual([]);
  });
});
