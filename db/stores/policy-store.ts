import { EntityManager, type DataSource } from 'typeorm';
import { DEFAULT_POLICY, PolicySchema, type Policy } from '../../domain/policy';
import { PolicyVersion } from '../entities';
import { auditVersion, nextVersion } from './versions';

/** Versioned policy documents: published versions are immutable; a change is a new version. */
export interface PolicyView {
  version: number;
  note: string;
  createdBy: string;
  createdAt: string;
  document: Policy;
}

/**
 * Published versions never change (a change is a new version), so each is parsed once per data
 * source (one database) and kept: `currentPolicy` asks only which version is the newest (one
 * cheap statement), and parses a document only the first time its version is seen. A newly
 * published version is therefore seen by the very next read. Kept deeply frozen; `currentPolicy`
 * and `getPolicy` hand out copies, `currentPolicyShared` the frozen view itself.
 */
const viewsBySource = new WeakMap<DataSource, Map<number, PolicyView>>();

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function cacheOf(db: DataSource | EntityManager): Map<number, PolicyView> {
  const ds = db instanceof EntityManager ? db.connection : db;
  let cache = viewsBySource.get(ds);
  if (!cache) viewsBySource.set(ds, (cache = new Map()));
  return cache;
}

function view(row: PolicyVersion): PolicyView {
  return deepFreeze({
    version: row.version,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    document: PolicySchema.parse(JSON.parse(row.document)),
  });
}

/** A version's frozen view, parsed once; null when there is no such version. */
async function sharedView(db: DataSource | EntityManager, version: number): Promise<PolicyView | null> {
  const cache = cacheOf(db);
  const hit = cache.get(version);
  if (hit) return hit;
  const row = await db.getRepository(PolicyVersion).findOneBy({ version });
  if (!row) return null;
  const v = view(row);
  cache.set(version, v);
  return v;
}

const copy = (v: PolicyView): PolicyView => ({ ...v, document: structuredClone(v.document) as Policy });

/** Version 1 is the SPEC defaults; written by `migrate()` so every database has a policy. */
export async function ensureDefaultPolicy(ds: DataSource): Promise<void> {
  await ds
    .createQueryBuilder()
    .insert()
    .into(PolicyVersion)
    .values({ version: 1, document: JSON.stringify(DEFAULT_POLICY), note: 'SPEC defaults', createdBy: 'system' })
    .orIgnore()
    .execute();
}

/** The newest version's number (one statement, no document), or null when there is none. */
export async function currentPolicyVersion(db: DataSource | EntityManager): Promise<number | null> {
  const [row] = (await db.query('SELECT MAX(version) AS v FROM policy_versions')) as { v: number | string | null }[];
  return row?.v == null ? null : Number(row.v);
}

/**
 * The policy in force, shared and deeply frozen (read it, never change it): for hot paths that
 * only read it. One statement while the newest version is one already seen by this process;
 * none when the caller read `newest` (`currentPolicyVersion`) with other things just before.
 */
export async function currentPolicyShared(db: DataSource | EntityManager, newest?: number): Promise<PolicyView> {
  const version = newest ?? (await currentPolicyVersion(db));
  const v = version === null ? null : await sharedView(db, version);
  if (!v) throw new Error('no policy version: run the migrations');
  return v;
}

/** The policy in force; the caller gets its own copy. */
export async function currentPolicy(db: DataSource | EntityManager): Promise<PolicyView> {
  return copy(await currentPolicyShared(db));
}

export async function getPolicy(ds: DataSource, version: number): Promise<PolicyView | null> {
  const v = await sharedView(ds, version);
  return v ? copy(v) : null;
}

export async function listPolicies(ds: DataSource): Promise<Omit<PolicyView, 'document'>[]> {
  const rows = await ds.getRepository(PolicyVersion).find({ order: { version: 'DESC' }, select: ['version', 'note', 'createdBy', 'createdAt'] });
  return rows.map((r) => ({ version: r.version, note: r.note, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() }));
}

export async function publishPolicy(ds: DataSource, actor: string, document: Policy, note: string): Promise<PolicyView> {
  const version = await ds.transaction(async (em) => {
    const next = await nextVersion(em, PolicyVersion);
    await em.getRepository(PolicyVersion).insert({ version: next, document: JSON.stringify(document), note, createdBy: actor });
    await auditVersion(em, actor, 'policy.published', 'policy', next, { version: next, note, document });
    return next;
  });
  return (await getPolicy(ds, version))!;
}
