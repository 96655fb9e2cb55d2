import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { INCIDENT_KINDS } from '../../domain/incident/constants';
import type { RouteDeps } from '../platform/services';
import { z } from '../platform/openapi';
import { defineListRoute } from '../platform/pagination';
import { defineCreateRoute, defineGetRoute, IdParams } from '../platform/resource-routes';
import { defineRoute } from '../platform/route';
import { AnonymousReportBody, INCIDENT_STATUS, IncidentDetail, IncidentSummary, ReceiptView, Reported, ReportBody } from './schemas';

/** Paths whose requests are not logged: an anonymous reporter's address and receipt code must not end up in the logs. */
export const UNLOGGED_INCIDENT_PATHS = ['/api/incidents/anonymous', '/api/incidents/receipt/'];

/** Incidents and near misses (事故/未遂事件): report (named or anonymous), list, detail with live clocks, receipt look-up. */
export function incidentRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { incidents } = deps.services;
  const reported = { item: Reported, created: 'Reported', again: 'Already reported (resend)' };

  defineCreateRoute(router, registry, {
    path: '/api/incidents',
    operationId: 'reportIncident',
    summary: 'Report an incident or a near miss (the safety hub classifies it; a resent incidentId returns the same incident)',
    tags: ['incidents'],
    access: 'authenticated',
    body: ReportBody,
    ...reported,
    save: (principal, body) => incidents.report(principal, body),
  });

  defineCreateRoute(router, registry, {
    path: '/api/incidents/anonymous',
    operationId: 'reportNearMissAnonymously',
    summary: 'Report a near miss anonymously: no reporter identity is stored (database, process history, audit) or logged; follow it with the receipt code',
    tags: ['incidents'],
    access: 'authenticated',
    body: AnonymousReportBody,
    ...reported,
    save: (principal, body) => incidents.reportAnonymously(principal, body),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/incidents/receipt/:code',
    operationId: 'getIncidentReceipt',
    summary: 'How far a report got, for the holder of its receipt code',
    tags: ['incidents'],
    access: 'authenticated',
    params: z.object({ code: z.string().trim().min(10).max(32) }),
    responses: { 200: { description: 'The report’s progress', schema: ReceiptView } },
    handler: ({ params }) => incidents.receipt(params.code),
  });

  defineListRoute(router, registry, {
    path: '/api/incidents',
    operationId: 'listIncidents',
    summary: 'Incidents and near misses you can see, latest first',
    tags: ['incidents'],
    access: 'authenticated',
    filters: { kind: z.enum(INCIDENT_KINDS).optional(), status: INCIDENT_STATUS.optional(), orgUnitId: z.string().uuid().optional() },
    item: IncidentSummary,
    list: (principal, query) => incidents.list(principal, query),
  });

  defineGetRoute(router, registry, {
    path: '/api/incidents/:id',
    operationId: 'getIncident',
    summary: 'An incident with its live clocks (regulatory report, current step), investigation, actions with their re-checks, tasks and timeline',
    tags: ['incidents'],
    access: 'authenticated',
    params: IdParams,
    item: IncidentDetail,
    answer: 'Detail',
    get: (principal, { id }) => incidents.detail(principal, id),
  });
}
