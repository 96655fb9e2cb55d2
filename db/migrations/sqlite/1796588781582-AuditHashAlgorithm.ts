import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteAuditHashAlgorithm1796588781582 implements MigrationInterface {
  name = 'SqliteAuditHashAlgorithm1796588781582';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_audit_entity_id"');
    await queryRunner.query('DROP INDEX "idx_audit_entity"');
    await queryRunner.query('DROP INDEX "idx_audit_actor"');
    await queryRunner.query(
      'CREATE TABLE "temporary_audit_log" ("seq" integer PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "actor_type" varchar(16) NOT NULL, "actor" varchar(200) NOT NULL, "on_behalf_of" varchar(200), "action" varchar(64) NOT NULL, "entity_type" varchar(64) NOT NULL, "entity_id" varchar(200) NOT NULL, "before" text, "after" text, "org_unit_id" varchar(36), "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, "hash_alg" varchar(8) NOT NULL DEFAULT (\'sha256\'))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_audit_log"("seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash") SELECT "seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash" FROM "audit_log"',
    );
    await queryRunner.query('DROP TABLE "audit_log"');
    await queryRunner.query('ALTER TABLE "temporary_audit_log" RENAME TO "audit_log"');
    await queryRunner.query('CREATE INDEX "idx_audit_entity_id" ON "audit_log" ("entity_id") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity" ON "audit_log" ("entity_type") ');
    await queryRunner.query('CREATE INDEX "idx_audit_actor" ON "audit_log" ("actor") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_audit_actor"');
    await queryRunner.query('DROP INDEX "idx_audit_entity"');
    await queryRunner.query('DROP INDEX "idx_audit_entity_id"');
    await queryRunner.query('ALTER TABLE "audit_log" RENAME TO "temporary_audit_log"');
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("seq" integer PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "actor_type" varchar(16) NOT NULL, "actor" varchar(200) NOT NULL, "on_behalf_of" varchar(200), "action" varchar(64) NOT NULL, "entity_type" varchar(64) NOT NULL, "entity_id" varchar(200) NOT NULL, "before" text, "after" text, "org_unit_id" varchar(36), "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "audit_log"("seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash") SELECT "seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash" FROM "temporary_audit_log"',
    );
    await queryRunner.query('DROP TABLE "temporary_audit_log"');
    await queryRunner.query('CREATE INDEX "idx_audit_actor" ON "audit_log" ("actor") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity" ON "audit_log" ("entity_type") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity_id" ON "audit_log" ("entity_id") ');
  }
}
