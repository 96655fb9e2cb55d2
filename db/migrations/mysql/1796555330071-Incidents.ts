import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlIncidents1796555330071 implements MigrationInterface {
  name = 'MysqlIncidents1796555330071';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TABLE `incidents` (`id` varchar(36) NOT NULL, `workflow_id` varchar(200) NOT NULL, `kind` varchar(16) NOT NULL, `anonymous` tinyint NOT NULL DEFAULT 0, `title` varchar(200) NOT NULL, `description` text NOT NULL, `location` varchar(200) NOT NULL, `org_unit_id` varchar(36) NOT NULL, `occurred_at` datetime(3) NOT NULL, `reported_at` datetime(3) NOT NULL, `injured_people` text NOT NULL, `immediate_actions` text NOT NULL, `evidence_ids` text NOT NULL, `emergency_id` varchar(36) NULL, `reporter_user_id` varchar(36) NULL, `reporter_person_id` varchar(36) NULL, `receipt_hash` varchar(64) NOT NULL, `status` varchar(32) NOT NULL, `category` varchar(32) NULL, `consequence` varchar(24) NULL, `deaths` int NOT NULL DEFAULT '0', `serious_injuries` int NOT NULL DEFAULT '0', `minor_injuries` int NOT NULL DEFAULT '0', `days_lost` int NOT NULL DEFAULT '0', `direct_loss_yuan` double NOT NULL DEFAULT '0', `level` varchar(24) NULL, `reportable` tinyint NOT NULL DEFAULT 0, `classified_at` datetime(3) NULL, `due_at` datetime(3) NULL, `escalation_level` int NOT NULL DEFAULT '0', `overdue` tinyint NOT NULL DEFAULT 0, `regulatory_due_at` datetime(3) NULL, `regulatory_reported_at` datetime(3) NULL, `regulatory_escalation_level` int NOT NULL DEFAULT '0', `investigation_lead_person_id` varchar(36) NULL, `investigated_at` datetime(3) NULL, `determined_at` datetime(3) NULL, `actions_total` int NOT NULL DEFAULT '0', `actions_verified` int NOT NULL DEFAULT '0', `closed_at` datetime(3) NULL, `policy_version` int NOT NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_incidents_workflow` (`workflow_id`), INDEX `idx_incidents_org_unit` (`org_unit_id`), INDEX `idx_incidents_occurred_at` (`occurred_at`), INDEX `idx_incidents_emergency` (`emergency_id`), UNIQUE INDEX `idx_incidents_receipt` (`receipt_hash`), INDEX `idx_incidents_status` (`status`), INDEX `idx_incidents_overdue` (`overdue`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `incident_events` (`id` varchar(255) NOT NULL, `at` datetime(3) NOT NULL, `type` varchar(48) NOT NULL, `actor` varchar(200) NOT NULL, `data` text NOT NULL, `incident_id` varchar(36) NOT NULL, INDEX `idx_incident_events_incident` (`incident_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `corrective_actions` (`id` varchar(64) NOT NULL, `workflow_id` varchar(200) NOT NULL, `source_type` varchar(32) NOT NULL, `source_id` varchar(36) NOT NULL, `source_workflow_id` varchar(200) NOT NULL, `n` int NOT NULL, `kind` varchar(16) NOT NULL, `description` text NOT NULL, `org_unit_id` varchar(36) NOT NULL, `verifier_org_unit_id` varchar(36) NOT NULL, `status` varchar(16) NOT NULL, `due_at` datetime(3) NOT NULL, `round` int NOT NULL DEFAULT '1', `verified_at` datetime(3) NULL, `next_recheck_at` datetime(3) NULL, `rechecks_passed` int NOT NULL DEFAULT '0', `rechecks_failed` int NOT NULL DEFAULT '0', `closed_at` datetime(3) NULL, `policy_version` int NOT NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_corrective_actions_workflow` (`workflow_id`), INDEX `idx_corrective_actions_source` (`source_id`), INDEX `idx_corrective_actions_org_unit` (`org_unit_id`), INDEX `idx_corrective_actions_status` (`status`), INDEX `idx_corrective_actions_next_recheck` (`next_recheck_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `corrective_action_events` (`id` varchar(255) NOT NULL, `at` datetime(3) NOT NULL, `type` varchar(48) NOT NULL, `actor` varchar(200) NOT NULL, `data` text NOT NULL, `action_id` varchar(64) NOT NULL, INDEX `idx_corrective_action_events_action` (`action_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `worked_hours` (`id` varchar(36) NOT NULL, `org_unit_id` varchar(36) NOT NULL, `month` varchar(7) NOT NULL, `hours` double NOT NULL, `updated_by` varchar(64) NOT NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_worked_hours_unit_month` (`org_unit_id`, `month`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `uq_worked_hours_unit_month` ON `worked_hours`');
    await queryRunner.query('DROP TABLE `worked_hours`');
    await queryRunner.query('DROP INDEX `idx_corrective_action_events_action` ON `corrective_action_events`');
    await queryRunner.query('DROP TABLE `corrective_action_events`');
    await queryRunner.query('DROP INDEX `idx_corrective_actions_next_recheck` ON `corrective_actions`');
    await queryRunner.query('DROP INDEX `idx_corrective_actions_status` ON `corrective_actions`');
    await queryRunner.query('DROP INDEX `idx_corrective_actions_org_unit` ON `corrective_actions`');
    await queryRunner.query('DROP INDEX `idx_corrective_actions_source` ON `corrective_actions`');
    await queryRunner.query('DROP INDEX `idx_corrective_actions_workflow` ON `corrective_actions`');
    await queryRunner.query('DROP TABLE `corrective_actions`');
    await queryRunner.query('DROP INDEX `idx_incident_events_incident` ON `incident_events`');
    await queryRunner.query('DROP TABLE `incident_events`');
    await queryRunner.query('DROP INDEX `idx_incidents_overdue` ON `incidents`');
    await queryRunner.query('DROP INDEX `idx_incidents_status` ON `incidents`');
    await queryRunner.query('DROP INDEX `idx_incidents_receipt` ON `incidents`');
    await queryRunner.query('DROP INDEX `idx_incidents_emergency` ON `incidents`');
    await queryRunner.query('DROP INDEX `idx_incidents_occurred_at` ON `incidents`');
    await queryRunner.query('DROP INDEX `idx_incidents_org_unit` ON `incidents`');
    await queryRunner.query('DROP INDEX `idx_incidents_workflow` ON `incidents`');
    await queryRunner.query('DROP TABLE `incidents`');
  }
}
