import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The append-only audit log. Each row commits to the previous one (`prevHash`), so an edited or
 * deleted row breaks the chain at that point; `audit_head` holds the last seq and hash so even
 * removing the newest rows is detected.
 */
@Entity({ name: 'audit_log' })
export class AuditEntry {
  @PrimaryColumn({ type: 'int' })
  seq!: number;

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

@Entity({ name: 'audit_head' })
export class AuditHead {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
