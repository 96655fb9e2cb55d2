import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteMonitorViews1795292824550 implements MigrationInterface {
  name = 'SqliteMonitorViews1795292824550';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "idx_audit_entity_id" ON "audit_log" ("entity_id") ');
    await queryRunner.query(
      'CREATE TABLE "saved_views" ("id" varchar(36) PRIMARY KEY NOT NULL, "page" varchar(32) NOT NULL, "name" varchar(100) NOT NULL, "owner_user_id" varchar(36) NOT NULL, "shared" boolean NOT NULL DEFAULT (0), "filters" text NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_saved_views_owner_name" ON "saved_views" ("owner_user_id", "page", "name") ');
    await queryRunner.query('DROP INDEX "idx_tasks_workflow"');
    await queryRunner.query('DROP INDEX "idx_tasks_org_unit"');
    await queryRunner.query('DROP INDEX "idx_tasks_assignee"');
    await queryRunner.query('DROP INDEX "idx_tasks_status"');
    await queryRunner.query(
      'CREATE TABLE "temporary_tasks" ("id" varchar(200) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "process_type" varchar(32) NOT NULL, "task_type" varchar(64) NOT NULL, "title" varchar(300) NOT NULL, "description" text, "org_unit_id" varchar(36) NOT NULL, "candidate_role" varchar(32), "assignee_user_id" varchar(36), "status" varchar(16) NOT NULL, "due_at" datetime(3), "follow_up_at" datetime(3), "priority" varchar(16) NOT NULL DEFAULT (\'normal\'), "completed_by" varchar(64), "completed_on_behalf_of" varchar(64), "completed_at" datetime(3), "result" text, "delegated_from_user_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "context" text, "escalation_level" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_tasks"("id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at", "context") SELECT "id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at", "context" FROM "tasks"',
    );
    await queryRunner.query('DROP TABLE "tasks"');
    await queryRunner.query('ALTER TABLE "temporary_tasks" RENAME TO "tasks"');
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow" ON "tasks" ("workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_org_unit" ON "tasks" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_assignee" ON "tasks" ("assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_status" ON "tasks" ("status") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_tasks_status"');
    await queryRunner.query('DROP INDEX "idx_tasks_assignee"');
    await queryRunner.query('DROP INDEX "idx_tasks_org_unit"');
    await queryRunner.query('DROP INDEX "idx_tasks_workflow"');
    await queryRunner.query('ALTER TABLE "tasks" RENAME TO "temporary_tasks"');
    await queryRunner.query(
      'CREATE TABLE "tasks" ("id" varchar(200) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "process_type" varchar(32) NOT NULL, "task_type" varchar(64) NOT NULL, "title" varchar(300) NOT NULL, "description" text, "org_unit_id" varchar(36) NOT NULL, "candidate_role" varchar(32), "assignee_user_id" varchar(36), "status" varchar(16) NOT NULL, "due_at" datetime(3), "follow_up_at" datetime(3), "priority" varchar(16) NOT NULL DEFAULT (\'normal\'), "completed_by" varchar(64), "completed_on_behalf_of" varchar(64), "completed_at" datetime(3), "result" text, "delegated_from_user_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "context" text)',
    );
    await queryRunner.query(
      'INSERT INTO "tasks"("id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at", "context") SELECT "id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at", "context" FROM "temporary_tasks"',
    );
    await queryRunner.query('DROP TABLE "temporary_tasks"');
    await queryRunner.query('CREATE INDEX "idx_tasks_status" ON "tasks" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_assignee" ON "tasks" ("assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_org_unit" ON "tasks" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow" ON "tasks" ("workflow_id") ');
    await queryRunner.query('DROP INDEX "uq_saved_views_owner_name"');
    await queryRunner.query('DROP TABLE "saved_views"');
    await queryRunner.query('DROP INDEX "idx_audit_entity_id"');
  }
}
