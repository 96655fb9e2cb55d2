import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Request, Router } from 'express';
import { IdParams } from '../org/common';
import { PageQuery, pageOf, pagedSchema } from '../platform/pagination';
import { defineRoute } from '../platform/route';
import type { RouteDeps } from '../platform/services';
import { CodeParams, WorkAreaBody, WorkAreaFilters, WorkAreaNode, WorkAreaPatch, WorkAreaView } from './schemas';
import { qrSvg, WORK_AREA_WRITERS } from './service';

const TAGS = ['work-areas'];

/**
 * The web's public origin as the request names it: the scheme and host the browser used (behind
 * a proxy on this host, its X-Forwarded-Proto and -Host; the web's dev server passes the browser's
 * host on), which is also where the web is served.
 */
export function publicOrigin(req: Request): string {
  return `${req.protocol}://${req.host}`;
}

/** Work areas and equipment (where permits run), their QR codes. */
export function workAreaRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { workAreas } = deps.services;

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/work-areas',
    operationId: 'listWorkAreas',
    summary: 'Work areas by code, each with the equipment standing in it (a page of areas); everyone signed in reads them',
    tags: TAGS,
    access: 'authenticated',
    query: PageQuery.extend(WorkAreaFilters).strict(),
    responses: { 200: { description: 'A page', schema: pagedSchema(WorkAreaNode) } },
    handler: async ({ query, req }) => {
      const r = await workAreas.list(query, publicOrigin(req));
      return pageOf(r.items, r.total, query);
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/work-areas',
    operationId: 'createWorkArea',
    summary: 'Add a work area, or an equipment in an area (the safety hub, admins; department heads for units in their scope)',
    tags: TAGS,
    access: WORK_AREA_WRITERS,
    body: WorkAreaBody,
    responses: { 201: { description: 'Added', schema: WorkAreaView }, 409: { description: 'The code is in use' } },
    handler: ({ body, principal, req }) => workAreas.create(principal, body, publicOrigin(req)),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/work-areas/by-code/:code',
    operationId: 'getWorkAreaByCode',
    summary: 'The work area or equipment with this code (what its QR code names)',
    tags: TAGS,
    access: 'authenticated',
    params: CodeParams,
    responses: { 200: { description: 'The area or equipment', schema: WorkAreaView }, 404: { description: 'No such code' } },
    handler: ({ params, req }) => workAreas.byCode(params.code, publicOrigin(req)),
  });

  defineRoute(router, registry, {
    method: 'patch',
    path: '/api/work-areas/:id',
    operationId: 'updateWorkArea',
    summary: 'Rename, move (equipment), hand over to another unit, deactivate (an area with its equipment) or reactivate; the code stays (it is printed)',
    tags: TAGS,
    access: WORK_AREA_WRITERS,
    params: IdParams,
    body: WorkAreaPatch,
    responses: { 200: { description: 'Changed (or unchanged)', schema: WorkAreaView }, 404: { description: 'No such area in your scope' } },
    handler: ({ params, body, principal, req }) => workAreas.update(principal, params.id, body, publicOrigin(req)),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/work-areas/:code/qr.svg',
    operationId: 'getWorkAreaQr',
    summary: 'The QR code (SVG) of a work area or equipment: the URL <public web origin>/areas/<code>, which opens its running permits',
    tags: TAGS,
    access: 'authenticated',
    params: CodeParams,
    responses: { 200: { description: 'The QR code', files: ['image/svg+xml'] }, 404: { description: 'No such code' } },
    handler: async ({ params, req, res }) => {
      const area = await workAreas.byCode(params.code, publicOrigin(req));
      res.type('image/svg+xml').setHeader('Cache-Control', 'private, max-age=3600');
      res.send(await qrSvg(area.url));
      return undefined;
    },
  });
}
