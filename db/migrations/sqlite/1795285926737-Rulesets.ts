import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteRulesets1795285926737 implements MigrationInterface {
  name = 'SqliteRulesets1795285926737';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "ruleset_versions" ("version" integer PRIMARY KEY NOT NULL, "status" varchar(16) NOT NULL, "document" text NOT NULL, "note" varchar(500) NOT NULL, "based_on" integer, "created_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_by" varchar(64) NOT NULL, "approved_by" varchar(64), "approved_at" datetime(3))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "ruleset_versions"');
  }
}
