import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The seeded rules' names as of this migration (written out: a migration must not change with the code). */
const SEEDED = [
  ['overdue', 'Overdue hazards and tasks', '隐患与任务逾期'],
  ['low_score', 'Low published score', '发布得分偏低'],
  ['recurring_hazard', 'Recurring hazard in one area', '同一区域隐患反复出现'],
  ['incident_cluster', 'Incident cluster', '事件聚集'],
  ['sla_breach_rate', 'Department SLA breach rate', '部门超时率'],
] as const;

export class SqliteAlertRuleNameZh1796599013644 implements MigrationInterface {
  name = 'SqliteAlertRuleNameZh1796599013644';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "temporary_alert_rules" ("id" varchar(64) PRIMARY KEY NOT NULL, "kind" varchar(32) NOT NULL, "name" varchar(200) NOT NULL, "enabled" boolean NOT NULL DEFAULT (1), "severity" varchar(16) NOT NULL, "params" text NOT NULL, "audience" text NOT NULL, "version" integer NOT NULL DEFAULT (1), "updated_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "name_zh" varchar(200))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_alert_rules"("id", "kind", "name", "enabled", "severity", "params", "audience", "version", "updated_by", "created_at", "updated_at") SELECT "id", "kind", "name", "enabled", "severity", "params", "audience", "version", "updated_by", "created_at", "updated_at" FROM "alert_rules"',
    );
    await queryRunner.query('DROP TABLE "alert_rules"');
    await queryRunner.query('ALTER TABLE "temporary_alert_rules" RENAME TO "alert_rules"');
    // The seeded rules whose English name nobody changed get their Chinese name.
    for (const [id, name, nameZh] of SEEDED)
      await queryRunner.query('UPDATE "alert_rules" SET "name_zh" = ? WHERE "id" = ? AND "name" = ? AND "name_zh" IS NULL', [nameZh, id, name]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "alert_rules" RENAME TO "temporary_alert_rules"');
    await queryRunner.query(
      'CREATE TABLE "alert_rules" ("id" varchar(64) PRIMARY KEY NOT NULL, "kind" varchar(32) NOT NULL, "name" varchar(200) NOT NULL, "enabled" boolean NOT NULL DEFAULT (1), "severity" varchar(16) NOT NULL, "params" text NOT NULL, "audience" text NOT NULL, "version" integer NOT NULL DEFAULT (1), "updated_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "alert_rules"("id", "kind", "name", "enabled", "severity", "params", "audience", "version", "updated_by", "created_at", "updated_at") SELECT "id", "kind", "name", "enabled", "severity", "params", "audience", "version", "updated_by", "created_at", "updated_at" FROM "temporary_alert_rules"',
    );
    await queryRunner.query('DROP TABLE "temporary_alert_rules"');
  }
}
