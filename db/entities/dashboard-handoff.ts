import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Pre-computed for the dashboard's handoff matrix: one row per task, with the unit that handed
 * the work over — the unit of the previous task of the same process (tasks ordered by creation,
 * then id), or for a process's first task the unit where the process started (hazard, emergency,
 * risk assessment; null when unknown). Finding the previous task needs a window over every task
 * of a process, far too slow per request on a year of tasks; everything here is derived from
 * `tasks` (and the process projections) by api/dashboard/handoff-rollup.ts, which recomputes the
 * processes whose tasks changed (by `tasks.updated_at`) before every handoff query. Never edited
 * by anything else; deleting every row is safe (the next query rebuilds them).
 */
@Entity({ name: 'dashboard_handoffs' })
@Index('idx_dashboard_handoffs_period', ['createdAt', 'fromUnitId', 'toUnitId', 'seconds'])
export class DashboardHandoff {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 200 })
  taskId!: string;

  @Index('idx_dashboard_handoffs_workflow')
  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  /** The task's creation: when the handoff happened. */
  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @Column({ name: 'from_unit_id', type: 'varchar', length: 36, nullable: true })
  fromUnitId!: string | null;

  /** The task's unit: who received the work. */
  @Column({ name: 'to_unit_id', type: 'varchar', length: 36 })
  toUnitId!: string;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;

  /** From the task's creation to its completion; null while not completed. */
  @Column({ type: 'double', nullable: true })
  seconds!: number | null;

  /** The task's `updated_at` when this row was computed: the high-water mark of the refresh. */
  @Index('idx_dashboard_handoffs_source')
  @Column({ name: 'task_updated_at', type: 'datetime', precision: 6 })
  taskUpdatedAt!: Date;
}
