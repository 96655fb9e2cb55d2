import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteServerTexts1796578460279 implements MigrationInterface {
  name = 'SqliteServerTexts1796578460279';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_notifications_recipient"');
    await queryRunner.query(
      'CREATE TABLE "temporary_notifications" ("id" varchar(255) PRIMARY KEY NOT NULL, "recipient_user_id" varchar(36), "address" varchar(500), "channel" varchar(16) NOT NULL, "severity" varchar(16) NOT NULL, "subject" varchar(300) NOT NULL, "body" text NOT NULL, "link" varchar(500), "source" varchar(200), "status" varchar(16) NOT NULL, "deliver_after" datetime(3), "sent_at" datetime(3), "read_at" datetime(3), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "subject_text" text, "body_text" text)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_notifications"("id", "recipient_user_id", "address", "channel", "severity", "subject", "body", "link", "source", "status", "deliver_after", "sent_at", "read_at", "created_at") SELECT "id", "recipient_user_id", "address", "channel", "severity", "subject", "body", "link", "source", "status", "deliver_after", "sent_at", "read_at", "created_at" FROM "notifications"',
    );
    await queryRunner.query('DROP TABLE "notifications"');
    await queryRunner.query('ALTER TABLE "temporary_notifications" RENAME TO "notifications"');
    await queryRunner.query('CREATE INDEX "idx_notifications_recipient" ON "notifications" ("recipient_user_id") ');
    await queryRunner.query('DROP INDEX "idx_tasks_status_unit"');
    await queryRunner.query('DROP INDEX "idx_tasks_workflow_chain"');
    await queryRunner.query('DROP INDEX "idx_tasks_due_cover"');
    await queryRunner.query('DROP INDEX "idx_tasks_updated_at"');
    await queryRunner.query('DROP INDEX "idx_tasks_assignee"');
    await queryRunner.query('DROP INDEX "idx_tasks_org_unit"');
    await queryRunner.query('DROP INDEX "idx_tasks_workflow"');
    await queryRunner.query(
      'CREATE TABLE "temporary_tasks" ("id" varchar(200) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "process_type" varchar(32) NOT NULL, "task_type" varchar(64) NOT NULL, "title" varchar(300) NOT NULL, "description" text, "org_unit_id" varchar(36) NOT NULL, "candidate_role" varchar(32), "assignee_user_id" varchar(36), "status" varchar(16) NOT NULL, "due_at" datetime(3), "follow_up_at" datetime(3), "priority" varchar(16) NOT NULL DEFAULT (\'normal\'), "completed_by" varchar(64), "completed_on_behalf_of" varchar(64), "completed_at" datetime(3), "result" text, "delegated_from_user_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "context" text, "escalation_level" integer NOT NULL DEFAULT (0), "title_text" text, "description_text" text)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_tasks"("id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at", "context", "escalation_level") SELECT "id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at", "context", "escalation_level" FROM "tasks"',
    );
    await queryRunner.query('DROP TABLE "tasks"');
    await queryRunner.query('ALTER TABLE "temporary_tasks" RENAME TO "tasks"');
    await queryRunner.query('CREATE INDEX "idx_tasks_status_unit" ON "tasks" ("status", "org_unit_id", "completed_by", "due_at") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow_chain" ON "tasks" ("workflow_id", "created_at", "org_unit_id", "completed_at", "updated_at") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_due_cover" ON "tasks" ("due_at", "status", "completed_at", "org_unit_id", "assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_updated_at" ON "tasks" ("updated_at") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_assignee" ON "tasks" ("assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_org_unit" ON "tasks" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow" ON "tasks" ("workflow_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_tasks_workflow"');
    await queryRunner.query('DROP INDEX "idx_tasks_org_unit"');
    await queryRunner.query('DROP INDEX "idx_tasks_assignee"');
    await queryRunner.query('DROP INDEX "idx_tasks_updated_at"');
    await queryRunner.query('DROP INDEX "idx_tasks_due_cover"');
    await queryRunner.query('DROP INDEX "idx_tasks_workflow_chain"');
    await queryRunner.query('DROP INDEX "idx_tasks_status_unit"');
    await queryRunner.query('ALTER TABLE "tasks" RENAME TO "temporary_tasks"');
    await queryRunner.query(
      'CREATE TABLE "tasks" ("id" varchar(200) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "process_type" varchar(32) NOT NULL, "task_type" varchar(64) NOT NULL, "title" varchar(300) NOT NULL, "description" text, "org_unit_id" varchar(36) NOT NULL, "candidate_role" varchar(32), "assignee_user_id" varchar(36), "status" varchar(16) NOT NULL, "due_at" datetime(3), "follow_up_at" datetime(3), "priority" varchar(16) NOT NULL DEFAULT (\'normal\'), "completed_by" varchar(64), "completed_on_behalf_of" varchar(64), "completed_at" datetime(3), "result" text, "delegated_from_user_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "context" text, "escalation_level" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "tasks"("id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at", "context", "escalation_level") SELECT "id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at", "context", "escalation_level" FROM "temporary_tasks"',
    );
    await queryRunner.query('DROP TABLE "temporary_tasks"');
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow" ON "tasks" ("workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_org_unit" ON "tasks" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_assignee" ON "tasks" ("assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_updated_at" ON "tasks" ("updated_at") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_due_cover" ON "tasks" ("due_at", "status", "completed_at", "org_unit_id", "assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow_chain" ON "tasks" ("workflow_id", "created_at", "org_unit_id", "completed_at", "updated_at") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_status_unit" ON "tasks" ("status", "org_unit_id", "completed_by", "due_at") ');
    await queryRunner.query('DROP INDEX "idx_notifications_recipient"');
    await queryRunner.query('ALTER TABLE "notifications" RENAME TO "temporary_notifications"');
    await queryRunner.query(
      'CREATE TABLE "notifications" ("id" varchar(255) PRIMARY KEY NOT NULL, "recipient_user_id" varchar(36), "address" varchar(500), "channel" varchar(16) NOT NULL, "severity" varchar(16) NOT NULL, "subject" varchar(300) NOT NULL, "body" text NOT NULL, "link" varchar(500), "source" varchar(200), "status" varchar(16) NOT NULL, "deliver_after" datetime(3), "sent_at" datetime(3), "read_at" datetime(3), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "notifications"("id", "recipient_user_id", "address", "channel", "severity", "subject", "body", "link", "source", "status", "deliver_after", "sent_at", "read_at", "created_at") SELECT "id", "recipient_user_id", "address", "channel", "severity", "subject", "body", "link", "source", "status", "deliver_after", "sent_at", "read_at", "created_at" FROM "temporary_notifications"',
    );
    await queryRunner.query('DROP TABLE "temporary_notifications"');
    await queryRunner.query('CREATE INDEX "idx_notifications_recipient" ON "notifications" ("recipient_user_id") ');
  }
}
