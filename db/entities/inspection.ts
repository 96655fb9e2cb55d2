import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Scored checklist inspections (安全检查): templates of weighted checklist items, and
 * inspections that apply a template to a department or workshop on a date. An inspection keeps
 * a copy of each item as it was scored (title, max score, weight), so editing a template never
 * changes a recorded score. Recording one writes one `inspection.scored` fact (see
 * api/inspections/inspection-service.ts).
 */
@Entity({ name: 'inspection_templates' })
export class InspectionTemplate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Business code: what imports and people use to name the template. */
  @Index('uq_inspection_templates_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The Chinese name (name is the English one); null: the name is shown in both languages. */
  @Column({ name: 'name_zh', type: 'varchar', length: 200, nullable: true })
  nameZh!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Inactive templates stay readable (and re-imports of old files still find their inspections) but new inspections cannot use them. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/** One checklist item of a template, in `position` order. */
@Entity({ name: 'inspection_template_items' })
export class InspectionTemplateItem {
  @PrimaryColumn({ name: 'template_id', type: 'varchar', length: 36 })
  templateId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  category!: string | null;

  @Column({ name: 'max_score', type: 'double' })
  maxScore!: number;

  /** Relative weight in the normalised 0–100 total. */
  @Column({ type: 'double' })
  weight!: number;
}

@Entity({ name: 'inspections' })
export class Inspection {
  /** Client-generated (a resend is the same inspection) or, for imports, derived from template + unit + date. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('idx_inspections_template')
  @Column({ name: 'template_id', type: 'varchar', length: 36 })
  templateId!: string;

  /** The inspected department or workshop (data scope). */
  @Index('idx_inspections_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  /** `YYYY-MM-DD`, the inspection's day in the group's time zone. */
  @Index('idx_inspections_inspected_on')
  @Column({ name: 'inspected_on', type: 'varchar', length: 10 })
  inspectedOn!: string;

  @Column({ name: 'inspector_person_id', type: 'varchar', length: 36, nullable: true })
  inspectorPersonId!: string | null;

  /** `items`: scored item by item; `total`: only a total was recorded (e.g. imported from paper). */
  @Column({ type: 'varchar', length: 8 })
  mode!: 'items' | 'total';

  /** Normalised 0–100, 2 decimals, computed by the server. */
  @Column({ type: 'double' })
  score!: number;

  @Column({ type: 'text', nullable: true })
  remarks!: string | null;

  /** The `inspection.scored` fact written for it. */
  @Column({ name: 'fact_id', type: 'varchar', length: 255 })
  factId!: string;

  /** 1 when recorded, +1 per correction. */
  @Column({ type: 'int', default: 1 })
  revision!: number;

  @Column({ name: 'recorded_by', type: 'varchar', length: 64 })
  recordedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

/** The score of one checklist item in one inspection, with the item as it was when scored. */
@Entity({ name: 'inspection_items' })
export class InspectionItem {
  @PrimaryColumn({ name: 'inspection_id', type: 'varchar', length: 36 })
  inspectionId!: string;

  @PrimaryColumn({ name: 'item_code', type: 'varchar', length: 64 })
  itemCode!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  category!: string | null;

  @Column({ name: 'max_score', type: 'double' })
  maxScore!: number;

  @Column({ type: 'double' })
  weight!: number;

  /** null: not applicable (left out of the total). */
  @Column({ type: 'double', nullable: true })
  score!: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  remark!: string | null;
}
