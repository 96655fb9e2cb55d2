import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlInitialSchema1795273215100 implements MigrationInterface {
  name = 'MysqlInitialSchema1795273215100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `org_units` (`id` varchar(36) NOT NULL, `parent_id` varchar(36) NULL, `kind` varchar(16) NOT NULL, `name` varchar(200) NOT NULL, `code` varchar(64) NOT NULL, `department_function` varchar(16) NULL, `path` varchar(512) NOT NULL, `head_person_id` varchar(36) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_org_units_parent` (`parent_id`), UNIQUE INDEX `uq_org_units_code` (`code`), INDEX `idx_org_units_path` (`path`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `people` (`id` varchar(36) NOT NULL, `employee_no` varchar(64) NOT NULL, `name` varchar(200) NOT NULL, `email` varchar(320) NULL, `org_unit_id` varchar(36) NOT NULL, `post_id` varchar(36) NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_people_employee_no` (`employee_no`), INDEX `idx_people_org_unit` (`org_unit_id`), INDEX `idx_people_post` (`post_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `post_profiles` (`id` varchar(36) NOT NULL, `code` varchar(64) NOT NULL, `level` varchar(16) NOT NULL, `business_type` varchar(16) NOT NULL, `risk_level` varchar(16) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_post_profiles_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `posts` (`id` varchar(36) NOT NULL, `org_unit_id` varchar(36) NOT NULL, `code` varchar(64) NOT NULL, `name` varchar(200) NOT NULL, `profile_id` varchar(36) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_posts_org_unit` (`org_unit_id`), UNIQUE INDEX `uq_posts_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `probe_runs` (`workflow_id` varchar(200) NOT NULL, `message` varchar(500) NOT NULL, `requested_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (`workflow_id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `users` (`id` varchar(36) NOT NULL, `username` varchar(64) NOT NULL, `display_name` varchar(200) NOT NULL, `password_hash` varchar(255) NOT NULL, `person_id` varchar(36) NULL, `org_unit_id` varchar(36) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_users_username` (`username`), INDEX `idx_users_org_unit` (`org_unit_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `user_roles` (`user_id` varchar(36) NOT NULL, `role` varchar(32) NOT NULL, PRIMARY KEY (`user_id`, `role`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `user_roles`');
    await queryRunner.query('DROP INDEX `idx_users_org_unit` ON `users`');
    await queryRunner.query('DROP INDEX `uq_users_username` ON `users`');
    await queryRunner.query('DROP TABLE `users`');
    await queryRunner.query('DROP TABLE `probe_runs`');
    await queryRunner.query('DROP INDEX `uq_posts_code` ON `posts`');
    await queryRunner.query('DROP INDEX `idx_posts_org_unit` ON `posts`');
    await queryRunner.query('DROP TABLE `posts`');
    await queryRunner.query('DROP INDEX `uq_post_profiles_code` ON `post_profiles`');
    await queryRunner.query('DROP TABLE `post_profiles`');
    await queryRunner.query('DROP INDEX `idx_people_post` ON `people`');
    await queryRunner.query('DROP INDEX `idx_people_org_unit` ON `people`');
    await queryRunner.query('DROP INDEX `uq_people_employee_no` ON `people`');
    await queryRunner.query('DROP TABLE `people`');
    await queryRunner.query('DROP INDEX `idx_org_units_path` ON `org_units`');
    await queryRunner.query('DROP INDEX `uq_org_units_code` ON `org_units`');
    await queryRunner.query('DROP INDEX `idx_org_units_parent` ON `org_units`');
    await queryRunner.query('DROP TABLE `org_units`');
  }
}
