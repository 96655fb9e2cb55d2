import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { ProcessEventColumns } from './process-event';

/**
 * A work area or a piece of equipment (作业区域 / 设备): where permits run. Its QR code is a URL
 * with its `code`, which opens its running permits and the report forms pre-filled. The owning
 * unit's head is the area owner (属地负责人) who confirms safety measures and the site's restoration.
 */
@Entity({ name: 'work_areas' })
export class WorkArea {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Short, stable, printed under the QR code (e.g. `A-TANK-101`). */
  @Index('uq_work_areas_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** area | equipment */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  /** The area an equipment stands in (null for an area). */
  @Index('idx_work_areas_parent')
  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId!: string | null;

  @Index('idx_work_areas_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/** A certificate a person holds (特种作业操作证 and others). Revoking keeps the row (history), with when and why. */
@Entity({ name: 'certificates' })
@Unique('uq_certificates_type_number', ['type', 'number'])
@Index('idx_certificates_person_type', ['personId', 'type'])
export class Certificate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  /** domain/permit/constants.ts CERTIFICATE_TYPES */
  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ type: 'varchar', length: 64 })
  number!: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;

  /** null: does not expire. */
  @Index('idx_certificates_expires')
  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn!: string | null;

  /** The next review (复审) date, when the certificate has one. */
  @Column({ name: 'review_on', type: 'date', nullable: true })
  reviewOn!: string | null;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'varchar', length: 500, nullable: true })
  revokedReason!: string | null;

  /** The last expiry reminder sent (days before expiry: 90, 30, 7), so a reminder goes once. */
  @Column({ name: 'reminded_days', type: 'int', nullable: true })
  remindedDays!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/**
 * Projection of a permit to work (`PermitWorkflow`, `Permit:<id>`), kept current by its activities
 * at every transition: the request, where it stands, its clocks (validity, next re-test, watch) and
 * why it was suspended.
 */
@Entity({ name: 'permits' })
/** The permit board and conflict checks read running permits of an area by status and window. */
@Index('idx_permits_area_status', ['areaId', 'status', 'windowFrom'])
export class Permit {
  /** The client-generated id: a resend finds the same permit. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('idx_permits_workflow')
  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  /** Printed number (作业票编号), e.g. `DH-20261206-0003`. */
  @Index('uq_permits_number', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  number!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: string;

  @Column({ name: 'area_id', type: 'varchar', length: 36 })
  areaId!: string;

  /** The equipment worked on, when the work is on one. */
  @Column({ name: 'equipment_id', type: 'varchar', length: 36, nullable: true })
  equipmentId!: string | null;

  @Index('idx_permits_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Column({ name: 'work_content', type: 'text' })
  workContent!: string;

  @Column({ name: 'window_from', type: 'datetime', precision: 3 })
  windowFrom!: Date;

  @Column({ name: 'window_to', type: 'datetime', precision: 3 })
  windowTo!: Date;

  @Column({ name: 'requester_user_id', type: 'varchar', length: 36 })
  requesterUserId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  contractor!: string | null;

  /** JSON: `{ steps: [{ step, hazards, controls }] }` */
  @Column({ type: 'text' })
  jsa!: string;

  /** JSON: the safety measures checklist (isolation points with lock numbers, blinds, ventilation, fire equipment). */
  @Column({ type: 'text' })
  measures!: string;

  /** JSON: running permits this one conflicts with when requested (`[{ id, number, type }]`). */
  @Column({ type: 'text' })
  conflicts!: string;

  /** domain/permit/constants.ts PERMIT_STATUSES */
  @Index('idx_permits_status')
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'suspension_reason', type: 'varchar', length: 32, nullable: true })
  suspensionReason!: string | null;

  @Column({ name: 'suspensions', type: 'int', default: 0 })
  suspensions!: number;

  @Column({ name: 'issued_at', type: 'datetime', precision: 3, nullable: true })
  issuedAt!: Date | null;

  @Column({ name: 'valid_until', type: 'datetime', precision: 3, nullable: true })
  validUntil!: Date | null;

  @Column({ name: 'last_gas_test_at', type: 'datetime', precision: 3, nullable: true })
  lastGasTestAt!: Date | null;

  /** The next clock that falls (re-test due, validity end, watch check, a step's SLA) and what it is. */
  @Column({ name: 'next_clock_at', type: 'datetime', precision: 3, nullable: true })
  nextClockAt!: Date | null;

  @Column({ name: 'next_clock', type: 'varchar', length: 24, nullable: true })
  nextClock!: string | null;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  /** Set on close: every step on time, no work on a stale test or outside validity, watch done. */
  @Column({ type: 'boolean', nullable: true })
  compliant!: boolean | null;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/** A member of a permit's crew: an operator, the guardian (监护人) or the supervisor (作业负责人). */
@Entity({ name: 'permit_crew' })
@Unique('uq_permit_crew', ['permitId', 'personId', 'role'])
export class PermitCrewMember {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'permit_id', type: 'varchar', length: 36 })
  permitId!: string;

  /** Running permits of a certificate's holder are found by the person. */
  @Index('idx_permit_crew_person')
  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: string;
}

/** One gas test of a permit: the readings, who took them, when, and the verdict against the policy's limits. */
@Entity({ name: 'permit_gas_tests' })
@Index('idx_permit_gas_tests_permit', ['permitId', 'takenAt'])
export class PermitGasTest {
  /** The client-generated id: a resend records the test once. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'permit_id', type: 'varchar', length: 36 })
  permitId!: string;

  @Column({ name: 'taken_at', type: 'datetime', precision: 3 })
  takenAt!: Date;

  @Column({ name: 'tester_user_id', type: 'varchar', length: 36 })
  testerUserId!: string;

  /** JSON: `{ o2, lel, h2s, co }` as read. */
  @Column({ type: 'text' })
  readings!: string;

  @Column({ type: 'boolean' })
  passed!: boolean;

  /** JSON: the readings out of limits and the gases not read. */
  @Column({ type: 'text' })
  verdict!: string;
}

/** The permit's timeline in business words. */
@Entity({ name: 'permit_events' })
export class PermitEvent extends ProcessEventColumns {
  @Index('idx_permit_events_permit')
  @Column({ name: 'permit_id', type: 'varchar', length: 36 })
  permitId!: string;
}
