import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlFrozenScoreVersions1796531815311 implements MigrationInterface {
  name = 'MysqlFrozenScoreVersions1796531815311';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `score_snapshots` ADD `corrections` text NULL');
    await queryRunner.query('ALTER TABLE `score_results` ADD `subject` text NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `score_results` DROP COLUMN `subject`');
    await queryRunner.query('ALTER TABLE `score_snapshots` DROP COLUMN `corrections`');
  }
}
