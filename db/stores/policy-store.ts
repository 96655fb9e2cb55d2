import type { DataSource, EntityManager } from 'typeorm';
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

/** Parsed documents by their text (a published version never changes): the schema is not re-run on every request. */
const parsed = new Map<string, Policy>();

function parseDocument(text: string): Policy {
  let doc = parsed.get(text);
  if (!doc) {
    doc = PolicySchema.parse(JSON.parse(text));
    if (parsed.size >= 32) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, doc);
  }
  return structuredClone(doc); // callers get their own copy, as before
}

function view(row: PolicyVersion): PolicyView {
  return { version: row.version, note: row.note, createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), document: parseDocument(row.document) };
}

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

export async function currentPolicy(ds: DataSource | EntityManager): Promise<PolicyView> {
  const row = await ds.getRepository(PolicyVersion).createQueryBuilder('p').orderBy('p.version', 'DESC').limit(1).getOne();
  if (!row) throw new Error('no policy version: run the migrations');
  return view(row);
}

export async function getPolicy(ds: DataSource, version: number): Promise<PolicyView | null> {
  const row = await ds.getRepository(PolicyVersion).findOneBy({ version });
  return row ? view(row) : null;
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
