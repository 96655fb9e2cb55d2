import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlDeclarations1795289118659 implements MigrationInterface {
  name = 'MysqlDeclarations1795289118659';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `declarations` (`id` varchar(36) NOT NULL, `workflow_id` varchar(200) NOT NULL, `person_id` varchar(36) NOT NULL, `kind` varchar(24) NOT NULL, `title` varchar(200) NOT NULL, `text` text NOT NULL, `evidence_ids` text NOT NULL, `period` varchar(16) NOT NULL, `declared_by` varchar(64) NOT NULL, `status` varchar(16) NOT NULL, `reviewed_by` varchar(64) NULL, `reviewed_at` datetime(3) NULL, `points` double NULL, `reason` text NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_declarations_person` (`person_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_declarations_person` ON `declarations`');
    await queryRunner.query('DROP TABLE `declarations`');
  }
}
