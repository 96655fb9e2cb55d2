import { createHash } from 'node:crypto';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { QueryResult } from 'typeorm/query-runner/QueryResult';
import { canonicalJson } from '../../domain/canonical-json';
import { AuditAnchor, AuditEntry, AuditHead, AuditStreamHead } from '../entities';
import type { AuditHashAlgorithm } from '../entities/audit';

/**
 * The tamper-evident audit log, in two levels:
 *
 * 1. **Streams.** Every entry belongs to a stream — the process it is part of (`process:<workflow
 *    ID>`), or for entries without a process a stream per kind of entity (`kind:<entity type>`) —
 *    and commits to the previous entry of that stream (`prevHash`, seq `streamSeq` from 1 without
 *    gaps). An append locks only its stream's head row (`audit_stream`), so writes in different
 *    processes never wait for each other. Call `appendAudit` with the EntityManager of the
 *    transaction that makes the change, so the change and its audit row commit (or roll back)
 *    together.
 * 2. **Anchors.** `anchorAuditStreams` (run by `POST /api/audit/anchors` and by the alert sweep's schedule)
 *    appends to one group chain (`audit_anchor`, head in `audit_head`) a record (stream, seq, head
 *    hash) for every stream that advanced since its last anchor; each anchor commits to the previous
 *    one. Only anchoring takes the group chain's lock, never an append.
 *
 * Rows are appended in hash format `stream/2` (see `AuditHashFormat`): the hash covers the stream,
 * the place in it (`streamSeq`), `prevHash` and the content, not the global row number `seq` (an
 * auto-increment known only after the insert), so a row is inserted with its final hash. An append
 * claims its stream's head with one compare-and-set `UPDATE audit_stream` (which also locks it) when
 * this process knows the head — always so for a second append to a stream in one transaction —
 * else it locks and reads the head first: two statements per append on MariaDB/MySQL when known,
 * and two for a stream's first entry too (its head row is inserted claimed, see `lockStreamHead`).
 * Rows written before keep their formats: `stream/1` (which also hashed `seq`) and `legacy`.
 *
 * What verification detects: an edited entry (its hash, in its format: see `entryHashFormat`), a
 * deleted or re-ordered entry (its stream's chain: seq gap, wrong `prevHash`; `streamSeq` is hashed;
 * a stream's row numbers must rise with its entries, so its rows cannot trade `seq` either), entries
 * removed from a stream's end (the stream head row, and — even when the head row is rewound too — the
 * stream's last anchor), a whole stream removed (its anchors), and an edited, deleted or re-ordered
 * anchor (the group chain and its head). Not detected: `stream/2` rows of different streams trading
 * row numbers while each stream's stay rising — `seq` only numbers rows across streams (their
 * order across streams is their hashed `at`). The window: entries appended after their stream's last
 * anchor are protected by the stream chain and the head row only — someone who can write to the
 * database and deletes them together with rewinding the head row (or a stream never anchored, with
 * its head row) before the next anchoring goes unnoticed. Anchoring runs at every alert sweep (and on
 * request) (`policy.alerts.sweepEvery`), which bounds that window; rows from before streams were
 * introduced form the closed stream `legacy` (migration AuditStreams), hashed the old way.
 */
export interface AuditRecord {
  actorType: AuditEntry['actorType'];
  actor: string;
  onBehalfOf?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  orgUnitId?: string | null;
  at?: Date;
  /**
   * The stream (see `auditStreamOf`); by default the workflow acting, the process named, or the
   * entity's kind. Pass `processStream(workflowId)` for a user's action within a process.
   */
  stream?: string;
}

export const GENESIS_HASH = '0'.repeat(64);
/** The stream of the rows written before streams existed: one chain, hashed the old way, closed. */
export const LEGACY_STREAM = 'legacy';

export function processStream(workflowId: string): string {
  return `process:${workflowId}`;
}

/** Which stream an entry goes to: the one named; the acting workflow's; the process it names; its entity kind's. */
export function auditStreamOf(r: AuditRecord): string {
  if (r.stream) return r.stream;
  if (r.actorType === 'workflow') return processStream(r.actor);
  if (r.entityType === 'process') return processStream(r.entityId);
  return `kind:${r.entityType}`;
}

let appendAlgorithm: AuditHashAlgorithm = 'sha256';
/**
 * The digest new rows are hashed with: sha256, or sm3 under the 国密 profile (CRYPTO_PROFILE=gm,
 * set once at start-up by app/system.ts). Each row and anchor records its own, so a chain begun
 * under one profile still verifies after a switch.
 */
export function setAuditHashAlgorithm(alg: AuditHashAlgorithm): void {
  appendAlgorithm = alg;
}
export function auditHashAlgorithm(): AuditHashAlgorithm {
  return appendAlgorithm;
}

function digest(alg: AuditHashAlgorithm | undefined, material: string): string {
  return createHash(alg ?? 'sha256')
    .update(material)
    .digest('hex');
}

/**
 * How a row's hash is computed. `legacy`: the rows of the closed stream `legacy` (global seq, then
 * the previous row's hash). `stream/1`: rows appended with streams until the row number was dropped
 * from the hash (the tag, the global `seq`, the stream, its place in it, the previous hash).
 * `stream/2`: every row appended now — the same without the global `seq`, so a row is inserted with
 * its final hash (the stream, `streamSeq` and `prevHash` fix its place; `seq` only numbers the rows).
 */
export type AuditHashFormat = 'legacy' | 'stream/1' | 'stream/2';

/** The format rows are appended in. */
export const APPEND_FORMAT = 'stream/2' satisfies AuditHashFormat;

/**
 * A row's hash in the given format (by default its stream's: `legacy` for the legacy stream, else
 * the format rows are appended in). `seq` is needed for `legacy` and `stream/1` only.
 */
export function hashEntry(e: Omit<AuditEntry, 'hash' | 'seq'> & { seq?: number }, format?: AuditHashFormat): string {
  const f = format ?? (e.stream === LEGACY_STREAM ? 'legacy' : APPEND_FORMAT);
  const content = [e.at.toISOString(), e.actorType, e.actor, e.onBehalfOf, e.action, e.entityType, e.entityId, e.before, e.after, e.orgUnitId];
  let material: unknown[];
  if (f === 'stream/2') material = ['stream/2', e.stream, e.streamSeq, e.prevHash, ...content];
  else {
    if (e.seq === undefined) throw new Error(`an audit row's ${f} hash covers its seq`);
    material = f === 'legacy' ? [e.seq, e.prevHash, ...content] : ['stream/1', e.seq, e.stream, e.streamSeq, e.prevHash, ...content];
  }
  return digest(e.hashAlg, canonicalJson(material));
}

/**
 * The format a stored row's hash was written in, or null when it matches none (edited). The legacy
 * stream's rows are `legacy` only; any other row may be `stream/2` or (written before it) `stream/1`,
 * and both are tried: a row is accepted when its stored hash is the digest of its fields in one of
 * them. That is no weaker than knowing the format: every field a format covers is in its material,
 * the materials begin with different tags (so no row's `stream/1` material is another's `stream/2`
 * material), and an edited row passes only if its stored hash equals the digest of a different
 * material — a collision of sha256/sm3. The only field not covered by `stream/2` is the row number
 * `seq`; a `stream/1` row's `seq` stays covered (its `stream/2` digest is not its stored hash).
 */
export function entryHashFormat(row: AuditEntry): AuditHashFormat | null {
  const { hash, ...rest } = row;
  if (row.stream === LEGACY_STREAM) return hashEntry(rest, 'legacy') === hash ? 'legacy' : null;
  if (hashEntry(rest, 'stream/2') === hash) return 'stream/2';
  if (hashEntry(rest, 'stream/1') === hash) return 'stream/1';
  return null;
}

export function hashAnchor(a: Omit<AuditAnchor, 'hash'>): string {
  return digest(a.hashAlg, canonicalJson(['anchor/1', a.seq, a.prevHash, a.at.toISOString(), a.stream, a.streamSeq, a.streamHash]));
}

/** Case and trailing spaces as the database's collation compares stream keys (utf8mb4_unicode_ci). */
const streamKey = (s: string) => s.toLowerCase().trimEnd();

/** The embedded SQLite (sql.js): one connection, no row locks needed (nor available). */
const isSqlJs = (em: EntityManager) => em.connection.options.type === 'sqljs';

type Head = { seq: number; hash: string };

/**
 * The newest head this process wrote, per database and stream (the most recent streams). Only a guess:
 * an append claims its stream's head with a compare-and-set on the head row (`claimHead`), which
 * succeeds — and locks the row — only when the guess is the current head. A guess left by a
 * transaction that rolled back, or outdated by an append elsewhere, is thus never used: it costs
 * the one failed statement, then the head is read under lock. A second append to a stream in the
 * same transaction always finds its guess right (the transaction holds the row since the first).
 * Deliberately not one memory per transaction: on sql.js (before db/sqljs-serial.ts) every transaction shared one QueryRunner,
 * so a memory keyed by it would outlive its transaction; the compare-and-set makes any memory safe.
 */
const knownHeadsOf = new WeakMap<DataSource, Map<string, Head>>();
const KNOWN_HEADS_MAX = 20_000;
function knownHeads(em: EntityManager): Map<string, Head> {
  let heads = knownHeadsOf.get(em.connection);
  if (!heads) knownHeadsOf.set(em.connection, (heads = new Map()));
  return heads;
}
function rememberHead(known: Map<string, Head>, stream: string, head: Head): void {
  known.delete(stream);
  known.set(stream, head);
  if (known.size > KNOWN_HEADS_MAX) known.delete(known.keys().next().value as string);
}

/**
 * Moves the stream's head from `from` to `to` if it is at `from` now: one `UPDATE … WHERE seq = ?
 * AND hash = ?`. MySQL: the update takes the row's exclusive lock and compares the newest committed
 * version (waiting for a transaction holding it), so on success this transaction holds the head,
 * and `from` is the current head, until it ends. Returns whether it moved.
 */
async function claimHead(em: EntityManager, stream: string, from: Head, to: Head): Promise<boolean> {
  const q = (n: string) => em.connection.driver.escape(n);
  const result = (await em.queryRunner!.query(
    `UPDATE ${q('audit_stream')} SET ${q('seq')} = ?, ${q('hash')} = ? WHERE ${q('stream')} = ? AND ${q('seq')} = ? AND ${q('hash')} = ?`,
    [to.seq, to.hash, stream, from.seq, from.hash],
    true,
  )) as QueryResult;
  return result.affected === 1;
}

/**
 * Locks the stream's head row, creating it when the stream is new, and reads it. MySQL: `INSERT …
 * ON DUPLICATE KEY UPDATE` takes the row's exclusive lock whether it inserts or finds it (a plain
 * locking read of a missing key would take a gap lock, on which concurrent first appends to
 * neighbouring streams deadlock). A new row is made at once as the stream's first entries leave it
 * (`first()`: seq 1 and the entry's hash after the genesis head, or the last of several appended
 * together), so a first append claims its head in this one statement: `claimed` is then true and
 * the head returned is the genesis head. A row
 * found is left as it is (`seq = LAST_INSERT_ID(seq + 1) - 1` writes back its seq) and reported by
 * the insert id, which is its seq + 1 (at least 1), while an insert reports 0 (the table has no
 * auto-increment, and `LAST_INSERT_ID(expr)` ran only on a duplicate): 0 ⇔ inserted, whatever the
 * session's LAST_INSERT_ID was before. (The affected rows cannot tell: with mysql2's FOUND_ROWS
 * flag they are 1 both ways.) A row found is then read with the locking read, which sees the newest
 * committed head whatever the transaction read before. (sql.js: `INSERT OR IGNORE` at seq 0, which
 * reports whether it inserted.) A stream this process has seen (`known`) is locked by the locking
 * read alone. A head returned unclaimed is claimed with `claimHead` — which checks it, so a head
 * misread here is never used.
 */
async function lockStreamHead(em: EntityManager, stream: string, known: boolean, first: () => Head): Promise<{ head: Head; claimed: boolean }> {
  const q = (n: string) => em.connection.driver.escape(n);
  const table = q('audit_stream');
  // A head row once written stays (streams are never deleted), so a stream this process has seen
  // is locked in one statement. Otherwise the row is made first: locking a missing row would take
  // a gap lock, and two first writers would deadlock on their inserts. (A head seen in a
  // transaction that then rolled back is found missing and made here after all.)
  if (known) {
    const head = await readHead(em, stream, { missing: null });
    if (head) return { head, claimed: false };
  }
  if (isSqlJs(em)) {
    const made = (await em.queryRunner!.query(
      `INSERT OR IGNORE INTO ${table} (${q('stream')}, ${q('seq')}, ${q('hash')}) VALUES (?, 0, ?)`,
      [stream, GENESIS_HASH],
      true,
    )) as QueryResult;
    return { head: made.affected === 1 ? { seq: 0, hash: GENESIS_HASH } : await readHead(em, stream), claimed: false };
  }
  const made1 = first();
  const made = (await em.query(
    `INSERT INTO ${table} (${q('stream')}, ${q('seq')}, ${q('hash')}) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE ${q('seq')} = LAST_INSERT_ID(${q('seq')} + 1) - 1`,
    [stream, made1.seq, made1.hash],
  )) as { insertId?: number };
  if (Number(made.insertId) === 0) return { head: { seq: 0, hash: GENESIS_HASH }, claimed: true };
  return { head: await readHead(em, stream), claimed: false };
}

/** The stream's head row, read with a lock on MySQL (sql.js: one connection, no row locks needed nor available). */
async function readHead(em: EntityManager, stream: string): Promise<Head>;
async function readHead(em: EntityManager, stream: string, options: { missing: null }): Promise<Head | null>;
async function readHead(em: EntityManager, stream: string, options?: { missing: null }): Promise<Head | null> {
  const q = (n: string) => em.connection.driver.escape(n);
  const rows = (await em.query(
    `SELECT ${q('seq')} AS seq, ${q('hash')} AS hash FROM ${q('audit_stream')} WHERE ${q('stream')} = ?${isSqlJs(em) ? '' : ' FOR UPDATE'}`,
    [stream],
  )) as Head[];
  if (!rows.length) {
    if (options) return options.missing;
    throw new Error(`audit stream ${stream} has no head row`);
  }
  return { seq: Number(rows[0].seq), hash: rows[0].hash };
}

/** An entry's content: all but its place in its stream (`streamSeq`, `prevHash`), its hash and its row number. */
type Content = Omit<AuditEntry, 'seq' | 'streamSeq' | 'prevHash' | 'hash'>;
function contentOf(record: AuditRecord, stream: string): Content {
  const at = record.at ?? new Date();
  return {
    stream,
    at: new Date(Math.floor(at.getTime())),
    actorType: record.actorType,
    actor: record.actor,
    onBehalfOf: record.onBehalfOf ?? null,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    before: record.before === undefined || record.before === null ? null : canonicalJson(record.before),
    after: record.after === undefined || record.after === null ? null : canonicalJson(record.after),
    orgUnitId: record.orgUnitId ?? null,
    hashAlg: appendAlgorithm,
  };
}

/** The entries `contents` make after `head`, each following the one before (their hashes final: format stream/2). */
function chainAfter(head: Head, contents: Content[]): Omit<AuditEntry, 'seq'>[] {
  let prev = head;
  return contents.map((c) => {
    const e = { ...c, streamSeq: prev.seq + 1, prevHash: prev.hash };
    const entry = { ...e, hash: hashEntry(e, APPEND_FORMAT) };
    prev = { seq: entry.streamSeq, hash: entry.hash };
    return entry;
  });
}
const headOf = (entries: Omit<AuditEntry, 'seq'>[]): Head => ({ seq: entries[entries.length - 1].streamSeq, hash: entries[entries.length - 1].hash });

/** Transactions whose audit entries are being gathered (`gatheringAudit`), with the entries so far. */
const gathered = new WeakMap<QueryRunner, AuditRecord[]>();

/**
 * Runs `fn` in the caller's transaction with the entries given to `recordAudit` gathered, and
 * appends them together at its end (`appendAuditBatch`: one head claim a stream and one insert for
 * all): a step's entries (its transition, its tasks withdrawn and opened; the API's report and its
 * grading task) are appended in two statements instead of two each. An entry appended directly
 * meanwhile (`appendAudit`, `appendAuditBatch`) first appends those gathered before it, so every
 * stream keeps the order the entries were made in. Nested calls gather into the outer one.
 */
export async function gatheringAudit<T>(em: EntityManager, fn: () => Promise<T>): Promise<T> {
  const qr = em.queryRunner;
  if (!qr?.isTransactionActive || gathered.has(qr)) return fn();
  gathered.set(qr, []);
  try {
    const result = await fn();
    await flushGathered(em);
    return result;
  } finally {
    gathered.delete(qr);
  }
}

/** An audit entry in the caller's transaction: gathered while `gatheringAudit` runs there, else appended at once (`appendAudit`). */
export async function recordAudit(em: EntityManager, record: AuditRecord): Promise<void> {
  const pending = em.queryRunner ? gathered.get(em.queryRunner) : undefined;
  if (pending) pending.push(record);
  else await appendAudit(em, record);
}

/** Appends the entries gathered so far in this transaction (before an entry appended directly; taken off the list first, so the append does not come back here). */
async function flushGathered(em: EntityManager): Promise<void> {
  const pending = em.queryRunner ? gathered.get(em.queryRunner) : undefined;
  if (!pending?.length) return;
  const records = pending.splice(0);
  await appendAuditBatch(em, records);
}

/**
 * Appends an entry to its stream, in the caller's transaction (or one of its own). On MariaDB/MySQL
 * two statements when this process knows the stream's head (`UPDATE audit_stream` claiming the head,
 * `INSERT INTO audit_log` with the row's final hash) — so always for a second append to a stream in
 * one transaction. For a stream this process has not seen, one statement makes its head row at the
 * entry's place and claims it (`INSERT … ON DUPLICATE KEY UPDATE`), then the row: two statements too
 * when the stream is new; when its head row was there already, the head is read under lock and
 * claimed before the row. The legacy stream is closed: appending to it throws.
 */
export async function appendAudit(em: EntityManager, record: AuditRecord): Promise<AuditEntry> {
  if (!em.queryRunner?.isTransactionActive) {
    return em.transaction((tx) => appendAudit(tx, record));
  }
  await flushGathered(em);
  const stream = auditStreamOf(record);
  if (streamKey(stream) === streamKey(LEGACY_STREAM)) throw new Error(`the audit stream ${LEGACY_STREAM} is closed: rows are appended to other streams`);
  const content = contentOf(record, stream);
  // The row's hash does not cover its row number (format stream/2), so it is known before the insert.
  const after = (head: Head): Omit<AuditEntry, 'seq'> => {
    const e = { ...content, streamSeq: head.seq + 1, prevHash: head.hash };
    return { ...e, hash: hashEntry(e, APPEND_FORMAT) };
  };
  const known = knownHeads(em);
  const guess = known.get(stream);
  let entry = guess && after(guess);
  let seq: number;
  try {
    if (!guess || !entry || !(await claimHead(em, stream, guess, { seq: entry.streamSeq, hash: entry.hash }))) {
      let first: Omit<AuditEntry, 'seq'> | undefined;
      const genesis = () => (first ??= after({ seq: 0, hash: GENESIS_HASH }));
      const locked = await lockStreamHead(em, stream, guess !== undefined, () => ({ seq: 1, hash: genesis().hash }));
      let head = locked.head;
      entry = locked.claimed ? genesis() : after(head);
      if (!locked.claimed && !(await claimHead(em, stream, head, { seq: entry.streamSeq, hash: entry.hash }))) {
        // Fails only where the genesis head was assumed for a head row found at seq 0 (a new row,
        // on sql.js) and that row's hash is not the genesis hash (edited: verification reports it):
        // the head is read, and the stream goes on from it.
        head = await readHead(em, stream);
        entry = after(head);
        if (!(await claimHead(em, stream, head, { seq: entry.streamSeq, hash: entry.hash }))) {
          throw new Error(`audit stream ${stream}: its head row changed while this transaction held its lock`);
        }
      }
    }
    // The row's number comes from the auto-increment (no lock held beyond the insert).
    const inserted = await em.createQueryBuilder().insert().into(AuditEntry).values(entry).updateEntity(false).execute();
    seq = isSqlJs(em)
      ? Number(((await em.query('SELECT last_insert_rowid() AS id')) as { id: number }[])[0].id)
      : Number((inserted.raw as { insertId: number }).insertId);
  } catch (err) {
    known.delete(stream);
    throw err;
  }
  rememberHead(known, stream, { seq: entry.streamSeq, hash: entry.hash });
  return { ...entry, seq };
}

/**
 * Appends several entries, in the caller's transaction (or one of its own), each stream's in the
 * order given: on MariaDB/MySQL one compare-and-set `UPDATE audit_stream` a stream (from the head
 * this process knows to the last of its new entries; a stream not known, or a guess found stale,
 * as in `appendAudit`, a new stream's head row made at its last new entry in one statement), then
 * every entry in one multi-row `INSERT INTO audit_log`. The streams' heads are taken in the order
 * of their keys, so two batches over the same streams wait for each other instead of deadlocking.
 * The rows take their numbers from the auto-increment in the order of the statement's rows, so a
 * stream's row numbers rise with its entries (as verification requires) and the heads stay locked
 * until the transaction ends. sql.js: `appendAudit` an entry at a time. The row numbers are not
 * returned (with several rows they cannot be told for sure under interleaved auto-increments).
 */
export async function appendAuditBatch(em: EntityManager, records: AuditRecord[]): Promise<void> {
  if (!em.queryRunner?.isTransactionActive) {
    return em.transaction((tx) => appendAuditBatch(tx, records));
  }
  await flushGathered(em);
  if (isSqlJs(em) || records.length < 2) {
    for (const r of records) await appendAudit(em, r);
    return;
  }
  const streams = new Map<string, { stream: string; contents: Content[] }>();
  for (const record of records) {
    const stream = auditStreamOf(record);
    const key = streamKey(stream);
    if (key === streamKey(LEGACY_STREAM)) throw new Error(`the audit stream ${LEGACY_STREAM} is closed: rows are appended to other streams`);
    const group = streams.get(key);
    if (group) group.contents.push(contentOf(record, stream));
    else streams.set(key, { stream, contents: [contentOf(record, stream)] });
  }
  const known = knownHeads(em);
  const groups = [...streams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  const written: { stream: string; head: Head }[] = [];
  try {
    const rows: Omit<AuditEntry, 'seq'>[] = [];
    for (const { stream, contents } of groups) {
      const guess = known.get(stream);
      let entries = guess && chainAfter(guess, contents);
      if (!guess || !entries || !(await claimHead(em, stream, guess, headOf(entries)))) {
        let fresh: Omit<AuditEntry, 'seq'>[] | undefined;
        const genesis = () => (fresh ??= chainAfter({ seq: 0, hash: GENESIS_HASH }, contents));
        const locked = await lockStreamHead(em, stream, guess !== undefined, () => headOf(genesis()));
        entries = locked.claimed ? genesis() : chainAfter(locked.head, contents);
        if (!locked.claimed && !(await claimHead(em, stream, locked.head, headOf(entries)))) {
          throw new Error(`audit stream ${stream}: its head row changed while this transaction held its lock`);
        }
      }
      rows.push(...entries);
      written.push({ stream, head: headOf(entries) });
    }
    await em.createQueryBuilder().insert().into(AuditEntry).values(rows).updateEntity(false).execute();
  } catch (err) {
    for (const { stream } of groups) known.delete(stream);
    throw err;
  }
  for (const { stream, head } of written) rememberHead(known, stream, head);
}

/**
 * Anchors every stream whose head moved since its last anchor: appends (stream, seq, head hash)
 * records to the group chain, under the group chain's lock (only anchoring takes it). The heads are
 * read without locks — appends never wait for anchoring. Returns how many anchors were written.
 */
export async function anchorAuditStreams(ds: DataSource, batchSize = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const written = await ds.transaction(async (em) => {
      const lockable = !isSqlJs(em);
      const heads = em.getRepository(AuditHead);
      let head = await heads.findOne({ where: { id: 1 }, ...(lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
      if (!head) {
        await em.createQueryBuilder().insert().into(AuditHead).values({ id: 1, seq: 0, hash: GENESIS_HASH }).orIgnore().execute();
        head = await heads.findOneOrFail({ where: { id: 1 }, ...(lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
      }
      const pending = await em
        .getRepository(AuditStreamHead)
        .createQueryBuilder('s')
        .where('s.seq > 0')
        .andWhere((qb) => {
          const sub = qb.subQuery().select('1').from(AuditAnchor, 'a').where('a.stream = s.stream AND a.stream_seq = s.seq').getQuery();
          return `NOT EXISTS ${sub}`;
        })
        .orderBy('s.stream', 'ASC')
        .limit(batchSize)
        .getMany();
      if (!pending.length) return 0;
      const at = new Date();
      let prevHash = head.hash;
      let seq = head.seq;
      const anchors: AuditAnchor[] = pending.map((s) => {
        const a: AuditAnchor = { seq: ++seq, at, stream: s.stream, streamSeq: s.seq, streamHash: s.hash, prevHash, hashAlg: appendAlgorithm, hash: '' };
        a.hash = hashAnchor(a);
        prevHash = a.hash;
        return a;
      });
      for (let i = 0; i < anchors.length; i += 200) await em.getRepository(AuditAnchor).insert(anchors.slice(i, i + 200));
      await heads.update({ id: 1 }, { seq, hash: prevHash });
      return anchors.length;
    });
    total += written;
    if (written < batchSize) return total;
  }
}

export interface AuditBreak {
  /** Which level found it: an entry's stream chain, or the anchor (group) chain. */
  level: 'stream' | 'anchor';
  /** The entry's row number (null when the entry is missing) or, at the anchor level, the anchor's seq. */
  seq: number | null;
  /** The stream at fault and the place in it. */
  stream: string | null;
  streamSeq: number | null;
  problem: string;
}

export interface AuditLevelReport {
  ok: boolean;
  algorithms: AuditHashAlgorithm[];
  brokenAt: AuditBreak | null;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries checked (every stream's). */
  checked: number;
  /** The digests the checked rows and anchors use (sha256, sm3), and the one new rows get. */
  algorithms: AuditHashAlgorithm[];
  appending: AuditHashAlgorithm;
  /** The first fault found (the stream level's first, else the anchor level's). */
  brokenAt: AuditBreak | null;
  /** Anchors written by this check before verifying (the anchoring step). */
  anchored: number;
  levels: {
    streams: AuditLevelReport & { streams: number; entries: number; unanchoredEntries: number };
    anchors: AuditLevelReport & { anchors: number; streamsAnchored: number };
  };
}

/**
 * Verifies both levels up to the heads as they are when the check starts (rows and anchors added
 * while it runs are left for the next check). With `anchor` (the default), anchors the streams
 * first, so the check covers every entry committed so far.
 */
export async function verifyAuditLog(ds: DataSource, options: { batchSize?: number; anchor?: boolean } | number = {}): Promise<AuditVerification> {
  const { batchSize = 2000, anchor = true } = typeof options === 'number' ? { batchSize: options } : options;
  const anchored = anchor ? await anchorAuditStreams(ds) : 0;

  // Snapshot of the heads: the group chain's first, then every stream's (an anchor never names a head newer than its stream's).
  const groupHead = (await ds.getRepository(AuditHead).findOneBy({ id: 1 })) ?? { seq: 0, hash: GENESIS_HASH };
  const streamHeads = new Map<string, { stream: string; seq: number; hash: string }>();
  for (const h of await ds.getRepository(AuditStreamHead).find()) streamHeads.set(streamKey(h.stream), h);

  // Level 2: the anchor chain, and the newest anchored point of each stream.
  const anchorAlgs = new Set<AuditHashAlgorithm>();
  let anchorBreak: AuditBreak | null = null;
  const anchorFault = (b: Omit<AuditBreak, 'level'>) => {
    anchorBreak ??= { level: 'anchor', ...b };
  };
  const anchoredPoint = new Map<string, { stream: string; seq: number; hash: string; anchorSeq: number }>();
  let anchorsChecked = 0;
  {
    const repo = ds.getRepository(AuditAnchor);
    let prevHash = GENESIS_HASH;
    let expected = 1;
    outer: for (;;) {
      const rows = await repo
        .createQueryBuilder('a')
        .where('a.seq >= :from AND a.seq <= :to', { from: expected, to: groupHead.seq })
        .orderBy('a.seq', 'ASC')
        .limit(batchSize)
        .getMany();
      for (const a of rows) {
        const where = { seq: a.seq, stream: a.stream, streamSeq: a.streamSeq };
        if (a.seq !== expected) {
          anchorFault({ seq: expected, stream: null, streamSeq: null, problem: `anchor ${expected} is missing (deleted)` });
          break outer;
        }
        if (a.prevHash !== prevHash) {
          anchorFault({ ...where, problem: `anchor ${a.seq} does not follow the previous anchor (chain broken)` });
          break outer;
        }
        const { hash, ...rest } = a;
        anchorAlgs.add(a.hashAlg);
        if (hashAnchor(rest) !== hash) {
          anchorFault({ ...where, problem: `anchor ${a.seq} does not match its hash (edited)` });
          break outer;
        }
        const key = streamKey(a.stream);
        const earlier = anchoredPoint.get(key);
        if (earlier && (a.streamSeq < earlier.seq || (a.streamSeq === earlier.seq && a.streamHash !== earlier.hash))) {
          anchorFault({
            ...where,
            problem: `anchor ${a.seq} puts stream ${a.stream} back at ${a.streamSeq} after anchor ${earlier.anchorSeq} anchored it at ${earlier.seq} (entries deleted)`,
          });
          break outer;
        }
        anchoredPoint.set(key, { stream: a.stream, seq: a.streamSeq, hash: a.streamHash, anchorSeq: a.seq });
        prevHash = hash;
        expected++;
        anchorsChecked++;
      }
      if (rows.length < batchSize) break;
    }
    if (!anchorBreak && (anchorsChecked !== groupHead.seq || groupHead.hash !== prevHash)) {
      anchorFault({
        seq: anchorsChecked + 1,
        stream: null,
        streamSeq: null,
        problem: `the anchor chain ends at ${anchorsChecked} but ${groupHead.seq} anchors were written (newest anchors deleted)`,
      });
    }
  }

  // Level 1: every stream's chain, walked in (stream, seq) order; each stream's anchored point checked on the way.
  const entryAlgs = new Set<AuditHashAlgorithm>();
  let streamBreak: AuditBreak | null = null;
  let checked = 0;
  let unanchoredEntries = 0;
  const seenStreams = new Set<string>();
  /** How far each stream's chain was verified intact. */
  const verifiedTo = new Map<string, number>();
  /** Streams with entries but no head in the snapshot (begun meanwhile, or head deleted), or entries past the snapshot's head: re-checked at the end. */
  const recheck = new Map<string, { stream: string; maxSeq: number }>();
  {
    const repo = ds.getRepository(AuditEntry);
    type Walk = {
      key: string;
      stream: string;
      head: { seq: number; hash: string } | null;
      expected: number;
      prevHash: string;
      lastRow: number;
      broken: boolean;
    };
    let cur = null as Walk | null;
    const finish = () => {
      if (!cur) return;
      const last = cur.expected - 1;
      verifiedTo.set(cur.key, last);
      if (!cur.head || cur.broken) return;
      if (last < cur.head.seq || (last === cur.head.seq && cur.prevHash !== cur.head.hash)) {
        streamBreak ??= {
          level: 'stream',
          seq: null,
          stream: cur.stream,
          streamSeq: last + 1,
          problem: `stream ${cur.stream} ends at ${last} but its head says ${cur.head.seq} entries were written (newest entries deleted)`,
        };
      }
    };
    let after: { stream: string; streamSeq: number } | null = null;
    for (;;) {
      const qb = repo.createQueryBuilder('e').orderBy('e.stream', 'ASC').addOrderBy('e.streamSeq', 'ASC').limit(batchSize);
      if (after) qb.where('e.stream > :s OR (e.stream = :s AND e.stream_seq > :q)', { s: after.stream, q: after.streamSeq });
      const rows = await qb.getMany();
      for (const row of rows) {
        const key = streamKey(row.stream);
        if (!cur || cur.key !== key) {
          finish();
          const head: { stream: string; seq: number; hash: string } | null = streamHeads.get(key) ?? null;
          cur = { key, stream: head?.stream ?? row.stream, head, expected: 1, prevHash: GENESIS_HASH, lastRow: 0, broken: false };
          seenStreams.add(key);
          const point = anchoredPoint.get(key);
          if (head) unanchoredEntries += head.seq - Math.min(point?.seq ?? 0, head.seq);
        }
        if (!cur.head || row.streamSeq > cur.head.seq) {
          const r = recheck.get(key);
          recheck.set(key, { stream: row.stream, maxSeq: Math.max(r?.maxSeq ?? 0, row.streamSeq) });
          continue;
        }
        if (cur.broken) continue;
        const fault = (streamSeq: number, seq: number | null, problem: string) => {
          cur!.broken = true;
          streamBreak ??= { level: 'stream', seq, stream: row.stream, streamSeq, problem };
        };
        if (row.streamSeq !== cur.expected) {
          fault(cur.expected, null, `stream ${row.stream}: entry ${cur.expected} is missing (deleted)`);
          continue;
        }
        if (row.prevHash !== cur.prevHash) {
          fault(row.streamSeq, row.seq, `stream ${row.stream}: entry ${row.streamSeq} does not follow the previous entry (chain broken)`);
          continue;
        }
        const hash = row.hash;
        entryAlgs.add(row.hashAlg);
        if (!entryHashFormat(row)) {
          fault(row.streamSeq, row.seq, `stream ${row.stream}: entry ${row.streamSeq} (row ${row.seq}) does not match its hash (edited)`);
          continue;
        }
        // Appends to a stream are serialised by its head row's lock and take their row numbers from
        // the auto-increment inside it, so a stream's row numbers rise with its entries: its rows
        // cannot trade row numbers (the listing order) unseen, though stream/2 rows do not hash them.
        if (row.seq <= cur.lastRow) {
          fault(
            row.streamSeq,
            row.seq,
            `stream ${row.stream}: entry ${row.streamSeq} has row number ${row.seq}, not after entry ${row.streamSeq - 1}'s ${cur.lastRow} (re-ordered)`,
          );
          continue;
        }
        const point = anchoredPoint.get(key);
        if (point && point.seq === row.streamSeq && point.hash !== hash) {
          cur.broken = true;
          anchorFault({
            seq: point.anchorSeq,
            stream: row.stream,
            streamSeq: row.streamSeq,
            problem: `stream ${row.stream}: entry ${row.streamSeq} is not the one anchor ${point.anchorSeq} anchored (replaced)`,
          });
          continue;
        }
        cur.prevHash = hash;
        cur.lastRow = row.seq;
        cur.expected++;
        checked++;
      }
      if (rows.length < batchSize) break;
      const last = rows[rows.length - 1];
      after = { stream: last.stream, streamSeq: last.streamSeq };
    }
    finish();
  }

  // Anchored points past a stream's end, and anchored streams gone altogether.
  for (const [key, point] of anchoredPoint) {
    const reached = verifiedTo.get(key) ?? 0;
    if (reached < point.seq) {
      anchorFault({
        seq: point.anchorSeq,
        stream: point.stream,
        streamSeq: point.seq,
        problem: `stream ${point.stream}: anchor ${point.anchorSeq} anchored it at ${point.seq}, but it ${seenStreams.has(key) ? `holds an intact chain up to ${reached} only` : 'has no entries'} (entries deleted)`,
      });
    }
  }
  // Entries the snapshot had no head for: begun meanwhile is fine; no head now, or beyond it, is not.
  if (recheck.size) {
    const now = new Map((await ds.getRepository(AuditStreamHead).find()).map((h) => [streamKey(h.stream), h]));
    for (const [key, r] of recheck) {
      const head = now.get(key);
      if (!head || head.seq < r.maxSeq) {
        streamBreak ??= {
          level: 'stream',
          seq: null,
          stream: r.stream,
          streamSeq: r.maxSeq,
          problem: head
            ? `stream ${r.stream}: entry ${r.maxSeq} is past its head ${head.seq} (inserted)`
            : `stream ${r.stream} has entries but no head (head deleted)`,
        };
      }
    }
  }
  for (const [key, head] of streamHeads) {
    if (head.seq > 0 && !seenStreams.has(key) && !anchoredPoint.has(key)) {
      streamBreak ??= {
        level: 'stream',
        seq: null,
        stream: head.stream,
        streamSeq: 1,
        problem: `stream ${head.stream} has a head at ${head.seq} but no entries (deleted)`,
      };
    }
  }

  const sorted = (s: Set<AuditHashAlgorithm>) => [...s].sort();
  const streamsReport = {
    ok: !streamBreak,
    algorithms: sorted(entryAlgs),
    brokenAt: streamBreak as AuditBreak | null,
    streams: seenStreams.size,
    entries: checked,
    unanchoredEntries,
  };
  const anchorsReport = {
    ok: !anchorBreak,
    algorithms: sorted(anchorAlgs),
    brokenAt: anchorBreak as AuditBreak | null,
    anchors: anchorsChecked,
    streamsAnchored: anchoredPoint.size,
  };
  return {
    ok: streamsReport.ok && anchorsReport.ok,
    checked,
    algorithms: sorted(new Set([...entryAlgs, ...anchorAlgs])),
    appending: appendAlgorithm,
    brokenAt: streamBreak ?? anchorBreak,
    anchored,
    levels: { streams: streamsReport, anchors: anchorsReport },
  };
}
