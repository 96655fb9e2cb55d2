import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The seeded rules' names as of this migration (written out: a migration must not change with the code). */
const SEEDED = [
  ['overdue', 'Overdue hazards and tasks', '隐患与任务逾期'],
  ['low_score', 'Low published score', '发布得分偏低'],
  ['recurring_hazard', 'Recurring hazard in one area', '同一区域隐患反复出现'],
  ['incident_cluster', 'Incident cluster', '事件聚集'],
  ['sla_breach_rate', 'Department SLA breach rate', '部门超时率'],
] as const;

export class MysqlAlertRuleNameZh1796599013644 implements MigrationInterface {
  name = 'MysqlAlertRuleNameZh1796599013644';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `alert_rules` ADD `name_zh` varchar(200) NULL');
    // The seeded rules whose English name nobody changed get their Chinese name.
    for (const [id, name, nameZh] of SEEDED)
      await queryRunner.query('UPDATE `alert_rules` SET `name_zh` = ? WHERE `id` = ? AND `name` = ? AND `name_zh` IS NULL', [nameZh, id, name]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `alert_rules` DROP COLUMN `name_zh`');
  }
}
