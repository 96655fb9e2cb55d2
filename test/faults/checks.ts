import { In, Like, type DataSource } from 'typeorm';
import type { Client } from '@temporalio/client';
import { AuditEntry, Fact, Notification, NotificationOutbox, Task } from '../../db/entities';
import type { SmtpCapture } from '../support/smtp-capture';
import { eventually } from '../support/wait';
import type { Driven } from './drivers';

/**
 * What must hold after any fault: every process reached its end, and nothing was written twice
 * (facts, tasks, audit entries, mails) or half-way.
 */

/** One line per process that did not end as it should, or left a fact or task too many or too few. */
export async function processProblems(client: Client, ds: DataSource, driven: Driven[]): Promise<string[]> {
  const problems: string[] = [];
  for (const d of driven) {
    const result = (await client.workflow.getHandle(d.workflowId).result()) as Record<string, unknown>;
    for (const [k, v] of Object.entries(d.outcome)) {
      if (JSON.stringify(result[k]) !== JSON.stringify(v))
        problems.push(`${d.type} ${d.workflowId}: ${k} is ${JSON.stringify(result[k])}, expected ${JSON.stringify(v)}`);
    }
    const facts = (await ds.getRepository(Fact).findBy({ sourceWorkflowId: d.workflowId })).map((f) => f.kind).sort();
    if (JSON.stringify(facts) !== JSON.stringify([...d.facts].sort()))
      problems.push(`${d.type} ${d.workflowId}: facts ${JSON.stringify(facts)}, expected ${JSON.stringify([...d.facts].sort())}`);
    // A risk assessment's measure tasks are held by its measures' child workflows, `<workflowId>/measure-<n>`.
    const tasks = await ds.getRepository(Task).findBy([{ workflowId: d.workflowId }, { workflowId: Like(`${d.workflowId}/measure-%`) }]);
    const types = tasks.map((t) => t.taskType).sort();
    if (JSON.stringify(types) !== JSON.stringify([...d.tasks].sort()))
      problems.push(`${d.type} ${d.workflowId}: tasks ${JSON.stringify(types)}, expected ${JSON.stringify([...d.tasks].sort())}`);
    const open = tasks.filter((t) => t.status !== 'completed').map((t) => `${t.id} ${t.status}`);
    if (open.length) problems.push(`${d.type} ${d.workflowId}: tasks not completed: ${open.join(', ')}`);
  }
  return problems;
}

/** Fields of an audit entry's `after` that say when the write happened: a repeat differs only in them. */
const WRITE_TIMES = new Set(['at', 'sentAt', 'completedAt', 'decidedAt', 'reviewedAt', 'publishedAt', 'createdAt', 'updatedAt']);

/**
 * Audit entries recorded twice for one change: an entity's entry repeating the one before it
 * (same action, same content apart from the time of the write). A retried activity that is not
 * idempotent shows up so. (The same state recurring later, after other changes of the entity,
 * is not a repeat: a clock cleared twice is two changes.) One line per repeat.
 */
export async function auditDuplicates(ds: DataSource): Promise<string[]> {
  const rows = await ds
    .getRepository(AuditEntry)
    .find({ select: { seq: true, action: true, entityType: true, entityId: true, after: true }, order: { seq: 'ASC' } });
  const last = new Map<string, { seq: number; key: string }>();
  const repeats: string[] = [];
  for (const r of rows) {
    let after: unknown = r.after;
    try {
      const parsed = r.after ? (JSON.parse(r.after) as unknown) : null;
      after =
        parsed && typeof parsed === 'object' && !Array.isArray(parsed)
          ? Object.fromEntries(Object.entries(parsed).filter(([k]) => !WRITE_TIMES.has(k)))
          : parsed;
    } catch {
      // not JSON: compare as it is
    }
    const entity = `${r.entityType}/${r.entityId}`;
    const key = JSON.stringify([r.action, after]);
    const before = last.get(entity);
    if (before?.key === key) repeats.push(`${entity} ${key.slice(0, 300)} at seq ${before.seq} and ${r.seq}`);
    last.set(entity, { seq: r.seq, key });
  }
  return repeats;
}

/**
 * Mails against the notifications table: each email notification recorded as sent arrived
 * exactly once, and nothing arrived that is not recorded.
 */
export async function mailProblems(ds: DataSource, smtp: SmtpCapture): Promise<string[]> {
  const problems: string[] = [];
  const rows = await ds.getRepository(Notification).findBy({ channel: 'email' });
  const byItem = new Map<string, number>();
  for (const m of smtp.mails()) byItem.set(m.notification, (byItem.get(m.notification) ?? 0) + 1);
  for (const [messageId, n] of Object.entries(smtp.duplicates())) problems.push(`Message-ID ${messageId} received ${n} times`);
  for (const r of rows) {
    const n = byItem.get(r.id) ?? 0;
    if (r.status === 'sent' && n !== 1) problems.push(`${r.id}: recorded as sent, received ${n} times`);
    if (r.status !== 'sent' && n > 0) problems.push(`${r.id}: recorded as ${r.status}, yet received ${n} times`);
  }
  const known = new Set(rows.map((r) => r.id));
  for (const id of byItem.keys()) if (!known.has(id)) problems.push(`${id}: received, but no notification row records it`);
  return problems;
}

/**
 * Waits until no notification is still being delivered: no `DeliverNotificationWorkflow` of this
 * task queue running (processes started before the outbox), and no outbox row pending or on its way.
 */
export async function notificationsDelivered(client: Client, taskQueue: string, ds: DataSource, timeoutMs = 90_000): Promise<void> {
  await eventually(
    async () => {
      const { count } = await client.workflow.count(
        `WorkflowType = 'DeliverNotificationWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`,
      );
      const open = await ds.getRepository(NotificationOutbox).countBy({ state: In(['pending', 'sending']) });
      return count === 0 && open === 0;
    },
    'every notification delivered',
    timeoutMs,
    500,
  );
}
