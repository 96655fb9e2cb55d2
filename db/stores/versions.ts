import type { EntityManager, EntityTarget } from 'typeorm';
import { appendAudit, type AuditRecord } from '../audit/audit-log';

/**
 * What the stores of versioned documents (policies, rulesets) share: versions are numbered 1, 2, …
 * and each step a person takes on one is audited under the version's number.
 */

/** The number of the next version of a document: one above the highest (1 for the first). */
export async function nextVersion(em: EntityManager, entity: EntityTarget<{ version: number }>): Promise<number> {
  const last = await em.getRepository(entity).createQueryBuilder('d').select('MAX(d.version)', 'v').getRawOne<{ v: number | string | null }>();
  return Number(last?.v ?? 0) + 1;
}

/** Appends the audit row of `actor`'s step (`action`, e.g. `policy.published`) on version `version` of a document of type `entityType`. */
export function auditVersion(em: EntityManager, actor: string, action: string, entityType: string, version: number, after: AuditRecord['after']) {
  return appendAudit(em, { actorType: 'user', actor, action, entityType, entityId: String(version), after });
}
