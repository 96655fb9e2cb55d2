import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteDashboardIndexes1795294650972 implements MigrationInterface {
  name = 'SqliteDashboardIndexes1795294650972';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "dashboard_handoffs" ("task_id" varchar(200) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "created_at" datetime(6) NOT NULL, "from_unit_id" varchar(36), "to_unit_id" varchar(36) NOT NULL, "completed_at" datetime(3), "seconds" double, "task_updated_at" datetime(6) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_dashboard_handoffs_workflow" ON "dashboard_handoffs" ("workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_dashboard_handoffs_source" ON "dashboard_handoffs" ("task_updated_at") ');
    await queryRunner.query('CREATE INDEX "idx_dashboard_handoffs_period" ON "dashboard_handoffs" ("created_at", "from_unit_id", "to_unit_id", "seconds") ');
    await queryRunner.query('CREATE INDEX "idx_emergencies_workflow" ON "emergencies" ("workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_hazards_workflow" ON "hazards" ("workflow_id") ');
    await queryRunner.query(
      'CREATE INDEX "idx_hazards_closed_cover" ON "hazards" ("closed_at", "status", "acknowledged_at", "graded_at", "reported_at", "responsible_org_unit_id", "org_unit_id", "responsible_person_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_hazards_reported_cover" ON "hazards" ("reported_at", "status", "responsible_org_unit_id", "org_unit_id", "responsible_person_id", "category", "risk_level", "severity", "overdue") ',
    );
    await queryRunner.query('CREATE INDEX "idx_facts_kind_occurred" ON "facts" ("kind", "occurred_at", "value", "org_unit_id", "person_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_updated_at" ON "tasks" ("updated_at") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_due_cover" ON "tasks" ("due_at", "status", "completed_at", "org_unit_id", "assignee_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_workflow_chain" ON "tasks" ("workflow_id", "created_at", "org_unit_id", "completed_at", "updated_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_tasks_workflow_chain"');
    await queryRunner.query('DROP INDEX "idx_tasks_due_cover"');
    await queryRunner.query('DROP INDEX "idx_tasks_updated_at"');
    await queryRunner.query('DROP INDEX "idx_facts_kind_occurred"');
    await queryRunner.query('DROP INDEX "idx_hazards_reported_cover"');
    await queryRunner.query('DROP INDEX "idx_hazards_closed_cover"');
    await queryRunner.query('DROP INDEX "idx_hazards_workflow"');
    await queryRunner.query('DROP INDEX "idx_emergencies_workflow"');
    await queryRunner.query('DROP INDEX "idx_dashboard_handoffs_period"');
    await queryRunner.query('DROP INDEX "idx_dashboard_handoffs_source"');
    await queryRunner.query('DROP INDEX "idx_dashboard_handoffs_workflow"');
    await queryRunner.query('DROP TABLE "dashboard_handoffs"');
  }
}
