import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../db/audit/audit-log';
import { Alert } from '../../db/entities';

/** What an alert says when it fires; the rest of its row (id, open status, times) is filled in here. */
export type NewAlert = Pick<Alert, 'dedupKey' | 'ruleId' | 'ruleVersion' | 'kind' | 'severity' | 'title' | 'detail' | 'orgUnitId' | 'recipients' | 'firedBy'>;

/**
 * Fires an alert once per key: inserts it, open, unless its key exists, with an audit row
 * (`auditAfter`). Returns it when `alert.firedBy` fired it (also on a retry of the same run,
 * whose earlier attempt inserted it: `inserted` false), else null.
 */
export async function fireAlertOnce(
  ds: DataSource,
  alert: NewAlert,
  at: Date,
  auditAfter: Record<string, unknown>,
): Promise<{ id: string; inserted: boolean } | null> {
  const existing = await ds.getRepository(Alert).findOneBy({ dedupKey: alert.dedupKey });
  if (existing) return existing.firedBy === alert.firedBy ? { id: existing.id, inserted: false } : null;
  return ds.transaction(async (em) => {
    const row: Alert = {
      id: randomUUID(),
      ...alert,
      firstFiredAt: at,
      status: 'open',
      acknowledgedBy: null,
      acknowledgedAt: null,
      acknowledgeNote: null,
      resolvedAt: null,
      updatedAt: at,
    };
    // The INSERT comes first, so it waits for a competing run's uncommitted row and the read
    // after it sees whichever row won.
    await em.createQueryBuilder().insert().into(Alert).values(row).orIgnore().execute();
    const stored = await em.getRepository(Alert).findOneBy({ dedupKey: alert.dedupKey });
    if (!stored || stored.id !== row.id) return null;
    await appendAudit(em, {
      actorType: 'workflow',
      actor: alert.firedBy,
      action: 'alert.fired',
      entityType: 'alert',
      entityId: row.id,
      after: auditAfter,
      orgUnitId: alert.orgUnitId,
      at,
    });
    return { id: row.id, inserted: true };
  });
}
