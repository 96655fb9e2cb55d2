import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ProcessEventColumns } from './process-event';

/**
 * Projection of a hazard process, kept current by the workflow's activities at every
 * transition. Lists and filters read it; the live state comes from the workflow's query.
 */
@Entity({ name: 'hazards' })
/** Dashboard: hazards reported in a period, covering what the closure rate and the heat map read. */
@Index('idx_hazards_reported_cover', [
  'reportedAt',
  'status',
  'responsibleOrgUnitId',
  'orgUnitId',
  'responsiblePersonId',
  'category',
  'riskLevel',
  'severity',
  'overdue',
])
/** Dashboard: hazards closed in a period, covering what the mean rectification time reads. */
@Index('idx_hazards_closed_cover', [
  'closedAt',
  'status',
  'acknowledgedAt',
  'gradedAt',
  'reportedAt',
  'responsibleOrgUnitId',
  'orgUnitId',
  'responsiblePersonId',
])
export class Hazard {
  /** The client-generated report id (offline capture): a resend finds the same hazard. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Indexed for the dashboard's handoff matrix (the unit where a hazard process started). */
  @Index('idx_hazards_workflow')
  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Index('idx_hazards_category')
  @Column({ type: 'varchar', length: 32 })
  category!: string;

  /** Free-text location within the unit (area, line, machine). */
  @Column({ type: 'varchar', length: 200 })
  area!: string;

  /** Where it was found (data scope). */
  @Index('idx_hazards_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Column({ name: 'suspected_severity', type: 'varchar', length: 16 })
  suspectedSeverity!: string;

  @Column({ name: 'evidence_ids', type: 'simple-json' })
  evidenceIds!: string[];

  /** Indexed: a reporter always sees their own hazards (a visibility rule of the list). */
  @Index('idx_hazards_reporter')
  @Column({ name: 'reporter_user_id', type: 'varchar', length: 36 })
  reporterUserId!: string;

  @Column({ name: 'reporter_person_id', type: 'varchar', length: 36, nullable: true })
  reporterPersonId!: string | null;

  @Index('idx_hazards_status')
  @Column({ type: 'varchar', length: 32 })
  status!: string;

  /** general | major once graded. */
  @Index('idx_hazards_severity')
  @Column({ type: 'varchar', length: 16, nullable: true })
  severity!: string | null;

  @Column({ name: 'risk_likelihood', type: 'int', nullable: true })
  riskLikelihood!: number | null;

  @Column({ name: 'risk_severity', type: 'int', nullable: true })
  riskSeverity!: number | null;

  @Column({ name: 'risk_score', type: 'int', nullable: true })
  riskScore!: number | null;

  @Column({ name: 'risk_level', type: 'varchar', length: 16, nullable: true })
  riskLevel!: string | null;

  @Index('idx_hazards_responsible_unit')
  @Column({ name: 'responsible_org_unit_id', type: 'varchar', length: 36, nullable: true })
  responsibleOrgUnitId!: string | null;

  @Column({ name: 'responsible_person_id', type: 'varchar', length: 36, nullable: true })
  responsiblePersonId!: string | null;

  /** The deadline of the current step. */
  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Index('idx_hazards_overdue')
  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ name: 'overdue_days', type: 'int', default: 0 })
  overdueDays!: number;

  @Column({ name: 'rework_count', type: 'int', default: 0 })
  reworkCount!: number;

  @Index('idx_hazards_reported_at')
  @Column({ name: 'reported_at', type: 'datetime', precision: 3 })
  reportedAt!: Date;

  @Column({ name: 'graded_at', type: 'datetime', precision: 3, nullable: true })
  gradedAt!: Date | null;

  @Column({ name: 'acknowledged_at', type: 'datetime', precision: 3, nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/** The hazard's timeline in business words; one row per transition or progress update. */
@Entity({ name: 'hazard_events' })
export class HazardEvent extends ProcessEventColumns {
  @Index('idx_hazard_events_hazard')
  @Column({ name: 'hazard_id', type: 'varchar', length: 36 })
  hazardId!: string;
}

/**
 * An immutable fact for scoring (SPEC §4): what happened, to whom it is attributed, when, and the
 * process it came from. The ID is derived from the workflow and step, so a retry writes nothing twice.
 */
@Entity({ name: 'facts' })
/** Dashboard: facts of one kind in a period (inspection average, training, serious incidents), covering what it reads. */
@Index('idx_facts_kind_occurred', ['kind', 'occurredAt', 'value', 'orgUnitId', 'personId'])
export class Fact {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  @Index('idx_facts_kind')
  @Column({ type: 'varchar', length: 48 })
  kind!: string;

  /** The person it counts for or against (direct responsible, else the department head). */
  @Index('idx_facts_person')
  @Column({ name: 'person_id', type: 'varchar', length: 36, nullable: true })
  personId!: string | null;

  /** How the person was chosen: direct | department_head | reporter | none. */
  @Column({ name: 'attribution', type: 'varchar', length: 24 })
  attribution!: string;

  @Index('idx_facts_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36, nullable: true })
  orgUnitId!: string | null;

  @Column({ name: 'department_head_person_id', type: 'varchar', length: 36, nullable: true })
  departmentHeadPersonId!: string | null;

  @Column({ name: 'source_workflow_id', type: 'varchar', length: 200 })
  sourceWorkflowId!: string;

  @Index('idx_facts_subject')
  @Column({ name: 'subject_id', type: 'varchar', length: 64 })
  subjectId!: string;

  /** The measured value (seconds of delay, 1 per overdue day, …). */
  @Column({ type: 'double', nullable: true })
  value!: number | null;

  @Index('idx_facts_occurred_at')
  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 })
  occurredAt!: Date;

  @Column({ type: 'text' })
  data!: string;

  @Column({ name: 'policy_version', type: 'int', nullable: true })
  policyVersion!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}

/** An uploaded evidence file, named by the SHA-256 of its content (stored once). */
@Entity({ name: 'evidence' })
export class Evidence {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'mime_type', type: 'varchar', length: 64 })
  mimeType!: string;

  @Column({ type: 'int' })
  size!: number;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 64 })
  uploadedBy!: string;

  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
