import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildProcessMonitor } from '../../projections/process-monitor';

export class SqliteProcessMonitor1796611383388 implements MigrationInterface {
  name = 'SqliteProcessMonitor1796611383388';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "process_monitor" ("workflow_id" varchar(200) PRIMARY KEY NOT NULL, "type" varchar(16) NOT NULL, "status" varchar(32) NOT NULL, "severity" varchar(32), "org_unit_id" varchar(36), "department_id" varchar(36), "unit_paths" text NOT NULL, "started_at" datetime(3) NOT NULL, "title" varchar(300) NOT NULL, "title_zh" varchar(300), "step_titles" text NOT NULL, "deadline" datetime(3), "marked_overdue" boolean NOT NULL DEFAULT (0), "escalation_level" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query('CREATE INDEX "idx_process_monitor_escalation" ON "process_monitor" ("escalation_level", "deadline") ');
    await queryRunner.query('CREATE INDEX "idx_process_monitor_started" ON "process_monitor" ("started_at", "workflow_id") ');
    await queryRunner.query('CREATE INDEX "idx_process_monitor_deadline" ON "process_monitor" ("deadline", "started_at", "workflow_id") ');
    // The rows of what runs now (running hazards, open notices), by the same code that keeps them
    // current: a notice's Chinese title is its stored text rendered, which SQL cannot do. It runs
    // today's code: a later column of this table moves this backfill after its own migration.
    await rebuildProcessMonitor(queryRunner.manager);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_process_monitor_deadline"');
    await queryRunner.query('DROP INDEX "idx_process_monitor_started"');
    await queryRunner.query('DROP INDEX "idx_process_monitor_escalation"');
    await queryRunner.query('DROP TABLE "process_monitor"');
  }
}
