import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The process monitor's row of one running hazard or notice (api/processes/monitor-sql.ts): what
 * its filters, scope, text search and sorts read, derived from the process's projection and its
 * open tasks by db/projections/process-monitor.ts in the same transaction as every write that
 * changes them. Computing deadline, rung and scope from the open tasks on every request cost
 * ~0.5 s over the ~7,000 processes a year of data keeps in flight. Only running processes have a
 * row (an ended one's is deleted), so the table is as large as what is in flight and the sorts
 * need no "running" column in front. Never edited by anything else; every row can be rebuilt
 * (`rebuildProcessMonitor`).
 */
@Entity({ name: 'process_monitor' })
/** Sort "breach": soonest deadline first. */
@Index('idx_process_monitor_deadline', ['deadline', 'startedAt', 'workflowId'])
/** Sort "started": newest first. */
@Index('idx_process_monitor_started', ['startedAt', 'workflowId'])
/** Sort "escalation": highest rung first, then by deadline. */
@Index('idx_process_monitor_escalation', ['escalationLevel', 'deadline'])
export class ProcessMonitorRow {
  @PrimaryColumn({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  /** The process kind (api/processes/monitor-sql.ts PROJECTED_TYPES). */
  @Column({ type: 'varchar', length: 16 })
  type!: 'hazard' | 'notice';

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  /** As the monitor shows it: a hazard's grade, or `suspected-<guess>` before grading; a notice's priority. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  severity!: string | null;

  /** Where the process started (a notice: the unit it was sent to). */
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36, nullable: true })
  orgUnitId!: string | null;

  /** The department responsible for it (a notice: the unit it was sent to). */
  @Column({ name: 'department_id', type: 'varchar', length: 36, nullable: true })
  departmentId!: string | null;

  /**
   * The paths of the units the process touches (origin, department, every open step's unit), each
   * after a space: a scope or unit filter is one `LIKE '% <path>%'` on the row. Paths never change
   * (units are not moved), so the stored copies stay true.
   */
  @Column({ name: 'unit_paths', type: 'text' })
  unitPaths!: string;

  /** A hazard's report; a notice's first open task's creation (to the millisecond). */
  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt!: Date;

  /** What the process is about in English words, or in the reporter's own words (a hazard's title). */
  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** The same in Chinese when the projection holds a text rendered per language (a notice's); for the text search. */
  @Column({ name: 'title_zh', type: 'varchar', length: 300, nullable: true })
  titleZh!: string | null;

  /** The open steps' titles in English and Chinese, one a line: the text search matches them too. */
  @Column({ name: 'step_titles', type: 'text' })
  stepTitles!: string;

  /** The earliest open step's deadline, else the process's own (a hazard's mirrored SLA deadline). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  deadline!: Date | null;

  /**
   * The projection's own overdue flag (the workflow's SLA clock). The monitor's overdue is this or
   * `deadline` passed, read against the request's time: a stored answer would go stale by itself.
   */
  @Column({ name: 'marked_overdue', type: 'boolean', default: false })
  markedOverdue!: boolean;

  /** The highest rung of the process and its open steps. */
  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;
}
