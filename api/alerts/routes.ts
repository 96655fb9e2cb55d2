import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { CYCLE_SCHEDULE_ALERT } from '../../domain/assessment-cycle/period';
import { ALERT_KINDS, ALERT_PARAM_SCHEMAS, ALERT_SEVERITIES, ALERT_STATUSES, AlertAudienceSchema } from '../../domain/alerts';
import type { RouteDeps } from '../platform/services';
import { z } from '../platform/openapi';
import { defineListRoute } from '../platform/pagination';
import { defineGetRoute, defineUpdateRoute, IdParams } from '../platform/resource-routes';
import { defineRoute } from '../platform/route';

const RULE_EDITORS = ['safety_officer', 'admin'] as const;

const AlertRecord = z
  .object({
    type: z.enum(['hazard', 'task', 'emergency', 'fact', 'score', CYCLE_SCHEDULE_ALERT.recordType]),
    id: z.string(),
    workflowId: z.string().nullable(),
  })
  .openapi('AlertRecord');

const AlertView = z
  .object({
    id: z.string(),
    dedupKey: z.string().describe('Stable de-duplication key: the same situation never fires twice'),
    ruleId: z.string(),
    ruleName: z.string(),
    ruleVersion: z.number(),
    kind: z
      .enum([...ALERT_KINDS, CYCLE_SCHEDULE_ALERT.kind])
      .describe("A rule kind, or missed_schedule: fired by a cycle schedule's own run (a period never scored, a run later than its catch-up window)"),
    severity: z.enum(ALERT_SEVERITIES),
    title: z.string(),
    summary: z.string(),
    records: z.array(AlertRecord).describe('The records behind the alert (at most 100; figures count all)'),
    figures: z.record(z.string(), z.union([z.number(), z.string()])),
    orgUnitId: z.string().nullable(),
    orgUnitName: z.string().nullable(),
    recipientCount: z.number(),
    status: z.enum(ALERT_STATUSES),
    firstFiredAt: z.string(),
    firedBy: z.string().describe('Workflow ID of the sweep that fired it'),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgeNote: z.string().nullable(),
    resolvedAt: z.string().nullable().describe('Set when a later sweep no longer found the condition'),
  })
  .openapi('Alert');

/** Each kind's parameters (domain/alerts.ts), documented inline. */
const ParamSchemas = ALERT_PARAM_SCHEMAS;

const AlertRuleView = z
  .object({
    id: z.string(),
    kind: z.enum(ALERT_KINDS),
    name: z.string(),
    nameZh: z.string().nullable().describe('The name in Chinese (null: the English name is shown)'),
    enabled: z.boolean(),
    severity: z.enum(ALERT_SEVERITIES),
    params: z
      .union([ParamSchemas.overdue, ParamSchemas.low_score, ParamSchemas.recurring_hazard, ParamSchemas.incident_cluster, ParamSchemas.sla_breach_rate])
      .describe('The parameters of the rule’s kind'),
    audience: AlertAudienceSchema,
    valid: z.boolean().describe('False when the stored parameters no longer validate (the sweep skips the rule)'),
    version: z.number(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AlertRule');

const RuleChangeBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    nameZh: z.string().trim().max(200).nullable().optional().describe('The name in Chinese; empty or null clears it'),
    enabled: z.boolean().optional(),
    severity: z.enum(ALERT_SEVERITIES).optional(),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'The complete parameters of the rule’s kind (missing fields take their defaults), as in AlertRule.params; errors name the field, e.g. body.params.windowDays',
      ),
    audience: AlertAudienceSchema.optional().describe('safety | department_head | managers | hr | subject'),
    version: z.number().int().positive().optional().describe('The version the change is based on: 409 when the rule changed meanwhile'),
  })
  .strict();

const SweepResultView = z
  .object({
    workflowId: z.string(),
    rules: z.number(),
    candidates: z.number().describe('Alerts whose conditions hold now, new or already fired'),
    fired: z.number().describe('New alerts fired by this sweep (in any scope)'),
    notified: z.number(),
    resolved: z.number(),
    deferred: z.number().describe('New alerts left for the next sweep'),
    alerts: z.array(AlertView).describe('The new alerts in your scope'),
  })
  .openapi('AlertSweepResult');

/** Alerts (SPEC §5): fired alerts with acknowledgement, and the configurable rules that fire them. */
export function alertRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { alerts } = deps.services;

  defineListRoute(router, registry, {
    path: '/api/alerts',
    operationId: 'listAlerts',
    summary: 'Fired alerts in my scope, newest first',
    tags: ['alerts'],
    access: 'authenticated',
    filters: {
      status: z.enum(ALERT_STATUSES).optional(),
      kind: z.enum([...ALERT_KINDS, CYCLE_SCHEDULE_ALERT.kind]).optional(),
      severity: z.enum(ALERT_SEVERITIES).optional(),
      orgUnitId: z.string().uuid().optional().describe('Only alerts of this unit’s subtree'),
    },
    item: AlertView,
    description: 'A page of alerts',
    list: (principal, query) => alerts.list(principal, query),
  });

  defineGetRoute(router, registry, {
    path: '/api/alerts/:id',
    operationId: 'getAlert',
    summary: 'One alert with the records behind it',
    tags: ['alerts'],
    access: 'authenticated',
    params: IdParams,
    item: AlertView,
    answer: 'The alert',
    refusals: { 404: 'No such alert in your scope' },
    get: (principal, params) => alerts.get(principal, params.id),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/alerts/:id/acknowledge',
    operationId: 'acknowledgeAlert',
    summary: 'Acknowledge an open alert (its recipients, the safety hub, managers, department heads, HR)',
    tags: ['alerts'],
    access: 'authenticated',
    params: IdParams,
    body: z.object({ note: z.string().trim().max(1000).optional() }).strict(),
    responses: {
      200: { description: 'Acknowledged', schema: AlertView },
      403: { description: 'Not yours to acknowledge' },
      404: { description: 'No such alert in your scope' },
      409: { description: 'Already acknowledged or resolved' },
    },
    handler: ({ params, body, principal }) => alerts.acknowledge(principal, params.id, body.note || null),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/alert-rules',
    operationId: 'listAlertRules',
    summary: 'The alerting rules (one per kind by default) with their parameters, severity and audience',
    tags: ['alerts'],
    access: 'authenticated',
    responses: { 200: { description: 'Rules', schema: z.array(AlertRuleView) } },
    handler: () => alerts.rules(),
  });

  defineUpdateRoute(router, registry, {
    method: 'put',
    path: '/api/alert-rules/:id',
    operationId: 'updateAlertRule',
    summary: 'Change a rule: enabled, severity, parameters (validated per kind), audience, name',
    tags: ['alerts'],
    access: RULE_EDITORS,
    params: z.object({ id: z.string().min(1).max(64) }),
    body: RuleChangeBody,
    item: AlertRuleView,
    answer: 'The changed rule',
    refusals: { 403: 'Only the safety hub and admins edit rules', 404: 'No such rule', 409: 'Changed meanwhile' },
    update: (principal, params, body) => alerts.updateRule(principal, params.id, body),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/alert-rules/evaluate',
    operationId: 'evaluateAlertRules',
    summary: 'Run an alert sweep now (as the schedule does) and return the alerts it fired',
    tags: ['alerts'],
    access: RULE_EDITORS,
    responses: { 200: { description: 'What the sweep did', schema: SweepResultView }, 503: { description: 'The sweep did not finish within a minute' } },
    handler: ({ principal }) => alerts.evaluate(principal),
  });
}
