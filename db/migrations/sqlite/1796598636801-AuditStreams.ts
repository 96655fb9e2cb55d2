import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteAuditStreams1796598636801 implements MigrationInterface {
  name = 'SqliteAuditStreams1796598636801';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE "audit_stream" ("stream" varchar(200) PRIMARY KEY NOT NULL, "seq" integer NOT NULL, "hash" varchar(64) NOT NULL)');
    await queryRunner.query(
      'CREATE TABLE "audit_anchor" ("seq" integer PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "stream" varchar(200) NOT NULL, "stream_seq" integer NOT NULL, "stream_hash" varchar(64) NOT NULL, "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, "hash_alg" varchar(8) NOT NULL)',
    );
    await queryRunner.query('CREATE INDEX "idx_audit_anchor_stream" ON "audit_anchor" ("stream", "stream_seq") ');
    await queryRunner.query('DROP INDEX "idx_audit_actor"');
    await queryRunner.query('DROP INDEX "idx_audit_entity"');
    await queryRunner.query('DROP INDEX "idx_audit_entity_id"');
    await queryRunner.query(
      'CREATE TABLE "temporary_audit_log" ("seq" integer PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "actor_type" varchar(16) NOT NULL, "actor" varchar(200) NOT NULL, "on_behalf_of" varchar(200), "action" varchar(64) NOT NULL, "entity_type" varchar(64) NOT NULL, "entity_id" varchar(200) NOT NULL, "before" text, "after" text, "org_unit_id" varchar(36), "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, "hash_alg" varchar(8) NOT NULL DEFAULT (\'sha256\'), "stream" varchar(200) NOT NULL DEFAULT (\'legacy\'), "stream_seq" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_audit_log"("seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash", "hash_alg") SELECT "seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash", "hash_alg" FROM "audit_log"',
    );
    await queryRunner.query('DROP TABLE "audit_log"');
    await queryRunner.query('ALTER TABLE "temporary_audit_log" RENAME TO "audit_log"');
    await queryRunner.query('CREATE INDEX "idx_audit_actor" ON "audit_log" ("actor") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity" ON "audit_log" ("entity_type") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity_id" ON "audit_log" ("entity_id") ');
    await queryRunner.query('DROP INDEX "idx_audit_actor"');
    await queryRunner.query('DROP INDEX "idx_audit_entity"');
    await queryRunner.query('DROP INDEX "idx_audit_entity_id"');
    await queryRunner.query(
      'CREATE TABLE "temporary_audit_log" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" datetime(3) NOT NULL, "actor_type" varchar(16) NOT NULL, "actor" varchar(200) NOT NULL, "on_behalf_of" varchar(200), "action" varchar(64) NOT NULL, "entity_type" varchar(64) NOT NULL, "entity_id" varchar(200) NOT NULL, "before" text, "after" text, "org_unit_id" varchar(36), "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, "hash_alg" varchar(8) NOT NULL DEFAULT (\'sha256\'), "stream" varchar(200) NOT NULL DEFAULT (\'legacy\'), "stream_seq" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_audit_log"("seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash", "hash_alg", "stream", "stream_seq") SELECT "seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash", "hash_alg", "stream", "stream_seq" FROM "audit_log"',
    );
    await queryRunner.query('DROP TABLE "audit_log"');
    await queryRunner.query('ALTER TABLE "temporary_audit_log" RENAME TO "audit_log"');
    await queryRunner.query('CREATE INDEX "idx_audit_actor" ON "audit_log" ("actor") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity" ON "audit_log" ("entity_type") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity_id" ON "audit_log" ("entity_id") ');
    // Hand-written data step: the rows written before streams become the closed stream 'legacy' (their
    // hashes unchanged, still verifiable); the old single head becomes its stream head, and "audit_head"
    // starts over as the head of the (empty) anchor chain. The next anchoring run anchors 'legacy'.
    await queryRunner.query('UPDATE "audit_log" SET "stream" = \'legacy\', "stream_seq" = "seq"');
    await queryRunner.query(
      'INSERT INTO "audit_stream" ("stream", "seq", "hash") SELECT \'legacy\', "seq", "hash" FROM "audit_head" WHERE "id" = 1 AND "seq" > 0',
    );
    await queryRunner.query('UPDATE "audit_head" SET "seq" = 0, "hash" = \'0000000000000000000000000000000000000000000000000000000000000000\' WHERE "id" = 1');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_audit_stream_seq" ON "audit_log" ("stream", "stream_seq") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Hand-written like up's data step: the legacy stream's head becomes the single head again. Rows appended in streams do not verify as one chain: down is for development only.
    await queryRunner.query(
      'UPDATE "audit_head" SET "seq" = (SELECT "seq" FROM "audit_stream" WHERE "stream" = \'legacy\'), "hash" = (SELECT "hash" FROM "audit_stream" WHERE "stream" = \'legacy\') WHERE "id" = 1 AND EXISTS (SELECT 1 FROM "audit_stream" WHERE "stream" = \'legacy\')',
    );
    await queryRunner.query('DROP INDEX "uq_audit_stream_seq"');
    await queryRunner.query('DROP INDEX "idx_audit_entity_id"');
    await queryRunner.query('DROP INDEX "idx_audit_entity"');
    await queryRunner.query('DROP INDEX "idx_audit_actor"');
    await queryRunner.query('ALTER TABLE "audit_log" RENAME TO "temporary_audit_log"');
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("seq" integer PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "actor_type" varchar(16) NOT NULL, "actor" varchar(200) NOT NULL, "on_behalf_of" varchar(200), "action" varchar(64) NOT NULL, "entity_type" varchar(64) NOT NULL, "entity_id" varchar(200) NOT NULL, "before" text, "after" text, "org_unit_id" varchar(36), "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, "hash_alg" varchar(8) NOT NULL DEFAULT (\'sha256\'), "stream" varchar(200) NOT NULL DEFAULT (\'legacy\'), "stream_seq" integer NOT NULL DEFAULT (0))',
    );
    await queryRunner.query(
      'INSERT INTO "audit_log"("seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash", "hash_alg", "stream", "stream_seq") SELECT "seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash", "hash_alg", "stream", "stream_seq" FROM "temporary_audit_log"',
    );
    await queryRunner.query('DROP TABLE "temporary_audit_log"');
    await queryRunner.query('CREATE INDEX "idx_audit_entity_id" ON "audit_log" ("entity_id") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity" ON "audit_log" ("entity_type") ');
    await queryRunner.query('CREATE INDEX "idx_audit_actor" ON "audit_log" ("actor") ');
    await queryRunner.query('DROP INDEX "idx_audit_entity_id"');
    await queryRunner.query('DROP INDEX "idx_audit_entity"');
    await queryRunner.query('DROP INDEX "idx_audit_actor"');
    await queryRunner.query('ALTER TABLE "audit_log" RENAME TO "temporary_audit_log"');
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("seq" integer PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "actor_type" varchar(16) NOT NULL, "actor" varchar(200) NOT NULL, "on_behalf_of" varchar(200), "action" varchar(64) NOT NULL, "entity_type" varchar(64) NOT NULL, "entity_id" varchar(200) NOT NULL, "before" text, "after" text, "org_unit_id" varchar(36), "prev_hash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, "hash_alg" varchar(8) NOT NULL DEFAULT (\'sha256\'))',
    );
    await queryRunner.query(
      'INSERT INTO "audit_log"("seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash", "hash_alg") SELECT "seq", "at", "actor_type", "actor", "on_behalf_of", "action", "entity_type", "entity_id", "before", "after", "org_unit_id", "prev_hash", "hash", "hash_alg" FROM "temporary_audit_log"',
    );
    await queryRunner.query('DROP TABLE "temporary_audit_log"');
    await queryRunner.query('CREATE INDEX "idx_audit_entity_id" ON "audit_log" ("entity_id") ');
    await queryRunner.query('CREATE INDEX "idx_audit_entity" ON "audit_log" ("entity_type") ');
    await queryRunner.query('CREATE INDEX "idx_audit_actor" ON "audit_log" ("actor") ');
    await queryRunner.query('DROP INDEX "idx_audit_anchor_stream"');
    await queryRunner.query('DROP TABLE "audit_anchor"');
    await queryRunner.query('DROP TABLE "audit_stream"');
  }
}
