import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A person: the subject of scores, the holder of a post, the assignee of tasks. */
@Entity({ name: 'people' })
export class Person {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('uq_people_employee_no', { unique: true })
  @Column({ name: 'employee_no', type: 'varchar', length: 64 })
  employeeNo!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The Chinese name (name is the English one); null: the name is shown in both languages. */
  @Column({ name: 'name_zh', type: 'varchar', length: 200, nullable: true })
  nameZh!: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Index('idx_people_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Index('idx_people_post')
  @Column({ name: 'post_id', type: 'varchar', length: 36, nullable: true })
  postId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
