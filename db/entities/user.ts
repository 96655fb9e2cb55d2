import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../domain/org';

/** A login. Its data scope is the subtree of `orgUnitId` unless a role widens it. */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  /** The display name in Chinese (displayName is the English one); null: displayName in both languages. */
  @Column({ name: 'display_name_zh', type: 'varchar', length: 200, nullable: true })
  displayNameZh!: string | null;

  /** scrypt hash in PHC-like form; never the password. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 36, nullable: true })
  personId!: string | null;

  @Index('idx_users_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Quiet hours: non-critical messages are deferred to their end (never dropped). */
  @Column({ name: 'quiet_hours', type: 'simple-json', nullable: true })
  quietHours!: { start: string; end: string; timeZone: string } | null;

  /** Substitute who may act on this user's tasks (delegation). */
  @Column({ name: 'substitute_user_id', type: 'varchar', length: 36, nullable: true })
  substituteUserId!: string | null;

  @Column({ type: 'varchar', length: 8, default: 'en' })
  locale!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}

@Entity({ name: 'user_roles' })
export class UserRole {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  role!: Role;
}
