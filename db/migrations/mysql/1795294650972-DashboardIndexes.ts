import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlDashboardIndexes1795294650972 implements MigrationInterface {
  name = 'MysqlDashboardIndexes1795294650972';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `dashboard_handoffs` (`task_id` varchar(200) NOT NULL, `workflow_id` varchar(200) NOT NULL, `created_at` datetime(6) NOT NULL, `from_unit_id` varchar(36) NULL, `to_unit_id` varchar(36) NOT NULL, `completed_at` datetime(3) NULL, `seconds` double NULL, `task_updated_at` datetime(6) NOT NULL, INDEX `idx_dashboard_handoffs_workflow` (`workflow_id`), INDEX `idx_dashboard_handoffs_source` (`task_updated_at`), INDEX `idx_dashboard_handoffs_period` (`created_at`, `from_unit_id`, `to_unit_id`, `seconds`), PRIMARY KEY (`task_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query('CREATE INDEX `idx_emergencies_workflow` ON `emergencies` (`workflow_id`)');
    await queryRunner.query('CREATE INDEX `idx_hazards_workflow` ON `hazards` (`workflow_id`)');
    await queryRunner.query(
      'CREATE INDEX `idx_hazards_closed_cover` ON `hazards` (`closed_at`, `status`, `acknowledged_at`, `graded_at`, `reported_at`, `responsible_org_unit_id`, `org_unit_id`, `responsible_person_id`)',
    );
    await queryRunner.query(
      'CREATE INDEX `idx_hazards_reported_cover` ON `hazards` (`reported_at`, `status`, `responsible_org_unit_id`, `org_unit_id`, `responsible_person_id`, `category`, `risk_level`, `severity`, `overdue`)',
    );
    await queryRunner.query('CREATE INDEX `idx_facts_kind_occurred` ON `facts` (`kind`, `occurred_at`, `value`, `org_unit_id`, `person_id`)');
    await queryRunner.query('CREATE INDEX `idx_tasks_updated_at` ON `tasks` (`updated_at`)');
    await queryRunner.query('CREATE INDEX `idx_tasks_due_cover` ON `tasks` (`due_at`, `status`, `completed_at`, `org_unit_id`, `assignee_user_id`)');
    await queryRunner.query('CREATE INDEX `idx_tasks_workflow_chain` ON `tasks` (`workflow_id`, `created_at`, `org_unit_id`, `completed_at`, `updated_at`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_tasks_workflow_chain` ON `tasks`');
    await queryRunner.query('DROP INDEX `idx_tasks_due_cover` ON `tasks`');
    await queryRunner.query('DROP INDEX `idx_tasks_updated_at` ON `tasks`');
    await queryRunner.query('DROP INDEX `idx_facts_kind_occurred` ON `facts`');
    await queryRunner.query('DROP INDEX `idx_hazards_reported_cover` ON `hazards`');
    await queryRunner.query('DROP INDEX `idx_hazards_closed_cover` ON `hazards`');
    await queryRunner.query('DROP INDEX `idx_hazards_workflow` ON `hazards`');
    await queryRunner.query('DROP INDEX `idx_emergencies_workflow` ON `emergencies`');
    await queryRunner.query('DROP INDEX `idx_dashboard_handoffs_period` ON `dashboard_handoffs`');
    await queryRunner.query('DROP INDEX `idx_dashboard_handoffs_source` ON `dashboard_handoffs`');
    await queryRunner.query('DROP INDEX `idx_dashboard_handoffs_workflow` ON `dashboard_handoffs`');
    await queryRunner.query('DROP TABLE `dashboard_handoffs`');
  }
}
