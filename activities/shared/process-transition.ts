import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { recordAudit } from '../../db/audit/audit-log';
import { insertFacts, type FactInput } from '../../db/projections/facts';
import { refreshMonitorRow } from '../../db/projections/process-monitor';
import { insertOne } from '../../db/projections/insert';

/** A timeline event of a process, in business words; its ID (workflow ID + step) makes a repeat a no-op. */
export interface ProcessEvent {
  id: string;
  type: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

/** One state change of a process: projection fields, an optional timeline event and facts. */
export interface ProcessTransition<P> {
  id: string;
  workflowId: string;
  changes: Partial<Record<keyof P, unknown>>;
  event?: ProcessEvent;
  facts?: FactInput[];
}

/** Where a process keeps its projection and timeline. */
export interface ProcessTables<P extends ObjectLiteral, E extends ObjectLiteral> {
  projection: EntityTarget<P>;
  events: EntityTarget<E>;
  /** The events table's column naming the process (e.g. `hazardId`). */
  eventKey: keyof E & string;
  /** `entityType` in the audit log and the prefix of its actions (`hazard.graded`). */
  entityType: string;
  /** Projection fields that hold dates (sent as ISO strings from workflows). */
  dateFields: ReadonlySet<string>;
}

/**
 * Applies one transition in one transaction: the projection update, the timeline event, the
 * scoring facts and an audit row (before/after of the changed fields). A transition whose event
 * was already written is skipped, so an activity retry changes nothing twice.
 */
export async function applyTransition<P extends ObjectLiteral & { orgUnitId: string }, E extends ObjectLiteral>(
  dataSource: DataSource,
  tables: ProcessTables<P, E>,
  t: ProcessTransition<P>,
  /** More writes of the same transition (e.g. a register's rows), in the same transaction. */
  alsoWrite?: (em: EntityManager) => Promise<void>,
): Promise<void> {
  await dataSource.transaction((em) => applyTransitionIn(em, tables, t, alsoWrite));
}

/** `applyTransition` inside a transaction the caller holds (a step that writes more in the same transaction). */
export async function applyTransitionIn<P extends ObjectLiteral & { orgUnitId: string }, E extends ObjectLiteral>(
  em: EntityManager,
  tables: ProcessTables<P, E>,
  t: ProcessTransition<P>,
  alsoWrite?: (em: EntityManager) => Promise<void>,
): Promise<void> {
  const events = em.getRepository(tables.events);
  if (t.event && (await events.existsBy({ id: t.event.id } as never))) return; // already applied
  const projection = em.getRepository(tables.projection);
  // The row is locked, so concurrent transitions of one process (parallel tasks) apply one
  // after the other, each seeing what the previous one wrote.
  const lockable = em.connection.options.type !== 'sqljs';
  const before = await projection.findOneOrFail({ where: { id: t.id } as never, ...(lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  const changes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t.changes)) changes[k] = tables.dateFields.has(k) && typeof v === 'string' ? new Date(v) : v;
  // A transition without an event (the SLA clock mirrored into the projection) has no key of its
  // own: when the projection already holds every value, it was applied (a retry) or is moot.
  if (!t.event && !t.facts?.length && !alsoWrite && Object.entries(changes).every(([k, v]) => sameValue((before as Record<string, unknown>)[k], v))) return;
  if (Object.keys(changes).length) await projection.update({ id: t.id } as never, changes as never);
  if (t.event)
    await events.insert({
      id: t.event.id,
      [tables.eventKey]: t.id,
      at: new Date(t.event.at),
      type: t.event.type,
      actor: t.event.actor,
      data: JSON.stringify(t.event.data),
    } as never);
  await insertFacts(em, t.facts ?? []);
  if (alsoWrite) await alsoWrite(em);
  const picked = Object.fromEntries(Object.keys(changes).map((k) => [k, (before as Record<string, unknown>)[k]]));
  await recordAudit(em, {
    actorType: 'workflow',
    actor: t.workflowId,
    onBehalfOf: t.event?.actor ?? null,
    action: `${tables.entityType}.${t.event?.type ?? 'updated'}`,
    entityType: tables.entityType,
    entityId: t.id,
    before: picked,
    after: { ...changes, ...(t.event ? { event: t.event.data } : {}), ...(t.facts?.length ? { facts: t.facts.map((f) => f.id) } : {}) },
    orgUnitId: before.orgUnitId,
    at: t.event ? new Date(t.event.at) : undefined,
  });
  await refreshMonitorRow(em, t.workflowId);
}

/** Who reported a process, where and when: its first record. */
export interface ProcessReport {
  /** The process's ID (its projection row, the subject of its facts). */
  id: string;
  orgUnitId: string;
  reporterUsername: string;
  reporterPersonId: string | null;
  reportedAt: string;
}

/**
 * Records the start of a process once (its first event is the key, so a retry writes nothing
 * twice), in one transaction: the projection row (`insertRow`, which returns what the audit row
 * shows of it), the timeline event, its facts, and an audit row on the event's actor's behalf at
 * the event's time.
 */
export async function applyStarted<P extends ObjectLiteral, E extends ObjectLiteral>(
  dataSource: DataSource,
  tables: ProcessTables<P, E>,
  input: {
    id: string;
    workflowId: string;
    orgUnitId: string;
    event: ProcessEvent;
    insertRow: (em: EntityManager) => Promise<unknown>;
    facts?: FactInput[];
  },
): Promise<void> {
  await dataSource.transaction((em) => applyStartedIn(em, tables, input));
}

/** What `applyStarted` records of a process's start. */
export type ProcessStart = Parameters<typeof applyStarted>[2];

/** `applyStarted` inside a transaction the caller holds. */
export async function applyStartedIn<P extends ObjectLiteral, E extends ObjectLiteral>(
  em: EntityManager,
  tables: ProcessTables<P, E>,
  input: ProcessStart,
): Promise<void> {
  const events = em.getRepository(tables.events);
  if (await events.existsBy({ id: input.event.id } as never)) return;
  const after = await input.insertRow(em);
  await writeStartedIn(em, tables, input, after);
}

/**
 * The writes of a start besides the projection row, which the caller inserted (`after`: what
 * the audit row shows of it) and knows to be new: the timeline event, its facts and the audit row.
 */
export async function writeStartedIn<P extends ObjectLiteral, E extends ObjectLiteral>(
  em: EntityManager,
  tables: ProcessTables<P, E>,
  input: Omit<ProcessStart, 'insertRow'>,
  after: unknown,
): Promise<void> {
  const { id, event } = input;
  const row = { id: event.id, [tables.eventKey]: id, at: new Date(event.at), type: event.type, actor: event.actor, data: JSON.stringify(event.data) };
  if (em.connection.options.type === 'sqljs') await em.getRepository(tables.events).insert(row as never);
  else await insertOne(em, tables.events, row);
  await insertFacts(em, input.facts ?? []);
  await recordAudit(em, {
    actorType: 'workflow',
    actor: input.workflowId,
    onBehalfOf: event.actor,
    action: `${tables.entityType}.${event.type}`,
    entityType: tables.entityType,
    entityId: id,
    after,
    orgUnitId: input.orgUnitId,
    at: new Date(event.at),
  });
}

/**
 * Records that a process was reported, once, at the report's time (`applyStarted`): the
 * projection row (`insertRow`), the `reported` event, the reporter's `<entityType>.reported` fact
 * (value 1) and an audit row on the reporter's behalf with the row as written.
 */
export async function applyReported<P extends ObjectLiteral, E extends ObjectLiteral>(
  dataSource: DataSource,
  tables: ProcessTables<P, E>,
  input: {
    workflowId: string;
    policyVersion: number;
    report: ProcessReport;
    insertRow: (em: EntityManager) => Promise<unknown>;
    eventData: Record<string, unknown>;
    factData: Record<string, unknown>;
  },
): Promise<void> {
  await dataSource.transaction((em) => applyReportedIn(em, tables, input));
}

/** `applyReported` inside a transaction the caller holds (the API writes a report with its first task). */
export async function applyReportedIn<P extends ObjectLiteral, E extends ObjectLiteral>(
  em: EntityManager,
  tables: ProcessTables<P, E>,
  input: Parameters<typeof applyReported<P, E>>[2],
): Promise<void> {
  await applyStartedIn(em, tables, reportedStart(tables, input));
}

/** The start `applyReported` records: the `reported` event (keyed by the workflow) and the reporter's fact. */
export function reportedStart<P extends ObjectLiteral, E extends ObjectLiteral>(
  tables: ProcessTables<P, E>,
  input: Parameters<typeof applyReported<P, E>>[2],
): ProcessStart {
  const { workflowId, report: r } = input;
  const eventId = `${workflowId}/reported`;
  return {
    id: r.id,
    workflowId,
    orgUnitId: r.orgUnitId,
    event: { id: eventId, type: 'reported', actor: r.reporterUsername, at: r.reportedAt, data: input.eventData },
    insertRow: input.insertRow,
    facts: [
      {
        id: eventId,
        kind: `${tables.entityType}.reported`,
        personId: r.reporterPersonId,
        attribution: 'reporter',
        orgUnitId: r.orgUnitId,
        departmentHeadPersonId: null,
        sourceWorkflowId: workflowId,
        subjectId: r.id,
        value: 1,
        occurredAt: r.reportedAt,
        data: input.factData,
        policyVersion: input.policyVersion,
      },
    ],
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return (a ?? null) === (b ?? null);
}
