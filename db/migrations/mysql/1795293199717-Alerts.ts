import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlAlerts1795293199717 implements MigrationInterface {
  name = 'MysqlAlerts1795293199717';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `alert_rules` (`id` varchar(64) NOT NULL, `kind` varchar(32) NOT NULL, `name` varchar(200) NOT NULL, `enabled` tinyint NOT NULL DEFAULT 1, `severity` varchar(16) NOT NULL, `params` text NOT NULL, `audience` text NOT NULL, `version` int NOT NULL DEFAULT '1', `updated_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `alerts` (`id` varchar(36) NOT NULL, `dedup_key` varchar(255) NOT NULL, `rule_id` varchar(64) NOT NULL, `rule_version` int NOT NULL, `kind` varchar(32) NOT NULL, `severity` varchar(16) NOT NULL, `title` varchar(300) NOT NULL, `detail` text NOT NULL, `org_unit_id` varchar(36) NULL, `recipients` text NOT NULL, `fired_by` varchar(200) NOT NULL, `first_fired_at` datetime(3) NOT NULL, `status` varchar(16) NOT NULL, `acknowledged_by` varchar(64) NULL, `acknowledged_at` datetime(3) NULL, `acknowledge_note` varchar(1000) NULL, `resolved_at` datetime(3) NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_alerts_dedup_key` (`dedup_key`), INDEX `idx_alerts_kind` (`kind`), INDEX `idx_alerts_org_unit` (`org_unit_id`), INDEX `idx_alerts_first_fired_at` (`first_fired_at`), INDEX `idx_alerts_status` (`status`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_alerts_status` ON `alerts`');
    await queryRunner.query('DROP INDEX `idx_alerts_first_fired_at` ON `alerts`');
    await queryRunner.query('DROP INDEX `idx_alerts_org_unit` ON `alerts`');
    await queryRunner.query('DROP INDEX `idx_alerts_kind` ON `alerts`');
    await queryRunner.query('DROP INDEX `uq_alerts_dedup_key` ON `alerts`');
    await queryRunner.query('DROP TABLE `alerts`');
    await queryRunner.query('DROP TABLE `alert_rules`');
  }
}
