import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns every process timeline shares (hazard, emergency, risk assessment events): one row
 * per transition or note, in business words. Subclasses add the column naming their process.
 */
export abstract class ProcessEventColumns {
  /** Idempotency key: workflow ID + step. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  @Column({ type: 'varchar', length: 48 })
  type!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ type: 'text' })
  data!: string;
}
