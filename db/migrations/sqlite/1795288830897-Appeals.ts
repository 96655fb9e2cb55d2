import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteAppeals1795288830897 implements MigrationInterface {
  name = 'SqliteAppeals1795288830897';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "score_appeals" ("id" varchar(36) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "cycle_id" varchar(100) NOT NULL, "snapshot_version" integer NOT NULL, "subject_id" varchar(36) NOT NULL, "line_code" varchar(64) NOT NULL, "level" integer NOT NULL, "parent_appeal_id" varchar(36), "appellant" varchar(64) NOT NULL, "reviewer_org_unit_id" varchar(36) NOT NULL, "reason" text NOT NULL, "status" varchar(16) NOT NULL, "decided_by" varchar(64), "decided_at" datetime(3), "delta" double, "decision_reason" text, "evidence_ids" text NOT NULL, "new_version" integer, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_score_appeals_line" ON "score_appeals" ("cycle_id", "subject_id", "line_code", "status") ');
    await queryRunner.query(
      'CREATE TABLE "score_adjustments" ("id" varchar(36) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "cycle_id" varchar(100) NOT NULL, "subject_type" varchar(16) NOT NULL, "subject_id" varchar(36) NOT NULL, "line_code" varchar(64), "delta" double NOT NULL, "reason_code" varchar(32) NOT NULL, "text" text NOT NULL, "proposed_by" varchar(64) NOT NULL, "status" varchar(16) NOT NULL, "decided_by" varchar(64), "decided_at" datetime(3), "decision_reason" text, "new_version" integer, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_score_adjustments_cycle" ON "score_adjustments" ("cycle_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_score_adjustments_cycle"');
    await queryRunner.query('DROP TABLE "score_adjustments"');
    await queryRunner.query('DROP INDEX "idx_score_appeals_line"');
    await queryRunner.query('DROP TABLE "score_appeals"');
  }
}
