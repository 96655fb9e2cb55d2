import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { RouteDeps } from '../platform/services';
import { z } from '../platform/openapi';
import { defineRoute } from '../platform/route';
import { ADJUSTMENT_REASONS } from './service';
import { AdjustedSubjectType, Adjustment, Appeal, Declaration, ImprovementPlan, ImprovementPlanDetail, type Written } from './schemas';

/** Appeals (复议) of published score lines and manual adjustments approved by a second person. */
export function scoreRequestRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { scoreRequests: service } = deps.services;

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/appeals',
    operationId: 'fileAppeal',
    summary: 'Appeal a line of your own published score within the appeal window (parentAppealId: the one further level, to the next manager)',
    tags: ['scoring'],
    access: 'authenticated',
    body: z
      .object({
        cycleId: z.string().min(1).max(100),
        lineCode: z.string().min(1).max(64),
        reason: z.string().trim().min(1).max(5000),
        parentAppealId: z.string().uuid().optional(),
      })
      .strict(),
    responses: { 201: { description: 'Appeal started', schema: z.object({ appealId: z.string(), workflowId: z.string(), level: z.number() }) } },
    handler: async ({ body, principal, res }) => {
      res.status(201).json(await service.appeal(principal, body));
      return undefined;
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/appeals',
    operationId: 'listAppeals',
    summary: 'Appeals you may see (your own, and those of people in your scope), newest first',
    tags: ['scoring'],
    access: 'authenticated',
    responses: { 200: { description: 'Appeals', schema: z.object({ items: z.array(Appeal) }) } },
    handler: async ({ principal }) => {
      const r = await service.listAppeals(principal);
      return { items: r.items as ((typeof r.items)[number] & Written['appeal'])[] };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/appeals/:id',
    operationId: 'getAppeal',
    summary: 'One appeal with its decision (who, when, why, the new snapshot version)',
    tags: ['scoring'],
    access: 'authenticated',
    params: z.object({ id: z.string().uuid() }),
    responses: { 200: { description: 'Appeal', schema: Appeal } },
    handler: async ({ params, principal }) => {
      const a = await service.getAppeal(principal, params.id);
      return a as typeof a & Written['appeal'];
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/adjustments',
    operationId: 'proposeAdjustment',
    summary: 'Propose a manual adjustment of a published score (line or total) with a reason; a second person with the approving role decides',
    tags: ['scoring'],
    access: ['manager', 'hr', 'admin'],
    body: z
      .object({
        cycleId: z.string().min(1).max(100),
        subjectType: AdjustedSubjectType,
        subjectId: z.string().uuid(),
        lineCode: z.string().min(1).max(64).optional(),
        delta: z
          .number()
          .min(-100)
          .max(100)
          .refine((d) => d !== 0, 'must not be 0'),
        reasonCode: z.enum(ADJUSTMENT_REASONS),
        text: z.string().trim().min(1).max(5000),
      })
      .strict(),
    responses: { 201: { description: 'Proposed', schema: z.object({ adjustmentId: z.string(), workflowId: z.string() }) } },
    handler: async ({ body, principal, res }) => {
      res.status(201).json(await service.propose(principal, body));
      return undefined;
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/adjustments',
    operationId: 'listAdjustments',
    summary: 'Manual adjustments of subjects in your scope, with proposer, approver, reason and the snapshot version they made',
    tags: ['scoring'],
    access: ['manager', 'hr', 'admin', 'auditor', 'department_head'],
    responses: { 200: { description: 'Adjustments', schema: z.object({ items: z.array(Adjustment) }) } },
    handler: async ({ principal }) => {
      const r = await service.listAdjustments(principal);
      return { items: r.items as ((typeof r.items)[number] & Written['adjustment'])[] };
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/declarations',
    operationId: 'createDeclaration',
    summary:
      'Declare extra evidence (self-run training, an improvement idea) for a period; your department head approves it with bonus points (capped by the ruleset) or rejects it',
    tags: ['scoring'],
    access: 'authenticated',
    body: z
      .object({
        kind: z.enum(['training', 'improvement_idea', 'other']),
        title: z.string().trim().min(1).max(200),
        text: z.string().trim().min(1).max(5000),
        evidenceIds: z
          .array(z.string().regex(/^[0-9a-f]{64}$/, 'not an evidence id'))
          .max(20)
          .default([]),
        period: z.string().max(16).optional().describe('Default: the current month'),
      })
      .strict(),
    responses: { 201: { description: 'Declared', schema: z.object({ declarationId: z.string(), workflowId: z.string() }) } },
    handler: async ({ body, principal, res }) => {
      res.status(201).json(await service.declare(principal, body));
      return undefined;
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/declarations',
    operationId: 'listDeclarations',
    summary: 'Declarations you may see (your own and your scope’s), with who reviewed them, the points and the reason',
    tags: ['scoring'],
    access: 'authenticated',
    responses: { 200: { description: 'Declarations', schema: z.object({ items: z.array(Declaration) }) } },
    handler: async ({ principal }) => {
      const r = await service.listDeclarations(principal);
      return { items: r.items as ((typeof r.items)[number] & Written['declaration'])[] };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/improvement-plans',
    operationId: 'listImprovementPlans',
    summary: 'Improvement plans (started by cycles for “needs improvement”) of you and the people in your scope, with their live state',
    tags: ['scoring'],
    access: 'authenticated',
    responses: { 200: { description: 'Plans', schema: z.object({ items: z.array(ImprovementPlan) }) } },
    handler: ({ principal }) => service.listPlans(principal),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/improvement-plans/:workflowId',
    operationId: 'getImprovementPlan',
    summary: 'One improvement plan with its tasks',
    tags: ['scoring'],
    access: 'authenticated',
    params: z.object({
      workflowId: z
        .string()
        .min(1)
        .max(200)
        .regex(/^ImprovementPlan:[\w:-]+$/, 'an ImprovementPlan workflow id'),
    }),
    responses: { 200: { description: 'Plan', schema: ImprovementPlanDetail } },
    handler: ({ params, principal }) => service.plan(principal, params.workflowId),
  });
}
