import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A scoring ruleset version (domain/scoring/ruleset.ts): a draft may be edited; once approved by
 * a second person it is published and never changes again — an edit makes a new version. Cycles
 * freeze the version they score under.
 */
@Entity({ name: 'ruleset_versions' })
export class RulesetVersion {
  @PrimaryColumn({ type: 'int' })
  version!: number;

  /** draft | published */
  @Column({ type: 'varchar', length: 16 })
  status!: 'draft' | 'published';

  /** The ruleset document (JSON, validated against RulesetSchema; at most 60,000 characters). */
  @Column({ type: 'text' })
  document!: string;

  @Column({ type: 'varchar', length: 500 })
  note!: string;

  /** The version it was edited from. */
  @Column({ name: 'based_on', type: 'int', nullable: true })
  basedOn!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy!: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 64, nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'datetime', precision: 3, nullable: true })
  approvedAt!: Date | null;
}
