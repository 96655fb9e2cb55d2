import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlInspectionsTrainings1795292813004 implements MigrationInterface {
  name = 'MysqlInspectionsTrainings1795292813004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `inspection_templates` (`id` varchar(36) NOT NULL, `code` varchar(64) NOT NULL, `name` varchar(200) NOT NULL, `description` text NULL, `active` tinyint NOT NULL DEFAULT 1, `created_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_inspection_templates_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `inspection_template_items` (`template_id` varchar(36) NOT NULL, `code` varchar(64) NOT NULL, `position` int NOT NULL, `title` varchar(300) NOT NULL, `category` varchar(64) NULL, `max_score` double NOT NULL, `weight` double NOT NULL, PRIMARY KEY (`template_id`, `code`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      "CREATE TABLE `inspections` (`id` varchar(36) NOT NULL, `template_id` varchar(36) NOT NULL, `org_unit_id` varchar(36) NOT NULL, `inspected_on` varchar(10) NOT NULL, `inspector_person_id` varchar(36) NULL, `mode` varchar(8) NOT NULL, `score` double NOT NULL, `remarks` text NULL, `fact_id` varchar(255) NOT NULL, `revision` int NOT NULL DEFAULT '1', `recorded_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `idx_inspections_template` (`template_id`), INDEX `idx_inspections_org_unit` (`org_unit_id`), INDEX `idx_inspections_inspected_on` (`inspected_on`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await queryRunner.query(
      'CREATE TABLE `inspection_items` (`inspection_id` varchar(36) NOT NULL, `item_code` varchar(64) NOT NULL, `position` int NOT NULL, `title` varchar(300) NOT NULL, `category` varchar(64) NULL, `max_score` double NOT NULL, `weight` double NOT NULL, `score` double NULL, `remark` varchar(1000) NULL, PRIMARY KEY (`inspection_id`, `item_code`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `trainings` (`id` varchar(36) NOT NULL, `code` varchar(64) NULL, `title` varchar(200) NOT NULL, `topic` varchar(200) NOT NULL, `org_unit_id` varchar(36) NOT NULL, `held_on` varchar(10) NOT NULL, `trainer` varchar(200) NOT NULL, `created_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_trainings_code` (`code`), INDEX `idx_trainings_org_unit` (`org_unit_id`), INDEX `idx_trainings_held_on` (`held_on`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `training_participants` (`training_id` varchar(36) NOT NULL, `person_id` varchar(36) NOT NULL, `org_unit_id` varchar(36) NOT NULL, `attended` tinyint NULL, `passed` tinyint NULL, `remark` varchar(1000) NULL, `fact_id` varchar(255) NULL, `recorded_by` varchar(64) NULL, `recorded_at` datetime(3) NULL, INDEX `idx_training_participants_person` (`person_id`), PRIMARY KEY (`training_id`, `person_id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_training_participants_person` ON `training_participants`');
    await queryRunner.query('DROP TABLE `training_participants`');
    await queryRunner.query('DROP INDEX `idx_trainings_held_on` ON `trainings`');
    await queryRunner.query('DROP INDEX `idx_trainings_org_unit` ON `trainings`');
    await queryRunner.query('DROP INDEX `uq_trainings_code` ON `trainings`');
    await queryRunner.query('DROP TABLE `trainings`');
    await queryRunner.query('DROP TABLE `inspection_items`');
    await queryRunner.query('DROP INDEX `idx_inspections_inspected_on` ON `inspections`');
    await queryRunner.query('DROP INDEX `idx_inspections_org_unit` ON `inspections`');
    await queryRunner.query('DROP INDEX `idx_inspections_template` ON `inspections`');
    await queryRunner.query('DROP TABLE `inspections`');
    await queryRunner.query('DROP TABLE `inspection_template_items`');
    await queryRunner.query('DROP INDEX `uq_inspection_templates_code` ON `inspection_templates`');
    await queryRunner.query('DROP TABLE `inspection_templates`');
  }
}
