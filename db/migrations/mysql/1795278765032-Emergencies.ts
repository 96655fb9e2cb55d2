import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlEmergencies1795278765032 implements MigrationInterface {
  name = 'MysqlEmergencies1795278765032';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `emergencies` (`id` varchar(36) NOT NULL, `workflow_id` varchar(200) NOT NULL, `type` varchar(32) NOT NULL, `location` varchar(200) NOT NULL, `description` text NOT NULL, `org_unit_id` varchar(36) NOT NULL, `injuries` tinyint NOT NULL DEFAULT 0, `drill` tinyint NOT NULL DEFAULT 0, `reporter_user_id` varchar(36) NOT NULL, `reporter_person_id` varchar(36) NULL, `status` varchar(32) NOT NULL, `due_at` datetime(3) NULL, `escalation_level` int NOT NULL DEFAULT '0', `overdue` tinyint NOT NULL DEFAULT 0, `reported_at` datetime(3) NOT NULL, `acknowledged_at` datetime(3) NULL, `controlled_at` datetime(3) NULL, `reviewed_at` datetime(3) NULL, `closed_at` datetime(3) NULL, `policy_version` int NOT NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_emergencies_org_unit` (`org_unit_id`), INDEX `idx_emergencies_drill` (`drill`), INDEX `idx_emergencies_status` (`status`), INDEX `idx_emergencies_overdue` (`overdue`), INDEX `idx_emergencies_reported_at` (`reported_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `emergency_events` (`id` varchar(255) NOT NULL, `emergency_id` varchar(36) NOT NULL, `at` datetime(3) NOT NULL, `type` varchar(48) NOT NULL, `actor` varchar(200) NOT NULL, `data` text NOT NULL, INDEX `idx_emergency_events_emergency` (`emergency_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_emergency_events_emergency` ON `emergency_events`');
    await queryRunner.query('DROP TABLE `emergency_events`');
    await queryRunner.query('DROP INDEX `idx_emergencies_reported_at` ON `emergencies`');
    await queryRunner.query('DROP INDEX `idx_emergencies_overdue` ON `emergencies`');
    await queryRunner.query('DROP INDEX `idx_emergencies_status` ON `emergencies`');
    await queryRunner.query('DROP INDEX `idx_emergencies_drill` ON `emergencies`');
    await queryRunner.query('DROP INDEX `idx_emergencies_org_unit` ON `emergencies`');
    await queryRunner.query('DROP TABLE `emergencies`');
  }
}
