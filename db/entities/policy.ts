import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A published policy version (SLA durations, ladders, reminders, quiet hours, risk matrix). Immutable. */
@Entity({ name: 'policy_versions' })
export class PolicyVersion {
  @PrimaryColumn({ type: 'int' })
  version!: number;

  /** The policy document (validated against domain/policy.ts's schema). */
  @Column({ type: 'text' })
  document!: string;

  @Column({ type: 'varchar', length: 500 })
  note!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
