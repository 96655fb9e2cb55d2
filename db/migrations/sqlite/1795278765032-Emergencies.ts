import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteEmergencies1795278765032 implements MigrationInterface {
  name = 'SqliteEmergencies1795278765032';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "emergencies" ("id" varchar(36) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "type" varchar(32) NOT NULL, "location" varchar(200) NOT NULL, "description" text NOT NULL, "org_unit_id" varchar(36) NOT NULL, "injuries" boolean NOT NULL DEFAULT (0), "drill" boolean NOT NULL DEFAULT (0), "reporter_user_id" varchar(36) NOT NULL, "reporter_person_id" varchar(36), "status" varchar(32) NOT NULL, "due_at" datetime(3), "escalation_level" integer NOT NULL DEFAULT (0), "overdue" boolean NOT NULL DEFAULT (0), "reported_at" datetime(3) NOT NULL, "acknowledged_at" datetime(3), "controlled_at" datetime(3), "reviewed_at" datetime(3), "closed_at" datetime(3), "policy_version" integer NOT NULL, "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_emergencies_org_unit" ON "emergencies" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_emergencies_drill" ON "emergencies" ("drill") ');
    await queryRunner.query('CREATE INDEX "idx_emergencies_status" ON "emergencies" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_emergencies_overdue" ON "emergencies" ("overdue") ');
    await queryRunner.query('CREATE INDEX "idx_emergencies_reported_at" ON "emergencies" ("reported_at") ');
    await queryRunner.query(
      'CREATE TABLE "emergency_events" ("id" varchar(255) PRIMARY KEY NOT NULL, "emergency_id" varchar(36) NOT NULL, "at" datetime(3) NOT NULL, "type" varchar(48) NOT NULL, "actor" varchar(200) NOT NULL, "data" text NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_emergency_events_emergency" ON "emergency_events" ("emergency_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_emergency_events_emergency"');
    await queryRunner.query('DROP TABLE "emergency_events"');
    await queryRunner.query('DROP INDEX "idx_emergencies_reported_at"');
    await queryRunner.query('DROP INDEX "idx_emergencies_overdue"');
    await queryRunner.query('DROP INDEX "idx_emergencies_status"');
    await queryRunner.query('DROP INDEX "idx_emergencies_drill"');
    await queryRunner.query('DROP INDEX "idx_emergencies_org_unit"');
    await queryRunner.query('DROP TABLE "emergencies"');
  }
}
