import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_RULESET, diffRulesets, parseRuleset, validateRuleset, type Ruleset, type RulesetChange } from '../../domain/scoring';
import { RulesetVersion } from '../entities';
import { auditVersion, nextVersion } from './versions';

/** A ruleset version as the API shows it. */
export interface RulesetView {
  version: number;
  status: 'draft' | 'published';
  note: string;
  basedOn: number | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  document: Ruleset;
}

/** Largest ruleset document accepted (characters of JSON). */
export const MAX_RULESET_CHARS = 60_000;

export class RulesetStoreError extends Error {
  constructor(
    readonly kind: 'not_found' | 'published' | 'self_approval' | 'invalid' | 'too_large',
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

function view(row: RulesetVersion): RulesetView {
  return {
    version: row.version,
    status: row.status,
    note: row.note,
    basedOn: row.basedOn,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedBy: row.updatedBy,
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    document: parseRuleset(JSON.parse(row.document)),
  };
}

function checked(document: unknown): Ruleset {
  const json = JSON.stringify(document ?? null);
  if (json.length > MAX_RULESET_CHARS) throw new RulesetStoreError('too_large', `the ruleset is ${json.length} characters; at most ${MAX_RULESET_CHARS}`);
  const v = validateRuleset(document);
  if (!v.ok) throw new RulesetStoreError('invalid', 'the ruleset is not valid', v.issues);
  return v.ruleset;
}

/** Version 1 is the SPEC §4 defaults, published; written by `migrate()` so every database can score. */
export async function ensureDefaultRuleset(ds: DataSource): Promise<void> {
  await ds
    .createQueryBuilder()
    .insert()
    .into(RulesetVersion)
    .values({
      version: 1,
      status: 'published',
      document: JSON.stringify(DEFAULT_RULESET),
      note: '默认规则（产品规格第 4 节）',
      basedOn: null,
      createdBy: 'system',
      updatedBy: 'system',
      approvedBy: 'system',
      approvedAt: new Date(0),
    })
    .orIgnore()
    .execute();
}

export async function listRulesets(ds: DataSource): Promise<Omit<RulesetView, 'document'>[]> {
  const rows = await ds.getRepository(RulesetVersion).find({ order: { version: 'DESC' } });
  return rows.map((r) => {
    const { document: _document, ...rest } = view(r);
    return rest;
  });
}

export async function getRuleset(ds: DataSource | EntityManager, version: number): Promise<RulesetView | null> {
  const row = await ds.getRepository(RulesetVersion).findOneBy({ version });
  return row ? view(row) : null;
}

/** The newest published version: what a new cycle freezes. */
export async function currentRuleset(ds: DataSource): Promise<RulesetView> {
  const row = await ds.getRepository(RulesetVersion).findOne({ where: { status: 'published' }, order: { version: 'DESC' } });
  if (!row) throw new Error('no published ruleset: run the migrations');
  return view(row);
}

/** A new draft (validated); `basedOn` names the version it was edited from. */
export async function createDraft(ds: DataSource, actor: string, document: unknown, note: string, basedOn: number | null): Promise<RulesetView> {
  const ruleset = checked(document);
  const version = await ds.transaction(async (em) => {
    if (basedOn !== null && !(await em.getRepository(RulesetVersion).existsBy({ version: basedOn })))
      throw new RulesetStoreError('not_found', `no ruleset version ${basedOn}`);
    const next = await nextVersion(em, RulesetVersion);
    await em.getRepository(RulesetVersion).insert({
      version: next,
      status: 'draft',
      document: JSON.stringify(ruleset),
      note,
      basedOn,
      createdBy: actor,
      updatedBy: actor,
      approvedBy: null,
      approvedAt: null,
    });
    await auditVersion(em, actor, 'ruleset.drafted', 'ruleset', next, { version: next, note, basedOn });
    return next;
  });
  return (await getRuleset(ds, version))!;
}

/** Edits a draft; a published version never changes (edit it into a new draft instead). */
export async function updateDraft(ds: DataSource, actor: string, version: number, document: unknown, note: string | undefined): Promise<RulesetView> {
  const ruleset = checked(document);
  await ds.transaction(async (em) => {
    const row = await draft(em, version, `version ${version} is published and never changes; create a new draft based on it`);
    const changes = diffRulesets(JSON.parse(row.document), ruleset);
    await em.getRepository(RulesetVersion).update({ version }, { document: JSON.stringify(ruleset), note: note ?? row.note, updatedBy: actor });
    await auditVersion(em, actor, 'ruleset.edited', 'ruleset', version, { changes: changes.slice(0, 200), note: note ?? row.note });
  });
  return (await getRuleset(ds, version))!;
}

/** Approves a draft: it becomes published and immutable. The author cannot approve their own draft. */
export async function approveRuleset(ds: DataSource, actor: string, version: number, note: string): Promise<RulesetView> {
  await ds.transaction(async (em) => {
    const row = await draft(em, version, `version ${version} is already published`);
    if (row.createdBy === actor || row.updatedBy === actor)
      throw new RulesetStoreError('self_approval', 'a ruleset is approved by someone other than its author');
    checked(JSON.parse(row.document));
    const res = await em
      .getRepository(RulesetVersion)
      .createQueryBuilder()
      .update()
      .set({ status: 'published', approvedBy: actor, approvedAt: new Date() })
      .where('version = :version AND status = :draft', { version, draft: 'draft' })
      .execute();
    if (!res.affected) throw new RulesetStoreError('published', `version ${version} is already published`);
    await auditVersion(em, actor, 'ruleset.approved', 'ruleset', version, { version, note, status: 'published' });
  });
  return (await getRuleset(ds, version))!;
}

/** A draft version's row, in the caller's transaction; a published one is refused with `published`. */
async function draft(em: EntityManager, version: number, published: string): Promise<RulesetVersion> {
  const row = await em.getRepository(RulesetVersion).findOneBy({ version });
  if (!row) throw new RulesetStoreError('not_found', `no ruleset version ${version}`);
  if (row.status !== 'draft') throw new RulesetStoreError('published', published);
  return row;
}

export async function diffVersions(ds: DataSource, from: number, to: number): Promise<RulesetChange[]> {
  const [a, b] = await Promise.all([getRuleset(ds, from), getRuleset(ds, to)]);
  if (!a) throw new RulesetStoreError('not_found', `no ruleset version ${from}`);
  if (!b) throw new RulesetStoreError('not_found', `no ruleset version ${to}`);
  return diffRulesets(a.document, b.document);
}
