import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteHazards1795276576527 implements MigrationInterface {
  name = 'SqliteHazards1795276576527';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "hazards" ("id" varchar(36) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "title" varchar(200) NOT NULL, "description" text NOT NULL, "category" varchar(32) NOT NULL, "area" varchar(200) NOT NULL, "org_unit_id" varchar(36) NOT NULL, "suspected_severity" varchar(16) NOT NULL, "evidence_ids" text NOT NULL, "reporter_user_id" varchar(36) NOT NULL, "reporter_person_id" varchar(36), "status" varchar(32) NOT NULL, "severity" varchar(16), "risk_likelihood" integer, "risk_severity" integer, "risk_score" integer, "risk_level" varchar(16), "responsible_org_unit_id" varchar(36), "responsible_person_id" varchar(36), "due_at" datetime(3), "escalation_level" integer NOT NULL DEFAULT (0), "overdue" boolean NOT NULL DEFAULT (0), "overdue_days" integer NOT NULL DEFAULT (0), "rework_count" integer NOT NULL DEFAULT (0), "reported_at" datetime(3) NOT NULL, "graded_at" datetime(3), "acknowledged_at" datetime(3), "closed_at" datetime(3), "cancel_reason" varchar(500), "policy_version" integer NOT NULL, "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_hazards_category" ON "hazards" ("category") ');
    await queryRunner.query('CREATE INDEX "idx_hazards_org_unit" ON "hazards" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_hazards_status" ON "hazards" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_hazards_severity" ON "hazards" ("severity") ');
    await queryRunner.query('CREATE INDEX "idx_hazards_responsible_unit" ON "hazards" ("responsible_org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_hazards_overdue" ON "hazards" ("overdue") ');
    await queryRunner.query('CREATE INDEX "idx_hazards_reported_at" ON "hazards" ("reported_at") ');
    await queryRunner.query(
      'CREATE TABLE "hazard_events" ("id" varchar(255) PRIMARY KEY NOT NULL, "hazard_id" varchar(36) NOT NULL, "at" datetime(3) NOT NULL, "type" varchar(48) NOT NULL, "actor" varchar(200) NOT NULL, "data" text NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_hazard_events_hazard" ON "hazard_events" ("hazard_id") ');
    await queryRunner.query(
      'CREATE TABLE "facts" ("id" varchar(255) PRIMARY KEY NOT NULL, "kind" varchar(48) NOT NULL, "person_id" varchar(36), "attribution" varchar(24) NOT NULL, "org_unit_id" varchar(36), "department_head_person_id" varchar(36), "source_workflow_id" varchar(200) NOT NULL, "subject_id" varchar(64) NOT NULL, "value" double, "occurred_at" datetime(3) NOT NULL, "data" text NOT NULL, "policy_version" integer, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_facts_kind" ON "facts" ("kind") ');
    await queryRunner.query('CREATE INDEX "idx_facts_person" ON "facts" ("person_id") ');
    await queryRunner.query('CREATE INDEX "idx_facts_org_unit" ON "facts" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_facts_subject" ON "facts" ("subject_id") ');
    await queryRunner.query('CREATE INDEX "idx_facts_occurred_at" ON "facts" ("occurred_at") ');
    await queryRunner.query(
      'CREATE TABLE "evidence" ("id" varchar(64) PRIMARY KEY NOT NULL, "file_name" varchar(255) NOT NULL, "mime_type" varchar(64) NOT NULL, "size" integer NOT NULL, "uploaded_by" varchar(64) NOT NULL, "org_unit_id" varchar(36) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "evidence"');
    await queryRunner.query('DROP INDEX "idx_facts_occurred_at"');
    await queryRunner.query('DROP INDEX "idx_facts_subject"');
    await queryRunner.query('DROP INDEX "idx_facts_org_unit"');
    await queryRunner.query('DROP INDEX "idx_facts_person"');
    await queryRunner.query('DROP INDEX "idx_facts_kind"');
    await queryRunner.query('DROP TABLE "facts"');
    await queryRunner.query('DROP INDEX "idx_hazard_events_hazard"');
    await queryRunner.query('DROP TABLE "hazard_events"');
    await queryRunner.query('DROP INDEX "idx_hazards_reported_at"');
    await queryRunner.query('DROP INDEX "idx_hazards_overdue"');
    await queryRunner.query('DROP INDEX "idx_hazards_responsible_unit"');
    await queryRunner.query('DROP INDEX "idx_hazards_severity"');
    await queryRunner.query('DROP INDEX "idx_hazards_status"');
    await queryRunner.query('DROP INDEX "idx_hazards_org_unit"');
    await queryRunner.query('DROP INDEX "idx_hazards_category"');
    await queryRunner.query('DROP TABLE "hazards"');
  }
}
