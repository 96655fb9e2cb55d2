import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlHazards1795276576527 implements MigrationInterface {
  name = 'MysqlHazards1795276576527';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `hazards` (`id` varchar(36) NOT NULL, `workflow_id` varchar(200) NOT NULL, `title` varchar(200) NOT NULL, `description` text NOT NULL, `category` varchar(32) NOT NULL, `area` varchar(200) NOT NULL, `org_unit_id` varchar(36) NOT NULL, `suspected_severity` varchar(16) NOT NULL, `evidence_ids` text NOT NULL, `reporter_user_id` varchar(36) NOT NULL, `reporter_person_id` varchar(36) NULL, `status` varchar(32) NOT NULL, `severity` varchar(16) NULL, `risk_likelihood` int NULL, `risk_severity` int NULL, `risk_score` int NULL, `risk_level` varchar(16) NULL, `responsible_org_unit_id` varchar(36) NULL, `responsible_person_id` varchar(36) NULL, `due_at` datetime(3) NULL, `escalation_level` int NOT NULL DEFAULT '0', `overdue` tinyint NOT NULL DEFAULT 0, `overdue_days` int NOT NULL DEFAULT '0', `rework_count` int NOT NULL DEFAULT '0', `reported_at` datetime(3) NOT NULL, `graded_at` datetime(3) NULL, `acknowledged_at` datetime(3) NULL, `closed_at` datetime(3) NULL, `cancel_reason` varchar(500) NULL, `policy_version` int NOT NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_hazards_category` (`category`), INDEX `idx_hazards_org_unit` (`org_unit_id`), INDEX `idx_hazards_status` (`status`), INDEX `idx_hazards_severity` (`severity`), INDEX `idx_hazards_responsible_unit` (`responsible_org_unit_id`), INDEX `idx_hazards_overdue` (`overdue`), INDEX `idx_hazards_reported_at` (`reported_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `hazard_events` (`id` varchar(255) NOT NULL, `hazard_id` varchar(36) NOT NULL, `at` datetime(3) NOT NULL, `type` varchar(48) NOT NULL, `actor` varchar(200) NOT NULL, `data` text NOT NULL, INDEX `idx_hazard_events_hazard` (`hazard_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `facts` (`id` varchar(255) NOT NULL, `kind` varchar(48) NOT NULL, `person_id` varchar(36) NULL, `attribution` varchar(24) NOT NULL, `org_unit_id` varchar(36) NULL, `department_head_person_id` varchar(36) NULL, `source_workflow_id` varchar(200) NOT NULL, `subject_id` varchar(64) NOT NULL, `value` double NULL, `occurred_at` datetime(3) NOT NULL, `data` text NOT NULL, `policy_version` int NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_facts_kind` (`kind`), INDEX `idx_facts_person` (`person_id`), INDEX `idx_facts_org_unit` (`org_unit_id`), INDEX `idx_facts_subject` (`subject_id`), INDEX `idx_facts_occurred_at` (`occurred_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `evidence` (`id` varchar(64) NOT NULL, `file_name` varchar(255) NOT NULL, `mime_type` varchar(64) NOT NULL, `size` int NOT NULL, `uploaded_by` varchar(64) NOT NULL, `org_unit_id` varchar(36) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `evidence`');
    await queryRunner.query('DROP INDEX `idx_facts_occurred_at` ON `facts`');
    await queryRunner.query('DROP INDEX `idx_facts_subject` ON `facts`');
    await queryRunner.query('DROP INDEX `idx_facts_org_unit` ON `facts`');
    await queryRunner.query('DROP INDEX `idx_facts_person` ON `facts`');
    await queryRunner.query('DROP INDEX `idx_facts_kind` ON `facts`');
    await queryRunner.query('DROP TABLE `facts`');
    await queryRunner.query('DROP INDEX `idx_hazard_events_hazard` ON `hazard_events`');
    await queryRunner.query('DROP TABLE `hazard_events`');
    await queryRunner.query('DROP INDEX `idx_hazards_reported_at` ON `hazards`');
    await queryRunner.query('DROP INDEX `idx_hazards_overdue` ON `hazards`');
    await queryRunner.query('DROP INDEX `idx_hazards_responsible_unit` ON `hazards`');
    await queryRunner.query('DROP INDEX `idx_hazards_severity` ON `hazards`');
    await queryRunner.query('DROP INDEX `idx_hazards_status` ON `hazards`');
    await queryRunner.query('DROP INDEX `idx_hazards_org_unit` ON `hazards`');
    await queryRunner.query('DROP INDEX `idx_hazards_category` ON `hazards`');
    await queryRunner.query('DROP TABLE `hazards`');
  }
}
