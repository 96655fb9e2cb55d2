import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { EntityManager, In, type DataSource, type Repository } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { notificationOutcomes } from '../app/metrics';
import { appendAudit, appendAuditBatch } from '../db/audit/audit-log';
import { candidatesOfTask, loadCandidateGraph, requestersOf } from '../db/candidates';
import { AuditEntry, Notification, NotificationOutbox, OrgUnit, Person, Task, User, UserRole } from '../db/entities';
import { selectByIds } from '../db/projections/insert';
import { escapeLike } from '../db/sql';
import { candidatesOf } from '../domain/candidates';
import { ESCALATION_STEPS, type EscalationStep } from '../domain/policy';
import type { QuietHours } from '../domain/policy';
import { deliveryTime } from '../domain/quiet-hours';
import { taskQueueFor } from '../temporal/task-queues';
import {
  NOTIFICATION_DISPATCHER_WAKE,
  NOTIFICATION_DISPATCHER_WORKFLOW,
  notificationDispatcherId,
  type Audience,
  type DeliverNotificationInput,
  type DispatchRound,
  type NotificationDispatcherInput,
  type NotificationRecorded,
  type NotificationRequest,
} from '../workflows/notification/messages';
import type { ActivityDeps } from './shared/deps';
import { isPermanentFailure, permanentFailure } from './shared/failures';
import { storedTexts } from './shared/stored-texts';
import type { Language } from '../domain/texts/catalog';
import { renderText } from '../domain/texts/render';

export interface Recipient {
  userId: string;
  username: string;
  email: string | null;
  quietHours: QuietHours | null;
}

/**
 * Days a delivered or failed outbox row is kept before the dispatcher deletes it (the outbox is
 * work to do; the `notifications` rows and the audit log are the record and are kept).
 */
export const OUTBOX_RETENTION_DAYS = 30;

/** How long a claimed message may be on its way before another delivery takes it as died mid-send (a mail or webhook call takes seconds). */
export const SENDING_LEASE_MS = 60_000;

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`));

export interface DeliveryItem {
  id: string;
  channel: 'inapp' | 'email' | 'webhook';
  recipientUserId: string | null;
  address: string | null;
}

/** Notification channels: in-app inbox, email over SMTP, chat-bot style webhook. */
/** The first eleven of NOTIFICATION_COLUMNS for a message: who, where, what (its texts stored as the timeline renders them). */
function notificationParams(item: DeliveryItem, request: NotificationRequest): unknown[] {
  const texts = storedTexts({ subject: request.subject, body: request.body });
  return [
    item.id,
    item.recipientUserId,
    item.address,
    item.channel,
    request.severity,
    texts.subject,
    texts.body,
    texts.subjectText,
    texts.bodyText,
    request.link,
    request.source,
  ];
}

/**
 * The notification's row with `fields`, unless it is there already (a retry wrote it); true when
 * this wrote it (the statement's affected rows, on both drivers: no look-up first).
 */
async function insertIfAbsent(db: Db, item: DeliveryItem, request: NotificationRequest, fields: Partial<Notification>): Promise<boolean> {
  const v = { status: 'deferred', deliverAfter: null, sentAt: null, readAt: null, ...fields } as Pick<
    Notification,
    'status' | 'deliverAfter' | 'sentAt' | 'readAt'
  >;
  const at = (d: Date | null) => (d ? dbDate(db, d) : null);
  const params = [...notificationParams(item, request), v.status, at(v.deliverAfter), at(v.sentAt), at(v.readAt)];
  return (await execute(db, dialect(db, `INSERT IGNORE INTO \`notifications\` (${NOTIFICATION_COLUMNS}) VALUES (${placeholders(15)})`), params)) === 1;
}

/** The audit entry of a notification that took `fields` (its new status first of all). */
function audited(item: DeliveryItem, request: NotificationRequest, fields: Partial<Notification>, beforeStatus: string | null) {
  return {
    actorType: 'workflow' as const,
    actor: request.source ?? 'notifications',
    action: `notification.${fields.status}`,
    entityType: 'notification',
    entityId: item.id,
    before: beforeStatus ? { status: beforeStatus } : null,
    after: {
      channel: item.channel,
      recipientUserId: item.recipientUserId,
      address: item.address,
      severity: request.severity,
      subject: renderText(request.subject, 'en'),
      ...fields,
    },
  };
}

/**
 * A notification's row with `fields` and its audit entry, inside a transaction of the caller's
 * (which counts the outcome once it committed). The row is usually new (a deferred record written
 * with its outbox row): inserted in one statement; one that is there already is read (for the
 * audit entry's `before`) and updated.
 */
async function upsertIn(em: EntityManager, item: DeliveryItem, request: NotificationRequest, fields: Partial<Notification>, at: Date): Promise<void> {
  const r = em.getRepository(Notification);
  let before: string | null = null;
  if (!(await insertIfAbsent(em, item, request, fields))) {
    before = (await r.findOne({ where: { id: item.id }, select: { id: true, status: true } }))?.status ?? null;
    await r.update({ id: item.id }, fields);
  }
  await appendAudit(em, { ...audited(item, request, fields, before), at });
}

type Db = DataSource | EntityManager;

const dataSourceOf = (db: Db): DataSource => (db instanceof EntityManager ? db.connection : db);
const onSqlJs = (db: Db) => dataSourceOf(db).options.type === 'sqljs';

/**
 * Runs a prebuilt statement (no query building: these are the dispatcher's hot statements) and
 * returns the rows it changed, on both drivers. `db` a transaction's EntityManager: inside it;
 * else on a pooled connection of its own.
 */
async function execute(db: Db, sql: string, params: unknown[]): Promise<number> {
  if (db instanceof EntityManager && db.queryRunner) return (await db.queryRunner.query(sql, params, true)).affected ?? 0;
  const runner = dataSourceOf(db).createQueryRunner();
  try {
    return (await runner.query(sql, params, true)).affected ?? 0;
  } finally {
    await runner.release();
  }
}

/** Outbox rows a statement (7 parameters each: well inside the drivers' limits). */
const OUTBOX_ROWS = 200;

/** The outbox's insert of `n` rows, ignoring rows already there (their IDs are the de-duplication keys). */
const insertOutboxSql = (db: Db, n: number) =>
  dialect(
    db,
    'INSERT IGNORE INTO `notification_outbox` (`id`, `dedup_key`, `channel`, `recipient_user_id`, `address`, `request`, `state`, `due_at`, `attempts`, `claimed_at`, `last_error`, `sent_at`) VALUES ' +
      Array.from({ length: n }, () => "(?, ?, ?, ?, ?, ?, 'pending', ?, 0, NULL, NULL, NULL)").join(', '),
  );

/** A prebuilt statement written with MySQL's backticks, for `db`'s driver (SQLite quotes names with double quotes, and says `INSERT OR IGNORE`). */
function dialect(db: Db, sql: string): string {
  return onSqlJs(db) ? sql.replace(/`/g, '"').replace(/^INSERT IGNORE/, 'INSERT OR IGNORE') : sql;
}

/** A Date parameter of a prebuilt statement: SQLite stores datetimes as UTC text (as TypeORM writes them), MySQL takes the Date (timezone Z). */
const dbDate = (db: Db, d: Date): Date | string => (onSqlJs(db) ? DateUtils.mixedDateToUtcDatetimeString(d) : d);

const NOTIFICATION_COLUMNS =
  '`id`, `recipient_user_id`, `address`, `channel`, `severity`, `subject`, `body`, `subject_text`, `body_text`, `link`, `source`, `status`, `deliver_after`, `sent_at`, `read_at`';

const placeholders = (n: number, one = '?') => Array.from({ length: n }, () => one).join(', ');

/** `notifications` rows recorded as sent at `sentAt`, in one statement (ignored where the row is there already). */
function insertSentSql(db: Db, n: number): string {
  return dialect(
    db,
    `INSERT IGNORE INTO \`notifications\` (${NOTIFICATION_COLUMNS}) VALUES ${placeholders(n, `(${placeholders(11)}, 'sent', NULL, ?, NULL)`)}`,
  );
}
function insertSentParams(db: Db, item: DeliveryItem, request: NotificationRequest, sentAt: Date): unknown[] {
  return [...notificationParams(item, request), dbDate(db, sentAt)];
}
/** Records not yet sent (deferred, or failed earlier) marked sent. */
function updateSentSql(db: Db, n: number): string {
  return dialect(db, `UPDATE \`notifications\` SET \`status\` = 'sent', \`sent_at\` = ? WHERE \`status\` <> 'sent' AND \`id\` IN (${placeholders(n)})`);
}

/** Runs `fn` inside the caller's transaction when `db` is one, else in a transaction of its own. */
function inTransaction<T>(db: Db, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return db instanceof EntityManager && db.queryRunner?.isTransactionActive ? fn(db) : db.transaction(fn);
}

const isSqljs = (db: Db) => (db instanceof EntityManager ? db.connection : db).options.type === 'sqljs';

type UserRow = { id: string; username: string; quietHours: string | null; email: string | null };
const recipientsOf = (rows: UserRow[]): Recipient[] =>
  rows.map((r) => ({
    userId: r.id,
    username: r.username,
    email: r.email,
    quietHours: r.quietHours ? (JSON.parse(r.quietHours) as QuietHours) : null,
  }));

/**
 * Active users with their e-mail and quiet hours (MySQL/MariaDB: a statement written out, not
 * built by the query builder on every notification): by id, under a unit path, holding a role.
 */
function usersSql(where: { ids?: string[]; pathPrefix?: string; role?: string }): [string, unknown[]] {
  const params: unknown[] = [];
  let sql =
    'SELECT `u`.`id` AS id, `u`.`username` AS username, `u`.`quiet_hours` AS quietHours, `p`.`email` AS email FROM `users` `u` ' +
    'INNER JOIN `org_units` `ou` ON `ou`.`id` = `u`.`org_unit_id` LEFT JOIN `people` `p` ON `p`.`id` = `u`.`person_id`';
  if (where.role) {
    sql += ' INNER JOIN `user_roles` `r` ON `r`.`user_id` = `u`.`id` AND `r`.`role` = ?';
    params.push(where.role);
  }
  sql += ' WHERE `u`.`active` = 1';
  if (where.ids) {
    sql += where.ids.length ? ` AND \`u\`.\`id\` IN (${where.ids.map(() => '?').join(', ')})` : ' AND 1 = 0';
    params.push(...where.ids);
  }
  if (where.pathPrefix) {
    sql += ' AND `ou`.`path` LIKE ?';
    params.push(`${escapeLike(where.pathPrefix)}%`);
  }
  return [`${sql} ORDER BY \`u\`.\`username\``, params];
}

/**
 * Who a notification reaches, read through `db`: the data source, or the transaction of a step
 * that writes its outbox rows together with its own changes, so that a task created in that same
 * transaction is seen (its notifications go to who the task is for). A reroute's audit entry is
 * then part of that transaction too.
 */
/**
 * What a caller already holds for an audience's look-up: the task a notice is about, as its
 * transaction just wrote it (the opening of a report: no read-back of the row it inserted).
 */
export interface AudienceKnown {
  task?: Task;
}

function audienceResolver(
  db: Db,
  { now, logger }: Pick<ActivityDeps, 'now' | 'logger'>,
  known: AudienceKnown = {},
): (audience: Audience, dedupKey?: string) => Promise<Recipient[]> {
  async function usersOf(where: { ids?: string[]; pathPrefix?: string; role?: string }): Promise<Recipient[]> {
    if (!isSqljs(db)) return recipientsOf(await db.query(...usersSql(where)));
    const qb = db
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(OrgUnit, 'ou', 'ou.id = u.org_unit_id')
      .leftJoin(Person, 'p', 'p.id = u.person_id')
      .select(['u.id AS id', 'u.username AS username', 'u.quiet_hours AS quietHours', 'p.email AS email'])
      .where('u.active = :active', { active: true });
    if (where.ids) qb.andWhere(where.ids.length ? 'u.id IN (:...ids)' : '1 = 0', { ids: where.ids });
    if (where.pathPrefix) qb.andWhere('ou.path LIKE :prefix', { prefix: `${escapeLike(where.pathPrefix)}%` });
    if (where.role) qb.innerJoin(UserRole, 'r', 'r.user_id = u.id AND r.role = :role', { role: where.role });
    return recipientsOf(await qb.orderBy('u.username').getRawMany<UserRow>());
  }

  async function headsOf(unitIds: string[]): Promise<Recipient[]> {
    const units = await db.getRepository(OrgUnit).findBy({ id: In(unitIds) });
    const personIds = units.map((u) => u.headPersonId).filter((x): x is string => !!x);
    if (personIds.length === 0) return [];
    const users = await db.getRepository(User).findBy({ personId: In(personIds), active: true });
    return usersOf({ ids: users.map((u) => u.id) });
  }

  /**
   * The task a notification is about, if any: process notifications are delivered by a
   * `Notify:<dedupKey>` workflow (or, through the outbox, with `dedupKey`) whose key starts with
   * the task id (`<task id>/assigned`, `/reminder/…`, `/escalation/<level>`).
   */
  async function taskOfNotification(dedupKey?: string): Promise<{ key: string; task: Task | null } | null> {
    let key = dedupKey;
    if (key === undefined) {
      let workflowId: string | undefined;
      try {
        workflowId = Context.current().info.workflowExecution?.workflowId;
      } catch {
        return null; // called outside an activity (tests)
      }
      if (!workflowId?.startsWith('Notify:')) return null;
      key = workflowId.slice('Notify:'.length);
    }
    // The known task when the key is one segment below it (`<task id>/assigned`): no longer prefix
    // of the key can name another task, so the look-up would find this one.
    const t = known.task;
    if (t && key.startsWith(`${t.id}/`) && !key.slice(t.id.length + 1).includes('/')) return { key, task: t };
    const parts = key.split('/');
    const prefixes = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    const found = !prefixes.length
      ? []
      : isSqljs(db)
        ? await db.getRepository(Task).findBy({ id: In(prefixes) })
        : await selectByIds(db instanceof EntityManager ? db : db.manager, Task, prefixes);
    return { key, task: found.sort((a, b) => b.id.length - a.id.length)[0] ?? null };
  }

  /** Who a task is for now: its assignee (and their substitute) once claimed, else its candidates (domain/candidates.ts). */
  async function peopleOfTask(task: Task, escalationLevel = task.escalationLevel): Promise<Recipient[]> {
    if (task.assigneeUserId) {
      const assignee = await db.getRepository(User).findOneBy({ id: task.assigneeUserId });
      const ids = [task.assigneeUserId, ...(assignee?.substituteUserId ? [assignee.substituteUserId] : [])];
      const found = await usersOf({ ids });
      if (found.length) return found;
    }
    const candidates = await candidatesOfTask(db, { ...task, escalationLevel: Math.max(task.escalationLevel, escalationLevel) });
    return usersOf({ ids: [...candidates.keys()] });
  }

  /** The responders of a unit, or the holders of a role responsible for it (the inbox's definition, for notices without a task). */
  async function peopleOfUnit(orgUnitId: string, role: string | null): Promise<Recipient[]> {
    const graph = await loadCandidateGraph(db, { unitIds: [orgUnitId], roles: role ? [role] : [] });
    const candidates = candidatesOf({ orgUnitId, candidateRole: role, taskType: '', escalationLevel: 0 }, graph);
    return usersOf({ ids: [...candidates.keys()] });
  }

  /**
   * Nobody could be reached: an error that escalates. The next rungs of the escalation ladder
   * above the unit are tried in turn (then the administrators), and the audit log — the process
   * timeline — records who got it instead and why.
   */
  async function reroute(
    orgUnitId: string,
    from: EscalationStep | 'unit',
    what: string,
    about: { key: string; task: Task | null } | null,
  ): Promise<Recipient[]> {
    const steps = ESCALATION_STEPS.slice(from === 'unit' ? 1 : ESCALATION_STEPS.indexOf(from) + 1);
    // Whoever asked for an approval is not who it escalates to.
    const requester = about?.task ? (await requestersOf(db, [about.task])).get(about.task.id) : undefined;
    let to: Recipient[] = [];
    let via = 'the administrators';
    for (const step of steps) {
      to = (await ladder(orgUnitId, step)).filter((r) => r.username !== requester);
      if (to.length) {
        via = `escalation step ${step}`;
        break;
      }
    }
    if (!to.length) to = await usersOf({ role: 'admin' });
    const key = about?.key ?? `${orgUnitId}:${what}`;
    const entity = about?.task ? { entityType: 'task', entityId: about.task.id } : { entityType: 'process', entityId: key.split('/')[0] };
    const reason = `nobody could be reached for ${what}; sent to ${via} instead (${to.map((r) => r.username).join(', ') || 'nobody'})`;
    logger.warn({ key, what, via }, 'notification rerouted: its audience resolved to nobody');
    notificationOutcomes.inc({ channel: 'any', outcome: 'no_recipient' });
    await inTransaction(db, async (em) => {
      const earlier = await em.getRepository(AuditEntry).findBy({ action: 'notification.rerouted', entityId: entity.entityId });
      if (earlier.some((e) => e.after && (JSON.parse(e.after) as { dedupKey?: string }).dedupKey === key)) return; // a retry of this look-up
      await appendAudit(em, {
        actorType: 'system',
        actor: 'notifications',
        action: 'notification.rerouted',
        ...entity,
        after: { dedupKey: key, reason, step: via, recipients: to.map((r) => r.username) },
        orgUnitId,
        at: now(),
      });
    });
    return to;
  }

  async function ladder(orgUnitId: string, step: Extract<Audience, { kind: 'escalation' }>['step']): Promise<Recipient[]> {
    const unit = await db.getRepository(OrgUnit).findOneByOrFail({ id: orgUnitId });
    const ancestors = await db.getRepository(OrgUnit).findBy({ id: In(unit.path.split('/').filter(Boolean)) });
    const nearest = (kind: OrgUnit['kind']) => ancestors.filter((a) => a.kind === kind).sort((a, b) => b.path.length - a.path.length)[0];
    switch (step) {
      case 'assignee':
        return peopleOfUnit(orgUnitId, null);
      case 'department_head': {
        const dept = nearest('department');
        return dept ? headsOf([dept.id]) : [];
      }
      case 'plant': {
        const plant = nearest('plant');
        return plant ? headsOf([plant.id]) : [];
      }
      case 'company_safety_director': {
        const company = nearest('company');
        if (!company) return [];
        const safety = await db
          .getRepository(OrgUnit)
          .createQueryBuilder('o')
          .where('o.path LIKE :p AND o.department_function = :f', { p: `${escapeLike(company.path)}%`, f: 'safety' })
          .getMany();
        const heads = await headsOf(safety.map((s) => s.id));
        return heads.length ? heads : usersOf({ pathPrefix: company.path, role: 'safety_officer' });
      }
    }
  }

  /** The audience resolved to users; `dedupKey` names the notification (a task's key leads to who the task is for). */
  async function audienceOf(audience: Audience, dedupKey?: string): Promise<Recipient[]> {
    switch (audience.kind) {
      case 'users':
        return usersOf({ ids: audience.userIds });
      case 'unit': {
        // The same definition as the inbox: a task's notifications go to who the task is for.
        const about = await taskOfNotification(dedupKey);
        const task = about?.task?.orgUnitId === audience.orgUnitId ? about.task : null;
        const found = task ? await peopleOfTask(task) : await peopleOfUnit(audience.orgUnitId, audience.role ?? null);
        return found.length
          ? found
          : reroute(audience.orgUnitId, 'unit', task ? `"${task.title}"` : `${audience.role ?? 'responders'} of unit ${audience.orgUnitId}`, about);
      }
      case 'escalation': {
        // A rung of the ladder, plus whoever the task is for at this escalation level (the next holder up).
        const about = await taskOfNotification(dedupKey);
        const task = about?.task ?? null;
        const level = Number(/\/escalation\/(\d+)$/.exec(about?.key ?? '')?.[1] ?? 0);
        const rung = audience.step === 'assignee' && task ? [] : await ladder(audience.orgUnitId, audience.step);
        const actors = task ? await peopleOfTask(task, level) : [];
        const found = [...new Map([...rung, ...actors].map((r) => [r.userId, r])).values()];
        return found.length
          ? found
          : reroute(audience.orgUnitId, audience.step, task ? `"${task.title}" (escalation ${audience.step})` : `escalation step ${audience.step}`, about);
      }
    }
  }

  return audienceOf;
}

/** What the outbox needs: no mailer, so the API can write to it too. */
/**
 * Delivery rounds running in this process, per database. While one runs, rows written in this
 * process poke it (it looks again before it ends) instead of waking the dispatcher: under load a
 * round stays open from report to report, so a report costs no signal-with-start call, no
 * dispatcher workflow task and no round of its own (bench:processes). Rows written elsewhere (another
 * process, another database) wake the dispatcher as before. JavaScript runs one synchronous block at
 * a time, so a writer either finds the round active and pokes it, or finds it gone and signals:
 * the round ends (`active` down, then its last look at `poked`) in one block.
 */
interface LocalRounds {
  active: number;
  poked: boolean;
  /** One of the pokes since the round's last look was for a critical message: no gathering. */
  urgent: boolean;
  waiting: Set<() => void>;
}
const localRounds = new WeakMap<DataSource, LocalRounds>();
function localRoundsOf(dataSource: DataSource): LocalRounds {
  let r = localRounds.get(dataSource);
  if (!r) localRounds.set(dataSource, (r = { active: 0, poked: false, urgent: false, waiting: new Set() }));
  return r;
}
/** Pokes a round running here on this database (`urgent`: for a critical message); false when none is. */
function pokeLocalRound(dataSource: DataSource, urgent: boolean): boolean {
  const r = localRounds.get(dataSource);
  if (!r || r.active === 0) return false;
  r.poked = true;
  if (urgent) r.urgent = true;
  for (const wake of [...r.waiting]) wake();
  return true;
}
/**
 * Waits up to `ms` for a poke (`urgentOnly`: for an urgent one); true when poked, false at the end
 * of the wait or when `stop` aborts (the activity cancelled: a worker shutting down).
 */
function pokedWithin(r: LocalRounds, ms: number, stop: AbortSignal | null, urgentOnly = false): Promise<boolean> {
  const ready = () => (urgentOnly ? r.urgent : r.poked);
  if (ready()) return Promise.resolve(true);
  if (stop?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (poked: boolean) => {
      clearTimeout(timer);
      r.waiting.delete(wake);
      stop?.removeEventListener('abort', aborted);
      resolve(poked);
    };
    const wake = () => {
      if (ready()) done(true);
    };
    const aborted = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    r.waiting.add(wake);
    stop?.addEventListener('abort', aborted);
  });
}
/**
 * How long a round waits for more rows once everything due is delivered, and how long it runs at
 * most. A worker shutting down does not wait for it: its cancellation ends the round at once. The
 * end of a round under load is a gap in delivery (the dispatcher workflow's task, then the next
 * round's activity, through a busy server): with rounds of 2 s the notices fell behind the reports
 * before the machine was busy (bench:processes).
 */
const ROUND_LINGER_MS = 250;
const ROUND_MAX_MS = 10_000;
/**
 * How long a poked round waits before it looks again, unless a poke was for a critical message:
 * under load reports arrive a few tens of milliseconds apart, and looking at each one's rows on its
 * own cost a look, two transactions and their audit heads per report (14 of a report's ~37
 * statements at 20 reports/s in bench:processes). Waiting this long lets one look and one pair of
 * transactions take the messages of several reports; a notice reaches its reader this much later.
 */
const ROUND_GATHER_MS = 150;

export type NotificationOutboxDeps = Pick<ActivityDeps, 'dataSource' | 'now' | 'logger'>;

/** Where a dispatcher is woken from outside an activity (the API): a Temporal client and the interactive task queue. */
export interface DispatcherTarget {
  client: Client;
  taskQueue: string;
}

/** What `writeOutboxRows` did in the caller's transaction; hand it to `outboxCommitted` once that committed. */
export interface OutboxWritten {
  recorded: NotificationRecorded;
  /** Rows this call inserted; 0 with `recorded.messages` > 0: the key's rows were there already (a repeat). */
  inserted: number;
  /** Messages this call recorded as waiting for the end of quiet hours (counted in the metrics after the commit). */
  newlyDeferred: DeliveryItem[];
}

/**
 * Several notifications written in one transaction, committed together: one wake for all of them,
 * urgent when any is critical (the first one's record otherwise).
 */
export function writtenTogether(written: OutboxWritten[]): OutboxWritten {
  const critical = written.find((w) => w.recorded.severity === 'critical');
  return {
    recorded: { ...(critical ?? written[0]).recorded, messages: written.reduce((n, w) => n + w.recorded.messages, 0) },
    inserted: written.reduce((n, w) => n + w.inserted, 0),
    newlyDeferred: written.flatMap((w) => w.newlyDeferred),
  };
}

/**
 * The notification outbox (issue 22): a step records its notification and the messages it owes;
 * the dispatcher (workflows/notification/dispatcher.ts) delivers them. `recordNotification` does
 * it in a transaction of its own; a step that changes other rows too writes them in one
 * transaction with `writeOutboxRows(em, input)` and calls `outboxCommitted(written)` after the
 * commit (metrics, and the dispatcher woken: a wake before the commit could find nothing due).
 */
export function createNotificationOutbox({ dataSource, now, logger }: NotificationOutboxDeps) {
  /** The messages one recipient is owed, one per personal channel they can be reached on (the IDs `DeliverNotificationWorkflow` uses). */
  function personalItems(dedupKey: string, personal: ('inapp' | 'email')[], r: Recipient): DeliveryItem[] {
    return personal
      .filter((channel) => channel === 'inapp' || r.email)
      .map((channel): DeliveryItem => ({
        id: `${dedupKey}|${r.userId}|${channel}`,
        channel,
        recipientUserId: r.userId,
        address: channel === 'email' ? r.email : null,
      }));
  }

  /**
   * Wakes the dispatcher of a task queue, starting it if it is not running (signal-with-start: one
   * call, one event in the dispatcher): `target`'s (the API's client and queue), else this
   * activity's worker's. Outside an activity and without a target (unit tests calling the factory
   * directly) there is no dispatcher to wake.
   */
  async function wakeDispatcher(target?: DispatcherTarget, urgent = false): Promise<void> {
    if (pokeLocalRound(dataSource, urgent)) return;
    let to = target;
    if (!to) {
      let ctx: Context;
      try {
        ctx = Context.current();
      } catch {
        return;
      }
      // A local activity runs on its workflow's (interactive) queue; an activity routed to the
      // scoring or notifications queue wakes the dispatcher of its workflow's queue, where
      // workflows run (a dispatcher started on the scoring queue would never run).
      const wf = ctx.info.workflowExecution;
      const taskQueue = ctx.info.isLocal || !wf ? ctx.info.taskQueue : (await ctx.client.workflow.getHandle(wf.workflowId, wf.runId).describe()).taskQueue;
      to = { client: ctx.client, taskQueue };
    }
    const { client, taskQueue } = to;
    await client.workflow.signalWithStart(NOTIFICATION_DISPATCHER_WORKFLOW, {
      workflowId: notificationDispatcherId(taskQueue),
      taskQueue,
      args: [{ deliveryQueue: taskQueueFor('notifications', taskQueue) } satisfies NotificationDispatcherInput],
      signal: NOTIFICATION_DISPATCHER_WAKE,
      signalArgs: [],
    });
  }

  /**
   * Outbox rows for messages already addressed (`items`, their IDs the de-duplication keys), due at
   * their `dueAt`, inside the caller's transaction; how many it inserted (a row already there is a
   * repeat and is left as it is). For senders that address their own messages (score reports).
   */
  async function writeOutboxItems(em: EntityManager, request: NotificationRequest, items: { item: DeliveryItem; dueAt: Date }[]): Promise<number> {
    // Up to OUTBOX_ROWS rows a statement, no look-up first: a row already there is ignored (not
    // counted in the affected rows).
    const json = JSON.stringify(request);
    let inserted = 0;
    for (let i = 0; i < items.length; i += OUTBOX_ROWS) {
      const chunk = items.slice(i, i + OUTBOX_ROWS);
      const params = chunk.flatMap(({ item, dueAt }) => [item.id, request.dedupKey, item.channel, item.recipientUserId, item.address, json, dbDate(em, dueAt)]);
      inserted += await execute(em, insertOutboxSql(em, chunk.length), params);
    }
    return inserted;
  }

  /**
   * Puts a notification in the outbox inside the caller's transaction `em`: resolves its audience
   * through it (nobody: rerouted up the escalation ladder and recorded, as before), and writes one
   * outbox row per message (due now, or at the end of the recipient's quiet hours — critical ones
   * always now) and the `deferred` record of each message that waits. Idempotent: a repeat finds
   * the rows (the IDs are the de-duplication keys) and adds nothing. Call `outboxCommitted` after
   * the commit. `known`: what the caller holds already (see AudienceKnown).
   */
  async function writeOutboxRows(em: EntityManager, input: DeliverNotificationInput, known?: AudienceKnown): Promise<OutboxWritten> {
    const { policy, ...request } = input;
    const recipients = await audienceResolver(em, { now, logger }, known)(request.audience, request.dedupKey);
    const channels = policy.notifications.channels[request.severity];
    const personal = channels.filter((c): c is 'inapp' | 'email' => c !== 'webhook');
    const at = now();
    const items: { item: DeliveryItem; dueAt: Date; deferred: boolean }[] = [];
    for (const r of recipients) {
      const deliverAt = deliveryTime(at, r.quietHours ?? policy.quietHours.default, request.severity);
      for (const item of personalItems(request.dedupKey, personal, r)) items.push({ item, dueAt: deliverAt ?? at, deferred: !!deliverAt });
    }
    const url = policy.notifications.webhookUrl;
    if (channels.includes('webhook') && url) {
      items.push({ item: { id: `${request.dedupKey}|webhook`, channel: 'webhook', recipientUserId: null, address: url }, dueAt: at, deferred: false });
    }
    const inserted = await writeOutboxItems(em, request, items);
    // The messages that wait are recorded as deferred when their rows are new: all of them, none,
    // or (some rows there already: a repeat whose audience grew) those with no record yet — a row
    // that was there got its record with it.
    const waiting = items.filter((i) => i.deferred);
    let fresh = inserted === items.length ? waiting : [];
    if (inserted > 0 && inserted < items.length && waiting.length) {
      const recorded = new Set(
        (await em.getRepository(Notification).find({ where: { id: In(waiting.map((i) => i.item.id)) }, select: { id: true } })).map((n) => n.id),
      );
      fresh = waiting.filter((i) => !recorded.has(i.item.id));
    }
    const newlyDeferred: DeliveryItem[] = [];
    for (const { item, dueAt } of fresh) {
      await upsertIn(em, item, request, { status: 'deferred', deliverAfter: dueAt }, now());
      newlyDeferred.push(item);
    }
    const recorded: NotificationRecorded = {
      dedupKey: request.dedupKey,
      severity: request.severity,
      subject: request.subject,
      audience: request.audience,
      recipients: recipients.length,
      deferred: new Set(items.filter((i) => i.deferred).map((i) => i.item.recipientUserId)).size,
      messages: items.length,
    };
    return { recorded, inserted, newlyDeferred };
  }

  /** After the transaction of `writeOutboxRows` committed: the deferred messages counted, the dispatcher woken when there are messages. */
  async function outboxCommitted(written: OutboxWritten, target?: DispatcherTarget): Promise<void> {
    for (const item of written.newlyDeferred) notificationOutcomes.inc({ channel: item.channel, outcome: 'deferred' });
    if (written.recorded.messages) await wakeDispatcher(target, written.recorded.severity === 'critical');
  }

  /**
   * Puts a notification in the outbox in a transaction of its own (`writeOutboxRows`), then wakes
   * the dispatcher. Idempotent: a retry finds the rows and adds nothing. Its input type and result
   * are what processes' histories hold (workflows/shared/notify.ts): keep them stable.
   */
  async function recordNotification(input: DeliverNotificationInput): Promise<NotificationRecorded> {
    const written = await dataSource.transaction((em) => writeOutboxRows(em, input));
    await outboxCommitted(written);
    return written.recorded;
  }

  return {
    /** Who an alert reaches, from committed data (nobody: rerouted up the escalation ladder, recorded). */
    audienceOf: audienceResolver(dataSource, { now, logger }),
    writeOutboxRows,
    writeOutboxItems,
    outboxCommitted,
    wakeDispatcher,
    recordNotification,
  };
}

/**
 * `notificationsPerSecond` (NOTIFICATIONS_PER_SECOND, app/config.ts): the notifications queue's
 * rate limit counts activity tasks, and a dispatcher round is one task however many messages it
 * sends; with it set, a round paces its mails and webhook calls to that rate. Unset: unpaced.
 */
export function createNotificationActivities(deps: ActivityDeps & { notificationsPerSecond?: number | null }) {
  const { dataSource, now, mailer, mailFrom, appUrl, logger } = deps;
  const outbox = createNotificationOutbox(deps);
  const { audienceOf, recordNotification } = outbox;
  const repo = () => dataSource.getRepository(Notification);
  /**
   * Items this process handed to the mail server or webhook whose `sent` row is not written yet,
   * with when. A retry after the database refused that write (an outage) must not send again:
   * the message is out, only the record is missing. (A worker killed in that instant still sends
   * twice; the deterministic Message-ID lets mail servers and clients drop the copy.)
   */
  const handedOver = new Map<string, Date>();
  const HANDED_OVER_TTL_MS = 24 * 3600 * 1000;
  const rememberHandedOver = (id: string, at: Date) => {
    for (const [k, t] of handedOver) if (at.getTime() - t.getTime() > HANDED_OVER_TTL_MS) handedOver.delete(k);
    handedOver.set(id, at);
  };

  /** Writes the row and its audit entry together. */
  async function upsert(item: DeliveryItem, request: NotificationRequest, fields: Partial<Notification>): Promise<void> {
    await dataSource.transaction((em) => upsertIn(em, item, request, fields, now()));
    if (fields.status) notificationOutcomes.inc({ channel: item.channel, outcome: fields.status });
  }

  /**
   * Records a handed-over email or webhook as sent in one small statement, without the audit
   * log's lock: a worker killed between the mail server's acceptance and this commit sends it
   * again on retry, so this window is kept as short as it can be. The audit entry follows.
   */
  async function markSent(
    item: DeliveryItem,
    request: NotificationRequest,
    sentAt: Date,
    existed: boolean,
    r = dataSource.getRepository(Notification),
  ): Promise<void> {
    const fields = { status: 'sent' as const, sentAt };
    // The row is usually new (written first here): one statement either way when nothing raced.
    if (!existed && (await insertIfAbsent(r.manager, item, request, fields))) return;
    if ((await r.update({ id: item.id }, fields)).affected || existed) return;
    await insertIfAbsent(r.manager, item, request, fields);
    await r.update({ id: item.id }, fields);
  }

  /** The audit entry of a sent notification, written once (a retry after markSent finds it or writes it). */
  async function auditSent(item: DeliveryItem, request: NotificationRequest, sentAt: Date, beforeStatus: string | null): Promise<void> {
    await dataSource.transaction(async (em) => {
      if (await em.getRepository(AuditEntry).existsBy({ entityId: item.id, action: 'notification.sent' })) return;
      await appendAudit(em, { ...audited(item, request, { status: 'sent', sentAt }, beforeStatus), at: now() });
    });
  }

  /** A recipient's language: their profile's (`users.locale`), English when unknown. */
  async function recipientLanguage(userId: string | null): Promise<Language> {
    const locale = userId ? (await dataSource.getRepository(User).findOne({ where: { id: userId }, select: { id: true, locale: true } }))?.locale : null;
    return locale?.startsWith('zh') ? 'zh-CN' : 'en';
  }

  /** Idempotent per item: an item already sent is not sent again. */
  async function deliver(input: { item: DeliveryItem; request: NotificationRequest }): Promise<'sent' | 'skipped' | 'already-sent'> {
    const { item, request } = input;
    const existing = await repo().findOneBy({ id: item.id });
    if (existing?.status === 'sent') {
      if (item.channel !== 'inapp') await auditSent(item, request, existing.sentAt ?? now(), null); // an attempt that died before its audit entry
      return 'already-sent';
    }
    const handed = handedOver.get(item.id);
    if (handed) {
      // An earlier attempt sent it and could not record it: record it now, never send again.
      await upsert(item, request, { status: 'sent', sentAt: handed });
      handedOver.delete(item.id);
      return 'sent';
    }
    if (item.channel === 'inapp') return handOver(item, request, null);
    // The connection that records `sent` is taken before the hand-over and held through it, so the
    // record follows the mail server's (or webhook's) acceptance at once instead of queueing for
    // the pool behind other activities: a worker killed in between sends twice, so that instant
    // is kept as short as it can be.
    const held = dataSource.createQueryRunner();
    await held.connect();
    try {
      return await handOver(item, request, held.manager.getRepository(Notification), existing?.status ?? null);
    } finally {
      await held.release();
    }
  }

  /**
   * Hands a message to the mail server or the webhook, in `lang` (a mail: its recipient's; a
   * webhook: English). 'skipped': no mail server or no address (recorded as failed). A webhook
   * that refuses the message for good is recorded as failed and throws a permanent failure.
   */
  async function send(item: DeliveryItem, request: NotificationRequest, lang: Language): Promise<'sent' | 'skipped'> {
    const link = request.link ? new URL(request.link, appUrl).toString() : null;
    if (item.channel === 'email') {
      if (!mailer || !item.address) {
        await upsert(item, request, { status: 'failed' });
        logger.warn({ id: item.id }, 'email not sent: no SMTP server configured or no address');
        return 'skipped';
      }
      // In the recipient's language (their profile's), times on the organisation's clock.
      const tag = request.severity === 'critical' ? (lang === 'zh-CN' ? '【紧急】' : '[CRITICAL] ') : '';
      await mailer.sendMail({
        from: mailFrom,
        to: item.address,
        subject: `${tag}${renderText(request.subject, lang)}`,
        text: `${renderText(request.body, lang)}${link ? `\n\n${link}` : ''}\n\n— SafeLoop`,
        messageId: `<${createHash('sha256').update(item.id).digest('hex').slice(0, 32)}@safeloop>`,
        headers: { 'X-SafeLoop-Severity': request.severity, 'X-SafeLoop-Notification': item.id },
      });
    } else if (item.channel === 'webhook' && item.address) {
      const subject = renderText(request.subject, 'en');
      const res = await fetch(item.address, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { title: subject, text: `### ${subject}\n${renderText(request.body, 'en')}${link ? `\n\n[Open in SafeLoop](${link})` : ''}` },
          severity: request.severity,
          source: request.source,
          id: item.id,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) {
        // A 4xx (but a timeout or a rate limit) refuses this message, and would refuse every repeat of it.
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
          await upsert(item, request, { status: 'failed' });
          throw permanentFailure(
            'Rejected',
            `the webhook at ${new URL(item.address).origin} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}: the message was refused and is not sent again (check the webhook URL in the policy)`,
          );
        }
        throw new Error(`webhook answered ${res.status}`);
      }
    }
    return 'sent';
  }

  async function handOver(
    item: DeliveryItem,
    request: NotificationRequest,
    record: Repository<Notification> | null,
    beforeStatus: string | null = null,
  ): Promise<'sent' | 'skipped' | 'already-sent'> {
    if (item.channel !== 'inapp') {
      const lang = item.channel === 'email' && mailer && item.address ? await recipientLanguage(item.recipientUserId) : 'en';
      if ((await send(item, request, lang)) === 'skipped') return 'skipped';
    }
    const sentAt = now();
    if (item.channel === 'inapp') {
      await upsert(item, request, { status: 'sent', sentAt });
      return 'sent';
    }
    rememberHandedOver(item.id, sentAt);
    await markSent(item, request, sentAt, beforeStatus !== null, record ?? undefined);
    handedOver.delete(item.id);
    await auditSent(item, request, sentAt, beforeStatus);
    notificationOutcomes.inc({ channel: item.channel, outcome: 'sent' });
    return 'sent';
  }

  const gapMs = deps.notificationsPerSecond ? 1000 / deps.notificationsPerSecond : 0;
  let nextHandOver = 0;
  /** Waits for the next hand-over slot under `notificationsPerSecond` (shared by this worker's rounds). */
  async function paced(): Promise<void> {
    if (!gapMs) return;
    const wait = nextHandOver - Date.now();
    nextHandOver = Math.max(Date.now(), nextHandOver) + gapMs;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  /** A transient delivery failure waits this long before the next try: 1 s, doubling, at most a minute (as the delivery workflow's retry policy did). */
  const retryDelayMs = (attempts: number) => Math.min(1000 * 2 ** Math.max(attempts - 1, 0), 60_000);

  /** How many due rows a round reads at a time. */
  const DUE_BATCH = 50;
  /**
   * Hand-overs at once: the local mail sink takes a connection to store what each receives, and
   * the round's records of accepted hand-overs another (see acceptedRecorder), so the lanes stay
   * well inside the pool; one on the embedded database (one connection).
   */
  const poolSize = Number((dataSource.options as { extra?: { connectionLimit?: number } }).extra?.connectionLimit ?? 10);
  const lanes = dataSource.options.type === 'sqljs' ? 1 : Math.max(1, Math.min(4, Math.floor(poolSize / 3)));
  const sql = (text: string) => dialect(dataSource, text);
  /**
   * The dispatcher's statements, prebuilt. The due rows come with what their delivery needs: the
   * recipient's language (`users.locale`) and the notification's record, if any (`recorded`: a
   * deferred record to update, or a record an earlier attempt wrote, so nothing is sent again).
   */
  const SQL = {
    /**
     * The due rows (parameters: now, the lease's start; twice), and in the same statement — on a
     * row of its own when none is due — what falls due after them: the earliest pending message
     * not yet due, the oldest claim still within its lease.
     */
    due: sql(
      "SELECT `b`.`nextPending` AS nextPending, `b`.`nextClaim` AS nextClaim, `d`.* FROM (SELECT (SELECT MIN(`due_at`) FROM `notification_outbox` WHERE `state` = 'pending' AND `due_at` > ?) AS nextPending, " +
        "(SELECT MIN(`claimed_at`) FROM `notification_outbox` WHERE `state` = 'sending' AND `claimed_at` > ?) AS nextClaim) `b` LEFT JOIN (" +
        'SELECT `o`.`id` AS id, `o`.`channel` AS channel, `o`.`recipient_user_id` AS recipientUserId, `o`.`address` AS address, `o`.`due_at` AS dueAt, ' +
        '`o`.`request` AS request, `o`.`state` AS state, `o`.`attempts` AS attempts, `u`.`locale` AS locale, `n`.`status` AS recorded, `n`.`sent_at` AS recordedAt ' +
        'FROM `notification_outbox` `o` LEFT JOIN `users` `u` ON `u`.`id` = `o`.`recipient_user_id` LEFT JOIN `notifications` `n` ON `n`.`id` = `o`.`id` ' +
        "WHERE (`o`.`state` = 'pending' AND `o`.`due_at` <= ?) OR (`o`.`state` = 'sending' AND `o`.`claimed_at` <= ?) " +
        `ORDER BY \`o\`.\`due_at\`, \`o\`.\`id\` LIMIT ${DUE_BATCH}) \`d\` ON 1 = 1 ORDER BY \`d\`.\`dueAt\`, \`d\`.\`id\``,
    ),
    /** The claim of pending rows: pending → sending, by one delivery only (a concurrent one finds them changed). */
    claim: (n: number) =>
      sql(
        "UPDATE `notification_outbox` SET `state` = 'sending', `claimed_at` = ?, `attempts` = `attempts` + 1 " +
          `WHERE \`state\` = 'pending' AND \`id\` IN (${placeholders(n)})`,
      ),
    /** A delivery that died mid-send (its claim older than the lease) claimed again. */
    reclaim: sql("UPDATE `notification_outbox` SET `claimed_at` = ?, `attempts` = `attempts` + 1 WHERE `id` = ? AND `state` = 'sending' AND `claimed_at` <= ?"),
    /** Pending rows delivered in the transaction that records them (in-app messages; messages recorded already): claim and `sent` in one. */
    sentFromPending: (n: number) =>
      sql(
        "UPDATE `notification_outbox` SET `state` = 'sent', `claimed_at` = ?, `sent_at` = ?, `attempts` = `attempts` + 1, `last_error` = NULL " +
          `WHERE \`state\` = 'pending' AND \`id\` IN (${placeholders(n)})`,
      ),
    /** A claimed row recorded as sent. */
    sent: sql("UPDATE `notification_outbox` SET `state` = 'sent', `sent_at` = ?, `last_error` = NULL WHERE `id` = ?"),
    /** Claimed rows recorded as sent, in one statement, each with when it was handed over (parameters: id and time per row, then the ids). */
    sentMany: (n: number) =>
      sql(
        `UPDATE \`notification_outbox\` SET \`state\` = 'sent', \`sent_at\` = CASE \`id\` ${Array.from({ length: n }, () => 'WHEN ? THEN ?').join(' ')} END, \`last_error\` = NULL ` +
          `WHERE \`id\` IN (${placeholders(n)})`,
      ),
    recorded: sql('SELECT `status` AS status, `sent_at` AS sentAt FROM `notifications` WHERE `id` = ?'),
    audited: sql("SELECT 1 AS found FROM `audit_log` WHERE `entity_id` = ? AND `action` = 'notification.sent' LIMIT 1"),
    /**
     * Finished rows past the retention, a bounded number. (`due_at` never follows a finished row's
     * `COALESCE(sent_at, claimed_at, due_at)`: the condition on it only lets the due-rows index
     * narrow the scan. MySQL has DELETE … LIMIT, SQLite a sub-select.)
     */
    clean: onSqlJs(dataSource)
      ? sql(
          'DELETE FROM `notification_outbox` WHERE `id` IN (SELECT `id` FROM `notification_outbox` ' +
            "WHERE `state` IN ('sent', 'failed') AND `due_at` < ? AND COALESCE(`sent_at`, `claimed_at`, `due_at`) < ? LIMIT 500)",
        )
      : "DELETE FROM `notification_outbox` WHERE `state` IN ('sent', 'failed') AND `due_at` < ? AND COALESCE(`sent_at`, `claimed_at`, `due_at`) < ? LIMIT 500",
    /** When the next message falls due: the earliest pending one, the oldest claim (its lease). */
    next: sql(
      "SELECT (SELECT MIN(`due_at`) FROM `notification_outbox` WHERE `state` = 'pending') AS pending, " +
        "(SELECT MIN(`claimed_at`) FROM `notification_outbox` WHERE `state` = 'sending') AS claimed",
    ),
  };
  const at = (d: Date) => dbDate(dataSource, d);

  interface DueRow {
    id: string;
    channel: DeliveryItem['channel'];
    recipientUserId: string | null;
    address: string | null;
    request: string;
    state: 'pending' | 'sending';
    attempts: number;
    locale: string | null;
    /** The `notifications` row's status, if there is one. */
    recorded: Notification['status'] | null;
    /** When the record says it was sent. */
    recordedAt: Date | string | null;
    parsed?: NotificationRequest;
  }
  /** A row of the due-rows statement: a due row (or none: `id` null), and what falls due after. */
  type DueResult = Omit<DueRow, 'id'> & { id: string | null; nextPending: Date | string | null; nextClaim: Date | string | null };
  /**
   * A round as it runs: `rescan` when something it did not do itself may have changed when the
   * next message falls due (a row another delivery took, a retry, a batch limit), so the round
   * ends by asking the table instead of using what its first statement read.
   */
  type Round = DispatchRound & { rescan?: boolean };
  type Recorded = { status: Notification['status']; sentAt: Date | string | null } | undefined;
  const sentAtOf = (v: Date | string | null | undefined) => (v ? asDate(v) : now());
  const itemOf = (row: DueRow): DeliveryItem => ({ id: row.id, channel: row.channel, recipientUserId: row.recipientUserId, address: row.address });
  /** The row's request, parsed once. */
  const requestOf = (row: DueRow): NotificationRequest => (row.parsed ??= JSON.parse(row.request) as NotificationRequest);
  /** A transaction that found a row changed by someone else since it was read: rolled back, its rows taken one at a time. */
  class Changed extends Error {}

  /**
   * Pending rows that send nothing — in-app messages, and messages an earlier attempt handed over
   * and recorded (its audit entry may be missing) — in one transaction: claimed and marked sent in
   * one statement, their records written (new ones in one statement), an audit entry each (in one
   * batch: `appendAuditBatch`). A worker that dies in it leaves them pending (nothing happened);
   * none is delivered twice (the claim's condition). The email and webhook messages `toClaim` are claimed in it too. Returns
   * how many it delivered.
   */
  async function recordTogether(rows: DueRow[], toClaim: DueRow[]): Promise<number> {
    const t = now();
    const written = await dataSource.transaction(async (em) => {
      // The messages to send are claimed in the same transaction (committed before any is sent).
      if (toClaim.length && (await execute(em, SQL.claim(toClaim.length), [at(t), ...toClaim.map((r) => r.id)])) !== toClaim.length) throw new Changed();
      if ((await execute(em, SQL.sentFromPending(rows.length), [at(t), at(t), ...rows.map((r) => r.id)])) !== rows.length) throw new Changed();
      const fresh = rows.filter((r) => r.recorded === null);
      const earlier = rows.filter((r) => r.recorded !== null && r.recorded !== 'sent');
      if (fresh.length) {
        const params = fresh.flatMap((r) => insertSentParams(em, itemOf(r), requestOf(r), t));
        if ((await execute(em, insertSentSql(em, fresh.length), params)) !== fresh.length) throw new Changed();
      }
      if (earlier.length && (await execute(em, updateSentSql(em, earlier.length), [at(t), ...earlier.map((r) => r.id)])) !== earlier.length)
        throw new Changed();
      // Their audit entries in one batch: a head claimed per stream, the rows in one statement.
      const entryAt = now();
      await appendAuditBatch(
        em,
        [...fresh, ...earlier].map((r) => ({ ...audited(itemOf(r), requestOf(r), { status: 'sent', sentAt: t }, r.recorded), at: entryAt })),
      );
      // Recorded by an earlier attempt: its audit entry, unless that attempt wrote it too (in-app records carry theirs).
      for (const r of rows.filter((x) => x.recorded === 'sent' && x.channel !== 'inapp'))
        await auditSentIn(em, itemOf(r), requestOf(r), sentAtOf(r.recordedAt));
      return [...fresh, ...earlier];
    });
    for (const r of written) notificationOutcomes.inc({ channel: r.channel, outcome: 'sent' });
    return rows.length;
  }

  /** `recordTogether` one row at a time, each in its own transaction (after a batch found a row changed, or failed). */
  async function recordOne(row: DueRow, round: Round): Promise<void> {
    try {
      const recorded = await dataSource.transaction(async (em) => {
        if (!(await execute(em, SQL.sentFromPending(1), [at(now()), at(now()), row.id]))) {
          round.rescan = true;
          return false; // someone else took it
        }
        const found = ((await em.query(SQL.recorded, [row.id])) as Recorded[])[0];
        const status = found?.status ?? null;
        const t = now();
        if (status === 'sent') {
          if (row.channel !== 'inapp') await auditSentIn(em, itemOf(row), requestOf(row), sentAtOf(found?.sentAt));
        } else {
          if (status === null) await insertIfAbsent(em, itemOf(row), requestOf(row), { status: 'sent', sentAt: t });
          else await execute(em, updateSentSql(em, 1), [at(t), row.id]);
          await appendAudit(em, { ...audited(itemOf(row), requestOf(row), { status: 'sent', sentAt: t }, status), at: now() });
        }
        return true;
      });
      if (recorded) round.sent++;
    } catch (err) {
      await retryLater({ ...row, attempts: row.attempts + 1 }, err, round);
    }
  }

  /** The `sent` audit entry of a message recorded as sent, unless it has one (an attempt that died after its record wrote none). */
  async function auditSentIn(em: EntityManager, item: DeliveryItem, request: NotificationRequest, sentAt: Date): Promise<void> {
    if (((await em.query(SQL.audited, [item.id])) as unknown[]).length) return;
    await appendAudit(em, { ...audited(item, request, { status: 'sent', sentAt }, null), at: now() });
  }

  /**
   * Claims pending rows to be sent (email, webhook) in one statement. When another delivery took
   * any of them in between (the count falls short), which ones are this round's cannot be told
   * apart for sure: none is sent now, and those this claim took wait for their lease to run out
   * like a delivery that died (then each is claimed again on its own); nothing is sent twice.
   */
  async function claimPending(rows: DueRow[], round: Round): Promise<DueRow[]> {
    if (!rows.length) return [];
    const claimed = await execute(dataSource, SQL.claim(rows.length), [at(now()), ...rows.map((r) => r.id)]);
    if (claimed === rows.length) return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
    round.rescan = true;
    if (claimed)
      logger.warn({ ids: rows.map((r) => r.id), claimed }, 'outbox rows claimed concurrently: those this round claimed are taken up after the lease');
    return [];
  }

  /** A message the mail server (or webhook) accepted, its record not written yet. */
  interface Accepted {
    row: DueRow;
    item: DeliveryItem;
    request: NotificationRequest;
    sentAt: Date;
    /** Its `notifications` row's status before (null: none; `deferred`, `failed`: updated). */
    recorded: Notification['status'] | null;
  }

  /**
   * The records of accepted hand-overs, in one transaction: their `notifications` rows (new ones in
   * one statement; deferred or failed ones updated), an audit entry each (`appendAuditBatch`: a
   * head claimed per stream, in the streams' order, so two rounds recording at once do not deadlock
   * on each other's heads; the rows in one statement), their outbox rows marked sent in one
   * statement. When that fails, or finds a record changed by someone else (a
   * concurrent `deliver`), each is recorded on its own (`recordAcceptedOne`), so one message's
   * failure loses none of the others' records.
   */
  async function recordAccepted(batch: Accepted[], round: Round): Promise<void> {
    if (!batch.length) return;
    try {
      await dataSource.transaction(async (em) => {
        const fresh = batch.filter((a) => a.recorded === null);
        if (fresh.length) {
          const params = fresh.flatMap((a) => insertSentParams(em, a.item, a.request, a.sentAt));
          if ((await execute(em, insertSentSql(em, fresh.length), params)) !== fresh.length) throw new Changed();
        }
        for (const a of batch.filter((x) => x.recorded !== null))
          if ((await execute(em, updateSentSql(em, 1), [at(a.sentAt), a.item.id])) !== 1) throw new Changed();
        const entryAt = now();
        await appendAuditBatch(
          em,
          batch.map((a) => ({ ...audited(a.item, a.request, { status: 'sent', sentAt: a.sentAt }, a.recorded), at: entryAt })),
        );
        await execute(em, SQL.sentMany(batch.length), [...batch.flatMap((a) => [a.item.id, at(a.sentAt)]), ...batch.map((a) => a.item.id)]);
      });
    } catch (err) {
      if (!(err instanceof Changed)) logger.warn({ err, ids: batch.map((a) => a.item.id) }, 'hand-overs not recorded together; one at a time');
      round.rescan = true;
      for (const a of batch) await recordAcceptedOne(a, round);
      return;
    }
    for (const a of batch) {
      handedOver.delete(a.item.id);
      notificationOutcomes.inc({ channel: a.item.channel, outcome: 'sent' });
      round.sent++;
    }
  }

  /**
   * One accepted hand-over recorded in a transaction of its own: its record written (or found
   * written by someone else, then audited unless it is), its outbox row marked sent. When even this
   * fails, the row waits for a retry (`retryLater`), which finds it handed over and records it
   * without sending it again.
   */
  async function recordAcceptedOne(a: Accepted, round: Round): Promise<void> {
    const { item, request, sentAt, recorded } = a;
    try {
      await dataSource.transaction(async (em) => {
        let changed = recorded === null && (await insertIfAbsent(em, item, request, { status: 'sent', sentAt }));
        if (!changed) changed = (await execute(em, updateSentSql(em, 1), [at(sentAt), item.id])) === 1;
        // Changed by this attempt: no `sent` entry can exist yet. Otherwise another delivery recorded it (and may have audited it).
        if (changed) await appendAudit(em, { ...audited(item, request, { status: 'sent', sentAt }, recorded), at: now() });
        else await auditSentIn(em, item, request, sentAt);
        await execute(em, SQL.sent, [at(now()), item.id]);
      });
    } catch (err) {
      await retryLater(a.row, err, round);
      return;
    }
    handedOver.delete(item.id);
    notificationOutcomes.inc({ channel: item.channel, outcome: 'sent' });
    round.sent++;
  }

  /**
   * The accepted hand-overs of a round's lanes, recorded as they come (a group commit): the first
   * starts a transaction at once, those accepted while it runs go together in the next one, so the
   * busier the lanes the bigger the batches, and a hand-over never waits for its record longer
   * than the transaction before it. That wait is the window in which a worker killed after the
   * mail server's acceptance leaves a message unrecorded (sent again after the lease): it was up
   * to a round's last mail when the records waited to make batches (test/faults/worker-crash.test.ts
   * caught a mail received twice). The lanes do not wait for the records; `flush` waits for all of
   * them once the lanes are done.
   */
  function acceptedRecorder(round: Round) {
    let waiting: Accepted[] = [];
    let recording: Promise<void> | null = null;
    const kick = () => {
      if (recording || !waiting.length) return;
      const batch = waiting;
      waiting = [];
      recording = recordAccepted(batch, round)
        .catch((err) => logger.error({ err, ids: batch.map((a) => a.item.id) }, 'hand-overs not recorded; their claims are taken up after the lease'))
        .finally(() => {
          recording = null;
          kick();
        });
    };
    return {
      add(a: Accepted): void {
        waiting.push(a);
        kick();
      },
      async flush(): Promise<void> {
        while (recording) await recording;
      },
    };
  }

  /**
   * Sends a claimed email or webhook message; its record is written with others' (`recordAccepted`
   * through `accepted`): the `notifications` row, the audit entry and the outbox row's `sent` in
   * one transaction for a batch of hand-overs, instead of a transaction each. A worker killed
   * between the mail server's (or webhook's) acceptance and that commit leaves the row claimed and
   * unrecorded: after the lease it is sent again with the same Message-ID (derived from its key, so
   * the mail server and clients keep one message) and recorded once. Until its record is written,
   * this process remembers it as handed over (`handedOver`): a retry after the record failed writes
   * the record without sending again. A message handed over and recorded by an earlier attempt
   * (its audit entry or outbox `sent` missing) is finished without sending.
   */
  async function sendClaimed(row: DueRow, round: Round, accepted: ReturnType<typeof acceptedRecorder>): Promise<void> {
    const item = itemOf(row);
    const request = requestOf(row);
    let sentAt: Date;
    let recorded = row.recorded;
    try {
      let recordedAt = row.recordedAt;
      if (row.state === 'sending') {
        // A claim taken over from a delivery that died: its record as that delivery left it.
        const found = ((await dataSource.query(SQL.recorded, [row.id])) as Recorded[])[0];
        recorded = found?.status ?? null;
        recordedAt = found?.sentAt ?? null;
      }
      const handed = handedOver.get(item.id);
      if (recorded === 'sent' || handed) {
        // Handed over by an earlier attempt: recorded now if it was not, never sent again.
        await dataSource.transaction(async (em) => {
          if (recorded === 'sent') await auditSentIn(em, item, request, sentAtOf(recordedAt));
          else await upsertIn(em, item, request, { status: 'sent', sentAt: handed! }, now());
          await execute(em, SQL.sent, [at(now()), row.id]);
        });
        handedOver.delete(item.id);
        round.sent++;
        return;
      }
      await paced();
      const lang: Language = row.locale?.startsWith('zh') ? 'zh-CN' : 'en';
      if ((await send(item, request, lang)) === 'skipped') {
        await execute(dataSource, sql("UPDATE `notification_outbox` SET `state` = 'failed', `last_error` = ? WHERE `id` = ?"), [
          'no SMTP server configured or no address',
          row.id,
        ]);
        round.failed++;
        return;
      }
      sentAt = now();
      rememberHandedOver(item.id, sentAt);
    } catch (err) {
      await retryLater(row, err, round);
      return;
    }
    accepted.add({ row, item, request, sentAt, recorded });
  }

  /** A failed delivery: refused for good (failed), or tried again after a backoff. */
  async function retryLater(row: DueRow, err: unknown, round: Round): Promise<void> {
    round.rescan = true;
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    const ob = dataSource.getRepository(NotificationOutbox);
    if (isPermanentFailure(err)) {
      await ob.update({ id: row.id }, { state: 'failed', lastError: message });
      logger.warn({ id: row.id, err }, 'notification refused for good');
      round.failed++;
    } else {
      await ob.update({ id: row.id }, { state: 'pending', dueAt: new Date(now().getTime() + retryDelayMs(row.attempts)), lastError: message });
      logger.warn({ id: row.id, err }, 'notification not delivered; tried again later');
      round.retrying++;
    }
  }

  /**
   * One round of the dispatcher: reads the messages that are due (pending and due, or `sending`
   * under a claim older than the lease: a delivery that died mid-send), with each recipient's
   * language and each message's record. Messages that send nothing (in-app; recorded already by
   * an earlier attempt) are claimed, recorded, audited and marked sent in one transaction; email
   * and webhook messages are claimed together, then each sent (paced; `sendClaimed`: a resend after
   * a crash keeps its Message-ID), their records written in batches (`recordAccepted`). Returns when the next message falls due (a
   * deferred one, a retry, a claim's lease), or null when none waits.
   */
  async function deliverDueNotifications(input: { retentionDays?: number } = {}): Promise<DispatchRound> {
    const round: Round = { sent: 0, failed: 0, retrying: 0, cleaned: 0, nextDueAt: null };
    const heartbeat = () => {
      try {
        Context.current().heartbeat();
      } catch {
        // outside an activity (unit tests)
      }
    };
    let after: DueResult | undefined;
    let batch = 0;
    const local = localRoundsOf(dataSource);
    const startedAt = Date.now();
    let stop: AbortSignal | null = null;
    try {
      stop = Context.current().cancellationSignal;
    } catch {
      // outside an activity (unit tests)
    }
    local.active++;
    try {
      for (;;) {
        local.poked = false;
        local.urgent = false;
        for (batch = 0; batch < 20; batch++) {
          const t = now();
          const stale = at(new Date(t.getTime() - SENDING_LEASE_MS));
          const result = (await dataSource.query(SQL.due, [at(t), stale, at(t), stale])) as DueResult[];
          after = result[0];
          const due = result.filter((r): r is DueResult & DueRow => r.id !== null);
          if (due.length === 0) break;
          heartbeat();
          for (const r of due) r.attempts = Number(r.attempts);
          const pending = due.filter((r) => r.state === 'pending');
          const quiet = pending.filter((r) => r.channel === 'inapp' || r.recorded === 'sent');
          let toSend: DueRow[] = pending.filter((r) => !quiet.includes(r));
          if (quiet.length) {
            try {
              round.sent += await recordTogether(quiet, toSend);
              toSend = toSend.map((r) => ({ ...r, attempts: r.attempts + 1 }));
            } catch (err) {
              if (!(err instanceof Changed)) logger.warn({ err }, 'outbox rows not recorded together; one at a time');
              round.rescan = true;
              for (const r of quiet) await recordOne(r, round);
              toSend = await claimPending(toSend, round);
            }
          } else toSend = await claimPending(toSend, round);
          for (const r of due.filter((x) => x.state === 'sending')) {
            heartbeat();
            const claimedAt = now();
            if (await execute(dataSource, SQL.reclaim, [at(claimedAt), r.id, at(new Date(claimedAt.getTime() - SENDING_LEASE_MS))]))
              toSend.push({ ...r, attempts: r.attempts + 1 });
            else round.rescan = true;
          }
          // Hand-overs to the mail server and webhooks wait on the network: a few run at once. A
          // webhook's messages go in one lane, in order (its receiver may read them as a sequence);
          // mails do not: SMTP keeps no order between messages past the first server anyway (each
          // carries its Date), and one lane per recipient made every report's notice to the safety
          // hub wait for the one before (bench:processes: notices fell behind reports at ~40/s with
          // the machine not yet busy). A serial loop capped delivery at ~12 messages a second.
          // Their records are written as the lanes go, those accepted together in one transaction
          // (see acceptedRecorder); the round waits for them when every lane is done, also when one failed.
          const accepted = acceptedRecorder(round);
          try {
            await inLanes(
              toSend,
              lanes,
              (r) => (r.channel === 'webhook' ? (r.address ?? r.id) : r.id),
              async (r) => {
                heartbeat();
                await sendClaimed(r, round, accepted);
              },
            );
          } finally {
            await accepted.flush();
          }
          // Fewer than a batch: every row due when it was read was taken (rows queued since wake the dispatcher again, or poke this round).
          if (due.length < DUE_BATCH) break;
        }
        if (batch === 20) round.rescan = true;
        // Rows written here meanwhile poked this round: it looks again, and waits a moment for more,
        // within its time (a round's end hands over to the dispatcher workflow, see localRounds) and
        // unless it was cancelled (a poke left over is due at once: see the end of the round).
        if (Date.now() - startedAt >= ROUND_MAX_MS || stop?.aborted) break;
        heartbeat();
        if (!local.poked && !(await pokedWithin(local, ROUND_LINGER_MS, stop))) break;
        // Poked: the rows of a few more writers are taken with these (ROUND_GATHER_MS), unless one is critical.
        await pokedWithin(local, ROUND_GATHER_MS, stop, true);
        if (stop?.aborted) break;
      }
    } finally {
      local.active--;
    }
    // Delivered and failed rows are finished work: the record is the `notifications` row and the
    // audit log, which stay. Past the retention they go, a bounded number a statement, so the
    // table (and the due-rows index) holds what is open and the recent past.
    const cutoff = at(new Date(now().getTime() - (input.retentionDays ?? OUTBOX_RETENTION_DAYS) * 24 * 3600 * 1000));
    for (let n = 0; n < 10; n++) {
      const deleted = await execute(dataSource, SQL.clean, [cutoff, cutoff]);
      round.cleaned += deleted;
      if (deleted < 500) break;
      heartbeat();
    }
    // When the next message falls due: as the first statement read it (every row due then was
    // delivered; rows queued since wake the dispatcher), or asked again when something else may have changed it.
    let next: { pending: Date | string | null; claimed: Date | string | null } | undefined = {
      pending: after?.nextPending ?? null,
      claimed: after?.nextClaim ?? null,
    };
    if (round.rescan || !after) [next] = (await dataSource.query(SQL.next)) as (typeof next)[];
    const times = [next?.pending ? asDate(next.pending).getTime() : null, next?.claimed ? asDate(next.claimed).getTime() + SENDING_LEASE_MS : null].filter(
      (x): x is number => x !== null,
    );
    // A poke after this round's last look, with no other round here to take it: due now, so the
    // dispatcher runs another round at once (in the same block as the check: a writer after it signals).
    if (local.poked && local.active === 0) {
      local.poked = false;
      times.push(now().getTime());
    }
    const { rescan: _rescan, ...done } = round;
    done.nextDueAt = times.length ? new Date(Math.min(...times)).toISOString() : null;
    return done;
  }

  return {
    /** Who an alert reaches (nobody: rerouted up the escalation ladder, recorded). In a `Notify:` workflow, the key is its ID's. */
    resolveAudience(audience: Audience): Promise<Recipient[]> {
      return audienceOf(audience);
    },

    async recordDeferred(input: { items: DeliveryItem[]; request: NotificationRequest; deliverAfter: string }): Promise<void> {
      for (const item of input.items) {
        const existing = await repo().findOneBy({ id: item.id });
        if (existing?.status === 'sent') continue;
        // Already recorded (a retry of this activity): no second audit entry.
        if (existing?.status === 'deferred' && existing.deliverAfter?.getTime() === new Date(input.deliverAfter).getTime()) continue;
        await upsert(item, input.request, { status: 'deferred', deliverAfter: new Date(input.deliverAfter) });
      }
    },

    deliver,

    recordNotification,

    deliverDueNotifications,

    /**
     * Several items in one activity (one server round trip instead of one per item and channel).
     * Every item is tried; if any failed the activity fails after the others, and its retry skips
     * the items already sent. It fails for good only when nothing a retry could fix failed.
     */
    async deliverMany(input: { items: DeliveryItem[]; request: NotificationRequest }): Promise<('sent' | 'skipped' | 'already-sent')[]> {
      const outcomes: ('sent' | 'skipped' | 'already-sent')[] = [];
      const failures: unknown[] = [];
      for (const item of input.items) {
        try {
          outcomes.push(await deliver({ item, request: input.request }));
        } catch (err) {
          failures.push(err);
        }
      }
      if (failures.length) throw failures.find((f) => !isPermanentFailure(f)) ?? failures[0];
      return outcomes;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;

/**
 * Runs `work` over `items` in at most `lanes` lanes at once, the items of one key in one lane in
 * their order; waits for every lane, then rethrows the first failure (a lane that failed does not
 * leave the others running behind the caller's back).
 */
export async function inLanes<T>(items: T[], lanes: number, keyOf: (item: T) => string, work: (item: T) => Promise<void>): Promise<void> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const queue = [...groups.values()];
  const lane = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) for (const item of group) await work(item);
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(lanes, queue.length) }, lane));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}
