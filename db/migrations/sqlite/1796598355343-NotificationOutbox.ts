import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SqliteNotificationOutbox1796598355343 implements MigrationInterface {
  name = 'SqliteNotificationOutbox1796598355343';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "notification_outbox" ("id" varchar(255) PRIMARY KEY NOT NULL, "dedup_key" varchar(200) NOT NULL, "channel" varchar(16) NOT NULL, "recipient_user_id" varchar(36), "address" varchar(500), "request" text NOT NULL, "state" varchar(16) NOT NULL, "due_at" datetime(3) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "claimed_at" datetime(3), "last_error" varchar(500), "sent_at" datetime(3), "created_at" datetime(6) NOT NULL DEFAULT (datetime(\'now\')))',
    );
    await queryRunner.query('CREATE INDEX "idx_notification_outbox_key" ON "notification_outbox" ("dedup_key") ');
    await queryRunner.query('CREATE INDEX "idx_notification_outbox_due" ON "notification_outbox" ("state", "due_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "idx_notification_outbox_due"');
    await queryRunner.query('DROP INDEX "idx_notification_outbox_key"');
    await queryRunner.query('DROP TABLE "notification_outbox"');
  }
}
