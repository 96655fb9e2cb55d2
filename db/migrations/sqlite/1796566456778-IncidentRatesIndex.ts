import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteIncidentRatesIndex1796566456778 implements MigrationInterface {
  name = 'SqliteIncidentRatesIndex1796566456778';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_incidents_occurred_at"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_next_recheck"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_status"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_org_unit"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_source"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_workflow"');
    await queryRunner.query(
      'CREATE TABLE "temporary_corrective_actions" ("id" varchar(120) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "source_type" varchar(32) NOT NULL, "source_id" varchar(100) NOT NULL, "source_workflow_id" varchar(200) NOT NULL, "n" integer NOT NULL, "kind" varchar(16) NOT NULL, "description" text NOT NULL, "org_unit_id" varchar(36) NOT NULL, "verifier_org_unit_id" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "due_at" datetime(3) NOT NULL, "round" integer NOT NULL DEFAULT (1), "verified_at" datetime(3), "next_recheck_at" datetime(3), "rechecks_passed" integer NOT NULL DEFAULT (0), "rechecks_failed" integer NOT NULL DEFAULT (0), "closed_at" datetime(3), "policy_version" integer NOT NULL, "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_corrective_actions"("id", "workflow_id", "source_type", "source_id", "source_workflow_id", "n", "kind", "description", "org_unit_id", "verifier_org_unit_id", "status", "due_at", "round", "verified_at", "next_recheck_at", "rechecks_passed", "rechecks_failed", "closed_at", "policy_version", "updated_at") SELECT "id", "workflow_id", "source_type", "source_id", "source_workflow_id", "n", "kind", "description", "org_unit_id", "verifier_org_unit_id", "status", "due_at", "round", "verified_at", "next_recheck_at", "rechecks_passed", "rechecks_failed", "closed_at", "policy_version", "updated_at" FROM "corrective_actions"',
    );
    await queryRunner.query('DROP TABLE "corrective_actions"');
    await queryRunner.query('ALTER TABLE "temporary_corrective_actions" RENAME TO "corrective_actions"');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_next_recheck" ON "corrective_actions" ("next_recheck_at") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_status" ON "corrective_actions" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_org_unit" ON "corrective_actions" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_source" ON "corrective_actions" ("source_id") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_workflow" ON "corrective_actions" ("workflow_id") ');
    await queryRunner.query('DROP INDEX "idx_corrective_action_events_action"');
    await queryRunner.query(
      'CREATE TABLE "temporary_corrective_action_events" ("id" varchar(255) PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "type" varchar(48) NOT NULL, "actor" varchar(200) NOT NULL, "data" text NOT NULL, "action_id" varchar(120) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_corrective_action_events"("id", "at", "type", "actor", "data", "action_id") SELECT "id", "at", "type", "actor", "data", "action_id" FROM "corrective_action_events"',
    );
    await queryRunner.query('DROP TABLE "corrective_action_events"');
    await queryRunner.query('ALTER TABLE "temporary_corrective_action_events" RENAME TO "corrective_action_events"');
    await queryRunner.query('CREATE INDEX "idx_corrective_action_events_action" ON "corrective_action_events" ("action_id") ');
    await queryRunner.query('CREATE INDEX "idx_incidents_occurred_kind_status_unit" ON "incidents" ("occurred_at", "kind", "status", "org_unit_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_incidents_occurred_kind_status_unit"');
    await queryRunner.query('DROP INDEX "idx_corrective_action_events_action"');
    await queryRunner.query('ALTER TABLE "corrective_action_events" RENAME TO "temporary_corrective_action_events"');
    await queryRunner.query(
      'CREATE TABLE "corrective_action_events" ("id" varchar(255) PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "type" varchar(48) NOT NULL, "actor" varchar(200) NOT NULL, "data" text NOT NULL, "action_id" varchar(64) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "corrective_action_events"("id", "at", "type", "actor", "data", "action_id") SELECT "id", "at", "type", "actor", "data", "action_id" FROM "temporary_corrective_action_events"',
    );
    await queryRunner.query('DROP TABLE "temporary_corrective_action_events"');
    await queryRunner.query('CREATE INDEX "idx_corrective_action_events_action" ON "corrective_action_events" ("action_id") ');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_workflow"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_source"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_org_unit"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_status"');
    await queryRunner.query('DROP INDEX "idx_corrective_actions_next_recheck"');
    await queryRunner.query('ALTER TABLE "corrective_actions" RENAME TO "temporary_corrective_actions"');
    await queryRunner.query(
      'CREATE TABLE "corrective_actions" ("id" varchar(64) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "source_type" varchar(32) NOT NULL, "source_id" varchar(36) NOT NULL, "source_workflow_id" varchar(200) NOT NULL, "n" integer NOT NULL, "kind" varchar(16) NOT NULL, "description" text NOT NULL, "org_unit_id" varchar(36) NOT NULL, "verifier_org_unit_id" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "due_at" datetime(3) NOT NULL, "round" integer NOT NULL DEFAULT (1), "verified_at" datetime(3), "next_recheck_at" datetime(3), "rechecks_passed" integer NOT NULL DEFAULT (0), "rechecks_failed" integer NOT NULL DEFAULT (0), "closed_at" datetime(3), "policy_version" integer NOT NULL, "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "corrective_actions"("id", "workflow_id", "source_type", "source_id", "source_workflow_id", "n", "kind", "description", "org_unit_id", "verifier_org_unit_id", "status", "due_at", "round", "verified_at", "next_recheck_at", "rechecks_passed", "rechecks_failed", "closed_at", "policy_version", "updated_at") SELECT "id", "workflow_id", "source_type", "source_id", "source_workflow_id", "n", "kind", "description", "org_unit_id", "verifier_org_unit_id", "status", "due_at", "round", "verified_at", "next_recheck_at", "rechecks_passed", "rechecks_failed", "closed_at", "policy_version", "updated_at" FROM "temporary_corrective_actions"',
    );
    await queryRunner.query('DROP TABLE "temporary_corrective_actions"');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_workflow" ON "corrective_actions" ("workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_source" ON "corrective_actions" ("source_id") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_org_unit" ON "corrective_actions" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_status" ON "corrective_actions" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_corrective_actions_next_recheck" ON "corrective_actions" ("next_recheck_at") ');
    await queryRunner.query('CREATE INDEX "idx_incidents_occurred_at" ON "incidents" ("occurred_at") ');
  }
}
