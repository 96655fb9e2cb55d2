import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteRiskAssessments1795283755882 implements MigrationInterface {
  name = 'SqliteRiskAssessments1795283755882';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "risk_assessments" ("id" varchar(100) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "title" varchar(200) NOT NULL, "area" varchar(200) NOT NULL, "org_unit_id" varchar(36) NOT NULL, "plant_id" varchar(36) NOT NULL, "departments" text NOT NULL, "status" varchar(32) NOT NULL, "schedule_id" varchar(200), "initiated_by" varchar(64) NOT NULL, "gaps" text NOT NULL, "item_count" integer NOT NULL DEFAULT (0), "measure_count" integer NOT NULL DEFAULT (0), "failed_measures" integer NOT NULL DEFAULT (0), "due_at" datetime(3), "escalation_level" integer NOT NULL DEFAULT (0), "overdue" boolean NOT NULL DEFAULT (0), "started_at" datetime(3) NOT NULL, "compiled_at" datetime(3), "closed_at" datetime(3), "policy_version" integer NOT NULL, "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_risk_assessments_org_unit" ON "risk_assessments" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_risk_assessments_plant" ON "risk_assessments" ("plant_id") ');
    await queryRunner.query('CREATE INDEX "idx_risk_assessments_status" ON "risk_assessments" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_risk_assessments_overdue" ON "risk_assessments" ("overdue") ');
    await queryRunner.query('CREATE INDEX "idx_risk_assessments_started_at" ON "risk_assessments" ("started_at") ');
    await queryRunner.query(
      'CREATE TABLE "risk_assessment_events" ("id" varchar(255) PRIMARY KEY NOT NULL, "assessment_id" varchar(100) NOT NULL, "at" datetime(3) NOT NULL, "type" varchar(48) NOT NULL, "actor" varchar(200) NOT NULL, "data" text NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_risk_assessment_events_assessment" ON "risk_assessment_events" ("assessment_id") ');
    await queryRunner.query(
      'CREATE TABLE "risk_register_items" ("id" varchar(200) PRIMARY KEY NOT NULL, "assessment_id" varchar(100) NOT NULL, "key" varchar(90) NOT NULL, "position" integer NOT NULL, "title" varchar(300) NOT NULL, "source" varchar(100) NOT NULL, "likelihood" integer NOT NULL, "severity" integer NOT NULL, "score" integer NOT NULL, "level" varchar(16) NOT NULL, "owner_org_unit_id" varchar(36) NOT NULL)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_risk_register_items_key" ON "risk_register_items" ("assessment_id", "key") ');
    await queryRunner.query(
      'CREATE TABLE "risk_measures" ("id" varchar(120) PRIMARY KEY NOT NULL, "assessment_id" varchar(100) NOT NULL, "n" integer NOT NULL, "item_key" varchar(90) NOT NULL, "description" text NOT NULL, "owner_org_unit_id" varchar(36) NOT NULL, "due_at" datetime(3) NOT NULL, "status" varchar(16) NOT NULL, "done_at" datetime(3), "verified_at" datetime(3), "verified_by" varchar(64), "reason" text, "hazard_id" varchar(36))',
    );
    await queryRunner.query('CREATE INDEX "idx_risk_measures_assessment" ON "risk_measures" ("assessment_id") ');
    await queryRunner.query('DROP INDEX "idx_tasks_status"');
    await queryRunner.query('DROP INDEX "idx_tasks_assignee"');
    await queryRunner.query('DROP INDEX "idx_tasks_org_unit"');
    await queryRunner.query('DROP INDEX "idx_tasks_workflow"');
    await queryRunner.query(
      'CREATE TABLE "temporary_tasks" ("id" varchar(200) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "process_type" varchar(32) NOT NULL, "task_type" varchar(64) NOT NULL, "title" varchar(300) NOT NULL, "description" text, "org_unit_id" varchar(36) NOT NULL, "candidate_role" varchar(32), "assignee_user_id" varchar(36), "status" varchar(16) NOT NULL, "due_at" datetime(3), "follow_up_at" datetime(3), "priority" varchar(16) NOT NULL DEFAULT (\'normal\'), "completed_by" varchar(64), "completed_on_behalf_of" varchar(64), "completed_at" datetime(3), "result" text, "delegated_from_user_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "context" text)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_tasks"("id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at") SELECT "id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at" FROM "tasks"',
    );
    await queryRunner.query('DROP TABLE "tasks"');
    await queryRunner.query('ALTER TABLE "temporary_tasks" RENAME TO "tasks"');
    await queryRunner.query('CREATE INDEX "idx_tasks_status" ON "tasks" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_assignee" ON "tasks" ("assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_org_unit" ON "tasks" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow" ON "tasks" ("workflow_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_tasks_workflow"');
    await queryRunner.query('DROP INDEX "idx_tasks_org_unit"');
    await queryRunner.query('DROP INDEX "idx_tasks_assignee"');
    await queryRunner.query('DROP INDEX "idx_tasks_status"');
    await queryRunner.query('ALTER TABLE "tasks" RENAME TO "temporary_tasks"');
    await queryRunner.query(
      'CREATE TABLE "tasks" ("id" varchar(200) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "process_type" varchar(32) NOT NULL, "task_type" varchar(64) NOT NULL, "title" varchar(300) NOT NULL, "description" text, "org_unit_id" varchar(36) NOT NULL, "candidate_role" varchar(32), "assignee_user_id" varchar(36), "status" varchar(16) NOT NULL, "due_at" datetime(3), "follow_up_at" datetime(3), "priority" varchar(16) NOT NULL DEFAULT (\'normal\'), "completed_by" varchar(64), "completed_on_behalf_of" varchar(64), "completed_at" datetime(3), "result" text, "delegated_from_user_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "tasks"("id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at") SELECT "id", "workflow_id", "process_type", "task_type", "title", "description", "org_unit_id", "candidate_role", "assignee_user_id", "status", "due_at", "follow_up_at", "priority", "completed_by", "completed_on_behalf_of", "completed_at", "result", "delegated_from_user_id", "created_at", "updated_at" FROM "temporary_tasks"',
    );
    await queryRunner.query('DROP TABLE "temporary_tasks"');
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow" ON "tasks" ("workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_org_unit" ON "tasks" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_assignee" ON "tasks" ("assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_status" ON "tasks" ("status") ');
    await queryRunner.query('DROP INDEX "idx_risk_measures_assessment"');
    await queryRunner.query('DROP TABLE "risk_measures"');
    await queryRunner.query('DROP INDEX "uq_risk_register_items_key"');
    await queryRunner.query('DROP TABLE "risk_register_items"');
    await queryRunner.query('DROP INDEX "idx_risk_assessment_events_assessment"');
    await queryRunner.query('DROP TABLE "risk_assessment_events"');
    await queryRunner.query('DROP INDEX "idx_risk_assessments_started_at"');
    await queryRunner.query('DROP INDEX "idx_risk_assessments_overdue"');
    await queryRunner.query('DROP INDEX "idx_risk_assessments_status"');
    await queryRunner.query('DROP INDEX "idx_risk_assessments_plant"');
    await queryRunner.query('DROP INDEX "idx_risk_assessments_org_unit"');
    await queryRunner.query('DROP TABLE "risk_assessments"');
  }
}
