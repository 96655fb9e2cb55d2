import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ProcessEventColumns } from './process-event';

/**
 * Projection of an emergency process (应急处置), kept current by the workflow's activities at
 * every transition. Lists and filters read it; the live state (each department's status and
 * elapsed time) comes from the workflow's query. Facts go to the shared `facts` table.
 */
@Entity({ name: 'emergencies' })
export class Emergency {
  /** The client-generated emergency id: a resend finds the same emergency. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Indexed for the dashboard's handoff matrix (the unit where an emergency process started). */
  @Index('idx_emergencies_workflow')
  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  /** gas_leak | fire | chemical_spill | injury | power_failure | other */
  @Column({ type: 'varchar', length: 32 })
  type!: string;

  /** Free-text location (area, building, line). */
  @Column({ type: 'varchar', length: 200 })
  location!: string;

  @Column({ type: 'text' })
  description!: string;

  /** Where it happens (data scope). */
  @Index('idx_emergencies_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Column({ type: 'boolean', default: false })
  injuries!: boolean;

  /** Drills run the same process and are reported separately. */
  @Index('idx_emergencies_drill')
  @Column({ type: 'boolean', default: false })
  drill!: boolean;

  @Column({ name: 'reporter_user_id', type: 'varchar', length: 36 })
  reporterUserId!: string;

  @Column({ name: 'reporter_person_id', type: 'varchar', length: 36, nullable: true })
  reporterPersonId!: string | null;

  /** acknowledging | responding | reviewing | improving | closed */
  @Index('idx_emergencies_status')
  @Column({ type: 'varchar', length: 32 })
  status!: string;

  /** The deadline of the current step (on-site acknowledgement, then the review). */
  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Index('idx_emergencies_overdue')
  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Index('idx_emergencies_reported_at')
  @Column({ name: 'reported_at', type: 'datetime', precision: 3 })
  reportedAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'datetime', precision: 3, nullable: true })
  acknowledgedAt!: Date | null;

  /** Declared under control (the incident itself is over; review follows). */
  @Column({ name: 'controlled_at', type: 'datetime', precision: 3, nullable: true })
  controlledAt!: Date | null;

  @Column({ name: 'reviewed_at', type: 'datetime', precision: 3, nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/** The emergency's timeline in business words; one row per transition or progress note. */
@Entity({ name: 'emergency_events' })
export class EmergencyEvent extends ProcessEventColumns {
  @Index('idx_emergency_events_emergency')
  @Column({ name: 'emergency_id', type: 'varchar', length: 36 })
  emergencyId!: string;
}
