import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlBehaviourRatings1795288123548 implements MigrationInterface {
  name = 'MysqlBehaviourRatings1795288123548';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `behaviour_ratings` (`id` varchar(36) NOT NULL, `period` varchar(16) NOT NULL, `person_id` varchar(36) NOT NULL, `indicator_code` varchar(64) NOT NULL, `rater_role` varchar(20) NOT NULL, `rater_person_id` varchar(36) NOT NULL, `score` double NOT NULL, `comment` varchar(1000) NOT NULL, `rated_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `idx_behaviour_ratings_person` (`person_id`), UNIQUE INDEX `uq_behaviour_ratings_one` (`period`, `person_id`, `indicator_code`, `rater_person_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `uq_behaviour_ratings_one` ON `behaviour_ratings`');
    await queryRunner.query('DROP INDEX `idx_behaviour_ratings_person` ON `behaviour_ratings`');
    await queryRunner.query('DROP TABLE `behaviour_ratings`');
  }
}
