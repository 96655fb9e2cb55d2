import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlRulesets1795285926737 implements MigrationInterface {
  name = 'MysqlRulesets1795285926737';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `ruleset_versions` (`version` int NOT NULL, `status` varchar(16) NOT NULL, `document` text NOT NULL, `note` varchar(500) NOT NULL, `based_on` int NULL, `created_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_by` varchar(64) NOT NULL, `approved_by` varchar(64) NULL, `approved_at` datetime(3) NULL, PRIMARY KEY (`version`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `ruleset_versions`');
  }
}
