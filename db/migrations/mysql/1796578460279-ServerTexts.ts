import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlServerTexts1796578460279 implements MigrationInterface {
  name = 'MysqlServerTexts1796578460279';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `notifications` ADD `subject_text` text NULL');
    await queryRunner.query('ALTER TABLE `notifications` ADD `body_text` text NULL');
    await queryRunner.query('ALTER TABLE `tasks` ADD `title_text` text NULL');
    await queryRunner.query('ALTER TABLE `tasks` ADD `description_text` text NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `tasks` DROP COLUMN `description_text`');
    await queryRunner.query('ALTER TABLE `tasks` DROP COLUMN `title_text`');
    await queryRunner.query('ALTER TABLE `notifications` DROP COLUMN `body_text`');
    await queryRunner.query('ALTER TABLE `notifications` DROP COLUMN `subject_text`');
  }
}
