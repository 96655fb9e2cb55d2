import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqlitePermits1796566961220 implements MigrationInterface {
  name = 'SqlitePermits1796566961220';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "work_areas" ("id" varchar(36) PRIMARY KEY NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "kind" varchar(16) NOT NULL, "parent_id" varchar(36), "org_unit_id" varchar(36) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_work_areas_code" ON "work_areas" ("code") ');
    await queryRunner.query('CREATE INDEX "idx_work_areas_parent" ON "work_areas" ("parent_id") ');
    await queryRunner.query('CREATE INDEX "idx_work_areas_org_unit" ON "work_areas" ("org_unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "certificates" ("id" varchar(36) PRIMARY KEY NOT NULL, "person_id" varchar(36) NOT NULL, "type" varchar(32) NOT NULL, "number" varchar(64) NOT NULL, "issued_on" date NOT NULL, "expires_on" date, "review_on" date, "revoked_at" datetime(3), "revoked_reason" varchar(500), "reminded_days" integer, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), CONSTRAINT "uq_certificates_type_number" UNIQUE ("type", "number"))',
    );
    await queryRunner.query('CREATE INDEX "idx_certificates_expires" ON "certificates" ("expires_on") ');
    await queryRunner.query('CREATE INDEX "idx_certificates_person_type" ON "certificates" ("person_id", "type") ');
    await queryRunner.query(
      'CREATE TABLE "permits" ("id" varchar(36) PRIMARY KEY NOT NULL, "workflow_id" varchar(200) NOT NULL, "number" varchar(40) NOT NULL, "type" varchar(32) NOT NULL, "level" varchar(16) NOT NULL, "area_id" varchar(36) NOT NULL, "equipment_id" varchar(36), "org_unit_id" varchar(36) NOT NULL, "work_content" text NOT NULL, "window_from" datetime(3) NOT NULL, "window_to" datetime(3) NOT NULL, "requester_user_id" varchar(36) NOT NULL, "contractor" varchar(200), "jsa" text NOT NULL, "measures" text NOT NULL, "conflicts" text NOT NULL, "status" varchar(16) NOT NULL, "suspension_reason" varchar(32), "suspensions" integer NOT NULL DEFAULT (0), "issued_at" datetime(3), "valid_until" datetime(3), "last_gas_test_at" datetime(3), "next_clock_at" datetime(3), "next_clock" varchar(24), "escalation_level" integer NOT NULL DEFAULT (0), "completed_at" datetime(3), "closed_at" datetime(3), "compliant" boolean, "policy_version" integer NOT NULL, "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_permits_workflow" ON "permits" ("workflow_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_permits_number" ON "permits" ("number") ');
    await queryRunner.query('CREATE INDEX "idx_permits_org_unit" ON "permits" ("org_unit_id") ');
    await queryRunner.query('CREATE INDEX "idx_permits_status" ON "permits" ("status") ');
    await queryRunner.query('CREATE INDEX "idx_permits_area_status" ON "permits" ("area_id", "status", "window_from") ');
    await queryRunner.query(
      'CREATE TABLE "permit_crew" ("id" varchar(36) PRIMARY KEY NOT NULL, "permit_id" varchar(36) NOT NULL, "person_id" varchar(36) NOT NULL, "role" varchar(16) NOT NULL, CONSTRAINT "uq_permit_crew" UNIQUE ("permit_id", "person_id", "role"))',
    );
    await queryRunner.query('CREATE INDEX "idx_permit_crew_person" ON "permit_crew" ("person_id") ');
    await queryRunner.query(
      'CREATE TABLE "permit_gas_tests" ("id" varchar(36) PRIMARY KEY NOT NULL, "permit_id" varchar(36) NOT NULL, "taken_at" datetime(3) NOT NULL, "tester_user_id" varchar(36) NOT NULL, "readings" text NOT NULL, "passed" boolean NOT NULL, "verdict" text NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_permit_gas_tests_permit" ON "permit_gas_tests" ("permit_id", "taken_at") ');
    await queryRunner.query(
      'CREATE TABLE "permit_events" ("id" varchar(255) PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "type" varchar(48) NOT NULL, "actor" varchar(200) NOT NULL, "data" text NOT NULL, "permit_id" varchar(36) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_permit_events_permit" ON "permit_events" ("permit_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_permit_events_permit"');
    await queryRunner.query('DROP TABLE "permit_events"');
    await queryRunner.query('DROP INDEX "idx_permit_gas_tests_permit"');
    await queryRunner.query('DROP TABLE "permit_gas_tests"');
    await queryRunner.query('DROP INDEX "idx_permit_crew_person"');
    await queryRunner.query('DROP TABLE "permit_crew"');
    await queryRunner.query('DROP INDEX "idx_permits_area_status"');
    await queryRunner.query('DROP INDEX "idx_permits_status"');
    await queryRunner.query('DROP INDEX "idx_permits_org_unit"');
    await queryRunner.query('DROP INDEX "uq_permits_number"');
    await queryRunner.query('DROP INDEX "idx_permits_workflow"');
    await queryRunner.query('DROP TABLE "permits"');
    await queryRunner.query('DROP INDEX "idx_certificates_person_type"');
    await queryRunner.query('DROP INDEX "idx_certificates_expires"');
    await queryRunner.query('DROP TABLE "certificates"');
    await queryRunner.query('DROP INDEX "idx_work_areas_org_unit"');
    await queryRunner.query('DROP INDEX "idx_work_areas_parent"');
    await queryRunner.query('DROP INDEX "uq_work_areas_code"');
    await queryRunner.query('DROP TABLE "work_areas"');
  }
}
