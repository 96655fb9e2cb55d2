import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../../domain/canonical-json';
import { AuditEntry, AuditHead } from '../entities';
import type { AuditHashAlgorithm } from '../entities/audit';

/**
 * Appends to the hash-chained audit log. Call it with the EntityManager of the transaction that
 * makes the change, so the change and its audit row commit (or roll back) together. Appends are
 * serialised by locking the single `audit_head` row.
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
}

export const GENESIS_HASH = '0'.repeat(64);

let appendAlgorithm: AuditHashAlgorithm = 'sha256';
/**
 * The digest new rows are hashed with: sha256, or sm3 under the 国密 profile (CRYPTO_PROFILE=gm,
 * set once at start-up by app/system.ts). Each row records its own, so a chain begun under one
 * profile still verifies after a switch.
 */
export function setAuditHashAlgorithm(alg: AuditHashAlgorithm): void {
  appendAlgorithm = alg;
}
export function auditHashAlgorithm(): AuditHashAlgorithm {
  return appendAlgorithm;
}

export function hashEntry(e: Omit<AuditEntry, 'hash'>): string {
  const material = canonicalJson([
    e.seq,
    e.prevHash,
    e.at.toISOString(),
    e.actorType,
    e.actor,
    e.onBehalfOf,
    e.action,
    e.entityType,
    e.entityId,
    e.before,
    e.after,
    e.orgUnitId,
  ]);
  return createHash(e.hashAlg ?? 'sha256')
    .update(material)
    .digest('hex');
}

export async function appendAudit(em: EntityManager, record: AuditRecord): Promise<AuditEntry> {
  if (!em.queryRunner?.isTransactionActive) {
    return em.transaction((tx) => appendAudit(tx, record));
  }
  const heads = em.getRepository(AuditHead);
  const lockable = em.connection.options.type !== 'sqljs';
  let head = await heads.findOne({ where: { id: 1 }, ...(lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!head) {
    // First entry ever: create the head row (a concurrent creator fails on the primary key and retries).
    await heads.insert({ id: 1, seq: 0, hash: GENESIS_HASH });
    head = await heads.findOneOrFail({ where: { id: 1 }, ...(lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }
  const at = record.at ?? new Date();
  const entry: Omit<AuditEntry, 'hash'> = {
    seq: head.seq + 1,
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
    prevHash: head.hash,
    hashAlg: appendAlgorithm,
  };
  const full: AuditEntry = { ...entry, hash: hashEntry(entry) };
  await em.getRepository(AuditEntry).insert(full);
  await heads.update({ id: 1 }, { seq: full.seq, hash: full.hash });
  return full;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The digests the checked rows use (sha256, sm3), and the one new rows get. */
  algorithms: AuditHashAlgorithm[];
  appending: AuditHashAlgorithm;
  /** The first row at fault, and what is wrong with it. */
  brokenAt: { seq: number; problem: string } | null;
}

/**
 * Walks the chain in order up to the head as it is when the check starts (rows appended while it
 * runs are left for the next check); any edited, inserted or deleted row breaks it at that seq.
 */
export async function verifyAuditLog(ds: DataSource, batchSize = 2000): Promise<AuditVerification> {
  const repo = ds.getRepository(AuditEntry);
  const head = await ds.getRepository(AuditHead).findOneBy({ id: 1 });
  const headSeq = head?.seq ?? 0;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const seen = new Set<AuditHashAlgorithm>();
  const algs = () => ({ algorithms: [...seen].sort(), appending: appendAlgorithm });
  for (;;) {
    const rows = await repo
      .createQueryBuilder('a')
      .where('a.seq >= :from AND a.seq <= :to', { from: expectedSeq, to: headSeq })
      .orderBy('a.seq', 'ASC')
      .limit(batchSize)
      .getMany();
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, checked, ...algs(), brokenAt: { seq: expectedSeq, problem: `row ${expectedSeq} is missing (deleted)` } };
      if (row.prevHash !== prevHash)
        return { ok: false, checked, ...algs(), brokenAt: { seq: row.seq, problem: 'does not follow the previous row (chain broken)' } };
      const { hash, ...rest } = row;
      seen.add(row.hashAlg);
      if (hashEntry(rest) !== hash) return { ok: false, checked, ...algs(), brokenAt: { seq: row.seq, problem: 'content does not match its hash (edited)' } };
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  if (headSeq !== checked || (head && head.hash !== prevHash)) {
    return {
      ok: false,
      checked,
      ...algs(),
      brokenAt: { seq: checked + 1, problem: `the log ends at ${checked} but ${headSeq} rows were written (newest rows deleted)` },
    };
  }
  return { ok: true, checked, ...algs(), brokenAt: null };
}
