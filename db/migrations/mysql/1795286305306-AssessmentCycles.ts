import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlAssessmentCycles1795286305306 implements MigrationInterface {
  name = 'MysqlAssessmentCycles1795286305306';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `assessment_cycles` (`id` varchar(100) NOT NULL, `workflow_id` varchar(200) NOT NULL, `scope_org_unit_id` varchar(36) NOT NULL, `cadence` varchar(16) NOT NULL, `period` varchar(16) NOT NULL, `period_start` datetime(3) NOT NULL, `period_end` datetime(3) NOT NULL, `ruleset_version` int NOT NULL, `status` varchar(16) NOT NULL, `progress_done` int NOT NULL DEFAULT '0', `progress_total` int NOT NULL DEFAULT '0', `current_snapshot` int NOT NULL DEFAULT '0', `started_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `reviewed_by` varchar(64) NULL, `published_at` datetime(3) NULL, INDEX `idx_assessment_cycles_scope` (`scope_org_unit_id`), INDEX `idx_assessment_cycles_status` (`status`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `score_snapshots` (`id` varchar(120) NOT NULL, `cycle_id` varchar(100) NOT NULL, `version` int NOT NULL, `reason` varchar(16) NOT NULL, `status` varchar(16) NOT NULL, `ruleset_version` int NOT NULL, `input_hash` varchar(64) NOT NULL, `fact_count` int NOT NULL, `subject_count` int NOT NULL, `note` varchar(500) NOT NULL, `created_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `published_at` datetime(3) NULL, UNIQUE INDEX `uq_score_snapshots_cycle_version` (`cycle_id`, `version`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `score_results` (`id` varchar(255) NOT NULL, `snapshot_id` varchar(120) NOT NULL, `cycle_id` varchar(100) NOT NULL, `subject_type` varchar(16) NOT NULL, `subject_id` varchar(200) NOT NULL, `department_id` varchar(36) NULL, `total` double NOT NULL, `rating` varchar(20) NOT NULL, `summary` text NOT NULL, `lines` text NOT NULL, `input_hash` varchar(64) NOT NULL, INDEX `idx_score_results_cycle` (`cycle_id`), INDEX `idx_score_results_subject` (`subject_id`), INDEX `idx_score_results_snapshot_type` (`snapshot_id`, `subject_type`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_score_results_snapshot_type` ON `score_results`');
    await queryRunner.query('DROP INDEX `idx_score_results_subject` ON `score_results`');
    await queryRunner.query('DROP INDEX `idx_score_results_cycle` ON `score_results`');
    await queryRunner.query('DROP TABLE `score_results`');
    await queryRunner.query('DROP INDEX `uq_score_snapshots_cycle_version` ON `score_snapshots`');
    await queryRunner.query('DROP TABLE `score_snapshots`');
    await queryRunner.query('DROP INDEX `idx_assessment_cycles_status` ON `assessment_cycles`');
    await queryRunner.query('DROP INDEX `idx_assessment_cycles_scope` ON `assessment_cycles`');
    await queryRunner.query('DROP TABLE `assessment_cycles`');
  }
}
