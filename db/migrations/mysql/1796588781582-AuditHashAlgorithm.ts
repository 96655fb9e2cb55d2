import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlAuditHashAlgorithm1796588781582 implements MigrationInterface {
  name = 'MysqlAuditHashAlgorithm1796588781582';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `audit_log` ADD `hash_alg` varchar(8) NOT NULL DEFAULT 'sha256'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `audit_log` DROP COLUMN `hash_alg`');
  }
}
