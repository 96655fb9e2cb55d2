import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import {
  approveRuleset,
  createDraft,
  currentRuleset,
  diffVersions,
  getRuleset,
  listRulesets,
  RulesetStoreError,
  updateDraft,
  type RulesetView,
} from '../../db/stores/ruleset-store';
import { In, type DataSource } from 'typeorm';
import { OrgUnit } from '../../db/entities';
import { diffRulesets, dutyListFor, INDICATOR_LIBRARY, INDUSTRIES, INDUSTRY_TEMPLATES, parsePostProfile, validateRuleset } from '../../domain/scoring';
import { DutyTemplates, Indicator } from './schemas';
import type { ApiDeps } from '../platform/deps';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { z } from '../platform/openapi';
import { defineRoute, type Principal } from '../platform/route';

const Document = z
  .record(z.string(), z.unknown())
  .describe('A ruleset document (see RulesetSchema in domain/scoring/ruleset.ts; GET /api/rulesets/current for an example)');
const Summary = z
  .object({
    version: z.number(),
    status: z.enum(['draft', 'published']),
    note: z.string(),
    basedOn: z.number().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedBy: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
  })
  .openapi('RulesetVersionSummary');
const View = Summary.extend({ document: Document }).openapi('RulesetVersion');
const Change = z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });
const Version = z.object({ version: z.coerce.number().int().positive() });
const Issue = z.object({ path: z.string(), message: z.string() });

/** Who writes rules (drafts) and who approves them (never the author). */
const AUTHORS = ['admin', 'hr', 'safety_officer'] as const;
const APPROVERS = ['admin', 'hr'] as const;

/**
 * Rulesets are group-wide: they score every business line, so only the group approves and
 * publishes one — an administrator, or HR whose scope is the whole group (their unit is the
 * group itself). HR of a company or plant, and managers of any unit, may not.
 */
export function approvesGroupRulesets(p: Pick<Principal, 'roles' | 'orgUnitPath'>): boolean {
  if (p.roles.includes('admin')) return true;
  return p.roles.includes('hr') && p.orgUnitPath.split('/').filter(Boolean).length === 1;
}

const GROUP_ONLY = 'a group-wide ruleset is approved and published by group-level HR or an administrator';

/**
 * A business line's own change, which its HR may publish: based on the version in force, and
 * touching only custom indicators and the weights of departments in the approver's subtree (so
 * the indicators count nowhere else); the group's caps hold because the draft validates against
 * them. Returns why not, or null when it is such a change (or the draft does not exist: 404 later).
 */
async function notABusinessLineChange(ds: DataSource, p: Principal, version: number): Promise<string | null> {
  if (!p.roles.includes('hr')) return GROUP_ONLY;
  const draft = await getRuleset(ds, version);
  if (!draft) return null;
  const current = await currentRuleset(ds);
  if (draft.basedOn !== current.version) return `${GROUP_ONLY}; a business line publishes only changes based on the version in force (v${current.version})`;
  const changes = diffRulesets(current.document, draft.document);
  const departments = new Set<string>();
  for (const c of changes) {
    const [head, key, id] = c.path.split('.');
    if (head === 'version' || head === 'name' || head === 'description') continue;
    if (head === 'indicators' && (draft.document.indicators[key] ?? current.document.indicators[key])?.custom === true) continue;
    if (head === 'weights' && key === 'byDepartment' && id) {
      departments.add(id);
      continue;
    }
    return `${GROUP_ONLY}; a business line changes only its custom indicators and its own departments' weights (not ${c.path})`;
  }
  if (!changes.some((c) => c.path.startsWith('indicators.') || c.path.startsWith('weights.'))) return GROUP_ONLY;
  const units = departments.size ? await ds.getRepository(OrgUnit).findBy({ id: In([...departments]) }) : [];
  for (const d of departments) {
    const u = units.find((x) => x.id === d);
    if (!u || !u.path.startsWith(p.orgUnitPath)) return `${GROUP_ONLY}; department ${d} is outside your business line`;
  }
  return null;
}

/** Maps store refusals to HTTP: invalid documents name their fields under `body.document`. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof RulesetStoreError)) throw err;
    if (err.kind === 'invalid')
      throw new ValidationError(err.issues.map((i) => ({ path: i.path ? `body.document.${i.path}` : 'body.document', message: i.message })));
    if (err.kind === 'too_large') throw new AppError(413, 'too_large', err.message);
    if (err.kind === 'not_found') throw new NotFoundError(err.message);
    if (err.kind === 'self_approval') throw new ForbiddenError(err.message);
    throw new ConflictError(err.message);
  }
}

/** Scoring rulesets as versioned data: list, read, draft, edit a draft, validate, diff, approve; the indicator library and duty templates. */
export function rulesetRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  const ds = deps.dataSource;

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/rulesets',
    operationId: 'listRulesets',
    summary: 'All ruleset versions, newest first (drafts and published)',
    tags: ['scoring'],
    access: 'authenticated',
    responses: { 200: { description: 'Versions', schema: z.object({ items: z.array(Summary) }) } },
    handler: async () => ({ items: await listRulesets(ds) }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/rulesets/current',
    operationId: 'getCurrentRuleset',
    summary: 'The newest published ruleset: what a new assessment cycle freezes',
    tags: ['scoring'],
    access: 'authenticated',
    responses: { 200: { description: 'Current', schema: View } },
    handler: () => currentRuleset(ds) as Promise<RulesetView & Record<string, never>>,
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/rulesets/validate',
    operationId: 'validateRuleset',
    summary: 'Validate a ruleset document without saving it (group caps, mandatory dimensions, collaboration ≥ 15 %, weights)',
    tags: ['scoring'],
    access: 'authenticated',
    body: z.object({ document: z.unknown() }).strict(),
    responses: { 200: { description: 'Result', schema: z.object({ ok: z.boolean(), issues: z.array(Issue) }) } },
    handler: async ({ body }) => {
      const v = validateRuleset(body.document);
      return v.ok ? { ok: true, issues: [] } : { ok: false, issues: v.issues };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/rulesets/diff',
    operationId: 'diffRulesets',
    summary: 'Field-by-field differences between two versions',
    tags: ['scoring'],
    access: 'authenticated',
    query: z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() }).strict(),
    responses: { 200: { description: 'Changes', schema: z.object({ from: z.number(), to: z.number(), changes: z.array(Change) }) } },
    handler: async ({ query }) => ({ from: query.from, to: query.to, changes: await guarded(() => diffVersions(ds, query.from, query.to)) }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/rulesets/:version',
    operationId: 'getRuleset',
    summary: 'One ruleset version with its document',
    tags: ['scoring'],
    access: 'authenticated',
    params: Version,
    responses: { 200: { description: 'The version', schema: View } },
    handler: async ({ params }) => {
      const r = await getRuleset(ds, params.version);
      if (!r) throw new NotFoundError('No such ruleset version');
      return r as RulesetView & Record<string, never>;
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/rulesets',
    operationId: 'createRulesetDraft',
    summary: 'Create a draft version (validated); basedOn names the version it was edited from. Published versions never change.',
    tags: ['scoring'],
    access: [...AUTHORS],
    body: z.object({ document: z.unknown(), note: z.string().trim().min(1).max(500), basedOn: z.number().int().positive().optional() }).strict(),
    responses: { 201: { description: 'Draft created', schema: View } },
    handler: async ({ body, principal, res }) => {
      const r = await guarded(() => createDraft(ds, principal.username, body.document, body.note, body.basedOn ?? null));
      res.status(201).json(r);
      return undefined;
    },
  });

  defineRoute(router, registry, {
    method: 'put',
    path: '/api/rulesets/:version',
    operationId: 'updateRulesetDraft',
    summary: 'Edit a draft (409 for a published version: create a new draft based on it)',
    tags: ['scoring'],
    access: [...AUTHORS],
    params: Version,
    body: z.object({ document: z.unknown(), note: z.string().trim().min(1).max(500).optional() }).strict(),
    responses: { 200: { description: 'Saved', schema: View } },
    handler: ({ params, body, principal }) =>
      guarded(() => updateDraft(ds, principal.username, params.version, body.document, body.note)) as Promise<RulesetView & Record<string, never>>,
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/rulesets/:version/approve',
    operationId: 'approveRuleset',
    summary:
      'Approve a draft: it is published and immutable from now on (never by its author). Group-level HR or an administrator approve any draft; a business line’s HR only one based on the version in force that changes nothing but custom indicators and the weights of its own departments (within the group caps)',
    tags: ['scoring'],
    access: [...APPROVERS],
    params: Version,
    body: z.object({ note: z.string().trim().min(1).max(500) }).strict(),
    responses: { 200: { description: 'Published', schema: View } },
    handler: async ({ params, body, principal }) => {
      if (!approvesGroupRulesets(principal)) {
        const why = await notABusinessLineChange(ds, principal, params.version);
        if (why) throw new ForbiddenError(why);
      }
      return (await guarded(() => approveRuleset(ds, principal.username, params.version, body.note))) as RulesetView & Record<string, never>;
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/indicators',
    operationId: 'listIndicators',
    summary: 'The indicator library (code, name, dimension, type, thresholds, attribution) rulesets draw from',
    tags: ['scoring'],
    access: 'authenticated',
    responses: { 200: { description: 'Indicators', schema: z.object({ items: z.array(Indicator).readonly() }) } },
    handler: async () => ({ items: INDICATOR_LIBRARY }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/duty-templates',
    operationId: 'listDutyTemplates',
    summary: 'Industry templates of the duty requirement library; with profile (e.g. frontline-production-high), the post’s duty list ("one post, one list")',
    tags: ['scoring'],
    access: 'authenticated',
    query: z.object({ industry: z.enum(INDUSTRIES).optional(), profile: z.string().max(64).optional() }).strict(),
    responses: { 200: { description: 'Templates or one duty list', schema: DutyTemplates } },
    handler: async ({ query }) => {
      if (query.profile) {
        if (!query.industry) throw new ValidationError([{ path: 'query.industry', message: 'required with profile' }]);
        const profile = parsePostProfile(query.profile);
        if (!profile) throw new ValidationError([{ path: 'query.profile', message: 'expected <level>-<businessType>-<risk>, e.g. frontline-production-high' }]);
        return { industry: query.industry, profile, requirements: dutyListFor(profile, query.industry) };
      }
      const templates = query.industry ? [INDUSTRY_TEMPLATES[query.industry]] : Object.values(INDUSTRY_TEMPLATES);
      return { templates };
    },
  });
}
