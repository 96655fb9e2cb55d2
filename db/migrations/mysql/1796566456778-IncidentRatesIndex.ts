import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The covering index of the safety rates and the incident lists (occurred_at, kind, status,
 * org_unit_id; it replaces the single-column occurred_at index), and corrective actions whose
 * IDs and sources are long enough for a risk assessment's control measures (a scheduled
 * assessment's id is up to 100 characters). Generated, then edited: the columns are widened with
 * MODIFY (TypeORM's diff drops and re-adds them, which loses their rows and the primary key).
 */
export class MysqlIncidentRatesIndex1796566456778 implements MigrationInterface {
  name = 'MysqlIncidentRatesIndex1796566456778';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_incidents_occurred_at` ON `incidents`');
    await queryRunner.query('ALTER TABLE `corrective_actions` MODIFY `id` varchar(120) NOT NULL');
    await queryRunner.query('ALTER TABLE `corrective_actions` MODIFY `source_id` varchar(100) NOT NULL');
    await queryRunner.query('ALTER TABLE `corrective_action_events` MODIFY `action_id` varchar(120) NOT NULL');
    await queryRunner.query('CREATE INDEX `idx_incidents_occurred_kind_status_unit` ON `incidents` (`occurred_at`, `kind`, `status`, `org_unit_id`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_incidents_occurred_kind_status_unit` ON `incidents`');
    await queryRunner.query('ALTER TABLE `corrective_action_events` MODIFY `action_id` varchar(64) NOT NULL');
    await queryRunner.query('ALTER TABLE `corrective_actions` MODIFY `source_id` varchar(36) NOT NULL');
    await queryRunner.query('ALTER TABLE `corrective_actions` MODIFY `id` varchar(64) NOT NULL');
    await queryRunner.query('CREATE INDEX `idx_incidents_occurred_at` ON `incidents` (`occurred_at`)');
  }
}
