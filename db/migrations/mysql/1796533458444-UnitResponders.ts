import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlUnitResponders1796533458444 implements MigrationInterface {
  name = 'MysqlUnitResponders1796533458444';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `unit_responders` (`org_unit_id` varchar(36) NOT NULL, `person_id` varchar(36) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_unit_responders_person` (`person_id`), PRIMARY KEY (`org_unit_id`, `person_id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_unit_responders_person` ON `unit_responders`');
    await queryRunner.query('DROP TABLE `unit_responders`');
  }
}
