import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlBilingualNames1796586853597 implements MigrationInterface {
  name = 'MysqlBilingualNames1796586853597';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `inspection_templates` ADD `name_zh` varchar(200) NULL');
    await queryRunner.query('ALTER TABLE `org_units` ADD `name_zh` varchar(200) NULL');
    await queryRunner.query('ALTER TABLE `people` ADD `name_zh` varchar(200) NULL');
    await queryRunner.query('ALTER TABLE `posts` ADD `name_zh` varchar(200) NULL');
    await queryRunner.query('ALTER TABLE `users` ADD `display_name_zh` varchar(200) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `users` DROP COLUMN `display_name_zh`');
    await queryRunner.query('ALTER TABLE `posts` DROP COLUMN `name_zh`');
    await queryRunner.query('ALTER TABLE `people` DROP COLUMN `name_zh`');
    await queryRunner.query('ALTER TABLE `org_units` DROP COLUMN `name_zh`');
    await queryRunner.query('ALTER TABLE `inspection_templates` DROP COLUMN `name_zh`');
  }
}
