import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteInspectionsTrainings1795292813004 implements MigrationInterface {
  name = 'SqliteInspectionsTrainings1795292813004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inspection_templates" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "description" text, "active" boolean NOT NULL DEFAULT (1), "created_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_inspection_templates_code" ON "inspection_templates" ("code") ');
    await queryRunner.query(
      'CREATE TABLE "inspection_template_items" ("template_id" varchar(36) NOT NULL, "code" varchar(64) NOT NULL, "position" integer NOT NULL, "title" varchar(300) NOT NULL, "category" varchar(64), "max_score" double NOT NULL, "weight" double NOT NULL, PRIMARY KEY ("template_id", "code"))',
    );
    await queryRunner.query(
      'CREATE TABLE "inspections" ("id" varchar(36) PRIMARY KEY NOT NULL, "template_id" varchar(36) NOT NULL, "org_unit_id" varchar(36) NOT NULL, "inspected_on" varchar(10) NOT NULL, "inspector_person_id" varchar(36), "mode" varchar(8) NOT NULL, "score" double NOT NULL, "remarks" text, "fact_id" varchar(255) NOT NULL, "revision" integer NOT NULL DEFAULT (1), "recorded_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_inspections_template" ON "inspections" ("template_id") ');
    await queryRunner.query('CREATE INDEX "idx_inspections_org_unit" ON "inspections" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_inspections_inspected_on" ON "inspections" ("inspected_on") ');
    await queryRunner.query(
      'CREATE TABLE "inspection_items" ("inspection_id" varchar(36) NOT NULL, "item_code" varchar(64) NOT NULL, "position" integer NOT NULL, "title" varchar(300) NOT NULL, "category" varchar(64), "max_score" double NOT NULL, "weight" double NOT NULL, "score" double, "remark" varchar(1000), PRIMARY KEY ("inspection_id", "item_code"))',
    );
    await queryRunner.query(
      'CREATE TABLE "trainings" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(64), "title" varchar(200) NOT NULL, "topic" varchar(200) NOT NULL, "org_unit_id" varchar(36) NOT NULL, "held_on" varchar(10) NOT NULL, "trainer" varchar(200) NOT NULL, "created_by" varchar(64) NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_trainings_code" ON "trainings" ("code") ');
    await queryRunner.query('CREATE INDEX "idx_trainings_org_unit" ON "trainings" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_trainings_held_on" ON "trainings" ("held_on") ');
    await queryRunner.query(
      'CREATE TABLE "training_participants" ("training_id" varchar(36) NOT NULL, "person_id" varchar(36) NOT NULL, "org_unit_id" varchar(36) NOT NULL, "attended" boolean, "passed" boolean, "remark" varchar(1000), "fact_id" varchar(255), "recorded_by" varchar(64), "recorded_at" datetime(3), PRIMARY KEY ("training_id", "person_id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_training_participants_person" ON "training_participants" ("person_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "training_participants"');
    await queryRunner.query('DROP TABLE "trainings"');
    await queryRunner.query('DROP TABLE "inspection_items"');
    await queryRunner.query('DROP TABLE "inspections"');
    await queryRunner.query('DROP TABLE "inspection_template_items"');
    await queryRunner.query('DROP TABLE "inspection_templates"');
  }
}
