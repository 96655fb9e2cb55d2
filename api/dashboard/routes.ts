import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { defaultPeriod, DEFAULT_UTC_OFFSET_MINUTES, KPI_META, KPI_NAMES, parseInstant, periodIssue, RECORD_TYPES, type Period } from '../../domain/dashboard';
import { DASHBOARD_ROLES } from './service';
import type { RouteDeps } from '../platform/services';
import { ValidationError } from '../platform/errors';
import { z } from '../platform/openapi';
import { PageQuery } from '../platform/pagination';
import { defineRoute } from '../platform/route';

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const instant = (what: string) =>
  z
    .string()
    .regex(INSTANT, 'expected YYYY-MM-DD or an ISO 8601 date-time with Z or an offset')
    .optional()
    .describe(`${what}: a day (YYYY-MM-DD, midnight in the group's time zone) or an ISO 8601 instant`);

/** The group's time zone as a fixed UTC offset (also read by the safety rates). */
export const UtcOffsetMinutes = z.coerce
  .number()
  .int()
  .min(-720)
  .max(840)
  .default(DEFAULT_UTC_OFFSET_MINUTES)
  .describe("The group's time zone as a UTC offset in minutes (+08:00 = 480): days and month / week buckets start at its midnight");

/** Period and scope, common to every dashboard query. */
const PeriodQuery = z.object({
  from: instant('Start of the period (inclusive); default: the first day of the month 11 months ago'),
  to: instant('End of the period (exclusive); default: the first day of next month. At most 3 years after from'),
  orgUnitId: z
    .string()
    .uuid()
    .optional()
    .describe("Scope: this unit's subtree; default: the group (safety hub, managers, HR, auditors, admins) or your own unit (department heads)"),
  utcOffsetMinutes: UtcOffsetMinutes,
});

const Kpi = z.enum(KPI_NAMES).openapi('DashboardKpiName');
const PeriodView = z.object({ from: z.string(), to: z.string() });
const ScopeView = z.object({ orgUnitId: z.string(), name: z.string(), kind: z.string() }).openapi('DashboardScope');
const KpiHead = {
  kpi: Kpi,
  label: z.string(),
  kind: z
    .enum(['ratio', 'mean', 'per100', 'count'])
    .describe(
      'ratio: numerator / denominator (0–1); mean: numerator (a sum) / denominator (records); per100: numerator × 100 / denominator (active people); count: numerator',
    ),
  unit: z.enum(['ratio', 'hours', 'points', 'per100people', 'count', 'minutes']),
  betterWhen: z.enum(['higher', 'lower']),
};
const FigureSchema = z.object({
  value: z.number().nullable().describe('null when the denominator is 0'),
  numerator: z.number(),
  denominator: z.number().nullable().describe('null for counts'),
  median: z.number().nullable().describe('mean KPIs only, else null'),
});

const KpiFigure = z
  .object({
    ...KpiHead,
    ...FigureSchema.shape,
    previous: FigureSchema.describe('The same figure for the period of equal length right before'),
    change: z.number().nullable().describe('value − previous.value'),
    definition: z.object({ numerator: z.string(), denominator: z.string().nullable() }),
  })
  .openapi('DashboardKpi');

const DrillItem = z
  .object({
    type: z.enum(RECORD_TYPES),
    id: z.string(),
    title: z.string().describe('hazard / task / incident title, "<type> — <location>" of an emergency, the fact kind, the person’s name'),
    at: z.string().nullable().describe('The time the period is about (reported, closed, due, occurred, created); null for people'),
    value: z.number().nullable().describe('The record’s value for mean KPIs (hours, minutes, points) and handoffs (hours to completion)'),
    inNumerator: z.boolean().nullable().describe('ratio KPIs: whether the record is in the numerator'),
    status: z.string().nullable(),
    orgUnitId: z.string().describe('The unit the record counts for'),
    orgUnitName: z.string().nullable(),
    departmentId: z.string(),
    departmentName: z.string().nullable(),
    personId: z.string().nullable().describe('The person it is attributed to (hazard: responsible person; task: assignee; fact: its person)'),
    personName: z.string().nullable(),
    workflowId: z.string().nullable().describe('The process behind it (facts: their source)'),
    link: z.string().nullable().describe('Web UI path of the record’s page, when there is one'),
    fields: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .describe('Type-specific details (category, area, riskLevel, dueAt, completedAt, …)'),
  })
  .openapi('DashboardDrillItem');

const definitions = KPI_NAMES.map(
  (k) => `${k} = ${KPI_META[k].numerator.description}${KPI_META[k].denominator ? ` ÷ ${KPI_META[k].denominator!.description}` : ''}`,
).join('; ');

/** The period of a query (defaults, parsing in the group's offset, order and length), or 400 with the field. */
function periodOf(q: { from?: string; to?: string; utcOffsetMinutes: number }, now = new Date()): Period {
  const def = defaultPeriod(now, q.utcOffsetMinutes);
  const from = q.from ? parseInstant(q.from, q.utcOffsetMinutes) : def.from;
  const to = q.to ? parseInstant(q.to, q.utcOffsetMinutes) : def.to;
  const issues = [...(from ? [] : [{ path: 'query.from', message: 'not a valid date' }]), ...(to ? [] : [{ path: 'query.to', message: 'not a valid date' }])];
  if (issues.length) throw new ValidationError(issues);
  const p = { from: from!, to: to! };
  const issue = periodIssue(p);
  if (issue) throw new ValidationError([{ path: `query.${issue.field}`, message: issue.message }]);
  return p;
}

/** `/api/dashboard`: KPIs, trends, rankings, heat map, handoff matrix and drill-down (SPEC §5). */
export function dashboardRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { dashboard } = deps.services;
  const tags = ['dashboard'];
  const access = DASHBOARD_ROLES;

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/dashboard/kpis',
    operationId: 'getDashboardKpis',
    summary: `Every KPI for the period [from, to) and the period of equal length before it, with numerator and denominator. Hazards count for the responsible department (before grading: the unit where found); tasks for their unit; facts for theirs; people by their own unit. ${definitions}. Open tasks are breached once now is past their due time.`,
    tags,
    access,
    query: PeriodQuery.strict(),
    responses: {
      200: {
        description: 'The KPIs',
        schema: z.object({ scope: ScopeView, period: PeriodView, previousPeriod: PeriodView, generatedAt: z.string(), kpis: z.array(KpiFigure) }),
      },
    },
    handler: ({ query, principal }) => dashboard.kpis(principal, { period: periodOf(query), orgUnitId: query.orgUnitId }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/dashboard/trends',
    operationId: 'getDashboardTrends',
    summary:
      'One KPI per calendar month or ISO week (in the group’s time zone; the first and last buckets are clipped to the period, so the buckets add up to it). Per-100 and coverage KPIs divide by today’s active people in every bucket; coverage counts distinct people per bucket.',
    tags,
    access,
    query: PeriodQuery.extend({ kpi: Kpi, granularity: z.enum(['month', 'week']).default('month') }).strict(),
    responses: {
      200: {
        description: 'The series',
        schema: z.object({
          ...KpiHead,
          granularity: z.enum(['month', 'week']),
          scope: ScopeView,
          period: PeriodView,
          series: z.array(z.object({ label: z.string().describe('2026-11 or 2026-W47'), from: z.string(), to: z.string(), ...FigureSchema.shape })),
        }),
      },
    },
    handler: ({ query, principal }) =>
      dashboard.trends(principal, {
        kpi: query.kpi,
        granularity: query.granularity,
        utcOffsetMinutes: query.utcOffsetMinutes,
        period: periodOf(query),
        orgUnitId: query.orgUnitId,
      }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/dashboard/ranking',
    operationId: 'getDashboardRanking',
    summary:
      'Departments (a unit’s department: its ancestor of kind department, else the unit itself) or people ranked by a KPI over the period, best (or worst) first, top `limit`; only those with records. By person: hazards by responsible person, tasks by assignee, facts by their person (not for coverage, incidents and emergency times).',
    tags,
    access,
    query: PeriodQuery.extend({
      kpi: Kpi,
      by: z.enum(['department', 'person']).default('department'),
      order: z.enum(['best', 'worst']).default('best').describe('best first by the KPI’s direction (betterWhen), or worst first'),
      limit: z.coerce.number().int().min(1).max(200).default(10),
    }).strict(),
    responses: {
      200: {
        description: 'The ranking',
        schema: z.object({
          ...KpiHead,
          by: z.enum(['department', 'person']),
          order: z.enum(['best', 'worst']),
          scope: ScopeView,
          period: PeriodView,
          total: z.number().describe('Entries ranked (before the limit)'),
          items: z.array(
            z.object({
              rank: z.number(),
              id: z.string().describe('department (org unit) id or person id: pass as departmentId / personId to the drill-down'),
              name: z.string(),
              orgUnitId: z.string().nullable(),
              orgUnitName: z.string().nullable(),
              departmentId: z.string().nullable(),
              departmentName: z.string().nullable(),
              ...FigureSchema.omit({ median: true }).shape,
            }),
          ),
        }),
      },
    },
    handler: ({ query, principal }) =>
      dashboard.ranking(principal, {
        kpi: query.kpi,
        by: query.by,
        order: query.order,
        limit: query.limit,
        period: periodOf(query),
        orgUnitId: query.orgUnitId,
      }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/dashboard/heatmap',
    operationId: 'getDashboardHeatmap',
    summary:
      'Hazards reported in the period (not cancelled), by where they were found: rows are departments or areas (free-text location), columns categories or risk levels (ungraded before grading); each cell counts them and how many are still open, overdue now and major. Rows by total, top `limit`.',
    tags,
    access,
    query: PeriodQuery.extend({
      rows: z.enum(['department', 'area']).default('department'),
      columns: z.enum(['category', 'riskLevel']).default('category'),
      limit: z.coerce.number().int().min(1).max(100).default(30),
    }).strict(),
    responses: {
      200: {
        description: 'The heat map',
        schema: z.object({
          scope: ScopeView,
          period: PeriodView,
          rowsBy: z.enum(['department', 'area']),
          columnsBy: z.enum(['category', 'riskLevel']),
          rows: z.array(z.object({ key: z.string().describe('department id or area'), name: z.string(), total: z.number() })),
          hiddenRows: z.number().describe('Rows beyond the limit'),
          columns: z
            .array(z.object({ key: z.string(), name: z.string(), total: z.number() }))
            .describe('Every category (or risk level) in a fixed order, also those without hazards'),
          cells: z
            .array(z.object({ row: z.string(), column: z.string(), count: z.number(), open: z.number(), overdue: z.number(), major: z.number() }))
            .describe('Only non-empty cells of the rows shown'),
          max: z.number(),
          total: z.number(),
        }),
      },
    },
    handler: ({ query, principal }) =>
      dashboard.heatmap(principal, { rows: query.rows, columns: query.columns, limit: query.limit, period: periodOf(query), orgUnitId: query.orgUnitId }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/dashboard/handoffs',
    operationId: 'getDashboardHandoffs',
    summary:
      'Collaboration matrix: each task created in the period was handed over by the department of the previous task of the same process (tasks ordered by creation), or for a process’s first task by the unit where the process started (hazard, emergency, risk assessment). Per (from → to) department cell: handoffs, tasks completed, mean and median hours from the task’s creation to its completion. In scope when either end is.',
    tags,
    access,
    query: PeriodQuery.strict(),
    responses: {
      200: {
        description: 'The matrix',
        schema: z.object({
          scope: ScopeView,
          period: PeriodView,
          departments: z.array(z.object({ id: z.string(), name: z.string() })),
          cells: z
            .array(
              z.object({
                from: z.string(),
                to: z.string(),
                count: z.number(),
                completed: z.number(),
                meanHours: z.number().nullable(),
                medianHours: z.number().nullable(),
              }),
            )
            .describe('Non-empty cells, largest first; from = to: the next step stayed in the department'),
          total: z.number(),
          unattributed: z.number().describe('First tasks of processes with no known starting unit (not in the cells)'),
        }),
      },
    },
    handler: ({ query, principal }) => dashboard.handoffs(principal, { period: periodOf(query), orgUnitId: query.orgUnitId }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/dashboard/drill',
    operationId: 'drillDashboardFigure',
    summary:
      'The records behind a figure, one page, newest first: `total` equals the figure’s numerator (part=numerator; for mean KPIs the records whose values are summed, i.e. the denominator’s) or denominator. kpi=heatmap with departmentId or area and category or riskLevel: a heat-map cell’s hazards; kpi=handoffs with fromDepartmentId / toDepartmentId: a matrix cell’s tasks. departmentId / personId: a ranking row.',
    tags,
    access,
    query: PageQuery.extend(PeriodQuery.shape)
      .extend({
        kpi: z.enum([...KPI_NAMES, 'heatmap', 'handoffs']),
        part: z.enum(['numerator', 'denominator']).default('numerator'),
        departmentId: z.string().uuid().optional().describe('Only records whose department is this (a ranking or heat-map row)'),
        personId: z.string().uuid().optional().describe('Only records attributed to this person (a ranking row by person)'),
        category: z.string().max(32).optional().describe('kpi=heatmap: a column'),
        riskLevel: z.string().max(16).optional().describe('kpi=heatmap: a column (ungraded: not graded yet)'),
        area: z.string().max(200).optional().describe('kpi=heatmap: a row by area'),
        fromDepartmentId: z.string().uuid().optional().describe('kpi=handoffs: the handing department'),
        toDepartmentId: z.string().uuid().optional().describe('kpi=handoffs: the receiving department'),
      })
      .strict(),
    responses: {
      200: {
        description: 'A page of records',
        schema: z.object({
          kpi: z.string(),
          part: z.enum(['numerator', 'denominator']),
          records: z.enum(RECORD_TYPES),
          scope: ScopeView,
          period: PeriodView,
          items: z.array(DrillItem),
          total: z.number(),
          page: z.number(),
          pageSize: z.number(),
        }),
      },
    },
    handler: ({ query, principal }) => {
      const { from: _f, to: _t, utcOffsetMinutes: _o, ...rest } = query;
      return dashboard.drill(principal, { ...rest, period: periodOf(query) });
    },
  });
}
