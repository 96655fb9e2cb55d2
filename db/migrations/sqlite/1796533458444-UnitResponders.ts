import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteUnitResponders1796533458444 implements MigrationInterface {
  name = 'SqliteUnitResponders1796533458444';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "unit_responders" ("org_unit_id" varchar(36) NOT NULL, "person_id" varchar(36) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), PRIMARY KEY ("org_unit_id", "person_id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_unit_responders_person" ON "unit_responders" ("person_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_unit_responders_person"');
    await queryRunner.query('DROP TABLE "unit_responders"');
  }
}
