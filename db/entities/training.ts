import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Safety training sessions (安全培训) and their participants. Recording a participant's result
 * writes one `training.attended` fact (see api/trainings/training-service.ts).
 */
@Entity({ name: 'trainings' })
export class Training {
  /** Client-generated: a resent session is the same session. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Optional business code, what attendance imports name the session by (or its id). */
  @Index('uq_trainings_code', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  code!: string | null;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  /** The organising unit (data scope). */
  @Index('idx_trainings_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  /** `YYYY-MM-DD`, the day in the group's time zone. */
  @Index('idx_trainings_held_on')
  @Column({ name: 'held_on', type: 'varchar', length: 10 })
  heldOn!: string;

  /** The trainer's name (trainers may be external). */
  @Column({ type: 'varchar', length: 200 })
  trainer!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/** A person enrolled in a session; attended / passed stay null until the result is recorded. */
@Entity({ name: 'training_participants' })
export class TrainingParticipant {
  @PrimaryColumn({ name: 'training_id', type: 'varchar', length: 36 })
  trainingId!: string;

  @Index('idx_training_participants_person')
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  /** The person's unit when enrolled (the fact's org unit). */
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Column({ type: 'boolean', nullable: true })
  attended!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  passed!: boolean | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  remark!: string | null;

  /** The `training.attended` fact, once the result is recorded. */
  @Column({ name: 'fact_id', type: 'varchar', length: 255, nullable: true })
  factId!: string | null;

  @Column({ name: 'recorded_by', type: 'varchar', length: 64, nullable: true })
  recordedBy!: string | null;

  @Column({ name: 'recorded_at', type: 'datetime', precision: 3, nullable: true })
  recordedAt!: Date | null;
}
