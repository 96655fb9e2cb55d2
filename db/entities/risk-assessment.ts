import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ProcessEventColumns } from './process-event';

/**
 * Projection of a joint risk assessment (联合风险评估), kept current by the workflow's activities
 * at every transition. Lists read it; the live state (each department's input, the plan's
 * measures) comes from the workflow's query. Each assessment holds one version of its plant's
 * risk register (`risk_register_items`), so registers compare month to month.
 */
@Entity({ name: 'risk_assessments' })
export class RiskAssessment {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** The area assessed (free text, e.g. "Stamping workshop"). */
  @Column({ type: 'varchar', length: 200 })
  area!: string;

  /** The unit assessed (data scope); its plant is `plantId`. */
  @Index('idx_risk_assessments_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Index('idx_risk_assessments_plant')
  @Column({ name: 'plant_id', type: 'varchar', length: 36 })
  plantId!: string;

  /** Participating department functions (JSON array of production | equipment | hr). */
  @Column({ type: 'text' })
  departments!: string;

  /** inputs | compiling | proposing | planning | executing | verifying | closed */
  @Index('idx_risk_assessments_status')
  @Column({ type: 'varchar', length: 32 })
  status!: string;

  /** The schedule that started it (monthly runs), null when started by hand. */
  @Column({ name: 'schedule_id', type: 'varchar', length: 200, nullable: true })
  scheduleId!: string | null;

  @Column({ name: 'initiated_by', type: 'varchar', length: 64 })
  initiatedBy!: string;

  /** Departments that missed their input SLA (JSON array of org unit ids): the recorded gaps. */
  @Column({ type: 'text' })
  gaps!: string;

  @Column({ name: 'item_count', type: 'int', default: 0 })
  itemCount!: number;

  @Column({ name: 'measure_count', type: 'int', default: 0 })
  measureCount!: number;

  @Column({ name: 'failed_measures', type: 'int', default: 0 })
  failedMeasures!: number;

  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Index('idx_risk_assessments_overdue')
  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Index('idx_risk_assessments_started_at')
  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt!: Date;

  @Column({ name: 'compiled_at', type: 'datetime', precision: 3, nullable: true })
  compiledAt!: Date | null;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/** The assessment's timeline in business words. */
@Entity({ name: 'risk_assessment_events' })
export class RiskAssessmentEvent extends ProcessEventColumns {
  @Index('idx_risk_assessment_events_assessment')
  @Column({ name: 'assessment_id', type: 'varchar', length: 100 })
  assessmentId!: string;
}

/** One risk of an assessment's register (this assessment's version of the plant's register). */
@Entity({ name: 'risk_register_items' })
@Index('uq_risk_register_items_key', ['assessmentId', 'key'], { unique: true })
export class RiskRegisterItem {
  /** `<assessment id>/<key>`. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id!: string;

  @Column({ name: 'assessment_id', type: 'varchar', length: 100 })
  assessmentId!: string;

  /** Stable across months (compare registers by it). */
  @Column({ type: 'varchar', length: 90 })
  key!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 100 })
  source!: string;

  @Column({ type: 'int' })
  likelihood!: number;

  @Column({ type: 'int' })
  severity!: number;

  @Column({ type: 'int' })
  score!: number;

  /** low | medium | high | extreme (policy's risk matrix). */
  @Column({ type: 'varchar', length: 16 })
  level!: string;

  @Column({ name: 'owner_org_unit_id', type: 'varchar', length: 36 })
  ownerOrgUnitId!: string;
}

/** A control measure of an assessment's plan: owner, due date, execution and verification. */
@Entity({ name: 'risk_measures' })
export class RiskMeasure {
  /** `<assessment id>/<n>`. */
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id!: string;

  @Index('idx_risk_measures_assessment')
  @Column({ name: 'assessment_id', type: 'varchar', length: 100 })
  assessmentId!: string;

  @Column({ type: 'int' })
  n!: number;

  @Column({ name: 'item_key', type: 'varchar', length: 90 })
  itemKey!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'owner_org_unit_id', type: 'varchar', length: 36 })
  ownerOrgUnitId!: string;

  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt!: Date;

  /** planned | done | passed | failed */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'done_at', type: 'datetime', precision: 3, nullable: true })
  doneAt!: Date | null;

  @Column({ name: 'verified_at', type: 'datetime', precision: 3, nullable: true })
  verifiedAt!: Date | null;

  @Column({ name: 'verified_by', type: 'varchar', length: 64, nullable: true })
  verifiedBy!: string | null;

  /** Why verification failed. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The hazard process a failed measure started. */
  @Column({ name: 'hazard_id', type: 'varchar', length: 36, nullable: true })
  hazardId!: string | null;
}
