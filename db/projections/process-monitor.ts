import { createHash } from 'node:crypto';
import { EventSubscriber, In, type EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { HAZARD_ENDED_STATUSES } from '../../domain/hazard/constants';
import { renderText } from '../../domain/texts/render';
import { parseStoredText } from '../../domain/texts/text';
import { hazardWorkflowId } from '../../workflows/hazard/messages';
import { noticeWorkflowId } from '../../workflows/notice/messages';
import { Hazard, OrgUnit, ProcessMonitorRow, Task } from '../entities';
import { insertOne } from './insert';

/**
 * The process monitor's stored rows (db/entities/process-monitor.ts): one per running hazard or
 * notice, recomputed from the process's projection and its open tasks by `refreshMonitorRow`,
 * which every write that changes either calls in its own transaction.
 */

/** Workflow IDs of the kinds with a monitor row (the business-key helpers' prefixes): any other process is skipped without a query. */
const MONITORED_PREFIXES = [hazardWorkflowId(''), noticeWorkflowId('')];
const monitored = (workflowId: string) => MONITORED_PREFIXES.some((p) => workflowId.startsWith(p));

const ENDED: readonly string[] = HAZARD_ENDED_STATUSES;
const BATCH = 500;

export type OpenStep = Pick<Task, 'workflowId' | 'processType' | 'title' | 'titleText' | 'orgUnitId' | 'dueAt' | 'escalationLevel' | 'priority' | 'createdAt'>;
type HazardFields = Pick<
  Hazard,
  | 'workflowId'
  | 'status'
  | 'severity'
  | 'suspectedSeverity'
  | 'orgUnitId'
  | 'responsibleOrgUnitId'
  | 'reportedAt'
  | 'title'
  | 'dueAt'
  | 'overdue'
  | 'escalationLevel'
>;

/**
 * Keeps the monitor row of one process right after a write to its projection or tasks: written
 * while the process runs, deleted once it has ended. Idempotent; a no-op for kinds the monitor
 * does not store. Call it after the write, with the writer's entity manager.
 *
 * In a MariaDB transaction it only notes the process: once the transaction has committed,
 * `ProcessMonitorSettler` recomputes the row from what is committed, before the transaction's
 * caller goes on. (Recomputing inside the transaction as well would be wasted: its snapshot
 * misses what another transaction of the same process — a parallel step, the SLA clock's mirror
 * beside a new task — commits meanwhile, and reading with locks instead would make two such
 * transactions wait for each other. A write made outside a transaction, and every write on the
 * embedded sql.js database, which runs one transaction at a time, recomputes the row at once.)
 */
export async function refreshMonitorRow(em: EntityManager, workflowId: string): Promise<void> {
  if (!monitored(workflowId)) return;
  const qr = em.queryRunner;
  if (qr?.isTransactionActive && em.connection.options.type !== 'sqljs') {
    const data = qr.data as { monitorSettle?: Set<string> };
    (data.monitorSettle ??= new Set()).add(workflowId);
    return;
  }
  await refreshMonitorRows(em, [workflowId]);
}

/**
 * After a transaction that changed monitored processes commits, recomputes their rows on the same
 * connection, after taking each process's named lock. Each statement of the recomputation reads
 * what is committed when it runs (no transaction of its own: the write is one statement), so the
 * pass sees every transaction committed before it, and a transaction committing later settles
 * after it. The row thus ends as the committed state says, whatever order concurrent writers
 * committed in. (sql.js runs one transaction at a time: nothing to settle.)
 */
@EventSubscriber()
export class ProcessMonitorSettler implements EntitySubscriberInterface {
  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const qr = event.queryRunner;
    const data = qr.data as { monitorSettle?: Set<string> };
    // Only once the outermost transaction committed (a savepoint's release broadcasts too).
    if (!data.monitorSettle?.size || qr.isTransactionActive) return;
    const ids = [...data.monitorSettle];
    data.monitorSettle = undefined;
    for (const workflowId of ids) {
      // Named locks are at most 64 characters; a workflow ID may be longer.
      const lock = `monitor:${createHash('sha1').update(workflowId).digest('hex')}`;
      const [got] = (await qr.query('SELECT GET_LOCK(?, 30) AS got', [lock])) as { got: number | string | null }[];
      if (Number(got?.got) !== 1) throw new Error(`process monitor: ${workflowId} stayed locked for 30 s`);
      try {
        await refreshMonitorRows(qr.manager, [workflowId]);
      } finally {
        await qr.query('SELECT RELEASE_LOCK(?)', [lock]);
      }
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    (event.queryRunner.data as { monitorSettle?: Set<string> }).monitorSettle = undefined;
  }
}

/**
 * The monitor row of a hazard the API opens (issue 22), written in the opening transaction from
 * the rows that transaction writes — the report and its grading task — instead of read back by
 * `ProcessMonitorSettler` after the commit (a named lock, two reads and its release: four
 * statements a report). The snapshot concern of `refreshMonitorRow` does not arise here: the
 * transaction has just inserted the hazard row (any other writer of the hazard waits on it until
 * the commit, and settles after it), and no other task of the process can be written before its
 * first one is completed, which needs this commit. `paths`: the units' paths the API read with
 * their chain. Returns false, leaving the row to the settler, outside a MariaDB transaction, when
 * a unit's path is not at hand, or when a row is there already.
 */
export async function writeOpenedHazardRow(
  em: EntityManager,
  hazard: Pick<Hazard, 'workflowId' | 'status' | 'suspectedSeverity' | 'orgUnitId' | 'reportedAt' | 'title' | 'dueAt'>,
  steps: OpenStep[],
  paths: Map<string, string>,
): Promise<boolean> {
  const qr = em.queryRunner;
  if (!qr?.isTransactionActive || em.connection.options.type === 'sqljs' || !monitored(hazard.workflowId)) return false;
  if ([hazard.orgUnitId, ...steps.map((s) => s.orgUnitId)].some((id) => !paths.has(id))) return false;
  const row = hazardRow({ ...hazard, severity: null, responsibleOrgUnitId: null, overdue: false, escalationLevel: 0 }, steps, paths);
  if (!row || (await insertOne(em, ProcessMonitorRow, row, { ignore: true })) !== 1) return false;
  (qr.data as { monitorSettle?: Set<string> }).monitorSettle?.delete(hazard.workflowId);
  return true;
}

/** Every row rebuilt from the projections and open tasks (the migration that made the table; bulk-loaded data such as the benchmark's year). */
export async function rebuildProcessMonitor(em: EntityManager): Promise<number> {
  const hazards = await em
    .getRepository(Hazard)
    .createQueryBuilder('h')
    .select('h.workflow_id', 'workflowId')
    .where('h.status NOT IN (:...ended)', { ended: ENDED })
    .getRawMany<{ workflowId: string }>();
  const notices = await em
    .getRepository(Task)
    .createQueryBuilder('t')
    .select('DISTINCT t.workflow_id', 'workflowId')
    .where("t.status = 'open' AND t.process_type = 'notice'")
    .getRawMany<{ workflowId: string }>();
  const ids = [...new Set([...hazards, ...notices].map((r) => r.workflowId))].filter(monitored);
  // DELETE, not TRUNCATE: MySQL commits the transaction around a TRUNCATE.
  await em.createQueryBuilder().delete().from(ProcessMonitorRow).execute();
  let written = 0;
  for (let i = 0; i < ids.length; i += BATCH) written += await refreshMonitorRows(em, ids.slice(i, i + BATCH));
  return written;
}

const HAZARD_FIELDS = [
  'id',
  'workflowId',
  'status',
  'severity',
  'suspectedSeverity',
  'orgUnitId',
  'responsibleOrgUnitId',
  'reportedAt',
  'title',
  'dueAt',
  'overdue',
  'escalationLevel',
] as const;
const STEP_FIELDS = ['id', 'workflowId', 'processType', 'title', 'titleText', 'orgUnitId', 'dueAt', 'escalationLevel', 'priority', 'createdAt'] as const;

/** `alias.column AS property` for these properties of an entity (MySQL/MariaDB). */
function columnsOf(em: EntityManager, entity: Function, alias: string, props: readonly string[]): string {
  const meta = em.connection.getMetadata(entity);
  return props.map((p) => `\`${alias}\`.\`${meta.findColumnWithPropertyName(p)!.databaseName}\` AS \`${p}\``).join(', ');
}
/** A raw row's properties as TypeORM hydrates them (booleans, dates, numbers). */
function hydrated<T>(em: EntityManager, entity: Function, props: readonly string[], raw: Record<string, unknown>): T {
  const meta = em.connection.getMetadata(entity);
  const out: Record<string, unknown> = {};
  for (const p of props) out[p] = em.connection.driver.prepareHydratedValue(raw[p], meta.findColumnWithPropertyName(p)!);
  return out as T;
}
/** The two reads of `refreshMonitorRows` on MySQL/MariaDB, built once per data source. */
const monitorReads = new WeakMap<object, { hazards: string; steps: string }>();

/**
 * Reads the hazards and open steps of these processes with their units' paths. MySQL/MariaDB: two
 * statements built once (the query builders rebuilt them on every commit that settled a row: a
 * tenth of the database client's CPU in bench:processes); sql.js: the query builders.
 */
async function monitorInputs(em: EntityManager, workflowIds: string[]): Promise<{ hazards: HazardFields[]; steps: OpenStep[]; paths: Map<string, string> }> {
  // The units' paths come with the rows that name them (left joins on the primary key), not in a
  // statement of their own: a report's commit settles its row with one statement fewer.
  const paths = new Map<string, string>();
  const notePaths = (raw: Record<string, unknown>[], aliases: string[]) => {
    for (const r of raw) for (const a of aliases) if (r[`${a}_id`] && r[`${a}_path`] !== null) paths.set(String(r[`${a}_id`]), String(r[`${a}_path`]));
  };
  if (em.connection.options.type !== 'sqljs') {
    let sql = monitorReads.get(em.connection);
    if (!sql) {
      const unit = (alias: string) => `\`${alias}\`.\`id\` AS \`${alias}_id\`, \`${alias}\`.\`path\` AS \`${alias}_path\``;
      sql = {
        hazards:
          `SELECT ${columnsOf(em, Hazard, 'h', HAZARD_FIELDS)}, ${unit('hu')}, ${unit('hr')} FROM \`hazards\` \`h\` ` +
          'LEFT JOIN `org_units` `hu` ON `hu`.`id` = `h`.`org_unit_id` LEFT JOIN `org_units` `hr` ON `hr`.`id` = `h`.`responsible_org_unit_id` WHERE `h`.`workflow_id` IN ',
        steps:
          `SELECT ${columnsOf(em, Task, 't', STEP_FIELDS)}, ${unit('tu')} FROM \`tasks\` \`t\` LEFT JOIN \`org_units\` \`tu\` ON \`tu\`.\`id\` = \`t\`.\`org_unit_id\` ` +
          "WHERE `t`.`status` = 'open' AND `t`.`workflow_id` IN ",
      };
      monitorReads.set(em.connection, sql);
    }
    const list = `(${workflowIds.map(() => '?').join(', ')})`;
    const hazardRaw = (await em.query(sql.hazards + list, workflowIds)) as Record<string, unknown>[];
    const stepRaw = (await em.query(`${sql.steps}${list} ORDER BY \`t\`.\`created_at\`, \`t\`.\`id\``, workflowIds)) as Record<string, unknown>[];
    notePaths(hazardRaw, ['hu', 'hr']);
    notePaths(stepRaw, ['tu']);
    return {
      hazards: hazardRaw.map((r) => hydrated<HazardFields>(em, Hazard, HAZARD_FIELDS, r)),
      steps: stepRaw.map((r) => hydrated<OpenStep>(em, Task, STEP_FIELDS, r)),
      paths,
    };
  }
  const hazardRead = await em
    .getRepository(Hazard)
    .createQueryBuilder('h')
    .select(HAZARD_FIELDS.map((f) => `h.${f}`))
    .leftJoin(OrgUnit, 'hu', 'hu.id = h.org_unit_id')
    .leftJoin(OrgUnit, 'hr', 'hr.id = h.responsible_org_unit_id')
    .addSelect(['hu.id', 'hu.path', 'hr.id', 'hr.path'])
    .where({ workflowId: In(workflowIds) })
    .getRawAndEntities();
  notePaths(hazardRead.raw, ['hu', 'hr']);
  const stepRead = await em
    .getRepository(Task)
    .createQueryBuilder('t')
    .select(STEP_FIELDS.map((f) => `t.${f}`))
    .leftJoin(OrgUnit, 'tu', 'tu.id = t.org_unit_id')
    .addSelect(['tu.id', 'tu.path'])
    .where({ workflowId: In(workflowIds), status: 'open' })
    .orderBy('t.created_at', 'ASC')
    .addOrderBy('t.id', 'ASC')
    .getRawAndEntities();
  notePaths(stepRead.raw, ['tu']);
  return { hazards: hazardRead.entities, steps: stepRead.entities, paths };
}

/** Recomputes the rows of these processes; returns how many run. */
async function refreshMonitorRows(em: EntityManager, workflowIds: string[]): Promise<number> {
  const { hazards, steps, paths } = await monitorInputs(em, workflowIds);
  const stepsOf = new Map<string, OpenStep[]>();
  for (const s of steps) stepsOf.set(s.workflowId, [...(stepsOf.get(s.workflowId) ?? []), s]);
  const hazardOf = new Map(hazards.map((h) => [h.workflowId, h]));

  const rows: ProcessMonitorRow[] = [];
  for (const workflowId of workflowIds) {
    const h = hazardOf.get(workflowId);
    const open = stepsOf.get(workflowId) ?? [];
    const row = h ? hazardRow(h, open, paths) : noticeRow(workflowId, open, paths);
    if (row) rows.push(row);
  }
  const repo = em.getRepository(ProcessMonitorRow);
  const ended = workflowIds.filter((id) => !rows.some((r) => r.workflowId === id));
  if (ended.length) await repo.delete({ workflowId: In(ended) });
  if (rows.length) await repo.upsert(rows, ['workflowId']);
  return rows.length;
}

/** A running hazard: its projection (status, grade, SLA clock mirrored by the workflow) and its open steps. */
function hazardRow(h: HazardFields, open: OpenStep[], paths: Map<string, string>): ProcessMonitorRow | null {
  if (ENDED.includes(h.status)) return null;
  const stepDue = earliest(open);
  return {
    workflowId: h.workflowId,
    type: 'hazard',
    status: h.status,
    // The hazard workflow's search attribute: its grade once graded, the reporter's guess before.
    severity: h.severity ?? (h.suspectedSeverity ? `suspected-${h.suspectedSeverity}` : null),
    orgUnitId: h.orgUnitId,
    departmentId: h.responsibleOrgUnitId,
    unitPaths: unitPaths([h.orgUnitId, h.responsibleOrgUnitId, ...open.map((s) => s.orgUnitId)], paths),
    startedAt: h.reportedAt,
    title: h.title,
    titleZh: null,
    stepTitles: stepTitles(open),
    deadline: stepDue ?? h.dueAt,
    markedOverdue: h.overdue,
    escalationLevel: Math.max(h.escalationLevel, ...open.map((s) => s.escalationLevel)),
  };
}

/**
 * A running notice: its workflow keeps the acknowledgement task open for as long as it runs, so
 * the notice is its open acknowledgement tasks (no projection of its own): the first one's title,
 * the least unit, priority and creation, the earliest deadline, the highest rung.
 */
function noticeRow(workflowId: string, open: OpenStep[], paths: Map<string, string>): ProcessMonitorRow | null {
  const acks = open.filter((s) => s.processType === 'notice');
  if (!acks.length) return null;
  const least = <T>(values: T[]) => values.reduce((a, b) => (b < a ? b : a));
  const unit = least(acks.map((s) => s.orgUnitId));
  const first = acks[0];
  const zh = renderedZh(first);
  return {
    workflowId,
    type: 'notice',
    status: 'awaiting_acknowledgement',
    severity: least(acks.map((s) => s.priority)),
    orgUnitId: unit,
    departmentId: unit,
    unitPaths: unitPaths([unit, ...open.map((s) => s.orgUnitId)], paths),
    startedAt: new Date(least(acks.map((s) => s.createdAt.getTime()))),
    title: first.title,
    titleZh: zh !== first.title ? zh : null,
    stepTitles: stepTitles(open),
    deadline: earliest(acks),
    markedOverdue: false,
    escalationLevel: Math.max(0, ...acks.map((s) => s.escalationLevel)),
  };
}

function earliest(steps: OpenStep[]): Date | null {
  const due = steps.map((s) => s.dueAt).filter((d): d is Date => d !== null);
  return due.length ? new Date(Math.min(...due.map((d) => d.getTime()))) : null;
}

/** A step's title in Chinese: its stored text rendered (a plain title stays as written). */
function renderedZh(s: Pick<Task, 'title' | 'titleText'>): string {
  const text = parseStoredText(s.titleText);
  return text ? renderText(text, 'zh-CN').slice(0, 300) : s.title;
}

function stepTitles(open: OpenStep[]): string {
  return [...new Set(open.flatMap((s) => [s.title, renderedZh(s)]))].join('\n');
}

function unitPaths(ids: (string | null)[], paths: Map<string, string>): string {
  return [...new Set(ids.map((id) => (id ? paths.get(id) : undefined)).filter((p): p is string => !!p))].map((p) => ` ${p}`).join('');
}
