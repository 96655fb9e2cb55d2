import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BusinessType, PostLevel, RiskLevel } from '../../domain/org';

/** A post profile selects the post's duty requirement list ("one post, one list"). */
@Entity({ name: 'post_profiles' })
export class PostProfile {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('uq_post_profiles_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: PostLevel;

  @Column({ name: 'business_type', type: 'varchar', length: 16 })
  businessType!: BusinessType;

  @Column({ name: 'risk_level', type: 'varchar', length: 16 })
  riskLevel!: RiskLevel;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}

/** A post (岗位) in an org unit, with its profile. */
@Entity({ name: 'posts' })
export class Post {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('idx_posts_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Index('uq_posts_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The Chinese name (name is the English one); null: the name is shown in both languages. */
  @Column({ name: 'name_zh', type: 'varchar', length: 200, nullable: true })
  nameZh!: string | null;

  @Column({ name: 'profile_id', type: 'varchar', length: 36 })
  profileId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
