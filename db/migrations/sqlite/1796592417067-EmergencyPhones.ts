import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteEmergencyPhones1796592417067 implements MigrationInterface {
  name = 'SqliteEmergencyPhones1796592417067';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_org_units_parent"');
    await queryRunner.query('DROP INDEX "uq_org_units_code"');
    await queryRunner.query('DROP INDEX "idx_org_units_path"');
    await queryRunner.query(
      'CREATE TABLE "temporary_org_units" ("id" varchar(36) PRIMARY KEY NOT NULL, "parent_id" varchar(36), "kind" varchar(16) NOT NULL, "name" varchar(200) NOT NULL, "code" varchar(64) NOT NULL, "department_function" varchar(16), "path" varchar(512) NOT NULL, "head_person_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "name_zh" varchar(200), "emergency_phones" text)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_org_units"("id", "parent_id", "kind", "name", "code", "department_function", "path", "head_person_id", "created_at", "updated_at", "name_zh") SELECT "id", "parent_id", "kind", "name", "code", "department_function", "path", "head_person_id", "created_at", "updated_at", "name_zh" FROM "org_units"',
    );
    await queryRunner.query('DROP TABLE "org_units"');
    await queryRunner.query('ALTER TABLE "temporary_org_units" RENAME TO "org_units"');
    await queryRunner.query('CREATE INDEX "idx_org_units_parent" ON "org_units" ("parent_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_org_units_code" ON "org_units" ("code") ');
    await queryRunner.query('CREATE INDEX "idx_org_units_path" ON "org_units" ("path") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_org_units_path"');
    await queryRunner.query('DROP INDEX "uq_org_units_code"');
    await queryRunner.query('DROP INDEX "idx_org_units_parent"');
    await queryRunner.query('ALTER TABLE "org_units" RENAME TO "temporary_org_units"');
    await queryRunner.query(
      'CREATE TABLE "org_units" ("id" varchar(36) PRIMARY KEY NOT NULL, "parent_id" varchar(36), "kind" varchar(16) NOT NULL, "name" varchar(200) NOT NULL, "code" varchar(64) NOT NULL, "department_function" varchar(16), "path" varchar(512) NOT NULL, "head_person_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "name_zh" varchar(200))',
    );
    await queryRunner.query(
      'INSERT INTO "org_units"("id", "parent_id", "kind", "name", "code", "department_function", "path", "head_person_id", "created_at", "updated_at", "name_zh") SELECT "id", "parent_id", "kind", "name", "code", "department_function", "path", "head_person_id", "created_at", "updated_at", "name_zh" FROM "temporary_org_units"',
    );
    await queryRunner.query('DROP TABLE "temporary_org_units"');
    await queryRunner.query('CREATE INDEX "idx_org_units_path" ON "org_units" ("path") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_org_units_code" ON "org_units" ("code") ');
    await queryRunner.query('CREATE INDEX "idx_org_units_parent" ON "org_units" ("parent_id") ');
  }
}
