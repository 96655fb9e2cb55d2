import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteBilingualNames1796586853597 implements MigrationInterface {
  name = 'SqliteBilingualNames1796586853597';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "uq_inspection_templates_code"');
    await queryRunner.query(
      'CREATE TABLE "temporary_inspection_templates" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "description" text, "active" boolean NOT NULL DEFAULT (1), "created_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "name_zh" varchar(200))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_inspection_templates"("id", "code", "name", "description", "active", "created_by", "created_at", "updated_at") SELECT "id", "code", "name", "description", "active", "created_by", "created_at", "updated_at" FROM "inspection_templates"',
    );
    await queryRunner.query('DROP TABLE "inspection_templates"');
    await queryRunner.query('ALTER TABLE "temporary_inspection_templates" RENAME TO "inspection_templates"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_inspection_templates_code" ON "inspection_templates" ("code") ');
    await queryRunner.query('DROP INDEX "idx_org_units_path"');
    await queryRunner.query('DROP INDEX "uq_org_units_code"');
    await queryRunner.query('DROP INDEX "idx_org_units_parent"');
    await queryRunner.query(
      'CREATE TABLE "temporary_org_units" ("id" varchar(36) PRIMARY KEY NOT NULL, "parent_id" varchar(36), "kind" varchar(16) NOT NULL, "name" varchar(200) NOT NULL, "code" varchar(64) NOT NULL, "department_function" varchar(16), "path" varchar(512) NOT NULL, "head_person_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "name_zh" varchar(200))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_org_units"("id", "parent_id", "kind", "name", "code", "department_function", "path", "head_person_id", "created_at", "updated_at") SELECT "id", "parent_id", "kind", "name", "code", "department_function", "path", "head_person_id", "created_at", "updated_at" FROM "org_units"',
    );
    await queryRunner.query('DROP TABLE "org_units"');
    await queryRunner.query('ALTER TABLE "temporary_org_units" RENAME TO "org_units"');
    await queryRunner.query('CREATE INDEX "idx_org_units_path" ON "org_units" ("path") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_org_units_code" ON "org_units" ("code") ');
    await queryRunner.query('CREATE INDEX "idx_org_units_parent" ON "org_units" ("parent_id") ');
    await queryRunner.query('DROP INDEX "idx_people_post"');
    await queryRunner.query('DROP INDEX "idx_people_org_unit"');
    await queryRunner.query('DROP INDEX "uq_people_employee_no"');
    await queryRunner.query(
      'CREATE TABLE "temporary_people" ("id" varchar(36) PRIMARY KEY NOT NULL, "employee_no" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "email" varchar(320), "org_unit_id" varchar(36) NOT NULL, "post_id" varchar(36), "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "name_zh" varchar(200))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_people"("id", "employee_no", "name", "email", "org_unit_id", "post_id", "active", "created_at", "updated_at") SELECT "id", "employee_no", "name", "email", "org_unit_id", "post_id", "active", "created_at", "updated_at" FROM "people"',
    );
    await queryRunner.query('DROP TABLE "people"');
    await queryRunner.query('ALTER TABLE "temporary_people" RENAME TO "people"');
    await queryRunner.query('CREATE INDEX "idx_people_post" ON "people" ("post_id") ');
    await queryRunner.query('CREATE INDEX "idx_people_org_unit" ON "people" ("org_unit_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_people_employee_no" ON "people" ("employee_no") ');
    await queryRunner.query('DROP INDEX "uq_posts_code"');
    await queryRunner.query('DROP INDEX "idx_posts_org_unit"');
    await queryRunner.query(
      'CREATE TABLE "temporary_posts" ("id" varchar(36) PRIMARY KEY NOT NULL, "org_unit_id" varchar(36) NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "profile_id" varchar(36) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "name_zh" varchar(200))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_posts"("id", "org_unit_id", "code", "name", "profile_id", "created_at") SELECT "id", "org_unit_id", "code", "name", "profile_id", "created_at" FROM "posts"',
    );
    await queryRunner.query('DROP TABLE "posts"');
    await queryRunner.query('ALTER TABLE "temporary_posts" RENAME TO "posts"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_posts_code" ON "posts" ("code") ');
    await queryRunner.query('CREATE INDEX "idx_posts_org_unit" ON "posts" ("org_unit_id") ');
    await queryRunner.query('DROP INDEX "uq_users_username"');
    await queryRunner.query('DROP INDEX "idx_users_org_unit"');
    await queryRunner.query(
      'CREATE TABLE "temporary_users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "display_name" varchar(200) NOT NULL, "password_hash" varchar(255) NOT NULL, "person_id" varchar(36), "org_unit_id" varchar(36) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "quiet_hours" text, "substitute_user_id" varchar(36), "locale" varchar(8) NOT NULL DEFAULT (\'en\'), "display_name_zh" varchar(200))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_users"("id", "username", "display_name", "password_hash", "person_id", "org_unit_id", "active", "created_at", "updated_at", "quiet_hours", "substitute_user_id", "locale") SELECT "id", "username", "display_name", "password_hash", "person_id", "org_unit_id", "active", "created_at", "updated_at", "quiet_hours", "substitute_user_id", "locale" FROM "users"',
    );
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('ALTER TABLE "temporary_users" RENAME TO "users"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") ');
    await queryRunner.query('CREATE INDEX "idx_users_org_unit" ON "users" ("org_unit_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_users_org_unit"');
    await queryRunner.query('DROP INDEX "uq_users_username"');
    await queryRunner.query('ALTER TABLE "users" RENAME TO "temporary_users"');
    await queryRunner.query(
      'CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "display_name" varchar(200) NOT NULL, "password_hash" varchar(255) NOT NULL, "person_id" varchar(36), "org_unit_id" varchar(36) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "quiet_hours" text, "substitute_user_id" varchar(36), "locale" varchar(8) NOT NULL DEFAULT (\'en\'))',
    );
    await queryRunner.query(
      'INSERT INTO "users"("id", "username", "display_name", "password_hash", "person_id", "org_unit_id", "active", "created_at", "updated_at", "quiet_hours", "substitute_user_id", "locale") SELECT "id", "username", "display_name", "password_hash", "person_id", "org_unit_id", "active", "created_at", "updated_at", "quiet_hours", "substitute_user_id", "locale" FROM "temporary_users"',
    );
    await queryRunner.query('DROP TABLE "temporary_users"');
    await queryRunner.query('CREATE INDEX "idx_users_org_unit" ON "users" ("org_unit_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") ');
    await queryRunner.query('DROP INDEX "idx_posts_org_unit"');
    await queryRunner.query('DROP INDEX "uq_posts_code"');
    await queryRunner.query('ALTER TABLE "posts" RENAME TO "temporary_posts"');
    await queryRunner.query(
      'CREATE TABLE "posts" ("id" varchar(36) PRIMARY KEY NOT NULL, "org_unit_id" varchar(36) NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "profile_id" varchar(36) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "posts"("id", "org_unit_id", "code", "name", "profile_id", "created_at") SELECT "id", "org_unit_id", "code", "name", "profile_id", "created_at" FROM "temporary_posts"',
    );
    await queryRunner.query('DROP TABLE "temporary_posts"');
    await queryRunner.query('CREATE INDEX "idx_posts_org_unit" ON "posts" ("org_unit_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_posts_code" ON "posts" ("code") ');
    await queryRunner.query('DROP INDEX "uq_people_employee_no"');
    await queryRunner.query('DROP INDEX "idx_people_org_unit"');
    await queryRunner.query('DROP INDEX "idx_people_post"');
    await queryRunner.query('ALTER TABLE "people" RENAME TO "temporary_people"');
    await queryRunner.query(
      'CREATE TABLE "people" ("id" varchar(36) PRIMARY KEY NOT NULL, "employee_no" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "email" varchar(320), "org_unit_id" varchar(36) NOT NULL, "post_id" varchar(36), "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "people"("id", "employee_no", "name", "email", "org_unit_id", "post_id", "active", "created_at", "updated_at") SELECT "id", "employee_no", "name", "email", "org_unit_id", "post_id", "active", "created_at", "updated_at" FROM "temporary_people"',
    );
    await queryRunner.query('DROP TABLE "temporary_people"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_people_employee_no" ON "people" ("employee_no") ');
    await queryRunner.query('CREATE INDEX "idx_people_org_unit" ON "people" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_people_post" ON "people" ("post_id") ');
    await queryRunner.query('DROP INDEX "idx_org_units_parent"');
    await queryRunner.query('DROP INDEX "uq_org_units_code"');
    await queryRunner.query('DROP INDEX "idx_org_units_path"');
    await queryRunner.query('ALTER TABLE "org_units" RENAME TO "temporary_org_units"');
    await queryRunner.query(
      'CREATE TABLE "org_units" ("id" varchar(36) PRIMARY KEY NOT NULL, "parent_id" varchar(36), "kind" varchar(16) NOT NULL, "name" varchar(200) NOT NULL, "code" varchar(64) NOT NULL, "department_function" varchar(16), "path" varchar(512) NOT NULL, "head_person_id" varchar(36), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "org_units"("id", "parent_id", "kind", "name", "code", "department_function", "path", "head_person_id", "created_at", "updated_at") SELECT "id", "parent_id", "kind", "name", "code", "department_function", "path", "head_person_id", "created_at", "updated_at" FROM "temporary_org_units"',
    );
    await queryRunner.query('DROP TABLE "temporary_org_units"');
    await queryRunner.query('CREATE INDEX "idx_org_units_parent" ON "org_units" ("parent_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_org_units_code" ON "org_units" ("code") ');
    await queryRunner.query('CREATE INDEX "idx_org_units_path" ON "org_units" ("path") ');
    await queryRunner.query('DROP INDEX "uq_inspection_templates_code"');
    await queryRunner.query('ALTER TABLE "inspection_templates" RENAME TO "temporary_inspection_templates"');
    await queryRunner.query(
      'CREATE TABLE "inspection_templates" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "description" text, "active" boolean NOT NULL DEFAULT (1), "created_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query(
      'INSERT INTO "inspection_templates"("id", "code", "name", "description", "active", "created_by", "created_at", "updated_at") SELECT "id", "code", "name", "description", "active", "created_by", "created_at", "updated_at" FROM "temporary_inspection_templates"',
    );
    await queryRunner.query('DROP TABLE "temporary_inspection_templates"');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_inspection_templates_code" ON "inspection_templates" ("code") ');
  }
}
