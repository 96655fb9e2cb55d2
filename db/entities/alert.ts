import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * An alerting rule (SPEC §5): one kind of condition (overdue, low score, recurring hazard,
 * incident cluster, department SLA breach rate) with its parameters, severity and audience.
 * The defaults of every kind are seeded at start (domain/alerts.ts `DEFAULT_ALERT_RULES`) and
 * edited through `/api/alert-rules`; `version` counts the edits.
 */
@Entity({ name: 'alert_rules' })
export class AlertRule {
  /** A stable slug; the seeded rule of a kind is named after the kind (`overdue`, …). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  /** overdue | low_score | recurring_hazard | incident_cluster | sla_breach_rate */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The name in Chinese (the English `name` where there is none). */
  @Column({ name: 'name_zh', type: 'varchar', length: 200, nullable: true })
  nameZh!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** critical | normal | info — the notification's severity (critical bypasses quiet hours). */
  @Column({ type: 'varchar', length: 16 })
  severity!: string;

  /** JSON: the kind's parameters (validated per kind by domain/alerts.ts). */
  @Column({ type: 'text' })
  params!: string;

  /** JSON: who hears about it, e.g. `["safety","department_head"]`. */
  @Column({ type: 'text' })
  audience!: string;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/**
 * A fired alert. `dedupKey` is unique: a sweep inserts with INSERT … IGNORE, so a retry, a second
 * sweep or two competing workers never fire the same alert twice; the sweep that inserted the row
 * (`firedBy`) is the one that notifies.
 */
@Entity({ name: 'alerts' })
export class Alert {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('uq_alerts_dedup_key', { unique: true })
  @Column({ name: 'dedup_key', type: 'varchar', length: 255 })
  dedupKey!: string;

  @Column({ name: 'rule_id', type: 'varchar', length: 64 })
  ruleId!: string;

  @Column({ name: 'rule_version', type: 'int' })
  ruleVersion!: number;

  @Index('idx_alerts_kind')
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  severity!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** JSON: what fired it — the records behind it (ids, workflow IDs) and the figures. */
  @Column({ type: 'text' })
  detail!: string;

  /** Where it happened (data scope). */
  @Index('idx_alerts_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36, nullable: true })
  orgUnitId!: string | null;

  /** JSON: the user ids the notification went to. */
  @Column({ type: 'text' })
  recipients!: string;

  /** Workflow ID of the sweep that inserted it. */
  @Column({ name: 'fired_by', type: 'varchar', length: 200 })
  firedBy!: string;

  @Index('idx_alerts_first_fired_at')
  @Column({ name: 'first_fired_at', type: 'datetime', precision: 3 })
  firstFiredAt!: Date;

  /** open | acknowledged | resolved */
  @Index('idx_alerts_status')
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 64, nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'acknowledged_at', type: 'datetime', precision: 3, nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledge_note', type: 'varchar', length: 1000, nullable: true })
  acknowledgeNote!: string | null;

  /** Set by a sweep that no longer finds the condition (the hazard closed, the window moved on, …). */
  @Column({ name: 'resolved_at', type: 'datetime', precision: 3, nullable: true })
  resolvedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
