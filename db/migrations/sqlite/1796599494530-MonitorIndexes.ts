import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteMonitorIndexes1796599494530 implements MigrationInterface {
  name = 'SqliteMonitorIndexes1796599494530';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "idx_tasks_kind_open" ON "tasks" ("process_type", "status", "workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_tasks_open_workflow" ON "tasks" ("status", "workflow_id", "due_at", "escalation_level") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_tasks_open_workflow"');
    await queryRunner.query('DROP INDEX "idx_tasks_kind_open"');
  }
}
