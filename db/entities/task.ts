import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A human task in the inbox: every process hands work to people through these. Created by a
 * workflow's activity (the ID is derived from workflow ID + step, so a retry creates nothing
 * new); completed through the API, which updates the owning workflow.
 */
@Entity({ name: 'tasks' })
/** Dashboard: a process's tasks in creation order, covering what the handoff matrix reads. */
@Index('idx_tasks_workflow_chain', ['workflowId', 'createdAt', 'orgUnitId', 'completedAt', 'updatedAt'])
/** Dashboard: tasks due in a period, covering what the SLA breach rate reads. */
@Index('idx_tasks_due_cover', ['dueAt', 'status', 'completedAt', 'orgUnitId', 'assigneeUserId'])
/** Inbox and team view: the open tasks of a unit, covering what the team view filters on and sorts by. */
@Index('idx_tasks_status_unit', ['status', 'orgUnitId', 'completedBy', 'dueAt'])
/**
 * Process monitor: every running process's open steps, grouped by process in index order with
 * their earliest deadline and highest rung read from the index alone (api/processes/monitor-sql.ts).
 */
@Index('idx_tasks_open_workflow', ['status', 'workflowId', 'dueAt', 'escalationLevel'])
/** Process monitor: the open steps of one kind of process (a running notice is its open acknowledgement task). */
@Index('idx_tasks_kind_open', ['processType', 'status', 'workflowId'])
export class Task {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id!: string;

  @Index('idx_tasks_workflow')
  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Column({ name: 'process_type', type: 'varchar', length: 32 })
  processType!: string;

  /** Selects the form schema (domain/tasks.ts). */
  @Column({ name: 'task_type', type: 'varchar', length: 64 })
  taskType!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /**
   * The title and description as message keys with parameters (domain/texts), JSON, rendered in
   * each reader's language; `title`/`description` hold the English words (search, older rows).
   */
  @Column({ name: 'title_text', type: 'text', nullable: true })
  titleText!: string | null;

  @Column({ name: 'description_text', type: 'text', nullable: true })
  descriptionText!: string | null;

  /**
   * The org unit the task belongs to (data scope) and whose members may take it. Indexed on its own:
   * InnoDB's sampled statistics overrate the distinct units of a longer index led by this column
   * (~2,700 for ~100 units on a year of tasks), and MariaDB then reads every task of every unit.
   */
  @Index('idx_tasks_org_unit')
  @Column({ name: 'org_unit_id', type: 'varchar', length: 36 })
  orgUnitId!: string;

  @Column({ name: 'candidate_role', type: 'varchar', length: 32, nullable: true })
  candidateRole!: string | null;

  @Index('idx_tasks_assignee')
  @Column({ name: 'assignee_user_id', type: 'varchar', length: 36, nullable: true })
  assigneeUserId!: string | null;

  /** open → completed | cancelled. `claimed` is open with an assignee. */
  @Column({ type: 'varchar', length: 16 })
  status!: 'open' | 'completed' | 'cancelled';

  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'follow_up_at', type: 'datetime', precision: 3, nullable: true })
  followUpAt!: Date | null;

  /** Rungs of the escalation ladder climbed since the deadline passed (0: not escalated). */
  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Column({ type: 'varchar', length: 16, default: 'normal' })
  priority!: 'critical' | 'normal' | 'info';

  @Column({ name: 'completed_by', type: 'varchar', length: 64, nullable: true })
  completedBy!: string | null;

  /** When a substitute completed it: the assignee it was delegated from. */
  @Column({ name: 'completed_on_behalf_of', type: 'varchar', length: 64, nullable: true })
  completedOnBehalfOf!: string | null;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  result!: string | null;

  /** What the form needs from the process (JSON), e.g. the register's items a proposal may name. */
  @Column({ type: 'text', nullable: true })
  context!: string | null;

  @Column({ name: 'delegated_from_user_id', type: 'varchar', length: 36, nullable: true })
  delegatedFromUserId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  /** Indexed: the dashboard's handoff matrix finds the tasks changed since its last refresh. */
  @Index('idx_tasks_updated_at')
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
