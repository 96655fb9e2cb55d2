import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteAlerts1795293199717 implements MigrationInterface {
  name = 'SqliteAlerts1795293199717';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "alert_rules" ("id" varchar(64) PRIMARY KEY NOT NULL, "kind" varchar(32) NOT NULL, "name" varchar(200) NOT NULL, "enabled" boolean NOT NULL DEFAULT (1), "severity" varchar(16) NOT NULL, "params" text NOT NULL, "audience" text NOT NULL, "version" integer NOT NULL DEFAULT (1), "updated_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'CREATE TABLE "alerts" ("id" varchar(36) PRIMARY KEY NOT NULL, "dedup_key" varchar(255) NOT NULL, "rule_id" varchar(64) NOT NULL, "rule_version" integer NOT NULL, "kind" varchar(32) NOT NULL, "severity" varchar(16) NOT NULL, "title" varchar(300) NOT NULL, "detail" text NOT NULL, "org_unit_id" varchar(36), "recipients" text NOT NULL, "fired_by" varchar(200) NOT NULL, "first_fired_at" datetime(3) NOT NULL, "status" varchar(16) NOT NULL, "acknowledged_by" varchar(64), "acknowledged_at" datetime(3), "acknowledge_note" varchar(1000), "resolved_at" datetime(3), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_alerts_dedup_key" ON "alerts" ("dedup_key") ');
    await queryRunner.query('CREATE INDEX "idx_alerts_kind" ON "alerts" ("kind") ');
    await queryRunner.query('CREATE INDEX "idx_alerts_org_unit" ON "alerts" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_alerts_first_fired_at" ON "alerts" ("first_fired_at") ');
    await queryRunner.query('CREATE INDEX "idx_alerts_status" ON "alerts" ("status") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_alerts_status"');
    await queryRunner.query('DROP INDEX "idx_alerts_first_fired_at"');
    await queryRunner.query('DROP INDEX "idx_alerts_org_unit"');
    await queryRunner.query('DROP INDEX "idx_alerts_kind"');
    await queryRunner.query('DROP INDEX "uq_alerts_dedup_key"');
    await queryRunner.query('DROP TABLE "alerts"');
    await queryRunner.query('DROP TABLE "alert_rules"');
  }
}
