import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { EmergencyPhone } from '../../domain/emergency/phones';
import type { DepartmentFunction, OrgUnitKind } from '../../domain/org';

/** A node of the organisation tree: group → company → plant → department → workshop. */
@Entity({ name: 'org_units' })
export class OrgUnit {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('idx_org_units_parent')
  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: OrgUnitKind;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The Chinese name (name is the English one); null: the name is shown in both languages. */
  @Column({ name: 'name_zh', type: 'varchar', length: 200, nullable: true })
  nameZh!: string | null;

  @Index('uq_org_units_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  /** Set on departments: which of the seven functions the department carries. */
  @Column({ name: 'department_function', type: 'varchar', length: 16, nullable: true })
  departmentFunction!: DepartmentFunction | null;

  /** Materialised path (`/rootId/…/id/`): subtree queries are a prefix match. */
  @Index('idx_org_units_path')
  @Column({ type: 'varchar', length: 512 })
  path!: string;

  @Column({ name: 'head_person_id', type: 'varchar', length: 36, nullable: true })
  headPersonId!: string | null;

  /**
   * The unit's own emergency numbers (a workshop's shift leader, a plant's 24 h safety duty, the
   * group's 119/120): someone raising an emergency sees these and those of the units above at once,
   * also offline. Null: none of its own.
   */
  @Column({ name: 'emergency_phones', type: 'simple-json', nullable: true })
  emergencyPhones!: EmergencyPhone[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
