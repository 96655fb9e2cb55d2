import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildProcessMonitor } from '../../projections/process-monitor';

export class MysqlProcessMonitor1796611383388 implements MigrationInterface {
  name = 'MysqlProcessMonitor1796611383388';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `process_monitor` (`workflow_id` varchar(200) NOT NULL, `type` varchar(16) NOT NULL, `status` varchar(32) NOT NULL, `severity` varchar(32) NULL, `org_unit_id` varchar(36) NULL, `department_id` varchar(36) NULL, `unit_paths` text NOT NULL, `started_at` datetime(3) NOT NULL, `title` varchar(300) NOT NULL, `title_zh` varchar(300) NULL, `step_titles` text NOT NULL, `deadline` datetime(3) NULL, `marked_overdue` tinyint NOT NULL DEFAULT 0, `escalation_level` int NOT NULL DEFAULT '0', INDEX `idx_process_monitor_escalation` (`escalation_level`, `deadline`), INDEX `idx_process_monitor_started` (`started_at`, `workflow_id`), INDEX `idx_process_monitor_deadline` (`deadline`, `started_at`, `workflow_id`), PRIMARY KEY (`workflow_id`)) ENGINE=InnoDB",
    );
    // The rows of what runs now (running hazards, open notices), by the same code that keeps them
    // current: a notice's Chinese title is its stored text rendered, which SQL cannot do. It runs
    // today's code: a later column of this table moves this backfill after its own migration.
    await rebuildProcessMonitor(queryRunner.manager);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_process_monitor_deadline` ON `process_monitor`');
    await queryRunner.query('DROP INDEX `idx_process_monitor_started` ON `process_monitor`');
    await queryRunner.query('DROP INDEX `idx_process_monitor_escalation` ON `process_monitor`');
    await queryRunner.query('DROP TABLE `process_monitor`');
  }
}
