import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { RISK_INPUT_DEPARTMENTS } from '../../domain/risk-assessment/rules';
import type { RiskAssessmentState } from '../../workflows/risk-assessment/messages';
import type { RouteDeps } from '../platform/services';
import { z } from '../platform/openapi';
import { defineListRoute } from '../platform/pagination';
import { defineCreateRoute } from '../platform/resource-routes';
import { defineRoute } from '../platform/route';
import { defineScheduleRoutes } from '../platform/schedule-routes';
import { TimeZone } from '../platform/time-zone';
import { RiskAssessmentDetail, RiskAssessmentPhase, RiskAssessmentSummary, RiskRegister } from './schemas';

const departments = z
  .array(z.enum(RISK_INPUT_DEPARTMENTS))
  .min(1)
  .max(RISK_INPUT_DEPARTMENTS.length)
  .refine((d) => new Set(d).size === d.length, 'each department once')
  .describe('Participating departments (each gives an input and proposes measures)');

const StartBody = z
  .object({
    assessmentId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash or underscore (up to 64)')
      .describe('Client-generated id (e.g. a UUID): a resent start is the same assessment'),
    title: z.string().trim().min(1).max(200),
    area: z.string().trim().min(1).max(200),
    orgUnitId: z.string().uuid().describe('The plant, department or workshop assessed'),
    departments: departments.default([...RISK_INPUT_DEPARTMENTS]),
  })
  .strict();

const ScheduleBody = z
  .object({
    title: z.string().trim().min(1).max(200).default('Monthly joint risk assessment'),
    area: z.string().trim().min(1).max(200),
    orgUnitId: z.string().uuid().describe('The unit assessed every month (one schedule per unit)'),
    departments: departments.default([...RISK_INPUT_DEPARTMENTS]),
    dayOfMonth: z.number().int().min(1).max(28).default(1),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM')
      .default('08:00'),
    timeZone: TimeZone.default('Asia/Shanghai'),
    paused: z.boolean().default(false),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

const Schedule = z
  .object({
    scheduleId: z.string(),
    title: z.string(),
    area: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    departments: z.array(z.enum(RISK_INPUT_DEPARTMENTS)),
    dayOfMonth: z.number(),
    time: z.string(),
    timeZone: z.string(),
    paused: z.boolean(),
    note: z.string().nullable(),
    nextRuns: z.array(z.string()),
    recentRuns: z.array(z.object({ at: z.string(), workflowId: z.string() })),
    runs: z.number(),
    missedRuns: z.number().describe('Monthly runs skipped because they came later than the schedule’s catch-up window (1 day), e.g. after an outage'),
  })
  .openapi('RiskAssessmentSchedule');

const Id = z.object({ id: z.string().min(1).max(100) });
const Created = z.object({ assessmentId: z.string(), workflowId: z.string(), created: z.boolean() });

/** Joint risk assessments (联合风险评估): start, monthly schedules, list, detail, register with heat map and month-to-month comparison. */
export function riskAssessmentRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { riskAssessments: service } = deps.services;

  defineCreateRoute(router, registry, {
    path: '/api/risk-assessments',
    operationId: 'startRiskAssessment',
    summary: 'Start a joint risk assessment for an area (safety hub); a resent assessmentId returns the same assessment',
    tags: ['risk-assessments'],
    access: 'authenticated',
    body: StartBody,
    item: Created,
    created: 'Started',
    again: 'Already started (resend)',
    save: (principal, body) => service.start(principal, body),
  });

  defineListRoute(router, registry, {
    path: '/api/risk-assessments',
    operationId: 'listRiskAssessments',
    summary: 'Risk assessments you can see, newest first',
    tags: ['risk-assessments'],
    access: 'authenticated',
    filters: {
      status: RiskAssessmentPhase.optional(),
      orgUnitId: z.string().uuid().optional(),
      scheduleId: z.string().max(200).optional(),
    },
    item: RiskAssessmentSummary,
    list: (principal, query) => service.list(principal, query),
  });

  defineScheduleRoutes(router, registry, {
    path: '/api/risk-assessments/schedules',
    noun: 'RiskAssessmentSchedule',
    tags: ['risk-assessments'],
    managers: ['safety_officer', 'admin'],
    body: ScheduleBody,
    item: Schedule,
    summaries: {
      list: 'Monthly assessment schedules (Temporal Schedules) of units you can see',
      save: 'Create or change the monthly assessment schedule of a unit (safety hub): day, time, departments, paused',
      get: 'A monthly schedule with its next and recent runs',
      pause: 'Pause (paused=true) or resume (paused=false) a monthly schedule, with a note',
      trigger: 'Run a monthly schedule now (an extra run)',
      remove: 'Delete a monthly schedule (runs already started go on)',
    },
    service,
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/risk-assessments/:id',
    operationId: 'getRiskAssessment',
    summary: 'An assessment with its live state (each department’s input and proposals, the plan’s measures), register, tasks and timeline',
    tags: ['risk-assessments'],
    access: 'authenticated',
    params: Id,
    responses: { 200: { description: 'Detail', schema: RiskAssessmentDetail } },
    handler: async ({ params, principal }) => {
      const detail = await service.detail(principal, params.id);
      // The service reads `live` from the workflow's state query (with its measures' open tasks added).
      return { ...detail, live: detail.live as RiskAssessmentState | null };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/risk-assessments/:id/register',
    operationId: 'getRiskRegister',
    summary: 'The assessment’s risk register with the heat map, compared with the previous register of the same unit (or compareTo)',
    tags: ['risk-assessments'],
    access: 'authenticated',
    params: Id,
    query: z.object({ compareTo: z.string().min(1).max(100).optional() }).strict(),
    responses: { 200: { description: 'Register', schema: RiskRegister } },
    handler: ({ params, query, principal }) => service.register(principal, params.id, query.compareTo),
  });
}
