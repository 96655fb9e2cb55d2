import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlAppeals1795288830897 implements MigrationInterface {
  name = 'MysqlAppeals1795288830897';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `score_appeals` (`id` varchar(36) NOT NULL, `workflow_id` varchar(200) NOT NULL, `cycle_id` varchar(100) NOT NULL, `snapshot_version` int NOT NULL, `subject_id` varchar(36) NOT NULL, `line_code` varchar(64) NOT NULL, `level` int NOT NULL, `parent_appeal_id` varchar(36) NULL, `appellant` varchar(64) NOT NULL, `reviewer_org_unit_id` varchar(36) NOT NULL, `reason` text NOT NULL, `status` varchar(16) NOT NULL, `decided_by` varchar(64) NULL, `decided_at` datetime(3) NULL, `delta` double NULL, `decision_reason` text NULL, `evidence_ids` text NOT NULL, `new_version` int NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_score_appeals_line` (`cycle_id`, `subject_id`, `line_code`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `score_adjustments` (`id` varchar(36) NOT NULL, `workflow_id` varchar(200) NOT NULL, `cycle_id` varchar(100) NOT NULL, `subject_type` varchar(16) NOT NULL, `subject_id` varchar(36) NOT NULL, `line_code` varchar(64) NULL, `delta` double NOT NULL, `reason_code` varchar(32) NOT NULL, `text` text NOT NULL, `proposed_by` varchar(64) NOT NULL, `status` varchar(16) NOT NULL, `decided_by` varchar(64) NULL, `decided_at` datetime(3) NULL, `decision_reason` text NULL, `new_version` int NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_score_adjustments_cycle` (`cycle_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_score_adjustments_cycle` ON `score_adjustments`');
    await queryRunner.query('DROP TABLE `score_adjustments`');
    await queryRunner.query('DROP INDEX `idx_score_appeals_line` ON `score_appeals`');
    await queryRunner.query('DROP TABLE `score_appeals`');
  }
}
