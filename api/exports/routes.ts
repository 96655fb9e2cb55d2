import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router, Response } from 'express';
import type { RouteDeps } from '../platform/services';
import { type ExportFile } from './service';
import { z } from '../platform/openapi';
import { defineRoute } from '../platform/route';

const Format = z.enum(['csv', 'xlsx', 'json']);
const SHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const CollaborationReport = z
  .object({
    period: z.string(),
    from: z.string(),
    to: z.string(),
    generatedAt: z.string(),
    items: z.array(
      z.object({
        departmentId: z.string(),
        departmentName: z.string(),
        handoffsReceived: z.number(),
        handoffsSent: z.number(),
        completedOnTime: z.number(),
        completedLate: z.number(),
        openOverdue: z.number(),
        onTimeRate: z.number().nullable(),
        medianResponseHours: z.number().nullable(),
        fromDepartments: z.array(z.object({ departmentId: z.string(), departmentName: z.string(), count: z.number() })),
        hazardsClosed: z.number(),
        hazardsClosedOnTime: z.number(),
        trainingParticipation: z.number().nullable(),
        collaborationScore: z.number().nullable(),
      }),
    ),
  })
  .openapi('CollaborationReport');

function send(res: Response, f: ExportFile): undefined {
  res.setHeader('content-type', f.contentType);
  res.setHeader('content-disposition', `attachment; filename="${f.fileName}"`);
  res.setHeader('x-content-sha256', f.contentHash);
  if (f.version) {
    // Beside the file, never in it: the version's status moves ("superseded by v3"), its bytes do not.
    res.setHeader('x-score-version', String(f.version.number));
    res.setHeader('x-score-version-status', f.version.status);
    if (f.version.supersededBy !== null) res.setHeader('x-superseded-by', String(f.version.supersededBy));
  }
  res.send(f.body);
  return undefined;
}

/** Exports: assessment results to HR (from frozen snapshots) and the monthly collaboration report. */
export function exportRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { exports } = deps.services;

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/exports/assessment-results',
    operationId: 'exportAssessmentResults',
    summary:
      'A cycle’s results for HR as Excel, CSV or JSON, from a frozen snapshot (the latest published by default; drafts refused). A version’s file is byte-identical for ever (after renames, after newer versions supersede it); X-Content-SHA256 is the SHA-256 of the body. X-Score-Version, X-Score-Version-Status and X-Superseded-By tell whether it is still in force.',
    tags: ['exports'],
    access: ['hr', 'admin', 'manager', 'auditor'],
    query: z
      .object({
        cycleId: z.string().min(1).max(100),
        version: z.coerce.number().int().min(1).max(100000).optional(),
        subjectType: z.enum(['person', 'post', 'department']).default('person'),
        format: Format.default('xlsx'),
      })
      .strict(),
    responses: {
      200: {
        description: 'The file (attachment): a sheet per subject type; in JSON, its name and rows keyed by column header',
        files: [SHEET, 'text/csv', 'application/json'],
      },
    },
    handler: async ({ query, principal, res }) => send(res, await exports.assessmentResults(principal, query)),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/exports/collaboration-report',
    operationId: 'exportCollaborationReport',
    summary:
      'The monthly collaboration report per department: handoffs received and sent, on-time rate, median response, hazards closed on time, training participation, collaboration score. format=json without download gives the same data inline.',
    tags: ['exports'],
    access: ['hr', 'admin', 'manager', 'auditor', 'safety_officer', 'department_head'],
    query: z
      .object({
        period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month, e.g. 2026-11'),
        departmentId: z.string().uuid().optional(),
        format: Format.default('xlsx'),
        download: z.enum(['true', 'false']).default('true'),
      })
      .strict(),
    responses: {
      200: {
        description: 'The report as JSON (inline when format=json&download=false, else an attachment), or the file (attachment)',
        schema: CollaborationReport,
        files: [SHEET, 'text/csv'],
      },
    },
    handler: async ({ query, principal, res }) => {
      if (query.format === 'json' && query.download === 'false') return exports.collaboration(principal, query);
      return send(res, await exports.collaborationFile(principal, query));
    },
  });
}
