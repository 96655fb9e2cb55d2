import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteDeclarations1795289118659 implements MigrationInterface {
  name = 'SqliteDeclarations1795289118659';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "declarations" ("id" varchar(36) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "person_id" varchar(36) NOT NULL, "kind" varchar(24) NOT NULL, "title" varchar(200) NOT NULL, "text" text NOT NULL, "evidence_ids" text NOT NULL, "period" varchar(16) NOT NULL, "declared_by" varchar(64) NOT NULL, "status" varchar(16) NOT NULL, "reviewed_by" varchar(64), "reviewed_at" datetime(3), "points" double, "reason" text, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_declarations_person" ON "declarations" ("person_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_declarations_person"');
    await queryRunner.query('DROP TABLE "declarations"');
  }
}
