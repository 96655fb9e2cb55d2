import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { DataSource, type MigrationInterface } from 'typeorm';
import {
  anchorAuditStreams,
  appendAudit,
  appendAuditBatch,
  gatheringAudit,
  recordAudit,
  auditStreamOf,
  entryHashFormat,
  GENESIS_HASH,
  hashEntry,
  LEGACY_STREAM,
  processStream,
  setAuditHashAlgorithm,
  verifyAuditLog,
} from '../../db/audit/audit-log';
import { migrate, openDatabase } from '../../db/data-source';
import { AuditAnchor, AuditEntry, AuditHead, AuditStreamHead } from '../../db/entities';
import { canonicalJson } from '../../domain/canonical-json';
import { createScratchMysqlDatabase, openScratchDatabase } from '../support/mysql';

/**
 * The audit log's two levels — a hash chain per stream (process or kind of entity) and the anchor
 * chain over the stream heads — on both drivers: migration of rows written before streams, every
 * kind of tampering detected (and the documented window left open), concurrent appends on the real
 * MariaDB (no global lock: different streams never wait for each other), and a model-based property
 * test over random appends, anchorings and tamperings.
 */
const record = (stream: string, i: number) => ({
  actorType: 'system' as const,
  actor: 'audit-test',
  action: 'thing.changed',
  entityType: 'thing',
  entityId: `${stream}#${i}`,
  after: { i, stream },
  stream,
});

/** The hash formula of the single chain before streams (copied from the code of that time, commit 1fe90ef). */
function oldHash(e: { seq: number; prevHash: string; at: Date; actor: string; entityId: string; after: string | null; hashAlg: 'sha256' | 'sm3' }): string {
  const material = canonicalJson([e.seq, e.prevHash, e.at.toISOString(), 'user', e.actor, null, 'thing.created', 'thing', e.entityId, null, e.after, null]);
  return createHash(e.hashAlg).update(material).digest('hex');
}

/** The stream/1 hash (it covered the row number), copied from the code of that time (commit ef1fa48). */
function stream1Hash(e: Omit<AuditEntry, 'hash'>): string {
  const content = [e.at.toISOString(), e.actorType, e.actor, e.onBehalfOf, e.action, e.entityType, e.entityId, e.before, e.after, e.orgUnitId];
  return createHash(e.hashAlg)
    .update(canonicalJson(['stream/1', e.seq, e.stream, e.streamSeq, e.prevHash, ...content]))
    .digest('hex');
}

/** Appends a row as the code of commit ef1fa48 did: inserted with an empty hash, then its stream/1 hash (which covers its row number) and the head. */
async function appendStream1(ds: DataSource, stream: string, i: number): Promise<AuditEntry> {
  return ds.transaction(async (em) => {
    const heads = em.getRepository(AuditStreamHead);
    const head = (await heads.findOneBy({ stream })) ?? (await heads.save({ stream, seq: 0, hash: GENESIS_HASH }));
    const r = record(stream, i);
    const row = {
      stream,
      streamSeq: head.seq + 1,
      at: new Date(Date.UTC(2026, 5, 1, 12, 0, 0, i)),
      actorType: r.actorType,
      actor: r.actor,
      onBehalfOf: null,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: null,
      after: canonicalJson(r.after),
      orgUnitId: null,
      prevHash: head.hash,
      hashAlg: 'sha256' as const,
    };
    await em.getRepository(AuditEntry).insert({ ...row, hash: '' });
    const { seq } = await em.getRepository(AuditEntry).findOneByOrFail({ stream, streamSeq: row.streamSeq });
    const hash = stream1Hash({ ...row, seq });
    await em.getRepository(AuditEntry).update({ seq }, { hash });
    await heads.update({ stream }, { seq: row.streamSeq, hash });
    return { ...row, seq, hash };
  });
}

/** The stream's rows: 1..length, each following the one before, its row numbers rising, and its head row at the last. */
async function expectChainOn(ds: DataSource, stream: string, length: number): Promise<void> {
  const rows = await ds.getRepository(AuditEntry).find({ where: { stream }, order: { streamSeq: 'ASC' } });
  expect(rows.map((r) => r.streamSeq)).toEqual(Array.from({ length }, (_, i) => i + 1));
  rows.forEach((r, i) => {
    expect(r.prevHash).toBe(i ? rows[i - 1].hash : GENESIS_HASH);
    if (i) expect(r.seq).toBeGreaterThan(rows[i - 1].seq);
  });
  expect(await ds.getRepository(AuditStreamHead).findOneByOrFail({ stream })).toMatchObject({ seq: length, hash: rows[length - 1].hash });
}

/** Counts the statements a data source sends that touch the audit tables (transaction control left out). */
function countAuditStatements(ds: DataSource): { take: () => string[]; stop: () => void } {
  const logger = ds.logger;
  const original = logger.logQuery;
  let seen: string[] = [];
  logger.logQuery = function (query: string, parameters?: unknown[], queryRunner?: never) {
    if (/audit_|last_insert_rowid/.test(query)) seen.push(query.replace(/\s+/g, ' ').slice(0, 60));
    return original.call(this, query, parameters, queryRunner);
  };
  return {
    take: () => {
      const taken = seen;
      seen = [];
      return taken;
    },
    stop: () => {
      logger.logQuery = original;
    },
  };
}

describe('stream of an entry', () => {
  it('is the named stream, else the acting workflow, the process named, or the kind of entity', () => {
    expect(auditStreamOf({ ...record('x', 1) })).toBe('x');
    expect(auditStreamOf({ actorType: 'workflow', actor: 'Hazard:1', action: 'a', entityType: 'hazard', entityId: 'h' })).toBe('process:Hazard:1');
    expect(auditStreamOf({ actorType: 'user', actor: 'u', action: 'a', entityType: 'process', entityId: 'Hazard:2' })).toBe('process:Hazard:2');
    expect(auditStreamOf({ actorType: 'user', actor: 'u', action: 'a', entityType: 'user', entityId: 'u1' })).toBe('kind:user');
    expect(processStream('W')).toBe('process:W');
  });
});

describe.each([
  ['MariaDB', 'mysql'],
  ['embedded SQLite', 'sqlite'],
] as const)('audit log on %s', (_label, kind) => {
  let ds: DataSource;
  let close: () => Promise<void> = async () => undefined;
  const entries = () => ds.getRepository(AuditEntry);
  const append = (stream: string, i: number) => ds.transaction((em) => appendAudit(em, record(stream, i)));
  const rowOf = (stream: string, streamSeq: number) => entries().findOneByOrFail({ stream, streamSeq });
  const expectIntact = async () => {
    const v = await verifyAuditLog(ds);
    expect(v.brokenAt).toBeNull();
    expect(v.ok).toBe(true);
    return v;
  };

  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase(kind));
  });
  afterAll(async () => {
    setAuditHashAlgorithm('sha256');
    await close();
  });

  it('keeps rows written before streams verifiable: they become the closed stream "legacy", anchored at the next check', async () => {
    // Migrate up to the migration before streams, and write the old single chain (one row under SM3) and its head.
    const all = ds.migrations;
    const at = all.findIndex((m: MigrationInterface) => /AuditStreams/.test(m.name ?? m.constructor.name));
    expect(at).toBeGreaterThan(0);
    (ds as unknown as { migrations: MigrationInterface[] }).migrations = all.slice(0, at);
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      (ds as unknown as { migrations: MigrationInterface[] }).migrations = all;
    }
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= 4; seq++) {
      const row = {
        seq,
        prevHash,
        at: new Date(Date.UTC(2026, 0, seq)),
        actor: 'alice',
        entityId: `old-${seq}`,
        after: canonicalJson({ seq }),
        hashAlg: seq === 3 ? ('sm3' as const) : ('sha256' as const),
      };
      const hash = oldHash(row);
      const q = (n: string) => ds.driver.escape(n);
      const cols = [
        'seq',
        'at',
        'actor_type',
        'actor',
        'on_behalf_of',
        'action',
        'entity_type',
        'entity_id',
        'before',
        'after',
        'org_unit_id',
        'prev_hash',
        'hash',
        'hash_alg',
      ];
      const at = row.at.toISOString().replace('T', ' ').replace('Z', '');
      await ds.query(`INSERT INTO ${q('audit_log')} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, [
        seq,
        at,
        'user',
        'alice',
        null,
        'thing.created',
        'thing',
        row.entityId,
        null,
        row.after,
        null,
        prevHash,
        hash,
        row.hashAlg,
      ]);
      prevHash = hash;
    }
    await ds.query(`INSERT INTO audit_head (id, seq, hash) VALUES (1, 4, '${prevHash}')`);

    expect(await migrate(ds)).toEqual([all[at].name ?? all[at].constructor.name, ...all.slice(at + 1).map((m) => m.name ?? m.constructor.name)]);
    expect(await ds.getRepository(AuditStreamHead).findOneByOrFail({ stream: LEGACY_STREAM })).toMatchObject({ seq: 4, hash: prevHash });
    expect(await ds.getRepository(AuditHead).findOneByOrFail({ id: 1 })).toMatchObject({ seq: 0, hash: GENESIS_HASH });
    expect((await entries().find({ order: { seq: 'ASC' } })).map((e) => [e.seq, e.stream, e.streamSeq])).toEqual(
      [1, 2, 3, 4].map((n) => [n, LEGACY_STREAM, n]),
    );

    const v = await expectIntact();
    expect(v).toMatchObject({ checked: 4, anchored: 1, algorithms: ['sha256', 'sm3'] });
    expect(v.levels.streams).toMatchObject({ ok: true, streams: 1, entries: 4, unanchoredEntries: 0 });
    expect(v.levels.anchors).toMatchObject({ ok: true, anchors: 1, streamsAnchored: 1 });

    // New rows continue the row numbers in their own streams; a legacy row edited is still found.
    const fresh = await append('A', 1);
    expect(fresh).toMatchObject({ seq: 5, stream: 'A', streamSeq: 1, prevHash: GENESIS_HASH });
    await entries().update({ seq: 2 }, { actor: 'mallory' });
    expect((await verifyAuditLog(ds)).brokenAt).toMatchObject({
      level: 'stream',
      stream: LEGACY_STREAM,
      streamSeq: 2,
      seq: 2,
      problem: expect.stringMatching(/edited/),
    });
    await entries().update({ seq: 2 }, { actor: 'alice' });
    await expectIntact();
  });

  it('chains each stream, under SM3 too, and anchors every stream that advanced', async () => {
    for (let i = 2; i <= 6; i++) await append('A', i);
    setAuditHashAlgorithm('sm3');
    for (let i = 1; i <= 4; i++) await append('B', i);
    setAuditHashAlgorithm('sha256');
    for (let i = 1; i <= 3; i++) await append('C', i);
    expect((await rowOf('B', 2)).hashAlg).toBe('sm3');
    expect((await rowOf('A', 2)).prevHash).toBe((await rowOf('A', 1)).hash);

    const v = await expectIntact();
    expect(v.anchored).toBe(3); // A, B, C advanced; legacy did not
    expect(v.levels.streams).toMatchObject({ streams: 4, entries: 4 + 6 + 4 + 3, unanchoredEntries: 0 });
    expect(v.levels.anchors).toMatchObject({ anchors: 5, streamsAnchored: 4 }); // legacy, A at 1 (the previous check), then A, B, C
    expect(v.algorithms).toEqual(['sha256', 'sm3']);
    expect(await anchorAuditStreams(ds)).toBe(0);
    await append('C', 4);
    const unanchored = await verifyAuditLog(ds, { anchor: false });
    expect(unanchored.levels.streams.unanchoredEntries).toBe(1);
    expect(await anchorAuditStreams(ds)).toBe(1);
  });

  it('finds an edited payload', async () => {
    const row = await rowOf('A', 3);
    await entries().update({ seq: row.seq }, { after: canonicalJson({ i: 3, stream: 'A', forged: true }) });
    const v = await verifyAuditLog(ds);
    expect(v.ok).toBe(false);
    expect(v.brokenAt).toEqual({
      level: 'stream',
      seq: row.seq,
      stream: 'A',
      streamSeq: 3,
      problem: expect.stringMatching(/does not match its hash \(edited\)/),
    });
    expect(v.levels.streams.ok).toBe(false);
    await entries().update({ seq: row.seq }, { after: row.after });
    await expectIntact();
  });

  it('finds a deleted middle row', async () => {
    const row = await rowOf('B', 2);
    await entries().delete({ seq: row.seq });
    const v = await verifyAuditLog(ds);
    expect(v.brokenAt).toEqual({ level: 'stream', seq: null, stream: 'B', streamSeq: 2, problem: expect.stringMatching(/entry 2 is missing \(deleted\)/) });
    await entries().insert(row);
    await expectIntact();
  });

  it("finds a stream's tail deleted after anchoring, even with its head row rewound", async () => {
    const tail = [await rowOf('A', 5), await rowOf('A', 6)];
    const heads = ds.getRepository(AuditStreamHead);
    await entries().delete(tail.map((r) => r.seq));
    // The head row still says 6: the stream level sees it.
    let v = await verifyAuditLog(ds);
    expect(v.brokenAt).toMatchObject({ level: 'stream', stream: 'A', streamSeq: 5, problem: expect.stringMatching(/ends at 4 but its head says 6/) });
    // Rewound too: the stream chain is consistent again, but anchor level knows it was anchored at 6.
    await heads.update({ stream: 'A' }, { seq: 4, hash: (await rowOf('A', 4)).hash });
    v = await verifyAuditLog(ds);
    expect(v.levels.streams.ok).toBe(true);
    expect(v.levels.anchors.ok).toBe(false);
    expect(v.brokenAt).toMatchObject({ level: 'anchor', stream: 'A', problem: expect.stringMatching(/entries deleted/) });
    // Restored: the rewound head that this verify anchored stays in the anchor chain as evidence.
    await entries().insert(tail);
    await heads.update({ stream: 'A' }, { seq: 6, hash: tail[1].hash });
    v = await verifyAuditLog(ds);
    expect(v.brokenAt).toMatchObject({
      level: 'anchor',
      stream: 'A',
      streamSeq: 4,
      problem: expect.stringMatching(/puts stream A back at 4 after anchor \d+ anchored it at 6/),
    });
  });
});

describe.each([
  ['MariaDB', 'mysql'],
  ['embedded SQLite', 'sqlite'],
] as const)('tampering on %s', (_label, kind) => {
  let ds: DataSource;
  let close: () => Promise<void> = async () => undefined;
  const entries = () => ds.getRepository(AuditEntry);
  const anchors = () => ds.getRepository(AuditAnchor);
  const rowOf = (stream: string, streamSeq: number) => entries().findOneByOrFail({ stream, streamSeq });

  beforeEach(async () => {
    ({ ds, close } = await openScratchDatabase(kind));
    await migrate(ds);
    for (const s of ['P', 'Q']) for (let i = 1; i <= 4; i++) await ds.transaction((em) => appendAudit(em, record(s, i)));
    expect((await verifyAuditLog(ds)).ok).toBe(true); // anchors P@4, Q@4
  });
  afterEach(async () => {
    await close();
  });

  it('finds two rows of a stream swapped', async () => {
    const [a, b] = [await rowOf('P', 2), await rowOf('P', 3)];
    await entries().update({ seq: a.seq }, { streamSeq: -1 });
    await entries().update({ seq: b.seq }, { streamSeq: 2 });
    await entries().update({ seq: a.seq }, { streamSeq: 3 });
    expect((await verifyAuditLog(ds)).brokenAt).toMatchObject({ level: 'stream', stream: 'P', streamSeq: 2, seq: b.seq });
  });

  it('finds two rows of a stream trading row numbers (their listing order), though stream/2 does not hash them', async () => {
    const [a, b] = [await rowOf('P', 2), await rowOf('P', 3)];
    expect([entryHashFormat(a), entryHashFormat(b)]).toEqual(['stream/2', 'stream/2']);
    await entries().update({ seq: a.seq }, { seq: 10_000 });
    await entries().update({ seq: b.seq }, { seq: a.seq });
    await entries().update({ seq: 10_000 }, { seq: b.seq });
    expect((await verifyAuditLog(ds)).brokenAt).toMatchObject({
      level: 'stream',
      stream: 'P',
      streamSeq: 3,
      seq: a.seq,
      problem: expect.stringMatching(/has row number \d+, not after entry 2's \d+ \(re-ordered\)/),
    });
  });

  it('finds rows of two streams trading row numbers when that re-orders a stream; documents that it goes unnoticed otherwise', async () => {
    // P's rows are 1-4 and Q's 5-8: P's second and Q's second trading numbers re-orders both streams.
    const [p2, q2] = [await rowOf('P', 2), await rowOf('Q', 2)];
    await entries().update({ seq: p2.seq }, { seq: 10_000 });
    await entries().update({ seq: q2.seq }, { seq: p2.seq });
    await entries().update({ seq: 10_000 }, { seq: q2.seq });
    expect((await verifyAuditLog(ds)).brokenAt).toMatchObject({ level: 'stream', stream: 'P', streamSeq: 3, problem: expect.stringMatching(/re-ordered/) });
    await entries().update({ seq: q2.seq }, { seq: 10_000 });
    await entries().update({ seq: p2.seq }, { seq: q2.seq });
    await entries().update({ seq: 10_000 }, { seq: p2.seq });
    expect((await verifyAuditLog(ds)).ok).toBe(true);
    // P's last (4) and Q's first (5) trading keeps both rising: the row number only numbers rows
    // across streams (stream/2 does not hash it); their order across streams is their hashed `at`.
    const [p4, q1] = [await rowOf('P', 4), await rowOf('Q', 1)];
    expect(q1.seq).toBe(p4.seq + 1);
    await entries().update({ seq: p4.seq }, { seq: 10_000 });
    await entries().update({ seq: q1.seq }, { seq: p4.seq });
    await entries().update({ seq: 10_000 }, { seq: q1.seq });
    expect((await verifyAuditLog(ds)).ok).toBe(true);
  });

  it('finds an edited, a deleted and a re-ordered anchor, and a deleted newest anchor', async () => {
    const first = await anchors().findOneByOrFail({ seq: 1 });
    await anchors().update({ seq: 1 }, { streamHash: 'f'.repeat(64) });
    let v = await verifyAuditLog(ds, { anchor: false });
    expect(v.brokenAt).toEqual({ level: 'anchor', seq: 1, stream: first.stream, streamSeq: 4, problem: 'anchor 1 does not match its hash (edited)' });
    expect(v.levels.streams.ok).toBe(true);
    await anchors().update({ seq: 1 }, { streamHash: first.streamHash });

    await anchors().update({ seq: 1 }, { seq: 100 });
    await anchors().update({ seq: 2 }, { seq: 1 });
    await anchors().update({ seq: 100 }, { seq: 2 });
    v = await verifyAuditLog(ds, { anchor: false });
    expect(v.brokenAt).toMatchObject({ level: 'anchor', seq: 1, problem: expect.stringMatching(/does not follow the previous anchor/) });
    await anchors().update({ seq: 1 }, { seq: 100 });
    await anchors().update({ seq: 2 }, { seq: 1 });
    await anchors().update({ seq: 100 }, { seq: 2 });
    expect((await verifyAuditLog(ds, { anchor: false })).ok).toBe(true);

    await anchors().delete({ seq: 1 });
    v = await verifyAuditLog(ds, { anchor: false });
    expect(v.brokenAt).toMatchObject({ level: 'anchor', seq: 1, problem: 'anchor 1 is missing (deleted)' });
    await anchors().insert(first);

    await anchors().delete({ seq: 2 });
    v = await verifyAuditLog(ds, { anchor: false });
    expect(v.brokenAt).toMatchObject({ level: 'anchor', problem: expect.stringMatching(/newest anchors deleted/) });
  });

  it('finds a whole anchored stream deleted, and a row forged past a head', async () => {
    await entries().delete({ stream: 'Q' });
    await ds.getRepository(AuditStreamHead).delete({ stream: 'Q' });
    let v = await verifyAuditLog(ds, { anchor: false });
    expect(v.brokenAt).toMatchObject({ level: 'anchor', stream: 'Q', streamSeq: 4, problem: expect.stringMatching(/has no entries/) });

    const last = await rowOf('P', 4);
    await entries().insert({ ...last, seq: last.seq + 1000, streamSeq: 5, prevHash: last.hash });
    v = await verifyAuditLog(ds, { anchor: false });
    expect(v.levels.streams.brokenAt).toMatchObject({ stream: 'P', streamSeq: 5, problem: expect.stringMatching(/past its head/) });
  });

  it('documents the window: a tail deleted with its head rewound before anchoring goes unnoticed; after anchoring it does not', async () => {
    for (let i = 5; i <= 6; i++) await ds.transaction((em) => appendAudit(em, record('P', i)));
    const heads = ds.getRepository(AuditStreamHead);
    await entries().delete({ stream: 'P', streamSeq: 6 });
    await heads.update({ stream: 'P' }, { seq: 5, hash: (await rowOf('P', 5)).hash });
    expect((await verifyAuditLog(ds)).ok).toBe(true); // not yet anchored: the window
    await ds.transaction((em) => appendAudit(em, record('P', 6)));
    expect((await verifyAuditLog(ds)).ok).toBe(true); // anchored now at 6
    await entries().delete({ stream: 'P', streamSeq: 6 });
    await heads.update({ stream: 'P' }, { seq: 5, hash: (await rowOf('P', 5)).hash });
    expect((await verifyAuditLog(ds)).brokenAt).toMatchObject({ level: 'anchor', stream: 'P' });
  });
});

/**
 * Hash formats and the cost of an append: rows are inserted with their final hash (stream/2), rows
 * of the earlier format (stream/1, which hashed the row number) still verify alone and in a mixed
 * stream, and an append claims a head it knows with one compare-and-set statement — the second
 * append of a transaction always, a head left by a rolled-back transaction never.
 */
describe.each([
  ['MariaDB', 'mysql'],
  ['embedded SQLite', 'sqlite'],
] as const)('hash formats and appends on %s', (_label, kind) => {
  let ds: DataSource;
  let close: () => Promise<void> = async () => undefined;
  const entries = () => ds.getRepository(AuditEntry);
  const heads = () => ds.getRepository(AuditStreamHead);
  const rowOf = (stream: string, streamSeq: number) => entries().findOneByOrFail({ stream, streamSeq });
  const chainOf = async (stream: string) => entries().find({ where: { stream }, order: { streamSeq: 'ASC' } });
  /** Statements per case: MariaDB/MySQL, and sql.js (which also asks for the row number: `last_insert_rowid()`). */
  const cost = (mysql: number, sqlite: number) => (kind === 'mysql' ? mysql : sqlite);
  const expectChain = async (stream: string, length: number) => {
    const rows = await chainOf(stream);
    expect(rows.map((r) => r.streamSeq)).toEqual(Array.from({ length }, (_, i) => i + 1));
    rows.forEach((r, i) => expect(r.prevHash).toBe(i ? rows[i - 1].hash : GENESIS_HASH));
    expect(await heads().findOneByOrFail({ stream })).toMatchObject({ seq: length, hash: rows[length - 1].hash });
    return rows;
  };

  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase(kind));
    await migrate(ds);
  });
  afterAll(() => close());

  it('inserts new rows with their final stream/2 hash, which does not cover the row number', async () => {
    const counter = countAuditStatements(ds);
    try {
      const e = await ds.transaction((em) => appendAudit(em, record('F', 1)));
      const statements = counter.take();
      expect(statements.filter((q) => /^UPDATE .audit_log/.test(q))).toEqual([]);
      const row = await rowOf('F', 1);
      expect(row).toEqual(e);
      const { hash, ...rest } = row;
      expect(hash).toBe(hashEntry(rest, 'stream/2'));
      expect(hash).toBe(hashEntry({ ...rest, seq: row.seq + 1 }, 'stream/2'));
      expect(hash).not.toBe(hashEntry(rest, 'stream/1'));
      expect(entryHashFormat(row)).toBe('stream/2');
    } finally {
      counter.stop();
    }
    setAuditHashAlgorithm('sm3');
    try {
      const e = await ds.transaction((em) => appendAudit(em, record('F', 2)));
      expect(e.hashAlg).toBe('sm3');
      expect(entryHashFormat(await rowOf('F', 2))).toBe('stream/2');
    } finally {
      setAuditHashAlgorithm('sha256');
    }
    const v = await verifyAuditLog(ds);
    expect(v).toMatchObject({ ok: true, algorithms: ['sha256', 'sm3'] });
  });

  it('keeps stream/1 rows verifying, alone and followed by stream/2 rows in the same stream; their row numbers stay hashed', async () => {
    for (let i = 1; i <= 3; i++) await appendStream1(ds, 'old', i);
    for (let i = 1; i <= 3; i++) await appendStream1(ds, 'mixed', i);
    const fresh = [];
    for (let i = 4; i <= 5; i++) fresh.push(await ds.transaction((em) => appendAudit(em, record('mixed', i))));
    const mixed = await expectChain('mixed', 5);
    expect(mixed.map(entryHashFormat)).toEqual(['stream/1', 'stream/1', 'stream/1', 'stream/2', 'stream/2']);
    expect((await chainOf('old')).map(entryHashFormat)).toEqual(['stream/1', 'stream/1', 'stream/1']);
    expect(fresh[0]).toMatchObject({ streamSeq: 4, prevHash: mixed[2].hash });
    let v = await verifyAuditLog(ds);
    expect(v.brokenAt).toBeNull();
    expect(v.levels.streams.entries).toBeGreaterThanOrEqual(8);

    // A stream/1 row edited, or given another row number, is found (its stream/2 digest is no match either).
    const old2 = await rowOf('old', 2);
    await entries().update({ seq: old2.seq }, { actor: 'mallory' });
    v = await verifyAuditLog(ds);
    expect(v.brokenAt).toMatchObject({ level: 'stream', stream: 'old', streamSeq: 2, problem: expect.stringMatching(/edited/) });
    await entries().update({ seq: old2.seq }, { actor: old2.actor });
    await entries().update({ seq: old2.seq }, { seq: 50_000 });
    v = await verifyAuditLog(ds);
    expect(v.brokenAt).toMatchObject({ level: 'stream', stream: 'old', streamSeq: 2, seq: 50_000, problem: expect.stringMatching(/edited/) });
    await entries().update({ seq: 50_000 }, { seq: old2.seq });
    // In the mixed stream: an edited stream/2 row, and a stream/1 row re-hashed as stream/2 without its stream/1 hash.
    const m4 = await rowOf('mixed', 4);
    await entries().update({ seq: m4.seq }, { after: canonicalJson({ forged: true }) });
    expect((await verifyAuditLog(ds)).brokenAt).toMatchObject({ level: 'stream', stream: 'mixed', streamSeq: 4, problem: expect.stringMatching(/edited/) });
    await entries().update({ seq: m4.seq }, { after: m4.after });
    expect((await verifyAuditLog(ds)).ok).toBe(true);
  });

  it('finds tampering with stream/2 rows: an edited field, a deleted row, two rows trading stream_seq, a rewound head', async () => {
    for (let i = 1; i <= 5; i++) await ds.transaction((em) => appendAudit(em, record('T', i)));
    expect((await chainOf('T')).map(entryHashFormat)).toEqual(Array(5).fill('stream/2'));
    expect((await verifyAuditLog(ds)).ok).toBe(true); // anchored at 5

    for (const [field, value] of [
      ['actor', 'mallory'],
      ['at', new Date(Date.UTC(2020, 0, 1))],
      ['streamSeq', 99],
      ['prevHash', 'e'.repeat(64)],
      ['hashAlg', 'sm3'],
      ['stream', 'T2'],
    ] as const) {
      const row = await rowOf('T', 3);
      await entries().update({ seq: row.seq }, { [field]: value });
      const v = await verifyAuditLog(ds, { anchor: false });
      expect({ field, ok: v.ok }).toEqual({ field, ok: false });
      await entries().update({ seq: row.seq }, { [field]: row[field] });
      expect((await verifyAuditLog(ds, { anchor: false })).ok).toBe(true);
    }

    const t3 = await rowOf('T', 3);
    await entries().delete({ seq: t3.seq });
    expect((await verifyAuditLog(ds, { anchor: false })).brokenAt).toMatchObject({ stream: 'T', streamSeq: 3, problem: expect.stringMatching(/missing/) });
    await entries().insert(t3);

    const [a, b] = [await rowOf('T', 2), await rowOf('T', 3)];
    await entries().update({ seq: a.seq }, { streamSeq: -1 });
    await entries().update({ seq: b.seq }, { streamSeq: 2 });
    await entries().update({ seq: a.seq }, { streamSeq: 3 });
    expect((await verifyAuditLog(ds, { anchor: false })).brokenAt).toMatchObject({ level: 'stream', stream: 'T', streamSeq: 2, seq: b.seq });
    await entries().update({ seq: b.seq }, { streamSeq: -1 });
    await entries().update({ seq: a.seq }, { streamSeq: 2 });
    await entries().update({ seq: b.seq }, { streamSeq: 3 });
    expect((await verifyAuditLog(ds, { anchor: false })).ok).toBe(true);

    // The tail deleted and the head rewound: the anchor at 5 finds it.
    const tail = await rowOf('T', 5);
    await entries().delete({ seq: tail.seq });
    await heads().update({ stream: 'T' }, { seq: 4, hash: (await rowOf('T', 4)).hash });
    const v = await verifyAuditLog(ds, { anchor: false });
    expect(v.levels.streams.ok).toBe(true);
    expect(v.brokenAt).toMatchObject({ level: 'anchor', stream: 'T', problem: expect.stringMatching(/entries deleted/) });
    await entries().insert(tail);
    await heads().update({ stream: 'T' }, { seq: 5, hash: tail.hash });
    expect((await verifyAuditLog(ds, { anchor: false })).ok).toBe(true);
  });

  it('chains two appends in one transaction, the second claiming the head it knows in one statement', async () => {
    const counter = countAuditStatements(ds);
    try {
      // A new stream: its head row made claimed at the entry's place (MariaDB; SQLite: made, found
      // new, claimed), the row; then claimed, the row.
      await ds.transaction(async (em) => {
        await appendAudit(em, record('two', 1));
        const first = counter.take();
        expect(first).toHaveLength(cost(2, 4));
        if (kind === 'mysql') expect(first).toEqual([expect.stringMatching(/^INSERT INTO .audit_stream/), expect.stringMatching(/^INSERT INTO .audit_log/)]);
        await appendAudit(em, record('two', 2));
        expect(counter.take()).toEqual([
          expect.stringMatching(/^UPDATE .audit_stream. SET/),
          expect.stringMatching(/^INSERT INTO .audit_log/),
          ...(kind === 'sqlite' ? [expect.stringMatching(/last_insert_rowid/)] : []),
        ]);
      });
      counter.take();
      // A stream this process knows: two statements an append, in a new transaction too.
      await ds.transaction(async (em) => {
        await appendAudit(em, record('two', 3));
        await appendAudit(em, record('two', 4));
      });
      expect(counter.take()).toHaveLength(cost(4, 6));
      await ds.transaction((em) => appendAudit(em, record('two', 5)));
      expect(counter.take()).toHaveLength(cost(2, 3));
    } finally {
      counter.stop();
    }
    await expectChain('two', 5);
    expect((await verifyAuditLog(ds)).ok).toBe(true);
  });

  it('uses nothing a rolled-back transaction left: the next append locks the head and chains on the committed one', async () => {
    await ds.transaction((em) => appendAudit(em, record('rb', 1)));
    const counter = countAuditStatements(ds);
    try {
      // Known stream, rolled back after two appends.
      await expect(
        ds.transaction(async (em) => {
          await appendAudit(em, record('rb', 2));
          await appendAudit(em, record('rb', 3));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      counter.take();
      const next = await ds.transaction((em) => appendAudit(em, record('rb', 2)));
      // The claim from the rolled-back head fails, then the head is read (under lock) and claimed.
      expect(counter.take()).toEqual([
        expect.stringMatching(/^UPDATE .audit_stream. SET/),
        expect.stringMatching(/^SELECT .seq. AS seq/),
        expect.stringMatching(/^UPDATE .audit_stream. SET/),
        expect.stringMatching(/^INSERT INTO .audit_log/),
        ...(kind === 'sqlite' ? [expect.stringMatching(/last_insert_rowid/)] : []),
      ]);
      expect(next).toMatchObject({ streamSeq: 2, prevHash: (await rowOf('rb', 1)).hash });
      await expectChain('rb', 2);

      // A new stream whose head row was made by the transaction that rolled back.
      await expect(
        ds.transaction(async (em) => {
          await appendAudit(em, record('rb-new', 1));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await heads().findOneBy({ stream: 'rb-new' })).toBeNull();
      const first = await ds.transaction((em) => appendAudit(em, record('rb-new', 1)));
      expect(first).toMatchObject({ streamSeq: 1, prevHash: GENESIS_HASH });
      await expectChain('rb-new', 1);

      // A savepoint rolled back inside a transaction that goes on.
      {
        await ds.transaction(async (em) => {
          await appendAudit(em, record('rb', 3));
          await expect(
            em.transaction(async (inner) => {
              await appendAudit(inner, record('rb', 4));
              throw new Error('to the savepoint');
            }),
          ).rejects.toThrow('to the savepoint');
          const after = await appendAudit(em, record('rb', 4));
          expect(after).toMatchObject({ streamSeq: 4 });
        });
        await expectChain('rb', 4);
      }
    } finally {
      counter.stop();
    }
    expect((await verifyAuditLog(ds)).ok).toBe(true);
  });

  it('appends a batch over several streams: a head claimed a stream, every row in one insert (MariaDB), chains intact', async () => {
    await ds.transaction((em) => appendAudit(em, record('batch-known', 1)));
    const counter = countAuditStatements(ds);
    try {
      await ds.transaction((em) =>
        appendAuditBatch(em, [
          record('batch-new', 1),
          record('batch-known', 2),
          record('batch-new', 2),
          record('batch-other', 1),
          record('batch-new', 3),
          record('batch-known', 3),
        ]),
      );
      const taken = counter.take();
      if (kind === 'mysql')
        // In the order of the streams' keys: batch-known (claimed from the head it knows), batch-new and batch-other (made claimed), then the rows.
        expect(taken).toEqual([
          expect.stringMatching(/^UPDATE .audit_stream. SET/),
          expect.stringMatching(/^INSERT INTO .audit_stream/),
          expect.stringMatching(/^INSERT INTO .audit_stream/),
          expect.stringMatching(/^INSERT INTO .audit_log/),
        ]);
      await expectChain('batch-new', 3);
      await expectChain('batch-known', 3);
      await expectChain('batch-other', 1);
      // The rows of a stream in its order, their row numbers rising; an append after the batch chains on.
      await ds.transaction((em) => appendAudit(em, record('batch-new', 4)));
      await expectChain('batch-new', 4);
      await expect(ds.transaction((em) => appendAuditBatch(em, [record('x', 1), record(LEGACY_STREAM, 1)]))).rejects.toThrow(/closed/);
      expect(await heads().findOneBy({ stream: 'x' })).toBeNull();
    } finally {
      counter.stop();
    }
    expect((await verifyAuditLog(ds)).ok).toBe(true);
  });

  it('gathers the entries of a transaction (gatheringAudit) and appends them together, in order, before any entry appended directly', async () => {
    const counter = countAuditStatements(ds);
    try {
      await ds.transaction((em) =>
        gatheringAudit(em, async () => {
          await recordAudit(em, record('gather-a', 1));
          await recordAudit(em, record('gather-a', 2));
          await recordAudit(em, record('gather-b', 1));
          // Nothing written yet: the entries wait for the end of the scope.
          expect(counter.take()).toEqual([]);
          // An entry appended directly comes after those gathered before it, in its stream too.
          await appendAudit(em, record('gather-a', 3));
          await recordAudit(em, record('gather-a', 4));
        }),
      );
      const taken = counter.take();
      if (kind === 'mysql')
        expect(taken).toEqual([
          // the three gathered: two new streams made claimed, the rows in one insert
          expect.stringMatching(/^INSERT INTO .audit_stream/),
          expect.stringMatching(/^INSERT INTO .audit_stream/),
          expect.stringMatching(/^INSERT INTO .audit_log/),
          // the direct append, from the head this process knows
          expect.stringMatching(/^UPDATE .audit_stream. SET/),
          expect.stringMatching(/^INSERT INTO .audit_log/),
          // the last one, at the end of the scope
          expect.stringMatching(/^UPDATE .audit_stream. SET/),
          expect.stringMatching(/^INSERT INTO .audit_log/),
        ]);
      const a = await expectChain('gather-a', 4);
      expect(a.map((r) => (JSON.parse(r.after ?? '{}') as { i: number }).i)).toEqual([1, 2, 3, 4]);
      await expectChain('gather-b', 1);
      // Rolled back with the transaction: nothing gathered is left behind.
      await expect(
        ds.transaction((em) =>
          gatheringAudit(em, async () => {
            await recordAudit(em, record('gather-c', 1));
            throw new Error('the step failed');
          }),
        ),
      ).rejects.toThrow('the step failed');
      expect(await heads().findOneBy({ stream: 'gather-c' })).toBeNull();
      // Outside a scope an entry is appended at once.
      await ds.transaction((em) => recordAudit(em, record('gather-b', 2)));
      await expectChain('gather-b', 2);
    } finally {
      counter.stop();
    }
    expect((await verifyAuditLog(ds)).ok).toBe(true);
  });

  it('refuses appends to the closed legacy stream', async () => {
    await expect(ds.transaction((em) => appendAudit(em, record(LEGACY_STREAM, 1)))).rejects.toThrow(/closed/);
    await expect(ds.transaction((em) => appendAudit(em, record('Legacy ', 1)))).rejects.toThrow(/closed/);
  });
});

describe('concurrent appends on MariaDB', () => {
  let ds: DataSource;
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    ({ ds, close } = await openScratchDatabase('mysql'));
    await migrate(ds);
  });
  afterAll(() => close());

  it('many appends to distinct streams and to one stream at once, anchoring meanwhile, all verify', async () => {
    const distinct = Array.from({ length: 60 }, (_, i) => ds.transaction((em) => appendAudit(em, record(`d-${i}`, 1))));
    const same = Array.from({ length: 40 }, (_, i) => ds.transaction((em) => appendAudit(em, record('hot', i))));
    const anchoring = [anchorAuditStreams(ds), new Promise((r) => setTimeout(r, 20)).then(() => anchorAuditStreams(ds))];
    const written = await Promise.all([...distinct, ...same]);
    await Promise.all(anchoring);
    expect(
      written
        .filter((e) => e.stream === 'hot')
        .map((e) => e.streamSeq)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(written.map((e) => e.seq)).size).toBe(100);
    const v = await verifyAuditLog(ds);
    expect(v).toMatchObject({ ok: true, checked: 100, brokenAt: null });
    expect(v.levels.streams).toMatchObject({ streams: 61, entries: 100, unanchoredEntries: 0 });
    expect(v.levels.anchors.streamsAnchored).toBe(61);
  });

  it('holds no global lock: while one transaction holds a stream, other streams and anchoring go ahead; the same stream waits', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const isHolding = new Promise<void>((r) => (holding = r));
    const first = ds.transaction(async (em) => {
      const e = await appendAudit(em, record('X', 1));
      holding();
      await held;
      return e;
    });
    await isHolding;
    // The timer is cleared once the race is decided (a pending one kept Jest from exiting).
    const timeout = async <T>(p: Promise<T>, ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([p, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)))]);
      } finally {
        clearTimeout(timer);
      }
    };

    const other = await timeout(
      ds.transaction((em) => appendAudit(em, record('Y', 1))),
      5000,
    );
    expect(other).toMatchObject({ stream: 'Y', streamSeq: 1 });
    expect(await timeout(anchorAuditStreams(ds), 5000)).toEqual(expect.any(Number));

    let sameDone = false;
    const same = ds.transaction((em) => appendAudit(em, record('X', 2))).then((e) => ((sameDone = true), e));
    await new Promise((r) => setTimeout(r, 500));
    expect(sameDone).toBe(false);
    release();
    expect(await first).toMatchObject({ stream: 'X', streamSeq: 1 });
    expect(await same).toMatchObject({ stream: 'X', streamSeq: 2 });
    expect((await verifyAuditLog(ds)).ok).toBe(true);
  });

  it('keeps one stream a gapless chain under concurrent transactions of two appends each, from two processes with their own remembered heads', async () => {
    // A second data source on the same database: another process, whose remembered heads go stale.
    const other = await openDatabase({ kind: 'mysql', url: (ds.options as { url: string }).url });
    try {
      await ds.transaction((em) => appendAudit(em, record('busy', 0)));
      await other.transaction((em) => appendAudit(em, record('busy', 0)));
      const both = [ds, other].flatMap((source, p) =>
        Array.from({ length: 15 }, (_, i) =>
          source.transaction(async (em) => {
            const a = await appendAudit(em, record('busy', 100 * p + i));
            const b = await appendAudit(em, record('busy', 100 * p + i));
            expect(b).toMatchObject({ streamSeq: a.streamSeq + 1, prevHash: a.hash });
            return [a, b];
          }),
        ),
      );
      const written = (await Promise.all(both)).flat();
      expect(written.map((e) => e.streamSeq).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 3));
      const rows = await ds.getRepository(AuditEntry).find({ where: { stream: 'busy' }, order: { streamSeq: 'ASC' } });
      expect(rows.map((r) => r.streamSeq)).toEqual(Array.from({ length: 62 }, (_, i) => i + 1));
      rows.forEach((r, i) => {
        expect(r.prevHash).toBe(i ? rows[i - 1].hash : GENESIS_HASH);
        if (i) expect(r.seq).toBeGreaterThan(rows[i - 1].seq);
      });
      expect(await ds.getRepository(AuditStreamHead).findOneByOrFail({ stream: 'busy' })).toMatchObject({ seq: 62, hash: rows[61].hash });
      expect((await verifyAuditLog(ds)).ok).toBe(true);
    } finally {
      await other.destroy();
    }
  });
  it('batches over the same streams in opposite orders, from two processes, neither deadlock nor leave gaps', async () => {
    const other = await openDatabase({ kind: 'mysql', url: (ds.options as { url: string }).url });
    try {
      const streams = ['bx-a', 'bx-b', 'bx-c'];
      await other.transaction((em) => appendAudit(em, record('bx-b', 0)));
      const batches = [ds, other].flatMap((source, p) =>
        Array.from({ length: 8 }, (_, i) => {
          const order = (p + i) % 2 ? [...streams].reverse() : streams;
          return source.transaction((em) =>
            appendAuditBatch(
              em,
              order.flatMap((st) => [record(st, 100 * p + i), record(st, 100 * p + i)]),
            ),
          );
        }),
      );
      await Promise.all(batches);
      await expectChainOn(ds, 'bx-a', 32);
      await expectChainOn(ds, 'bx-b', 33);
      await expectChainOn(ds, 'bx-c', 32);
      expect((await verifyAuditLog(ds)).ok).toBe(true);
    } finally {
      await other.destroy();
    }
  });

  it('first appends to new neighbouring streams race from two processes: one makes each head claimed, the others find it and chain on', async () => {
    const other = await openDatabase({ kind: 'mysql', url: (ds.options as { url: string }).url });
    const counter = countAuditStatements(ds);
    try {
      // An append to a stream found there already (made by the other process): found, read under lock, claimed, the row.
      await other.transaction((em) => appendAudit(em, record('found', 1)));
      counter.take();
      await ds.transaction((em) => appendAudit(em, record('found', 2)));
      expect(counter.take()).toEqual([
        expect.stringMatching(/^INSERT INTO .audit_stream/),
        expect.stringMatching(/^SELECT .seq. AS seq/),
        expect.stringMatching(/^UPDATE .audit_stream. SET/),
        expect.stringMatching(/^INSERT INTO .audit_log/),
      ]);
      await expectChainOn(ds, 'found', 2);
      // A new stream after an insert with an auto-increment in the same transaction (the session's LAST_INSERT_ID set): still found new.
      await ds.transaction(async (em) => {
        await appendAudit(em, record('found', 3));
        counter.take();
        expect(await appendAudit(em, record('fresh-after', 1))).toMatchObject({ streamSeq: 1, prevHash: GENESIS_HASH });
        expect(counter.take()).toHaveLength(2);
      });
      const streams = ['race-a', 'race-b', 'race-c', 'race-d'];
      const all = [ds, other].flatMap((source, p) =>
        streams.flatMap((s) => Array.from({ length: 5 }, (_, i) => source.transaction((em) => appendAudit(em, record(s, 100 * p + i))))),
      );
      await Promise.all(all);
      for (const s of streams) await expectChainOn(ds, s, 10);
      expect((await verifyAuditLog(ds)).ok).toBe(true);
    } finally {
      counter.stop();
      await other.destroy();
    }
  });
});

/**
 * Model-based: random appends to a few streams, anchorings in between, then at most one tampering.
 * Expected: untouched logs verify; an edit, a middle deletion, a swap or an anchor edit is always
 * found; a tail cut with the head rewound is found exactly when the cut entries had been anchored.
 */
describe.each([
  ['embedded SQLite', 'sqlite', 40],
  ['MariaDB', 'mysql', 8],
] as const)('property: tampering is found on %s', (_label, kind, numRuns) => {
  const STREAMS = ['s0', 's1', 's2'];
  type Op = { op: 'append'; stream: number } | { op: 'anchor' };
  type Tamper =
    | { t: 'none' }
    | { t: 'edit'; stream: number; pick: number }
    | { t: 'delete-middle'; stream: number; pick: number }
    | { t: 'swap'; stream: number; pick: number }
    | { t: 'cut'; stream: number; keep: number }
    | { t: 'anchor-edit'; pick: number };

  async function open(): Promise<{ ds: DataSource; close: () => Promise<void> }> {
    const scratch = kind === 'mysql' ? await createScratchMysqlDatabase('safeloop_prop') : null;
    const ds = new DataSource({
      ...(scratch ? { type: 'mariadb' as const, url: scratch.url, timezone: 'Z', charset: 'utf8mb4_unicode_ci' } : { type: 'sqljs' as const }),
      entities: [AuditEntry, AuditStreamHead, AuditAnchor, AuditHead],
      synchronize: true,
      logging: false,
    });
    await ds.initialize();
    return {
      ds,
      close: async () => {
        await ds.destroy();
        await scratch?.drop();
      },
    };
  }

  it('holds for random histories', async () => {
    const ops = fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.record({ op: fc.constant('append' as const), stream: fc.nat(2) }) },
        { weight: 1, arbitrary: fc.constant({ op: 'anchor' as const }) },
      ),
      {
        minLength: 1,
        maxLength: 25,
      },
    );
    const tamper: fc.Arbitrary<Tamper> = fc.oneof(
      fc.constant({ t: 'none' as const }),
      fc.record({ t: fc.constant('edit' as const), stream: fc.nat(2), pick: fc.nat(100) }),
      fc.record({ t: fc.constant('delete-middle' as const), stream: fc.nat(2), pick: fc.nat(100) }),
      fc.record({ t: fc.constant('swap' as const), stream: fc.nat(2), pick: fc.nat(100) }),
      fc.record({ t: fc.constant('cut' as const), stream: fc.nat(2), keep: fc.nat(100) }),
      fc.record({ t: fc.constant('anchor-edit' as const), pick: fc.nat(100) }),
    );
    await fc.assert(
      fc.asyncProperty(ops, tamper, async (history: Op[], t: Tamper) => {
        const { ds, close } = await open();
        try {
          const length = [0, 0, 0];
          const anchoredAt = [0, 0, 0];
          for (const o of history) {
            if (o.op === 'append') {
              length[o.stream]++;
              await ds.transaction((em) => appendAudit(em, record(STREAMS[o.stream], length[o.stream])));
            } else {
              await anchorAuditStreams(ds);
              anchoredAt.splice(0, 3, ...length);
            }
          }
          const entries = ds.getRepository(AuditEntry);
          const rowAt = (s: number, n: number) => entries.findOneByOrFail({ stream: STREAMS[s], streamSeq: n });
          let expectFound: boolean;
          const n = 'stream' in t ? length[t.stream] : 0;
          switch (t.t) {
            case 'edit': {
              if (!n) return true;
              const row = await rowAt(t.stream, 1 + (t.pick % n));
              await entries.update({ seq: row.seq }, { entityId: `${row.entityId}!` });
              expectFound = true;
              break;
            }
            case 'delete-middle': {
              if (n < 2) return true;
              await entries.delete({ seq: (await rowAt(t.stream, 1 + (t.pick % (n - 1)))).seq });
              expectFound = true;
              break;
            }
            case 'swap': {
              if (n < 2) return true;
              const i = 1 + (t.pick % (n - 1));
              const [a, b] = [await rowAt(t.stream, i), await rowAt(t.stream, i + 1)];
              await entries.update({ seq: a.seq }, { streamSeq: -1 });
              await entries.update({ seq: b.seq }, { streamSeq: i });
              await entries.update({ seq: a.seq }, { streamSeq: i + 1 });
              expectFound = true;
              break;
            }
            case 'cut': {
              if (!n) return true;
              const keep = t.keep % n;
              const heads = ds.getRepository(AuditStreamHead);
              for (let i = keep + 1; i <= n; i++) await entries.delete({ seq: (await rowAt(t.stream, i)).seq });
              if (keep) await heads.update({ stream: STREAMS[t.stream] }, { seq: keep, hash: (await rowAt(t.stream, keep)).hash });
              else await heads.delete({ stream: STREAMS[t.stream] });
              expectFound = anchoredAt[t.stream] > keep;
              break;
            }
            case 'anchor-edit': {
              const all = await ds.getRepository(AuditAnchor).find();
              if (!all.length) return true;
              const victim = all[t.pick % all.length];
              await ds.getRepository(AuditAnchor).update({ seq: victim.seq }, { streamSeq: victim.streamSeq + 1 });
              expectFound = true;
              break;
            }
            default:
              expectFound = false;
          }
          const v = await verifyAuditLog(ds);
          expect({ tamper: t, found: !v.ok }).toEqual({ tamper: t, found: expectFound });
          if (t.t === 'none') expect(v.levels.streams.entries).toBe(length.reduce((a, b) => a + b, 0));
          return true;
        } finally {
          await close();
        }
      }),
      { numRuns },
    );
  }, 240_000);
});
