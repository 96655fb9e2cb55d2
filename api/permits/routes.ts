import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { RouteDeps } from '../platform/services';
import { z } from '../platform/openapi';
import { defineListRoute } from '../platform/pagination';
import { defineGetRoute, IdParams } from '../platform/resource-routes';
import { answerCreated, defineRoute } from '../platform/route';
import { GasTestBody, GasTestView, PermitDetail, PermitRequestBody, PermitRequested, PermitStatus, PermitSummary, PermitType, WorkActionBody } from './schemas';

/** Permits to work (特殊作业票, GB 30871): request, gas tests, the work's moves (start, pause, resume, complete), list and detail with the live clocks. */
export function permitRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { permits } = deps.services;

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/permits',
    operationId: 'requestPermit',
    summary:
      "Request a permit to work: the crew's certificates must cover the window; running permits it conflicts with in the area are flagged to its approvers (a resent permitId returns the same permit)",
    tags: ['permits'],
    access: 'authenticated',
    body: PermitRequestBody,
    responses: { 201: { description: 'Requested', schema: PermitRequested }, 200: { description: 'Already requested (resend)', schema: PermitRequested } },
    handler: async ({ body, principal, res }) => answerCreated(res, await permits.request(principal, body)),
  });

  defineListRoute(router, registry, {
    path: '/api/permits',
    operationId: 'listPermits',
    summary: 'Permits you can see, latest window first (active: from approval to the end of the watch; areaId: an area or a piece of equipment)',
    tags: ['permits'],
    access: 'authenticated',
    filters: {
      type: PermitType.optional(),
      status: PermitStatus.optional(),
      areaId: z.string().uuid().optional(),
      active: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    },
    item: PermitSummary,
    list: (principal, query) => permits.list(principal, query),
  });

  defineGetRoute(router, registry, {
    path: '/api/permits/:id',
    operationId: 'getPermit',
    summary: 'A permit with its live clock, crew, JSA and measures, gas tests, tasks and timeline',
    tags: ['permits'],
    access: 'authenticated',
    params: IdParams,
    item: PermitDetail,
    answer: 'Detail',
    get: (principal, { id }) => permits.detail(principal, id),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/permits/:id/gas-tests',
    operationId: 'recordPermitGasTest',
    summary:
      'Record a gas test: judged against the policy limits; out of limits blocks issue, or suspends a permit at work at once; a passing test lifts a suspension for a reading or a missed re-test',
    tags: ['permits'],
    access: 'authenticated',
    params: IdParams,
    body: GasTestBody,
    responses: { 200: { description: 'The verdict and what it did', schema: GasTestView } },
    handler: ({ params, body, principal }) => permits.recordGasTest(principal, params.id, body),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/permits/:id/work',
    operationId: 'movePermitWork',
    summary: 'Start, pause, resume or complete the work (start and resume after a long pause need a fresh passing gas test where the type is tested)',
    tags: ['permits'],
    access: 'authenticated',
    params: IdParams,
    body: WorkActionBody,
    responses: { 200: { description: 'The permit after the move', schema: PermitDetail } },
    handler: ({ params, body, principal }) => permits.work(principal, params.id, body.action, body.clientId),
  });
}
