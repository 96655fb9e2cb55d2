import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { currentPolicy, getPolicy, listPolicies, publishPolicy } from '../../db/stores/policy-store';
import { PolicySchema } from '../../domain/policy';
import type { ApiDeps } from '../platform/deps';
import { NotFoundError } from '../platform/errors';
import { z } from '../platform/openapi';
import { defineRoute } from '../platform/route';

const PolicyDoc = PolicySchema;
const PolicyVersionView = z
  .object({ version: z.number(), note: z.string(), createdBy: z.string(), createdAt: z.string(), document: PolicyDoc })
  .openapi('PolicyVersion');
const PolicySummary = PolicyVersionView.omit({ document: true }).openapi('PolicyVersionSummary');

/** SLA durations, escalation ladders, reminders, quiet hours and the risk matrix, versioned. */
export function policyRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/policies',
    operationId: 'listPolicies',
    summary: 'All policy versions, newest first',
    tags: ['policy'],
    access: 'authenticated',
    responses: { 200: { description: 'Versions', schema: z.array(PolicySummary) } },
    handler: () => listPolicies(deps.dataSource),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/policies/current',
    operationId: 'getCurrentPolicy',
    summary: 'The policy new processes start under',
    tags: ['policy'],
    access: 'authenticated',
    responses: { 200: { description: 'Current version', schema: PolicyVersionView } },
    handler: () => currentPolicy(deps.dataSource),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/policies/:version',
    operationId: 'getPolicy',
    summary: 'One policy version',
    tags: ['policy'],
    access: 'authenticated',
    params: z.object({ version: z.coerce.number().int().positive() }),
    responses: { 200: { description: 'The version', schema: PolicyVersionView } },
    handler: async ({ params }) => {
      const p = await getPolicy(deps.dataSource, params.version);
      if (!p) throw new NotFoundError('No such policy version');
      return p;
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/policies',
    operationId: 'publishPolicy',
    summary: 'Publish a new policy version (published versions never change)',
    tags: ['policy'],
    access: ['admin', 'safety_officer'],
    body: z.object({ document: PolicyDoc, note: z.string().trim().min(1).max(500) }).strict(),
    responses: { 201: { description: 'Published', schema: PolicyVersionView } },
    handler: ({ body, principal }) => publishPolicy(deps.dataSource, principal.username, body.document, body.note),
  });
}
