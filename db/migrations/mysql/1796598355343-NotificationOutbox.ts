import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlNotificationOutbox1796598355343 implements MigrationInterface {
  name = 'MysqlNotificationOutbox1796598355343';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `notification_outbox` (`id` varchar(255) NOT NULL, `dedup_key` varchar(200) NOT NULL, `channel` varchar(16) NOT NULL, `recipient_user_id` varchar(36) NULL, `address` varchar(500) NULL, `request` text NOT NULL, `state` varchar(16) NOT NULL, `due_at` datetime(3) NOT NULL, `attempts` int NOT NULL DEFAULT '0', `claimed_at` datetime(3) NULL, `last_error` varchar(500) NULL, `sent_at` datetime(3) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_notification_outbox_key` (`dedup_key`), INDEX `idx_notification_outbox_due` (`state`, `due_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_notification_outbox_due` ON `notification_outbox`');
    await queryRunner.query('DROP INDEX `idx_notification_outbox_key` ON `notification_outbox`');
    await queryRunner.query('DROP TABLE `notification_outbox`');
  }
}
