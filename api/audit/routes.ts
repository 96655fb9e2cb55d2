import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { anchorAuditStreams, verifyAuditLog } from '../../db/audit/audit-log';
import { AuditEntry } from '../../db/entities';
import type { ApiDeps } from '../platform/deps';
import { z } from '../platform/openapi';
import { PageQuery, pagedSchema, pageOf } from '../platform/pagination';
import { defineRoute } from '../platform/route';

const AuditView = z
  .object({
    seq: z.number(),
    at: z.string(),
    actorType: z.enum(['user', 'workflow', 'system']),
    actor: z.string(),
    onBehalfOf: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    orgUnitId: z.string().nullable(),
    /** The hash chain the entry belongs to (its process, or its kind of entity) and its place in it. */
    stream: z.string(),
    streamSeq: z.number(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

/** The tamper-evident audit log (auditors and admins). */
const HashAlg = z.enum(['sha256', 'sm3']).openapi('AuditHashAlgorithm');

const AuditBreak = z
  .object({
    level: z.enum(['stream', 'anchor']),
    seq: z.number().nullable().openapi({ description: "The entry's row number (null when it is missing), or at the anchor level the anchor's seq" }),
    stream: z.string().nullable(),
    streamSeq: z.number().nullable(),
    problem: z.string(),
  })
  .openapi('AuditBreak');

const AuditLevels = z
  .object({
    streams: z.object({
      ok: z.boolean(),
      algorithms: z.array(HashAlg),
      brokenAt: AuditBreak.nullable(),
      streams: z.number(),
      entries: z.number(),
      unanchoredEntries: z.number().openapi({ description: "Entries newer than their stream's last anchor (only their stream chain and head protect them)" }),
    }),
    anchors: z.object({
      ok: z.boolean(),
      algorithms: z.array(HashAlg),
      brokenAt: AuditBreak.nullable(),
      anchors: z.number(),
      streamsAnchored: z.number(),
    }),
  })
  .openapi('AuditVerificationLevels');

export function auditRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/audit',
    operationId: 'listAuditEntries',
    summary: 'Audit entries, newest first, filterable by entity and actor',
    tags: ['audit'],
    access: ['auditor', 'admin'],
    query: PageQuery.extend({
      entityType: z.string().max(64).optional(),
      entityId: z.string().max(200).optional(),
      actor: z.string().max(200).optional(),
      action: z.string().max(64).optional(),
    }).strict(),
    responses: { 200: { description: 'A page of entries', schema: pagedSchema(AuditView) } },
    handler: async ({ query }) => {
      const qb = deps.dataSource.getRepository(AuditEntry).createQueryBuilder('a').orderBy('a.seq', 'DESC');
      if (query.entityType) qb.andWhere('a.entity_type = :et', { et: query.entityType });
      if (query.entityId) qb.andWhere('a.entity_id = :eid', { eid: query.entityId });
      if (query.actor) qb.andWhere('a.actor = :actor', { actor: query.actor });
      if (query.action) qb.andWhere('a.action = :action', { action: query.action });
      const [rows, total] = await qb
        .skip((query.page - 1) * query.pageSize)
        .take(query.pageSize)
        .getManyAndCount();
      const items = rows.map((r) => ({
        ...r,
        at: r.at.toISOString(),
        before: r.before ? JSON.parse(r.before) : null,
        after: r.after ? JSON.parse(r.after) : null,
      }));
      return pageOf(
        items.map(({ prevHash: _p, ...rest }) => rest),
        total,
        query,
      );
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/audit/verify',
    operationId: 'verifyAuditChain',
    summary:
      'Recompute every stream chain and the anchor chain, reading only; names the first edited, deleted or re-ordered row (anchoring: the alert sweep, or POST /api/audit/anchors)',
    tags: ['audit'],
    access: ['auditor', 'admin'],
    responses: {
      200: {
        description:
          'Both levels are intact: every stream chain and the anchor chain; which digests they use (sha256, sm3 under the 国密 profile) and which new rows get',
        schema: z.object({
          ok: z.literal(true),
          checked: z.number(),
          algorithms: z.array(HashAlg),
          appending: HashAlg,
          brokenAt: z.null(),
          anchored: z.number().openapi({ description: 'Always 0: verifying writes no anchor (POST /api/audit/anchors does)' }),
          levels: AuditLevels,
        }),
      },
      409: {
        description: 'A chain is broken; brokenAt is the first fault (the stream level first), each level reports its own',
        schema: z.object({
          ok: z.literal(false),
          checked: z.number(),
          algorithms: z.array(HashAlg),
          appending: HashAlg,
          brokenAt: AuditBreak,
          anchored: z.number().openapi({ description: 'Always 0: verifying writes no anchor (POST /api/audit/anchors does)' }),
          levels: AuditLevels,
        }),
      },
    },
    handler: async ({ res }) => {
      // A GET reads: the anchors are written by the alert sweep's schedule (activities/alerts.ts)
      // or on purpose by an administrator (below), never as a side effect of looking.
      const result = await verifyAuditLog(deps.dataSource, { anchor: false });
      res.status(result.ok ? 200 : 409).json(result);
      return undefined;
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/audit/anchors',
    operationId: 'anchorAuditStreams',
    summary: 'Anchor now every audit stream that advanced since its last anchor (the alert sweep does it on its schedule)',
    tags: ['audit'],
    access: ['admin'],
    responses: { 200: { description: 'How many streams got an anchor', schema: z.object({ anchored: z.number() }) } },
    handler: async () => ({ anchored: await anchorAuditStreams(deps.dataSource) }),
  });
}
