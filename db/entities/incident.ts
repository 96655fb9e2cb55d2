import { Column, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { ProcessEventColumns } from './process-event';

/**
 * Projection of an incident or near miss (事故/未遂事件), kept current by the workflow's
 * activities at every transition. An anonymous near miss has no reporter columns at all: the
 * reporter follows it with a receipt code, of which only the SHA-256 is kept.
 */
@Entity({ name: 'incidents' })
/** The safety rates, the dashboard and the lists read incidents by when they occurred, of a kind and status, in a unit: answered from the index alone. */
@Index('idx_incidents_occurred_kind_status_unit', ['occurredAt', 'kind', 'status', 'orgUnitId'])
export class Incident {
  /** The client-generated id: a resend (an offline queue) finds the same incident. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('idx_incidents_workflow')
  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  /** incident | near_miss */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'boolean', default: false })
  anonymous!: boolean;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 200 })
  location!: string;

  @Index('idx_incidents_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 })
  occurredAt!: Date;

  @Column({ name: 'reported_at', type: 'datetime', precision: 3 })
  reportedAt!: Date;

  /** JSON: `[{ name, personId?, injury }]` as reported. */
  @Column({ name: 'injured_people', type: 'text' })
  injuredPeople!: string;

  @Column({ name: 'immediate_actions', type: 'text' })
  immediateActions!: string;

  /** JSON: evidence ids (photos). */
  @Column({ name: 'evidence_ids', type: 'text' })
  evidenceIds!: string;

  /** Set when an emergency opened it. */
  @Index('idx_incidents_emergency')
  @Column({ name: 'emergency_id', type: 'varchar', length: 36, nullable: true })
  emergencyId!: string | null;

  @Column({ name: 'reporter_user_id', type: 'varchar', length: 36, nullable: true })
  reporterUserId!: string | null;

  @Column({ name: 'reporter_person_id', type: 'varchar', length: 36, nullable: true })
  reporterPersonId!: string | null;

  /** SHA-256 (hex) of the receipt code given to the reporter. */
  @Index('idx_incidents_receipt', { unique: true })
  @Column({ name: 'receipt_hash', type: 'varchar', length: 64 })
  receiptHash!: string;

  /** classifying | investigating | determining | actions | closing | closed | cancelled */
  @Index('idx_incidents_status')
  @Column({ type: 'varchar', length: 32 })
  status!: string;

  /** GB 6441 category (set by classification). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  category!: string | null;

  /** none | first_aid | medical_treatment | lost_time | fatality */
  @Column({ type: 'varchar', length: 24, nullable: true })
  consequence!: string | null;

  @Column({ type: 'int', default: 0 })
  deaths!: number;

  @Column({ name: 'serious_injuries', type: 'int', default: 0 })
  seriousInjuries!: number;

  @Column({ name: 'minor_injuries', type: 'int', default: 0 })
  minorInjuries!: number;

  @Column({ name: 'days_lost', type: 'int', default: 0 })
  daysLost!: number;

  @Column({ name: 'direct_loss_yuan', type: 'double', default: 0 })
  directLossYuan!: number;

  /** general | larger | major | especially_major; null below the reportable line. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  level!: string | null;

  @Column({ type: 'boolean', default: false })
  reportable!: boolean;

  @Column({ name: 'classified_at', type: 'datetime', precision: 3, nullable: true })
  classifiedAt!: Date | null;

  /** The current step's deadline. */
  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Index('idx_incidents_overdue')
  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  /** The regulatory report clock (reportable incidents). */
  @Column({ name: 'regulatory_due_at', type: 'datetime', precision: 3, nullable: true })
  regulatoryDueAt!: Date | null;

  @Column({ name: 'regulatory_reported_at', type: 'datetime', precision: 3, nullable: true })
  regulatoryReportedAt!: Date | null;

  @Column({ name: 'regulatory_escalation_level', type: 'int', default: 0 })
  regulatoryEscalationLevel!: number;

  @Column({ name: 'investigation_lead_person_id', type: 'varchar', length: 36, nullable: true })
  investigationLeadPersonId!: string | null;

  @Column({ name: 'investigated_at', type: 'datetime', precision: 3, nullable: true })
  investigatedAt!: Date | null;

  @Column({ name: 'determined_at', type: 'datetime', precision: 3, nullable: true })
  determinedAt!: Date | null;

  @Column({ name: 'actions_total', type: 'int', default: 0 })
  actionsTotal!: number;

  @Column({ name: 'actions_verified', type: 'int', default: 0 })
  actionsVerified!: number;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/** The incident's timeline in business words. */
@Entity({ name: 'incident_events' })
export class IncidentEvent extends ProcessEventColumns {
  @Index('idx_incident_events_incident')
  @Column({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId!: string;
}

/**
 * Projection of a corrective or preventive action (`CorrectiveActionWorkflow`): who owns it, its
 * due date, verification and the effectiveness re-checks with the next one's due date.
 */
@Entity({ name: 'corrective_actions' })
export class CorrectiveAction {
  /** `<incident or emergency id>-a<n>`, `<hazard id>-rectification`, `<risk assessment id>-m<n>` */
  @PrimaryColumn({ type: 'varchar', length: 120 })
  id!: string;

  @Index('idx_corrective_actions_workflow')
  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  /** What it corrects: incident | emergency | hazard | risk_assessment. */
  @Column({ name: 'source_type', type: 'varchar', length: 32 })
  sourceType!: string;

  @Index('idx_corrective_actions_source')
  @Column({ name: 'source_id', type: 'varchar', length: 100 })
  sourceId!: string;

  @Column({ name: 'source_workflow_id', type: 'varchar', length: 200 })
  sourceWorkflowId!: string;

  @Column({ type: 'int' })
  n!: number;

  /** corrective | preventive */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'text' })
  description!: string;

  /** The owning department. */
  @Index('idx_corrective_actions_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  /** The department that verifies and re-checks it. */
  @Column({ name: 'verifier_org_unit_id', type: 'varchar', length: 36 })
  verifierOrgUnitId!: string;

  /** doing | verifying | monitoring | closed | cancelled */
  @Index('idx_corrective_actions_status')
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt!: Date;

  @Column({ type: 'int', default: 1 })
  round!: number;

  @Column({ name: 'verified_at', type: 'datetime', precision: 3, nullable: true })
  verifiedAt!: Date | null;

  /** When the next effectiveness re-check falls (null when none is left). */
  @Index('idx_corrective_actions_next_recheck')
  @Column({ name: 'next_recheck_at', type: 'datetime', precision: 3, nullable: true })
  nextRecheckAt!: Date | null;

  @Column({ name: 'rechecks_passed', type: 'int', default: 0 })
  rechecksPassed!: number;

  @Column({ name: 'rechecks_failed', type: 'int', default: 0 })
  rechecksFailed!: number;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'policy_version', type: 'int' })
  policyVersion!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

@Entity({ name: 'corrective_action_events' })
export class CorrectiveActionEvent extends ProcessEventColumns {
  @Index('idx_corrective_action_events_action')
  @Column({ name: 'action_id', type: 'varchar', length: 120 })
  actionId!: string;
}

/** Hours worked per unit and month (entered or imported), the denominator of TRIR / LTIFR / severity rate. */
@Entity({ name: 'worked_hours' })
@Unique('uq_worked_hours_unit_month', ['orgUnitId', 'month'])
export class WorkedHours {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  /** YYYY-MM */
  @Column({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'double' })
  hours!: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
