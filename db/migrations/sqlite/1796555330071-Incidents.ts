import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteIncidents1796555330071 implements MigrationInterface {
  name = 'SqliteIncidents1796555330071';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "incidents" ("id" varchar(36) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "kind" varchar(16) NOT NULL, "anonymous" boolean NOT NULL DEFAULT (0), "title" varchar(200) NOT NULL, "description" text NOT NULL, "location" varchar(200) NOT NULL, "org_unit_id" varchar(36) NOT NULL, "occurred_at" datetime(3) NOT NULL, "reported_at" datetime(3) NOT NULL, "injured_people" text NOT NULL, "immediate_actions" text NOT NULL, "evidence_ids" text NOT NULL, "emergency_id" varchar(36), "reporter_user_id" varchar(36), "reporter_person_id" varchar(36), "receipt_hash" varchar(64) NOT NULL, "status" varchar(32) NOT NULL, "category" varchar(32), "consequence" varchar(24), "deaths" integer NOT NULL DEFAULT (0), "serious_injuries" integer NOT NULL DEFAULT (0), "minor_injuries" integer NOT NULL DEFAULT (0), "days_lost" integer NOT NULL DEFAULT (0), "direct_loss_yuan" double NOT NULL DEFAULT (0), "level" varchar(24), "reportable" boolean NOT NULL DEFAULT (0), "classified_at" datetime(3), "due_at" datetime(3), "escalation_level" integer NOT NULL DEFAULT (0), "overdue" boolean NOT NULL DEFAULT (0), "regulatory_due_at" datetime(3), "regulatory_reported_at" datetime(3), "regulatory_escalation_level" integer NOT NULL DEFAULT (0), "investigation_lead_person_id" varchar(36), "investigated_at" datetime(3), "determined_at" datetime(3), "actions_total" integer NOT NULL DEFAULT (0), "actions_verified" integer NOT NULL DEFAULT (0), "closed_at" datetime(3), "policy_version" integer NOT NULL, "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_incidents_workflow" ON "incidents" ("workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_incidents_org_unit" ON "incidents" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_incidents_occurred_at" ON "incidents" ("occurred_at") ');
    await queryRunner.query('CREATE INDEX "idx_incidents_emergency" ON "incidents" ("emergency_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "idx_incidents_receipt" ON "incidents" ("receipt_hash") ');
    await queryRunner.query('CREATE INDEX "idx_incidents_status" ON "incidents" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_incidents_overdue" ON "incidents" ("overdue") ');
    await queryRunner.query(
      'CREATE TABLE "incident_events" ("id" varchar(255) PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "type" varchar(48) NOT NULL, "actor" varchar(200) NOT NULL, "data" text NOT NULL, "incident_id" varchar(36) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_incident_events_incident" ON "incident_events" ("incident_id") ');
    await queryRunner.query(
      'CREATE TABLE "corrective_actions" ("id" varchar(64) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "source_type" varchar(32) NOT NULL, "source_id" varchar(36) NOT NULL, "source_workflow_id" varchar(200) NOT NULL, "n" integer NOT NULL, "kind" varchar(16) NOT NULL, "description" text NOT NULL, "org_unit_id" varchar(36) NOT NULL, "verifier_org_unit_id" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "due_at" datetime(3) NOT NULL, "round" integer NOT NULL DEFAULT (1), "verified_at" datetime(3), "next_recheck_at" datetime(3), "rechecks_passed" integer NOT NULL DEFAULT (0), "rechecks_failed" integer NOT NULL DEFAULT (0), "closed_at" datetime(3), "policy_version" integer NOT NULL, "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_workflow" ON "corrective_actions" ("workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_source" ON "corrective_actions" ("source_id") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_org_unit" ON "corrective_actions" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_status" ON "corrective_actions" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_next_recheck" ON "corrective_actions" ("next_recheck_at") ');
    await queryRunner.query(
      'CREATE TABLE "corrective_action_events" ("id" varchar(255) PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "type" varchar(48) NOT NULL, "actor" varchar(200) NOT NULL, "data" text NOT NULL, "action_id" varchar(64) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_corrective_action_events_action" ON "corrective_action_events" ("action_id") ');
    await queryRunner.query(
      'CREATE TABLE "worked_hours" ("id" varchar(36) PRIMARY KEY NOT NULL, "org_unit_id" varchar(36) NOT NULL, "month" varchar(7) NOT NULL, "hours" double NOT NULL, "updated_by" varchar(64) NOT NULL, "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), CONSTRAINT "uq_worked_hours_unit_month" UNIQUE ("org_unit_id", "month"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "worked_hours"');
    await queryRunner.query('DROP INDEX "idx_corrective_action_events_action"');
    await queryRunner.query('DROP TABLE "corrective_action_events"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_next_recheck"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_status"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_org_unit"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_source"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_workflow"');
    await queryRunner.query('DROP TABLE "corrective_actions"');
    await queryRunner.query('DROP INDEX "idx_incident_events_incident"');
    await queryRunner.query('DROP TABLE "incident_events"');
    await queryRunner.query('DROP INDEX "idx_incidents_overdue"');
    await queryRunner.query('DROP INDEX "idx_incidents_status"');
    await queryRunner.query('DROP INDEX "idx_incidents_receipt"');
    await queryRunner.query('DROP INDEX "idx_incidents_emergency"');
    await queryRunner.query('DROP INDEX "idx_incidents_occurred_at"');
    await queryRunner.query('DROP INDEX "idx_incidents_org_unit"');
    await queryRunner.query('DROP INDEX "idx_incidents_workflow"');
    await queryRunner.query('DROP TABLE "incidents"');
  }
}
