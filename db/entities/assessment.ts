import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An assessment cycle (考核周期) of one scope and period, run by `AssessmentCycleWorkflow`
 * (`AssessmentCycle:<scope>:<period>`): it freezes a ruleset version, scores every subject into a
 * draft snapshot, waits for review and publishes. The projection of that workflow.
 */
@Entity({ name: 'assessment_cycles' })
export class AssessmentCycle {
  /** `<scope org unit id>:<period>` (e.g. `…:2026-11`, `…:2026-W47`, `…:2026-Q4`). */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Index('idx_assessment_cycles_scope')
  @Column({ name: 'scope_org_unit_id', type: 'varchar', length: 36 })
  scopeOrgUnitId!: string;

  /** weekly | monthly | quarterly */
  @Column({ type: 'varchar', length: 16 })
  cadence!: string;

  @Column({ type: 'varchar', length: 16 })
  period!: string;

  @Column({ name: 'period_start', type: 'datetime', precision: 3 })
  periodStart!: Date;

  @Column({ name: 'period_end', type: 'datetime', precision: 3 })
  periodEnd!: Date;

  @Column({ name: 'ruleset_version', type: 'int' })
  rulesetVersion!: number;

  /** scoring | review | published */
  @Index('idx_assessment_cycles_status')
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'progress_done', type: 'int', default: 0 })
  progressDone!: number;

  @Column({ name: 'progress_total', type: 'int', default: 0 })
  progressTotal!: number;

  /** The snapshot version people see (the latest published, else the draft). */
  @Column({ name: 'current_snapshot', type: 'int', default: 0 })
  currentSnapshot!: number;

  @Column({ name: 'started_by', type: 'varchar', length: 64 })
  startedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 64, nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;
}

/**
 * One version of a cycle's scores: the first draft, then a new version for late facts, appeals
 * or manual adjustments — a published snapshot is never edited. `inputHash` covers the ruleset
 * and everything scored, so a recompute under the same version proves it reproduces.
 */
@Entity({ name: 'score_snapshots' })
@Index('uq_score_snapshots_cycle_version', ['cycleId', 'version'], { unique: true })
export class ScoreSnapshot {
  /** `<cycle id>#<version>`. */
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id!: string;

  @Column({ name: 'cycle_id', type: 'varchar', length: 100 })
  cycleId!: string;

  @Column({ type: 'int' })
  version!: number;

  /** initial | late_facts | recompute | appeal | adjustment */
  @Column({ type: 'varchar', length: 16 })
  reason!: string;

  /** draft | published | superseded */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'ruleset_version', type: 'int' })
  rulesetVersion!: number;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  @Column({ name: 'fact_count', type: 'int' })
  factCount!: number;

  @Column({ name: 'subject_count', type: 'int' })
  subjectCount!: number;

  @Column({ type: 'varchar', length: 500 })
  note!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;

  /**
   * JSON `{ basedOn, items }`: the appeals and manual adjustments in force in this version
   * (`ScoreCorrection`, domain/scoring/corrections.ts), and the version an appeal or adjustment
   * version copied; null before any. A recompute carries them onto its draft.
   */
  @Column({ type: 'text', nullable: true })
  corrections!: string | null;
}

/** One subject's score in one snapshot: total, rating, dimensions and the explained lines. */
@Entity({ name: 'score_results' })
@Index('idx_score_results_snapshot_type', ['snapshotId', 'subjectType'])
export class ScoreResult {
  /** `<snapshot id>/<subject type>/<subject id>`. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  @Column({ name: 'snapshot_id', type: 'varchar', length: 120 })
  snapshotId!: string;

  @Index('idx_score_results_cycle')
  @Column({ name: 'cycle_id', type: 'varchar', length: 100 })
  cycleId!: string;

  /** person | post | department | company */
  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType!: string;

  @Index('idx_score_results_subject')
  @Column({ name: 'subject_id', type: 'varchar', length: 200 })
  subjectId!: string;

  /** The department (data scope). */
  @Column({ name: 'department_id', type: 'varchar', length: 36, nullable: true })
  departmentId!: string | null;

  @Column({ type: 'double' })
  total!: number;

  /** excellent | qualified | needs_improvement */
  @Column({ type: 'varchar', length: 20 })
  rating!: string;

  /** JSON: dimension scores, adjustments, weights, flags. */
  @Column({ type: 'text' })
  summary!: string;

  /** JSON: the score lines with the facts behind each (at most 100 fact ids per line; `n` counts all). */
  @Column({ type: 'text' })
  lines!: string;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  /**
   * JSON `FrozenSubject` (domain/exports.ts): the name, employee number, department, unit and post
   * as they were when the version was written, so the version shows the same forever (a later
   * rename or move changes nothing). Null in versions written before it was kept.
   */
  @Column({ type: 'text', nullable: true })
  subject!: string | null;
}

/**
 * One rater's score of one person on a rated behaviour indicator for one period (several raters:
 * superior, peers, subordinates, an external expert). Cycles of that period read them; a rater
 * rates a person once per indicator and period (a second rating replaces the first).
 */
@Entity({ name: 'behaviour_ratings' })
@Index('uq_behaviour_ratings_one', ['period', 'personId', 'indicatorCode', 'raterPersonId'], { unique: true })
export class BehaviourRatingRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Period label (`2026-11`, `2026-Q4`, `2026-W47`). */
  @Column({ type: 'varchar', length: 16 })
  period!: string;

  @Index('idx_behaviour_ratings_person')
  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @Column({ name: 'indicator_code', type: 'varchar', length: 64 })
  indicatorCode!: string;

  /** superior | peer | subordinate | external_expert */
  @Column({ name: 'rater_role', type: 'varchar', length: 20 })
  raterRole!: string;

  @Column({ name: 'rater_person_id', type: 'varchar', length: 36 })
  raterPersonId!: string;

  @Column({ type: 'double' })
  score!: number;

  @Column({ type: 'varchar', length: 1000 })
  comment!: string;

  @Column({ name: 'rated_by', type: 'varchar', length: 64 })
  ratedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
