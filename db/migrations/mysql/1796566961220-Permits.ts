import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlPermits1796566961220 implements MigrationInterface {
  name = 'MysqlPermits1796566961220';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `work_areas` (`id` varchar(36) NOT NULL, `code` varchar(64) NOT NULL, `name` varchar(200) NOT NULL, `kind` varchar(16) NOT NULL, `parent_id` varchar(36) NULL, `org_unit_id` varchar(36) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_work_areas_code` (`code`), INDEX `idx_work_areas_parent` (`parent_id`), INDEX `idx_work_areas_org_unit` (`org_unit_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `certificates` (`id` varchar(36) NOT NULL, `person_id` varchar(36) NOT NULL, `type` varchar(32) NOT NULL, `number` varchar(64) NOT NULL, `issued_on` date NOT NULL, `expires_on` date NULL, `review_on` date NULL, `revoked_at` datetime(3) NULL, `revoked_reason` varchar(500) NULL, `reminded_days` int NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_certificates_expires` (`expires_on`), INDEX `idx_certificates_person_type` (`person_id`, `type`), UNIQUE INDEX `uq_certificates_type_number` (`type`, `number`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `permits` (`id` varchar(36) NOT NULL, `workflow_id` varchar(200) NOT NULL, `number` varchar(40) NOT NULL, `type` varchar(32) NOT NULL, `level` varchar(16) NOT NULL, `area_id` varchar(36) NOT NULL, `equipment_id` varchar(36) NULL, `org_unit_id` varchar(36) NOT NULL, `work_content` text NOT NULL, `window_from` datetime(3) NOT NULL, `window_to` datetime(3) NOT NULL, `requester_user_id` varchar(36) NOT NULL, `contractor` varchar(200) NULL, `jsa` text NOT NULL, `measures` text NOT NULL, `conflicts` text NOT NULL, `status` varchar(16) NOT NULL, `suspension_reason` varchar(32) NULL, `suspensions` int NOT NULL DEFAULT '0', `issued_at` datetime(3) NULL, `valid_until` datetime(3) NULL, `last_gas_test_at` datetime(3) NULL, `next_clock_at` datetime(3) NULL, `next_clock` varchar(24) NULL, `escalation_level` int NOT NULL DEFAULT '0', `completed_at` datetime(3) NULL, `closed_at` datetime(3) NULL, `compliant` tinyint NULL, `policy_version` int NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_permits_workflow` (`workflow_id`), UNIQUE INDEX `uq_permits_number` (`number`), INDEX `idx_permits_org_unit` (`org_unit_id`), INDEX `idx_permits_status` (`status`), INDEX `idx_permits_area_status` (`area_id`, `status`, `window_from`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `permit_crew` (`id` varchar(36) NOT NULL, `permit_id` varchar(36) NOT NULL, `person_id` varchar(36) NOT NULL, `role` varchar(16) NOT NULL, INDEX `idx_permit_crew_person` (`person_id`), UNIQUE INDEX `uq_permit_crew` (`permit_id`, `person_id`, `role`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `permit_gas_tests` (`id` varchar(36) NOT NULL, `permit_id` varchar(36) NOT NULL, `taken_at` datetime(3) NOT NULL, `tester_user_id` varchar(36) NOT NULL, `readings` text NOT NULL, `passed` tinyint NOT NULL, `verdict` text NOT NULL, INDEX `idx_permit_gas_tests_permit` (`permit_id`, `taken_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `permit_events` (`id` varchar(255) NOT NULL, `at` datetime(3) NOT NULL, `type` varchar(48) NOT NULL, `actor` varchar(200) NOT NULL, `data` text NOT NULL, `permit_id` varchar(36) NOT NULL, INDEX `idx_permit_events_permit` (`permit_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_permit_events_permit` ON `permit_events`');
    await queryRunner.query('DROP TABLE `permit_events`');
    await queryRunner.query('DROP INDEX `idx_permit_gas_tests_permit` ON `permit_gas_tests`');
    await queryRunner.query('DROP TABLE `permit_gas_tests`');
    await queryRunner.query('DROP INDEX `uq_permit_crew` ON `permit_crew`');
    await queryRunner.query('DROP INDEX `idx_permit_crew_person` ON `permit_crew`');
    await queryRunner.query('DROP TABLE `permit_crew`');
    await queryRunner.query('DROP INDEX `idx_permits_area_status` ON `permits`');
    await queryRunner.query('DROP INDEX `idx_permits_status` ON `permits`');
    await queryRunner.query('DROP INDEX `idx_permits_org_unit` ON `permits`');
    await queryRunner.query('DROP INDEX `uq_permits_number` ON `permits`');
    await queryRunner.query('DROP INDEX `idx_permits_workflow` ON `permits`');
    await queryRunner.query('DROP TABLE `permits`');
    await queryRunner.query('DROP INDEX `uq_certificates_type_number` ON `certificates`');
    await queryRunner.query('DROP INDEX `idx_certificates_person_type` ON `certificates`');
    await queryRunner.query('DROP INDEX `idx_certificates_expires` ON `certificates`');
    await queryRunner.query('DROP TABLE `certificates`');
    await queryRunner.query('DROP INDEX `idx_work_areas_org_unit` ON `work_areas`');
    await queryRunner.query('DROP INDEX `idx_work_areas_parent` ON `work_areas`');
    await queryRunner.query('DROP INDEX `uq_work_areas_code` ON `work_areas`');
    await queryRunner.query('DROP TABLE `work_areas`');
  }
}
