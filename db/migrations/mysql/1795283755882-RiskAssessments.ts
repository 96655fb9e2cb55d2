import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlRiskAssessments1795283755882 implements MigrationInterface {
  name = 'MysqlRiskAssessments1795283755882';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `risk_assessments` (`id` varchar(100) NOT NULL, `workflow_id` varchar(200) NOT NULL, `title` varchar(200) NOT NULL, `area` varchar(200) NOT NULL, `org_unit_id` varchar(36) NOT NULL, `plant_id` varchar(36) NOT NULL, `departments` text NOT NULL, `status` varchar(32) NOT NULL, `schedule_id` varchar(200) NULL, `initiated_by` varchar(64) NOT NULL, `gaps` text NOT NULL, `item_count` int NOT NULL DEFAULT '0', `measure_count` int NOT NULL DEFAULT '0', `failed_measures` int NOT NULL DEFAULT '0', `due_at` datetime(3) NULL, `escalation_level` int NOT NULL DEFAULT '0', `overdue` tinyint NOT NULL DEFAULT 0, `started_at` datetime(3) NOT NULL, `compiled_at` datetime(3) NULL, `closed_at` datetime(3) NULL, `policy_version` int NOT NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_risk_assessments_org_unit` (`org_unit_id`), INDEX `idx_risk_assessments_plant` (`plant_id`), INDEX `idx_risk_assessments_status` (`status`), INDEX `idx_risk_assessments_overdue` (`overdue`), INDEX `idx_risk_assessments_started_at` (`started_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `risk_assessment_events` (`id` varchar(255) NOT NULL, `assessment_id` varchar(100) NOT NULL, `at` datetime(3) NOT NULL, `type` varchar(48) NOT NULL, `actor` varchar(200) NOT NULL, `data` text NOT NULL, INDEX `idx_risk_assessment_events_assessment` (`assessment_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `risk_register_items` (`id` varchar(200) NOT NULL, `assessment_id` varchar(100) NOT NULL, `key` varchar(90) NOT NULL, `position` int NOT NULL, `title` varchar(300) NOT NULL, `source` varchar(100) NOT NULL, `likelihood` int NOT NULL, `severity` int NOT NULL, `score` int NOT NULL, `level` varchar(16) NOT NULL, `owner_org_unit_id` varchar(36) NOT NULL, UNIQUE INDEX `uq_risk_register_items_key` (`assessment_id`, `key`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `risk_measures` (`id` varchar(120) NOT NULL, `assessment_id` varchar(100) NOT NULL, `n` int NOT NULL, `item_key` varchar(90) NOT NULL, `description` text NOT NULL, `owner_org_unit_id` varchar(36) NOT NULL, `due_at` datetime(3) NOT NULL, `status` varchar(16) NOT NULL, `done_at` datetime(3) NULL, `verified_at` datetime(3) NULL, `verified_by` varchar(64) NULL, `reason` text NULL, `hazard_id` varchar(36) NULL, INDEX `idx_risk_measures_assessment` (`assessment_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query('ALTER TABLE `tasks` ADD `context` text NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `tasks` DROP COLUMN `context`');
    await queryRunner.query('DROP INDEX `idx_risk_measures_assessment` ON `risk_measures`');
    await queryRunner.query('DROP TABLE `risk_measures`');
    await queryRunner.query('DROP INDEX `uq_risk_register_items_key` ON `risk_register_items`');
    await queryRunner.query('DROP TABLE `risk_register_items`');
    await queryRunner.query('DROP INDEX `idx_risk_assessment_events_assessment` ON `risk_assessment_events`');
    await queryRunner.query('DROP TABLE `risk_assessment_events`');
    await queryRunner.query('DROP INDEX `idx_risk_assessments_started_at` ON `risk_assessments`');
    await queryRunner.query('DROP INDEX `idx_risk_assessments_overdue` ON `risk_assessments`');
    await queryRunner.query('DROP INDEX `idx_risk_assessments_status` ON `risk_assessments`');
    await queryRunner.query('DROP INDEX `idx_risk_assessments_plant` ON `risk_assessments`');
    await queryRunner.query('DROP INDEX `idx_risk_assessments_org_unit` ON `risk_assessments`');
    await queryRunner.query('DROP TABLE `risk_assessments`');
  }
}
