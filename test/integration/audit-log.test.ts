import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { DataSource, type MigrationInterface } from 'typeorm';
import {
  anchorAuditStreams,
  appendAudit,
  auditStreamOf,
  GENESIS_HASH,
  LEGACY_STREAM,
  processStream,
  setAuditHashAlgorithm,
  verifyAuditLog,
} from '../../db/audit/audit-log';
import { migrate } from '../../db/data-source';
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

  it('finds two rows swapped in the listing order (their row numbers)', async () => {
    const [a, b] = [await rowOf('P', 2), await rowOf('Q', 2)];
    await entries().update({ seq: a.seq }, { seq: 10_000 });
    await entries().update({ seq: b.seq }, { seq: a.seq });
    await entries().update({ seq: 10_000 }, { seq: b.seq });
    expect((await verifyAuditLog(ds)).brokenAt).toMatchObject({ level: 'stream', stream: 'P', streamSeq: 2, problem: expect.stringMatching(/edited/) });
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
    const timeout = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

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
