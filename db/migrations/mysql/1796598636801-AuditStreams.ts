import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MysqlAuditStreams1796598636801 implements MigrationInterface {
  name = 'MysqlAuditStreams1796598636801';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `audit_stream` (`stream` varchar(200) NOT NULL, `seq` int NOT NULL, `hash` varchar(64) NOT NULL, PRIMARY KEY (`stream`)) ENGINE=InnoDB',
    );
    await queryRunner.query(
      'CREATE TABLE `audit_anchor` (`seq` int NOT NULL, `at` datetime(3) NOT NULL, `stream` varchar(200) NOT NULL, `stream_seq` int NOT NULL, `stream_hash` varchar(64) NOT NULL, `prev_hash` varchar(64) NOT NULL, `hash` varchar(64) NOT NULL, `hash_alg` varchar(8) NOT NULL, INDEX `idx_audit_anchor_stream` (`stream`, `stream_seq`), PRIMARY KEY (`seq`)) ENGINE=InnoDB',
    );
    await queryRunner.query("ALTER TABLE `audit_log` ADD `stream` varchar(200) NOT NULL DEFAULT 'legacy'");
    await queryRunner.query("ALTER TABLE `audit_log` ADD `stream_seq` int NOT NULL DEFAULT '0'");
    // Hand-edited: the generated DROP COLUMN `seq` / ADD `seq` would renumber the existing rows; MODIFY keeps them.
    await queryRunner.query('ALTER TABLE `audit_log` MODIFY `seq` int NOT NULL AUTO_INCREMENT');
    // Hand-written data step: the rows written before streams become the closed stream 'legacy' (their
    // hashes unchanged, still verifiable); the old single head becomes its stream head, and `audit_head`
    // starts over as the head of the (empty) anchor chain. The next anchoring run anchors 'legacy'.
    await queryRunner.query("UPDATE `audit_log` SET `stream` = 'legacy', `stream_seq` = `seq`");
    await queryRunner.query(
      "INSERT INTO `audit_stream` (`stream`, `seq`, `hash`) SELECT 'legacy', `seq`, `hash` FROM `audit_head` WHERE `id` = 1 AND `seq` > 0",
    );
    await queryRunner.query("UPDATE `audit_head` SET `seq` = 0, `hash` = '0000000000000000000000000000000000000000000000000000000000000000' WHERE `id` = 1");
    await queryRunner.query('CREATE UNIQUE INDEX `uq_audit_stream_seq` ON `audit_log` (`stream`, `stream_seq`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `uq_audit_stream_seq` ON `audit_log`');
    // Hand-edited like up (keeps the rows' seq). Rows appended in streams do not verify as one chain again: down is for development only.
    await queryRunner.query('ALTER TABLE `audit_log` MODIFY `seq` int NOT NULL');
    await queryRunner.query("UPDATE `audit_head` h JOIN `audit_stream` s ON s.`stream` = 'legacy' SET h.`seq` = s.`seq`, h.`hash` = s.`hash` WHERE h.`id` = 1");
    await queryRunner.query('ALTER TABLE `audit_log` DROP COLUMN `stream_seq`');
    await queryRunner.query('ALTER TABLE `audit_log` DROP COLUMN `stream`');
    await queryRunner.query('DROP INDEX `idx_audit_anchor_stream` ON `audit_anchor`');
    await queryRunner.query('DROP TABLE `audit_anchor`');
    await queryRunner.query('DROP TABLE `audit_stream`');
  }
}
