import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A named set of monitor filters: the owner's own, or shared with everyone who may open the monitor. */
@Entity({ name: 'saved_views' })
@Index('uq_saved_views_owner_name', ['ownerUserId', 'page', 'name'], { unique: true })
export class SavedView {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Which page the view belongs to, e.g. `processes`. */
  @Column({ type: 'varchar', length: 32 })
  page!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'owner_user_id', type: 'varchar', length: 36 })
  ownerUserId!: string;

  @Column({ type: 'boolean', default: false })
  shared!: boolean;

  /** The filters as JSON (validated by the page's query schema when saved). */
  @Column({ type: 'text' })
  filters!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
