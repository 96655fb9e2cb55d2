import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { type Router } from 'express';
import { addProgressUpdate, cancelHazardUpdate, reassignHazardUpdate, requestExtensionUpdate } from '../../workflows/hazard/messages';
import type { RouteDeps } from '../platform/services';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';
import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES } from './evidence-store';
import { HAZARD_CATEGORIES, HAZARD_SEVERITIES, HAZARD_STATUSES } from '../../domain/hazard/constants';
import { z } from '../platform/openapi';
import { defineListRoute } from '../platform/pagination';
import { defineCreateRoute, defineGetRoute, IdParams } from '../platform/resource-routes';
import { defineRoute } from '../platform/route';
import { HazardDetail, HazardGrade, HazardSummary } from './schemas';

const evidenceId = z.string().regex(/^[0-9a-f]{64}$/, 'not an evidence id');
/** Chosen by the client for a request it may resend (a weak network, a double tap): the resend gets the first answer. */
const ClientId = z
  .string()
  .trim()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
  .optional();

const ReportBody = z
  .object({
    reportId: z.string().uuid().describe('Client-generated id: a resent report is the same hazard'),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(5000),
    category: z.enum(HAZARD_CATEGORIES),
    area: z.string().trim().min(1).max(200),
    orgUnitId: z.string().uuid().optional(),
    suspectedSeverity: z.enum(HAZARD_SEVERITIES),
    evidenceIds: z.array(evidenceId).max(10).default([]),
  })
  .strict();

/** The optional X-File-Name header: percent-encoded UTF-8 (a malformed one is a 400, not a 500); no path separators or line breaks. */
function fileNameOf(header: string | string[] | undefined): string {
  try {
    return decodeURIComponent(String(header ?? 'upload')).replace(/[\\/\r\n]/g, '_');
  } catch {
    throw new ValidationError([{ path: 'headers.x-file-name', message: 'must be percent-encoded UTF-8 (encodeURIComponent)' }]);
  }
}

const Created = z.object({ hazardId: z.string(), workflowId: z.string(), created: z.boolean() });

/** Hazards (隐患): report, offline sync, list, detail with timeline, and the process's actions. */
export function hazardRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { evidence, hazards } = deps.services;

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/evidence',
    operationId: 'uploadEvidence',
    summary: 'Upload a photo or document (JPEG, PNG, WebP, PDF; ≤ 10 MB); named by its SHA-256',
    tags: ['hazards'],
    access: 'authenticated',
    rawBody: { contentTypes: Object.keys(EVIDENCE_TYPES), description: 'The file itself; optional X-File-Name header' },
    middleware: [express.raw({ type: () => true, limit: MAX_EVIDENCE_BYTES })],
    responses: { 201: { description: 'Stored', schema: z.object({ id: z.string(), fileName: z.string(), mimeType: z.string(), size: z.number() }) } },
    handler: async ({ req, principal }) => {
      const name = fileNameOf(req.headers['x-file-name']);
      const e = await evidence.save(
        principal,
        req.body,
        String(req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim(),
        name,
      );
      return { id: e.id, fileName: e.fileName, mimeType: e.mimeType, size: e.size };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/evidence/:id',
    operationId: 'downloadEvidence',
    summary: 'Download an evidence file',
    tags: ['hazards'],
    access: 'authenticated',
    params: z.object({ id: evidenceId }),
    responses: { 200: { description: 'The file, as uploaded', files: Object.keys(EVIDENCE_TYPES) } },
    handler: async ({ params, res }) => {
      const found = await evidence.read(params.id);
      if (!found) throw new NotFoundError('No such evidence');
      res.setHeader('Content-Type', found.meta.mimeType);
      res.setHeader('Content-Disposition', `inline; filename="${encodeURIComponent(found.meta.fileName)}"`);
      res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
      await pipeline(fs.createReadStream(found.file), res);
      return undefined;
    },
  });

  defineCreateRoute(router, registry, {
    path: '/api/hazards',
    operationId: 'reportHazard',
    summary: 'Report a hazard (starts its process; a resent reportId returns the same hazard)',
    tags: ['hazards'],
    access: 'authenticated',
    body: ReportBody,
    item: Created,
    created: 'Reported',
    again: 'Already reported (resend)',
    save: (principal, body) => hazards.report(principal, body),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/hazards/sync',
    operationId: 'syncHazardReports',
    summary: 'Offline sync: a batch of reports with client ids; resends are no-ops; one result per item',
    tags: ['hazards'],
    access: 'authenticated',
    body: z.object({ reports: z.array(z.unknown()).min(1).max(100) }).strict(),
    responses: {
      200: {
        description: 'Per-item results',
        schema: z.object({
          results: z.array(
            z.object({
              index: z.number(),
              reportId: z.string().nullable(),
              status: z.enum(['created', 'exists', 'invalid']),
              hazardId: z.string().optional(),
              errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
            }),
          ),
        }),
      },
    },
    handler: async ({ body, principal }) => {
      const results = [];
      for (const [index, raw] of body.reports.entries()) {
        const parsed = ReportBody.safeParse(raw);
        const reportId = typeof (raw as { reportId?: unknown })?.reportId === 'string' ? (raw as { reportId: string }).reportId : null;
        if (!parsed.success) {
          results.push({
            index,
            reportId,
            status: 'invalid' as const,
            errors: parsed.error.issues.map((i) => ({ path: ['body', 'reports', index, ...i.path].join('.'), message: i.message })),
          });
          continue;
        }
        try {
          const r = await hazards.report(principal, parsed.data, `body.reports.${index}`);
          results.push({ index, reportId, status: r.created ? ('created' as const) : ('exists' as const), hazardId: r.hazardId });
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          results.push({ index, reportId, status: 'invalid' as const, errors: err.details ?? [] });
        }
      }
      return { results };
    },
  });

  defineListRoute(router, registry, {
    path: '/api/hazards',
    operationId: 'listHazards',
    summary: 'Hazards you can see, newest first, with filters',
    tags: ['hazards'],
    access: 'authenticated',
    filters: {
      status: z.enum(HAZARD_STATUSES).optional(),
      severity: HazardGrade.optional(),
      category: z.enum(HAZARD_CATEGORIES).optional(),
      orgUnitId: z.string().uuid().optional(),
      overdue: z.enum(['true', 'false']).optional(),
      area: z.string().max(200).optional(),
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
    },
    item: HazardSummary,
    list: (principal, query) => hazards.list(principal, query),
  });

  defineGetRoute(router, registry, {
    path: '/api/hazards/:id',
    operationId: 'getHazard',
    summary: 'A hazard with its live state, tasks and timeline',
    tags: ['hazards'],
    access: 'authenticated',
    params: IdParams,
    item: HazardDetail,
    answer: 'Detail',
    get: (principal, { id }) => hazards.detail(principal, id),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/hazards/:id/progress',
    operationId: 'addHazardProgress',
    summary: 'Record a progress update (text and evidence) from the responsible department',
    tags: ['hazards'],
    access: 'authenticated',
    params: IdParams,
    body: z.object({ text: z.string().trim().min(1).max(5000), evidenceIds: z.array(evidenceId).max(10).default([]), clientId: ClientId }).strict(),
    responses: { 200: { description: 'Recorded', schema: z.object({ n: z.number() }) } },
    handler: async ({ params, body, principal }) => {
      const h = await hazards.load(principal, params.id);
      await hazards.assertResponsibleOrHub(principal, h);
      await evidence.assertExist(body.evidenceIds, 'body.evidenceIds');
      return hazards.act(principal, params.id, addProgressUpdate, { by: principal.username, ...body });
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/hazards/:id/extension',
    operationId: 'requestHazardExtension',
    summary: 'Ask for a later rectification deadline; a manager other than you must approve',
    tags: ['hazards'],
    access: 'authenticated',
    params: IdParams,
    body: z.object({ newDueAt: z.iso.datetime(), reason: z.string().trim().min(1).max(2000), clientId: ClientId }).strict(),
    responses: { 200: { description: 'Approval task created', schema: z.object({ taskId: z.string() }) } },
    handler: async ({ params, body, principal }) => {
      const h = await hazards.load(principal, params.id);
      await hazards.assertResponsibleOrHub(principal, h);
      return hazards.act(principal, params.id, requestExtensionUpdate, {
        by: principal.username,
        byName: { en: principal.displayName, zh: principal.displayNameZh ?? null },
        ...body,
      });
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/hazards/:id/cancel',
    operationId: 'cancelHazard',
    summary: 'Cancel a hazard (e.g. a duplicate); a reason is required',
    tags: ['hazards'],
    access: ['safety_officer', 'admin'],
    params: IdParams,
    body: z.object({ reason: z.string().trim().min(3).max(500), duplicateOf: z.string().uuid().nullable().default(null) }).strict(),
    responses: { 200: { description: 'Cancelling', schema: z.object({ phase: z.string() }) } },
    handler: async ({ params, body, principal }) => {
      if (body.duplicateOf)
        await hazards.load(principal, body.duplicateOf).catch(() => {
          throw new ValidationError([{ path: 'body.duplicateOf', message: 'no such hazard' }]);
        });
      return hazards.act(principal, params.id, cancelHazardUpdate, { by: principal.username, ...body });
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/hazards/:id/reassign',
    operationId: 'reassignHazard',
    summary: 'Route the hazard to another responsible department (its open task moves there)',
    tags: ['hazards'],
    access: ['safety_officer', 'admin'],
    params: IdParams,
    body: z.object({ responsibleOrgUnitId: z.string().uuid(), responsiblePersonId: z.string().uuid().nullable().default(null) }).strict(),
    responses: { 200: { description: 'Re-routed', schema: z.object({ route: z.number() }) } },
    handler: async ({ params, body, principal }) => {
      if (!principal.roles.some((r) => r === 'safety_officer' || r === 'admin')) throw new ForbiddenError();
      await hazards.assertPersonIn(body.responsiblePersonId, body.responsibleOrgUnitId, 'body.responsiblePersonId');
      return hazards.act(principal, params.id, reassignHazardUpdate, { by: principal.username, ...body });
    },
  });
}
