import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DataSource, Like, type EntityManager } from 'typeorm';
import { migrate, openDatabase } from '../../db/data-source';
import { AuditStreamHead } from '../../db/entities';

/**
 * The embedded sql.js database runs one transaction at a time (db/sqljs-serial.ts): TypeORM's
 * sqljs driver used to nest a second caller's transaction as a savepoint of the first, so one
 * caller's rollback undid another's committed writes, and a statement outside any transaction
 * joined whichever was open.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Planned extends Error {}

async function put(db: DataSource | EntityManager, id: string, grp: string): Promise<void> {
  await db.query('INSERT INTO tx_probe (id, grp) VALUES (?, ?)', [id, grp]);
}

async function ids(ds: DataSource, grp?: string): Promise<string[]> {
  const rows = (await ds.query(`SELECT id FROM tx_probe${grp ? ' WHERE grp = ?' : ''} ORDER BY id`, grp ? [grp] : [])) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The ids in the probe table of the database file as saved (read by a sql.js data source of its own). */
async function idsInFile(file: string): Promise<string[]> {
  const saved = new DataSource({ type: 'sqljs', database: fs.readFileSync(file) });
  await saved.initialize();
  try {
    const rows = (await saved.query('SELECT id FROM tx_probe ORDER BY id')) as { id: string }[];
    return rows.map((r) => r.id);
  } finally {
    await saved.destroy();
  }
}

describe('embedded SQLite (sql.js): one transaction at a time', () => {
  let ds: DataSource;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeloop-sqljs-'));
    file = path.join(dir, 'safeloop.sqlite');
    ds = await openDatabase({ kind: 'sqlite', file });
    await migrate(ds);
    await ds.query('CREATE TABLE tx_probe (id VARCHAR(64) PRIMARY KEY NOT NULL, grp VARCHAR(64) NOT NULL)');
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await ds.query('DELETE FROM tx_probe');
  });

  it('a transaction that throws undoes only its own rows, not those of one that committed meanwhile', async () => {
    let committedAnswered = false;
    const failing = ds.transaction(async (em) => {
      await put(em, 'f1', 'failing');
      await sleep(30); // the other caller's transaction is asked for meanwhile
      await put(em, 'f2', 'failing');
      throw new Planned('step failed');
    });
    await sleep(5);
    const committing = ds
      .transaction(async (em) => {
        await put(em, 'c1', 'committing');
        await put(em, 'c2', 'committing');
      })
      .then(() => (committedAnswered = true));
    await expect(failing).rejects.toBeInstanceOf(Planned);
    await committing;
    expect(committedAnswered).toBe(true);
    expect(await ids(ds)).toEqual(['c1', 'c2']);
  });

  it('the same when the committing side drives its query runner itself (as the notification dispatcher does)', async () => {
    const failing = ds.transaction(async (em) => {
      await put(em, 'f1', 'failing');
      await sleep(30);
      throw new Planned('step failed');
    });
    await sleep(5);
    const held = ds.createQueryRunner();
    const committing = (async () => {
      try {
        await held.startTransaction();
        await put(held.manager, 'h1', 'held');
        await held.commitTransaction();
      } finally {
        await held.release();
      }
    })();
    await expect(failing).rejects.toBeInstanceOf(Planned);
    await committing;
    expect(await ids(ds)).toEqual(['h1']);
  });

  it('two concurrent transactions both commit: both rows stay, and each is in the file when its commit is answered', async () => {
    let inFileAtFirstAnswer: string[] = [];
    const first = ds.transaction(async (em) => {
      await put(em, 'a1', 'a');
      await sleep(30);
      await put(em, 'a2', 'a');
    });
    await sleep(5);
    const second = ds
      .transaction(async (em) => {
        await put(em, 'b1', 'b');
      })
      .then(async () => {
        inFileAtFirstAnswer = await idsInFile(file);
      });
    await Promise.all([first, second]);
    expect(await ids(ds)).toEqual(['a1', 'a2', 'b1']);
    expect(inFileAtFirstAnswer).toEqual(expect.arrayContaining(['b1']));
    expect(await idsInFile(file)).toEqual(['a1', 'a2', 'b1']);
  });

  it('a statement outside any transaction, issued while one is open, stays when that transaction rolls back', async () => {
    const failing = ds.transaction(async (em) => {
      await put(em, 'f1', 'failing');
      await sleep(30);
      throw new Planned('step failed');
    });
    await sleep(5);
    // A raw statement, a query builder's and the data source manager's (outside any transaction).
    const outside = Promise.all([
      ds.query('INSERT INTO tx_probe (id, grp) VALUES (?, ?)', ['o1', 'outside']),
      ds.createQueryBuilder().insert().into('tx_probe').values({ id: 'o2', grp: 'outside' }).execute(),
      ds.manager.query('INSERT INTO tx_probe (id, grp) VALUES (?, ?)', ['o3', 'outside']),
    ]);
    await expect(failing).rejects.toBeInstanceOf(Planned);
    await outside;
    expect(await ids(ds)).toEqual(['o1', 'o2', 'o3']);
    expect(await idsInFile(file)).toEqual(['o1', 'o2', 'o3']);
  });

  it('entity saves on the data source (each its own transaction) wait for an open one, and join it from inside its callback', async () => {
    const heads = ds.getRepository(AuditStreamHead);
    const head = (stream: string) => ({ stream, seq: 0, hash: 'h' });
    await ds.query("DELETE FROM audit_stream WHERE stream LIKE 'probe:%'");
    const failing = ds.transaction(async (em) => {
      await em.getRepository(AuditStreamHead).save(head('probe:in-tx'));
      await ds.getRepository(AuditStreamHead).save(head('probe:in-callback')); // joins: a savepoint, not a wait for itself
      await sleep(30);
      throw new Planned('step failed');
    });
    await sleep(5);
    const outside = Promise.all([heads.save(head('probe:outside-1')), ds.manager.insert(AuditStreamHead, head('probe:outside-2'))]);
    await expect(failing).rejects.toBeInstanceOf(Planned);
    await outside;
    expect((await heads.find({ where: { stream: Like('probe:%') }, order: { stream: 'ASC' } })).map((h) => h.stream)).toEqual([
      'probe:outside-1',
      'probe:outside-2',
    ]);
  });

  it('a nested em.transaction is a savepoint: its rollback undoes only its own part', async () => {
    await ds.transaction(async (em) => {
      await put(em, 'x1', 'outer');
      await expect(
        em.transaction(async (inner) => {
          await put(inner, 'y1', 'inner');
          throw new Planned('inner step failed');
        }),
      ).rejects.toBeInstanceOf(Planned);
      await em.transaction(async (inner) => put(inner, 'y2', 'inner'));
      await put(em, 'x2', 'outer');
    });
    expect(await ids(ds)).toEqual(['x1', 'x2', 'y2']);

    // The outer transaction's rollback undoes the nested one it committed.
    await ds.query('DELETE FROM tx_probe');
    await expect(
      ds.transaction(async (em) => {
        await put(em, 'x1', 'outer');
        await em.transaction(async (inner) => put(inner, 'y1', 'inner'));
        throw new Planned('outer step failed');
      }),
    ).rejects.toBeInstanceOf(Planned);
    expect(await ids(ds)).toEqual([]);
  });

  it('code inside a transaction that reaches for the data source runs inside it, without waiting for itself', async () => {
    const other = sleep(5).then(() => ds.transaction(async (em) => put(em, 'z1', 'other')));
    await expect(
      ds.transaction(async (em) => {
        await put(em, 'x1', 'outer');
        await put(ds, 'x2', 'outer'); // dataSource.query inside the callback
        await ds.transaction(async (inner) => put(inner, 'x3', 'outer')); // a savepoint in it
        await expect(
          ds.manager.transaction(async (inner) => {
            await put(inner, 'y1', 'inner');
            throw new Planned('inner');
          }),
        ).rejects.toBeInstanceOf(Planned);
        await sleep(20);
        expect(await em.query('SELECT COUNT(*) AS n FROM tx_probe')).toEqual([{ n: 3 }]);
        throw new Planned('outer step failed');
      }),
    ).rejects.toBeInstanceOf(Planned);
    await other;
    expect(await ids(ds)).toEqual(['z1']);
  });

  it('many concurrent transactions with random failures leave exactly the committed ones (model check)', async () => {
    const plan = fc.array(
      fc.record({
        rows: fc.integer({ min: 1, max: 3 }),
        fail: fc.boolean(),
        start: fc.integer({ min: 0, max: 10 }),
        pause: fc.integer({ min: 0, max: 3 }),
        outside: fc.boolean(),
      }),
      { minLength: 50, maxLength: 50 },
    );
    await fc.assert(
      fc.asyncProperty(plan, async (txs) => {
        await ds.query('DELETE FROM tx_probe');
        const expected: string[] = [];
        const answered: string[] = [];
        await Promise.all(
          txs.map(async (t, i) => {
            await sleep(t.start);
            const mine = Array.from({ length: t.rows }, (_, r) => `t${String(i).padStart(2, '0')}-${r}`);
            const outsideId = `o${String(i).padStart(2, '0')}`;
            const outside = t.outside ? put(ds, outsideId, 'outside').then(() => answered.push(outsideId)) : Promise.resolve();
            try {
              await ds.transaction(async (em) => {
                for (const id of mine) {
                  await put(em, id, 'tx');
                  if (t.pause) await sleep(t.pause);
                }
                if (t.fail) throw new Planned(`t${i}`);
              });
              answered.push(...mine);
            } catch (err) {
              if (!(err instanceof Planned)) throw err;
            }
            await outside;
            if (!t.fail) expected.push(...mine);
            if (t.outside) expected.push(outsideId);
          }),
        );
        expect(await ids(ds)).toEqual([...expected].sort());
        expect([...answered].sort()).toEqual([...expected].sort());
        expect(await idsInFile(file)).toEqual([...expected].sort());
      }),
      { numRuns: 5 },
    );
  });
});
