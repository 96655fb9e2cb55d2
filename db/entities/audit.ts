import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only audit log, hash-chained per stream (see db/audit/audit-log.ts): each row commits
 * to the previous row of its stream (`prevHash`) — the process or aggregate it belongs to — so an
 * edited, deleted or re-ordered row breaks its stream's chain; `audit_stream` holds each stream's
 * newest seq and hash, and the anchor chain (`audit_anchor`, head in `audit_head`) commits to the
 * stream heads, so removing a stream's newest rows is detected once they were anchored.
 */
@Entity({ name: 'audit_log' })
@Index('uq_audit_stream_seq', ['stream', 'streamSeq'], { unique: true })
export class AuditEntry {
  /**
   * Row number in insertion order (auto-increment: no global lock). Hashed by rows of formats
   * `legacy` and `stream/1` only; rows appended now (`stream/2`) are placed by their stream's chain.
   */
  @PrimaryGeneratedColumn('increment', { type: 'int' })
  seq!: number;

  /** The chain this row belongs to: `process:<workflow ID>`, `kind:<entity type>`, or `legacy` (rows from before streams). */
  @Column({ type: 'varchar', length: 200, default: 'legacy' })
  stream!: string;

  /** Position in its stream, from 1 without gaps. */
  @Column({ name: 'stream_seq', type: 'int', default: 0 })
  streamSeq!: number;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  /** `user` (through the API), `workflow` (an activity on behalf of a process) or `system`. */
  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType!: 'user' | 'workflow' | 'system';

  /** Username, workflow ID or component name. */
  @Index('idx_audit_actor')
  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  /** When acting for someone else (delegation): that person's username. */
  @Column({ name: 'on_behalf_of', type: 'varchar', length: 200, nullable: true })
  onBehalfOf!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Index('idx_audit_entity')
  @Column({ name: 'entity_type', type: 'varchar', length: 64 })
  entityType!: string;

  @Index('idx_audit_entity_id')
  @Column({ name: 'entity_id', type: 'varchar', length: 200 })
  entityId!: string;

  /** Canonical JSON of the entity before / after the change (null when created / deleted). */
  @Column({ type: 'text', nullable: true })
  before!: string | null;

  @Column({ type: 'text', nullable: true })
  after!: string | null;

  @Column({ name: 'org_unit_id', type: 'varchar', length: 36, nullable: true })
  orgUnitId!: string | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** The digest of this row's hash: sha256, or sm3 under the 国密 profile (CRYPTO_PROFILE=gm). */
  @Column({ name: 'hash_alg', type: 'varchar', length: 8, default: 'sha256' })
  hashAlg!: AuditHashAlgorithm;
}

export type AuditHashAlgorithm = 'sha256' | 'sm3';

/** One row per stream: its newest seq and hash. Appends to a stream lock its row, and only its row. */
@Entity({ name: 'audit_stream' })
export class AuditStreamHead {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  stream!: string;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}

/**
 * The group chain: each anchor records a stream's head (stream, seq, hash) at anchoring time and
 * commits to the previous anchor, so the chain as a whole commits to every stream's anchored head.
 */
@Entity({ name: 'audit_anchor' })
@Index('idx_audit_anchor_stream', ['stream', 'streamSeq'])
export class AuditAnchor {
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  @Column({ type: 'varchar', length: 200 })
  stream!: string;

  @Column({ name: 'stream_seq', type: 'int' })
  streamSeq!: number;

  @Column({ name: 'stream_hash', type: 'varchar', length: 64 })
  streamHash!: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ name: 'hash_alg', type: 'varchar', length: 8 })
  hashAlg!: AuditHashAlgorithm;
}

/** The head of the anchor chain (one row, id 1): its newest anchor's seq and hash. Only anchoring locks it. */
@Entity({ name: 'audit_head' })
export class AuditHead {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
