import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per end-to-end probe: API → Temporal → worker → activity → database.
 * The primary key is the workflow ID, so a retried activity writes nothing twice.
 */
@Entity({ name: 'probe_runs' })
export class ProbeRun {
  @PrimaryColumn({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Column({ type: 'varchar', length: 500 })
  message!: string;

  @Column({ name: 'requested_by', type: 'varchar', length: 64, nullable: true })
  requestedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
