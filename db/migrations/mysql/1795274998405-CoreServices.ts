import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlCoreServices1795274998405 implements MigrationInterface {
  name = 'MysqlCoreServices1795274998405';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `api_keys` (`id` varchar(36) NOT NULL, `name` varchar(200) NOT NULL, `prefix` varchar(16) NOT NULL, `secret_hash` varchar(64) NOT NULL, `user_id` varchar(36) NOT NULL, `created_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `last_used_at` datetime(3) NULL, `revoked_at` datetime(3) NULL, UNIQUE INDEX `uq_api_keys_prefix` (`prefix`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `audit_log` (`seq` int NOT NULL, `at` datetime(3) NOT NULL, `actor_type` varchar(16) NOT NULL, `actor` varchar(200) NOT NULL, `on_behalf_of` varchar(200) NULL, `action` varchar(64) NOT NULL, `entity_type` varchar(64) NOT NULL, `entity_id` varchar(200) NOT NULL, `before` text NULL, `after` text NULL, `org_unit_id` varchar(36) NULL, `prev_hash` varchar(64) NOT NULL, `hash` varchar(64) NOT NULL, INDEX `idx_audit_actor` (`actor`), INDEX `idx_audit_entity` (`entity_type`), PRIMARY KEY (`seq`)) ENGINE=InnoDB',
    );
    await queryRunner.query('CREATE TABLE `audit_head` (`id` int NOT NULL, `seq` int NOT NULL, `hash` varchar(64) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query(
      'CREATE TABLE `notifications` (`id` varchar(255) NOT NULL, `recipient_user_id` varchar(36) NULL, `address` varchar(500) NULL, `channel` varchar(16) NOT NULL, `severity` varchar(16) NOT NULL, `subject` varchar(300) NOT NULL, `body` text NOT NULL, `link` varchar(500) NULL, `source` varchar(200) NULL, `status` varchar(16) NOT NULL, `deliver_after` datetime(3) NULL, `sent_at` datetime(3) NULL, `read_at` datetime(3) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_notifications_recipient` (`recipient_user_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `sink_mails` (`id` varchar(36) NOT NULL, `mail_from` varchar(320) NOT NULL, `mail_to` varchar(2000) NOT NULL, `subject` varchar(500) NOT NULL, `text` text NOT NULL, `raw` text NOT NULL, `received_at` datetime(3) NOT NULL, INDEX `idx_sink_mails_received` (`received_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `policy_versions` (`version` int NOT NULL, `document` text NOT NULL, `note` varchar(500) NOT NULL, `created_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (`version`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `tasks` (`id` varchar(200) NOT NULL, `workflow_id` varchar(200) NOT NULL, `process_type` varchar(32) NOT NULL, `task_type` varchar(64) NOT NULL, `title` varchar(300) NOT NULL, `description` text NULL, `org_unit_id` varchar(36) NOT NULL, `candidate_role` varchar(32) NULL, `assignee_user_id` varchar(36) NULL, `status` varchar(16) NOT NULL, `due_at` datetime(3) NULL, `follow_up_at` datetime(3) NULL, `priority` varchar(16) NOT NULL DEFAULT 'normal', `completed_by` varchar(64) NULL, `completed_on_behalf_of` varchar(64) NULL, `completed_at` datetime(3) NULL, `result` text NULL, `delegated_from_user_id` varchar(36) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_tasks_workflow` (`workflow_id`), INDEX `idx_tasks_org_unit` (`org_unit_id`), INDEX `idx_tasks_assignee` (`assignee_user_id`), INDEX `idx_tasks_status` (`status`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query('ALTER TABLE `users` ADD `quiet_hours` text NULL');
    await queryRunner.query('ALTER TABLE `users` ADD `substitute_user_id` varchar(36) NULL');
    await queryRunner.query("ALTER TABLE `users` ADD `locale` varchar(8) NOT NULL DEFAULT 'en'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `users` DROP COLUMN `locale`');
    await queryRunner.query('ALTER TABLE `users` DROP COLUMN `substitute_user_id`');
    await queryRunner.query('ALTER TABLE `users` DROP COLUMN `quiet_hours`');
    await queryRunner.query('DROP INDEX `idx_tasks_status` ON `tasks`');
    await queryRunner.query('DROP INDEX `idx_tasks_assignee` ON `tasks`');
    await queryRunner.query('DROP INDEX `idx_tasks_org_unit` ON `tasks`');
    await queryRunner.query('DROP INDEX `idx_tasks_workflow` ON `tasks`');
    await queryRunner.query('DROP TABLE `tasks`');
    await queryRunner.query('DROP TABLE `policy_versions`');
    await queryRunner.query('DROP INDEX `idx_sink_mails_received` ON `sink_mails`');
    await queryRunner.query('DROP TABLE `sink_mails`');
    await queryRunner.query('DROP INDEX `idx_notifications_recipient` ON `notifications`');
    await queryRunner.query('DROP TABLE `notifications`');
    await queryRunner.query('DROP TABLE `audit_head`');
    await queryRunner.query('DROP INDEX `idx_audit_entity` ON `audit_log`');
    await queryRunner.query('DROP INDEX `idx_audit_actor` ON `audit_log`');
    await queryRunner.query('DROP TABLE `audit_log`');
    await queryRunner.query('DROP INDEX `uq_api_keys_prefix` ON `api_keys`');
    await queryRunner.query('DROP TABLE `api_keys`');
  }
}
