import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteCoreServices1795274998405 implements MigrationInterface {
  name = 'SqliteCoreServices1795274998405';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "prefix" varchar(16) NOT NULL, "secret_hash" varchar(64) NOT NULL, "user_id" varchar(36) NOT NULL, "created_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "last_used_at" datetime(3), "revoked_at" datetime(3))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_api_keys_prefix" ON "api_keys" ("prefix") ');
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("seq" integer PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "actor_type" varchar(16) NOT NULL, "actor" varchar(200) NOT NULL, "on_behalf_of" varchar(200), "action" varchar(64) NOT NULL, "entity_type" varchar(64) NOT NULL, "entity_id" varchar(200) NOT NULL, "before" text, "after" text, "org_unit_id" varchar(36), "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_audit_actor" ON "audit_log" ("actor") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity" ON "audit_log" ("entity_type") ');
    await queryRunner.query('CREATE TABLE "audit_head" ("id" integer PRIMARY KEY NOT NULL, "seq" integer NOT NULL, "hash" varchar(64) NOT NULL)');
    await queryRunner.query(
      'CREATE TABLE "notifications" ("id" varchar(255) PRIMARY KEY NOT NULL, "recipient_user_id" varchar(36), "address" varchar(500), "channel" varchar(16) NOT NULL, "severity" varchar(16) NOT NULL, "subject" varchar(300) NOT NULL, "body" text NOT NULL, "link" varchar(500), "source" varchar(200), "status" varchar(16) NOT NULL, "deliver_after" datetime(3), "sent_at" datetime(3), "read_at" datetime(3), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_notifications_recipient" ON "notifications" ("recipient_user_id") ');
    await queryRunner.query(
      'CREATE TABLE "sink_mails" ("id" varchar(36) PRIMARY KEY NOT NULL, "mail_from" varchar(320) NOT NULL, "mail_to" varchar(2000) NOT NULL, "subject" varchar(500) NOT NULL, "text" text NOT NULL, "raw" text NOT NULL, "received_at" datetime(3) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_sink_mails_received" ON "sink_mails" ("received_at") ');
    await queryRunner.query(
      'CREATE TABLE "policy_versions" ("version" integer PRIMARY KEY NOT NULL, "document" text NOT NULL, "note" varchar(500) NOT NULL, "created_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'CREATE TABLE "tasks" ("id" varchar(200) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "process_type" varchar(32) NOT NULL, "task_type" varchar(64) NOT NULL, "title" varchar(300) NOT NULL, "description" text, "org_unit_id" varchar(36) NOT NULL, "candidate_role" varchar(32), "assignee_user_id" varchar(36), "status" varchar(16) NOT NULL, "due_at" datetime(3), "follow_up_at" datetime(3), "priority" varchar(16) NOT NULL DEFAULT (\'normal\'), "completed_by" varchar(64), "completed_on_behalf_of" varchar(64), "completed_at" datetime(3), "result" text, "delegated_from_user_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow" ON "tasks" ("workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_org_unit" ON "tasks" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_assignee" ON "tasks" ("assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_status" ON "tasks" ("status") ');
    await queryRunner.query('DROP INDEX "idx_users_org_unit"');
    await queryRunner.query('DROP INDEX "uq_users_username"');
    await queryRunner.query(
      'CREATE TABLE "temporary_users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "display_name" varchar(200) NOT NULL, "password_hash" varchar(255) NOT NULL, "person_id" varchar(36), "org_unit_id" varchar(36) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "quiet_hours" text, "substitute_user_id" varchar(36), "locale" varchar(8) NOT NULL DEFAULT (\'en\'))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_users"("id", "username", "display_name", "password_hash", "person_id", "org_unit_id", "active", "created_at", "updated_at") SELECT "id", "username", "display_name", "password_hash", "person_id", "org_unit_id", "active", "created_at", "updated_at" FROM "users"',
    );
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('ALTER TABLE "temporary_users" RENAME TO "users"');
    await queryRunner.query('CREATE INDEX "idx_users_org_unit" ON "users" ("org_unit_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_users_username"');
    await queryRunner.query('DROP INDEX "idx_users_org_unit"');
    await queryRunner.query('ALTER TABLE "users" RENAME TO "temporary_users"');
    await queryRunner.query(
      'CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "display_name" varchar(200) NOT NULL, "password_hash" varchar(255) NOT NULL, "person_id" varchar(36), "org_unit_id" varchar(36) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "users"("id", "username", "display_name", "password_hash", "person_id", "org_unit_id", "active", "created_at", "updated_at") SELECT "id", "username", "display_name", "password_hash", "person_id", "org_unit_id", "active", "created_at", "updated_at" FROM "temporary_users"',
    );
    await queryRunner.query('DROP TABLE "temporary_users"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") ');
    await queryRunner.query('CREATE INDEX "idx_users_org_unit" ON "users" ("org_unit_id") ');
    await queryRunner.query('DROP INDEX "idx_tasks_status"');
    await queryRunner.query('DROP INDEX "idx_tasks_assignee"');
    await queryRunner.query('DROP INDEX "idx_tasks_org_unit"');
    await queryRunner.query('DROP INDEX "idx_tasks_workflow"');
    await queryRunner.query('DROP TABLE "tasks"');
    await queryRunner.query('DROP TABLE "policy_versions"');
    await queryRunner.query('DROP INDEX "idx_sink_mails_received"');
    await queryRunner.query('DROP TABLE "sink_mails"');
    await queryRunner.query('DROP INDEX "idx_notifications_recipient"');
    await queryRunner.query('DROP TABLE "notifications"');
    await queryRunner.query('DROP TABLE "audit_head"');
    await queryRunner.query('DROP INDEX "idx_audit_entity"');
    await queryRunner.query('DROP INDEX "idx_audit_actor"');
    await queryRunner.query('DROP TABLE "audit_log"');
    await queryRunner.query('DROP INDEX "uq_api_keys_prefix"');
    await queryRunner.query('DROP TABLE "api_keys"');
  }
}
