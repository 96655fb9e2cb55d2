import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { RouteDeps } from '../platform/services';
import { z } from '../platform/openapi';
import { MAX_PAGE_SIZE } from '../platform/pagination';
import { historyHtml } from './history-export';
import { reader } from '../platform/reader';
import { MONITOR_SORTS, MonitorItem, SavedMonitorFilters } from './monitor-schema';
import { PROCESS_TYPES } from './service';
import { defineDeleteRoute, IdParams } from '../platform/resource-routes';
import { defineRoute, type Principal } from '../platform/route';

const MONITOR_ROLES = ['safety_officer', 'admin', 'manager', 'auditor', 'department_head', 'hr'] as const;
const HISTORY_ROLES = ['auditor', 'admin', 'safety_officer', 'manager', 'department_head', 'hr'] as const;

const MonitorFilters = z
  .object({
    type: z
      .string()
      .max(300)
      .optional()
      .transform((s, ctx) => {
        if (!s) return undefined;
        const parts = s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        const bad = parts.find((x) => !(PROCESS_TYPES as readonly string[]).includes(x));
        if (bad) {
          ctx.addIssue({ code: 'custom', message: `unknown process type "${bad}"; expected one of ${PROCESS_TYPES.join(', ')}` });
          return z.NEVER;
        }
        return parts as (typeof PROCESS_TYPES)[number][];
      })
      .describe(`Comma-separated process types: ${PROCESS_TYPES.join(', ')}`),
    status: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[a-z_]+$/)
      .optional()
      .describe('The process step (search attribute SafeLoopStatus)'),
    overdue: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true')),
    orgUnitId: z.string().uuid().optional().describe('Only processes of this unit or below (origin, department or a step)'),
    assignee: z.string().trim().min(1).max(64).optional().describe('Only processes with an open step held by this username'),
    q: z.string().trim().min(1).max(100).optional().describe('Text in the subject, workflow ID or a step title'),
    sort: z.enum(MONITOR_SORTS).default('breach').describe('breach: time to SLA breach, soonest (most overdue) first'),
  })
  .strict();

const MonitorQuerySchema = MonitorFilters.extend({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
}).strict();

const TimelineEntry = z
  .object({
    at: z.string(),
    source: z.enum(['process', 'audit']),
    kind: z.string(),
    actor: z.string(),
    text: z.string(),
    data: z.record(z.string(), z.unknown()),
    ref: z.string(),
  })
  .openapi('TimelineEntry');
const History = z
  .object({
    workflowId: z.string(),
    runId: z.string().nullable(),
    workflowType: z.string().nullable(),
    processType: z.string().nullable(),
    status: z.string(),
    startedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    source: z.enum(['temporal+audit', 'audit']).describe('audit: past Temporal retention, rebuilt from the audit log alone'),
    temporalUiUrl: z.string().nullable(),
    entries: z.array(TimelineEntry),
    generatedAt: z.string(),
    generatedBy: z.string(),
  })
  .openapi('ProcessHistory');

const WorkflowIdParam = z.object({ workflowId: z.string().min(1).max(200) });
const BulkIds = z.array(z.string().min(1).max(200)).min(1).max(100);
const BulkResult = z.object({
  results: z.array(z.object({ workflowId: z.string(), ok: z.boolean(), error: z.string().optional(), tasks: z.number().optional() })),
});
const SavedViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    shared: z.boolean(),
    owner: z.string().nullable(),
    mine: z.boolean(),
    filters: SavedMonitorFilters,
  })
  .openapi('SavedView');

/** The safety hub monitor (`/api/processes`), its bulk actions and saved views, and the auditor's timeline. */
export function processRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { processes: service } = deps.services;

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/processes',
    operationId: 'listProcesses',
    summary:
      'Every process in flight (the projections and the inbox; Temporal visibility for kinds without a projection): step, holder, SLA deadline, escalation; filtered, sorted by time to breach',
    tags: ['processes'],
    access: MONITOR_ROLES,
    query: MonitorQuerySchema,
    responses: {
      200: {
        description: 'A page of running processes, with counts over all that match and the server time for countdowns',
        schema: z.object({
          items: z.array(MonitorItem),
          total: z.number(),
          page: z.number(),
          pageSize: z.number(),
          counts: z.object({ total: z.number(), overdue: z.number(), escalated: z.number() }),
          truncated: z.boolean().describe('The visibility scan of the kinds without a projection was cut at 5,000'),
          serverTime: z.string(),
        }),
      },
    },
    handler: ({ query, principal }) => service.list(principal, query),
  });

  /** A bulk action on processes (admins and the safety hub): the workflow ids and the action's fields in, one result per process out. */
  const bulkAction = <B extends z.ZodType<{ workflowIds: string[] }>>(
    path: string,
    operationId: string,
    summary: string,
    body: B,
    run: (principal: Principal, body: z.infer<B>) => Promise<z.input<typeof BulkResult>>,
  ) =>
    defineRoute(router, registry, {
      method: 'post',
      path,
      operationId,
      summary,
      tags: ['processes'],
      access: ['admin', 'safety_officer'],
      body,
      responses: { 200: { description: 'One result per process', schema: BulkResult } },
      handler: ({ body, principal }) => run(principal, body as z.infer<B>),
    });

  bulkAction(
    '/api/processes/cancel',
    'cancelProcesses',
    'Cancel processes with a reason (through each workflow: a hazard by its cancel update, the others by a cancellation request they honour)',
    z.object({ workflowIds: BulkIds, reason: z.string().trim().min(3).max(500) }).strict(),
    (principal, body) => service.cancel(principal, body.workflowIds, body.reason),
  );

  bulkAction(
    '/api/processes/reassign',
    'reassignProcesses',
    'Hand every open step of the processes to one user (a supervisor’s delegation of each task, audited)',
    z.object({ workflowIds: BulkIds, toUserId: z.string().uuid() }).strict(),
    (principal, body) => service.reassign(principal, body.workflowIds, body.toUserId),
  );

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/processes/views',
    operationId: 'listSavedViews',
    summary: 'Saved monitor views: your own and the shared ones',
    tags: ['processes'],
    access: MONITOR_ROLES,
    responses: { 200: { description: 'Views', schema: z.object({ items: z.array(SavedViewSchema) }) } },
    handler: ({ principal }) => service.views(principal),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/processes/views',
    operationId: 'saveView',
    summary: 'Save the current monitor filters under a name (shared views: safety hub only)',
    tags: ['processes'],
    access: MONITOR_ROLES,
    body: z.object({ name: z.string().trim().min(1).max(100), shared: z.boolean().default(false), filters: MonitorFilters.partial() }).strict(),
    responses: { 201: { description: 'Saved', schema: SavedViewSchema } },
    handler: ({ body, principal }) => {
      const filters = Object.fromEntries(Object.entries(body.filters).filter(([, v]) => v !== undefined)) as Record<string, unknown>;
      if (Array.isArray(filters.type)) filters.type = filters.type.join(',');
      if (typeof filters.overdue === 'boolean') filters.overdue = String(filters.overdue);
      // Back to the query string's form: the types comma-separated, overdue as 'true' | 'false'.
      return service.saveView(principal, { name: body.name, shared: body.shared, filters: filters as SavedMonitorFilters });
    },
  });

  defineDeleteRoute(router, registry, {
    path: '/api/processes/views/:id',
    operationId: 'deleteSavedView',
    summary: 'Delete a saved view (its owner, or an admin for shared ones)',
    tags: ['processes'],
    access: MONITOR_ROLES,
    params: IdParams,
    remove: (principal, params) => service.deleteView(principal, params.id),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/processes/:workflowId/history',
    operationId: 'getProcessHistory',
    summary:
      'A process’s complete timeline in business words: its Temporal history (steps, SLA timers, escalations, decisions, policy/ruleset versions) merged with the audit log; closed processes included',
    tags: ['processes'],
    access: HISTORY_ROLES,
    params: WorkflowIdParam,
    responses: { 200: { description: 'Timeline', schema: History } },
    handler: ({ params, principal }) => service.history(principal, params.workflowId),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/processes/:workflowId/history/export',
    operationId: 'exportProcessHistory',
    summary: 'The timeline as a download: JSON, or a printable HTML page (print to PDF)',
    tags: ['processes'],
    access: HISTORY_ROLES,
    params: WorkflowIdParam,
    query: z.object({ format: z.enum(['json', 'html']).default('json') }).strict(),
    responses: {
      200: { description: 'An attachment: the timeline as JSON (as GET …/history answers it) or a printable HTML page', schema: History, files: ['text/html'] },
    },
    handler: async ({ params, query, principal, res }) => {
      const doc = await service.history(principal, params.workflowId);
      const base = `process-history-${params.workflowId.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
      if (query.format === 'html') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="${base}.html"`);
        res.send(historyHtml(doc, { ...reader(), people: await service.displayNames() }));
      } else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="${base}.json"`);
        res.send(JSON.stringify(doc, null, 2));
      }
      return undefined;
    },
  });
}
