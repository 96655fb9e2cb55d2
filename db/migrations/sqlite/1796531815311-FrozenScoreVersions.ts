import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteFrozenScoreVersions1796531815311 implements MigrationInterface {
  name = 'SqliteFrozenScoreVersions1796531815311';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "score_snapshots" ADD COLUMN "corrections" text');
    await queryRunner.query('ALTER TABLE "score_results" ADD COLUMN "subject" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "score_results" DROP COLUMN "subject"');
    await queryRunner.query('ALTER TABLE "score_snapshots" DROP COLUMN "corrections"');
  }
}
