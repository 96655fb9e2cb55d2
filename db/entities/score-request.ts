import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Appeals (复议), manual adjustments and self-declarations (自助申报): projections of their
 * workflows. Every decision names who made it, when and why; an adjustment of a published
 * score is applied as a new snapshot version (`newVersion`), the original stays readable.
 */
@Entity({ name: 'score_appeals' })
@Index('idx_score_appeals_line', ['cycleId', 'subjectId', 'lineCode', 'status'])
export class ScoreAppeal {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Column({ name: 'cycle_id', type: 'varchar', length: 100 })
  cycleId!: string;

  /** The snapshot version appealed against. */
  @Column({ name: 'snapshot_version', type: 'int' })
  snapshotVersion!: number;

  /** The person whose score line is disputed (the appellant). */
  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  /** The indicator or rule code of the disputed line. */
  @Column({ name: 'line_code', type: 'varchar', length: 64 })
  lineCode!: string;

  /** 1, or 2 for the further appeal to the next manager. */
  @Column({ type: 'int' })
  level!: number;

  @Column({ name: 'parent_appeal_id', type: 'varchar', length: 36, nullable: true })
  parentAppealId!: string | null;

  @Column({ name: 'appellant', type: 'varchar', length: 64 })
  appellant!: string;

  @Column({ name: 'reviewer_org_unit_id', type: 'varchar', length: 36 })
  reviewerOrgUnitId!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** open | upheld | adjusted */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'double', nullable: true })
  delta!: number | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @Column({ name: 'evidence_ids', type: 'text' })
  evidenceIds!: string;

  @Column({ name: 'new_version', type: 'int', nullable: true })
  newVersion!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}

@Entity({ name: 'score_adjustments' })
export class ScoreAdjustment {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Index('idx_score_adjustments_cycle')
  @Column({ name: 'cycle_id', type: 'varchar', length: 100 })
  cycleId!: string;

  /** person | department */
  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  /** The line it corrects, or null for the total. */
  @Column({ name: 'line_code', type: 'varchar', length: 64, nullable: true })
  lineCode!: string | null;

  @Column({ type: 'double' })
  delta!: number;

  /** data_error | missed_evidence | exceptional_contribution | other */
  @Column({ name: 'reason_code', type: 'varchar', length: 32 })
  reasonCode!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'proposed_by', type: 'varchar', length: 64 })
  proposedBy!: string;

  /** pending | approved | rejected */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @Column({ name: 'new_version', type: 'int', nullable: true })
  newVersion!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}

/** A self-declaration (自助申报): extra evidence a person submits; approved ones become capped bonus facts. */
@Entity({ name: 'declarations' })
export class Declaration {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Index('idx_declarations_person')
  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  /** training | improvement_idea | other */
  @Column({ type: 'varchar', length: 24 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'evidence_ids', type: 'text' })
  evidenceIds!: string;

  /** The period it counts for (`2026-11`). */
  @Column({ type: 'varchar', length: 16 })
  period!: string;

  @Column({ name: 'declared_by', type: 'varchar', length: 64 })
  declaredBy!: string;

  /** pending | approved | rejected */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 64, nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'datetime', precision: 3, nullable: true })
  reviewedAt!: Date | null;

  @Column({ type: 'double', nullable: true })
  points!: number | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
