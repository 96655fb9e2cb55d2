import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlEmergencyPhones1796592417067 implements MigrationInterface {
  name = 'MysqlEmergencyPhones1796592417067';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `org_units` ADD `emergency_phones` text NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `org_units` DROP COLUMN `emergency_phones`');
  }
}
