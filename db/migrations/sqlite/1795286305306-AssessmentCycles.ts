import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteAssessmentCycles1795286305306 implements MigrationInterface {
  name = 'SqliteAssessmentCycles1795286305306';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "assessment_cycles" ("id" varchar(100) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "scope_org_unit_id" varchar(36) NOT NULL, "cadence" varchar(16) NOT NULL, "period" varchar(16) NOT NULL, "period_start" datetime(3) NOT NULL, "period_end" datetime(3) NOT NULL, "ruleset_version" integer NOT NULL, "status" varchar(16) NOT NULL, "progress_done" integer NOT NULL DEFAULT (0), "progress_total" integer NOT NULL DEFAULT (0), "current_snapshot" integer NOT NULL DEFAULT (0), "started_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "reviewed_by" varchar(64), "published_at" datetime(3))',
    );
    await queryRunner.query('CREATE INDEX "idx_assessment_cycles_scope" ON "assessment_cycles" ("scope_org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_assessment_cycles_status" ON "assessment_cycles" ("status") ');
    await queryRunner.query(
      'CREATE TABLE "score_snapshots" ("id" varchar(120) PRIMARY KEY NOT NULL, "cycle_id" varchar(100) NOT NULL, "version" integer NOT NULL, "reason" varchar(16) NOT NULL, "status" varchar(16) NOT NULL, "ruleset_version" integer NOT NULL, "input_hash" varchar(64) NOT NULL, "fact_count" integer NOT NULL, "subject_count" integer NOT NULL, "note" varchar(500) NOT NULL, "created_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "published_at" datetime(3))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_score_snapshots_cycle_version" ON "score_snapshots" ("cycle_id", "version") ');
    await queryRunner.query(
      'CREATE TABLE "score_results" ("id" varchar(255) PRIMARY KEY NOT NULL, "snapshot_id" varchar(120) NOT NULL, "cycle_id" varchar(100) NOT NULL, "subject_type" varchar(16) NOT NULL, "subject_id" varchar(200) NOT NULL, "department_id" varchar(36), "total" double NOT NULL, "rating" varchar(20) NOT NULL, "summary" text NOT NULL, "lines" text NOT NULL, "input_hash" varchar(64) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_score_results_cycle" ON "score_results" ("cycle_id") ');
    await queryRunner.query('CREATE INDEX "idx_score_results_subject" ON "score_results" ("subject_id") ');
    await queryRunner.query('CREATE INDEX "idx_score_results_snapshot_type" ON "score_results" ("snapshot_id", "subject_type") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_score_results_snapshot_type"');
    await queryRunner.query('DROP INDEX "idx_score_results_subject"');
    await queryRunner.query('DROP INDEX "idx_score_results_cycle"');
    await queryRunner.query('DROP TABLE "score_results"');
    await queryRunner.query('DROP INDEX "uq_score_snapshots_cycle_version"');
    await queryRunner.query('DROP TABLE "score_snapshots"');
    await queryRunner.query('DROP INDEX "idx_assessment_cycles_status"');
    await queryRunner.query('DROP INDEX "idx_assessment_cycles_scope"');
    await queryRunner.query('DROP TABLE "assessment_cycles"');
  }
}
