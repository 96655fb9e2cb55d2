import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlMonitorViews1795292824550 implements MigrationInterface {
  name = 'MysqlMonitorViews1795292824550';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `saved_views` (`id` varchar(36) NOT NULL, `page` varchar(32) NOT NULL, `name` varchar(100) NOT NULL, `owner_user_id` varchar(36) NOT NULL, `shared` tinyint NOT NULL DEFAULT 0, `filters` text NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_saved_views_owner_name` (`owner_user_id`, `page`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query("ALTER TABLE `tasks` ADD `escalation_level` int NOT NULL DEFAULT '0'");
    await queryRunner.query('CREATE INDEX `idx_audit_entity_id` ON `audit_log` (`entity_id`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_audit_entity_id` ON `audit_log`');
    await queryRunner.query('ALTER TABLE `tasks` DROP COLUMN `escalation_level`');
    await queryRunner.query('DROP INDEX `uq_saved_views_owner_name` ON `saved_views`');
    await queryRunner.query('DROP TABLE `saved_views`');
  }
}
