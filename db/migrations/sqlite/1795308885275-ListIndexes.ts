import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteListIndexes1795308885275 implements MigrationInterface {
  name = 'SqliteListIndexes1795308885275';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_tasks_status"');
    await queryRunner.query('CREATE INDEX "idx_hazards_reporter" ON "hazards" ("reporter_user_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_status_unit" ON "tasks" ("status", "org_unit_id", "completed_by", "due_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_tasks_status_unit"');
    await queryRunner.query('DROP INDEX "idx_hazards_reporter"');
    await queryRunner.query('CREATE INDEX "idx_tasks_status" ON "tasks" ("status") ');
  }
}
