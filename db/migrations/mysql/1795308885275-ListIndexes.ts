import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlListIndexes1795308885275 implements MigrationInterface {
  name = 'MysqlListIndexes1795308885275';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_tasks_status` ON `tasks`');
    await queryRunner.query('CREATE INDEX `idx_hazards_reporter` ON `hazards` (`reporter_user_id`)');
    await queryRunner.query('CREATE INDEX `idx_tasks_status_unit` ON `tasks` (`status`, `org_unit_id`, `completed_by`, `due_at`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_tasks_status_unit` ON `tasks`');
    await queryRunner.query('DROP INDEX `idx_hazards_reporter` ON `hazards`');
    await queryRunner.query('CREATE INDEX `idx_tasks_status` ON `tasks` (`status`)');
  }
}
