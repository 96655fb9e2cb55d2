import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { CERTIFICATE_TYPES } from '../../domain/permit/constants';
import { defineImportRoute } from '../inspections/common';
import { IdParams } from '../org/common';
import { z } from '../platform/openapi';
import { defineListRoute } from '../platform/pagination';
import { defineAddRoute, defineUpdateRoute } from '../platform/resource-routes';
import { defineRoute } from '../platform/route';
import type { RouteDeps } from '../platform/services';
import { CertificateBody, CertificateFilters, CertificatePatch, CertificateView, RevokeBody, RevokeResult, CERTIFICATE_COLUMNS } from './schemas';
import { CERTIFICATE_MANAGERS } from './service';
import { runCertificateSweep } from './sweep';

const TAGS = ['certificates'];

const SweepView = z
  .object({
    workflowId: z.string(),
    today: z.string(),
    reminded: z.number().int().describe('Reminder notifications started'),
    expired: z.number().int(),
    signalled: z.array(z.string()).describe('Permits told that a crew member’s certificate lapsed'),
    notRunning: z.array(z.string()).describe('Permits whose workflow does not run (nothing to tell)'),
  })
  .openapi('CertificateSweep');

/** People's certificates (特种作业操作证 and others): the register, its import, revocation and the expiry sweep. */
export function certificateRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { certificates } = deps.services;

  defineListRoute(router, registry, {
    path: '/api/certificates',
    operationId: 'listCertificates',
    summary:
      'Certificates of the people you may see (the safety hub, HR, managers and auditors their scope, department heads their unit’s subtree, everyone their own), soonest expiry first',
    tags: TAGS,
    access: 'authenticated',
    filters: CertificateFilters,
    item: CertificateView,
    list: (principal, query) => certificates.list(principal, query),
  });

  defineAddRoute(router, registry, {
    path: '/api/certificates',
    operationId: 'createCertificate',
    summary: 'Add a certificate to the register (the safety hub, HR, admins; for a holder in your scope)',
    tags: TAGS,
    access: CERTIFICATE_MANAGERS,
    body: CertificateBody,
    item: CertificateView,
    created: 'Added',
    refusals: { 409: 'A certificate of this type with this number is in the register' },
    add: (principal, body) => certificates.create(principal, body),
  });

  defineImportRoute(router, registry, {
    path: '/api/certificates/import',
    operationId: 'importCertificates',
    summary: 'Import certificates from an xlsx or CSV file (all rows or none; re-importing the same file changes nothing)',
    tags: TAGS,
    access: CERTIFICATE_MANAGERS,
    columns:
      `${CERTIFICATE_COLUMNS.join(', ')}: the holder’s employee number (in your scope), the type (${CERTIFICATE_TYPES.join(', ')}, or its Chinese name), ` +
      'the certificate number, issued (a date), expiry and review (dates, may be empty). A certificate of the same type and number is corrected when the file differs.',
    imported: 'Every row is valid; imported (created = new certificates, updated = corrected ones)',
    run: (p, table, dryRun, format) => certificates.import(p, table, dryRun, format),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/certificates/sweep',
    operationId: 'sweepCertificates',
    summary: 'Run the certificates sweep now (as its daily schedule does): expiry reminders due, expired certificates on running permits',
    tags: TAGS,
    access: ['safety_officer', 'admin'],
    responses: { 200: { description: 'What the sweep did', schema: SweepView }, 503: { description: 'The sweep did not finish within a minute' } },
    handler: ({ principal }) => runCertificateSweep(deps.temporal.client, deps.dataSource, deps.temporal.taskQueue, principal),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/certificates/:id',
    operationId: 'getCertificate',
    summary: 'One certificate you may see',
    tags: TAGS,
    access: 'authenticated',
    params: IdParams,
    responses: { 200: { description: 'The certificate', schema: CertificateView }, 404: { description: 'No such certificate you may see' } },
    handler: ({ params, principal }) => certificates.get(principal, params.id),
  });

  defineUpdateRoute(router, registry, {
    method: 'patch',
    path: '/api/certificates/:id',
    operationId: 'updateCertificate',
    summary: 'Correct a certificate (a new expiry date starts its reminders again); a revoked one cannot change',
    tags: TAGS,
    access: CERTIFICATE_MANAGERS,
    params: IdParams,
    body: CertificatePatch,
    item: CertificateView,
    answer: 'Corrected (or unchanged)',
    refusals: { 404: 'No such certificate in your scope', 409: 'Revoked, or the number is another certificate’s' },
    update: (principal, params, body) => certificates.update(principal, params.id, body),
  });

  defineUpdateRoute(router, registry, {
    method: 'post',
    path: '/api/certificates/:id/revoke',
    operationId: 'revokeCertificate',
    summary: 'Revoke a certificate (kept, with when and why); the running permits its holder works on are told at once and suspend',
    tags: TAGS,
    access: CERTIFICATE_MANAGERS,
    params: IdParams,
    body: RevokeBody,
    item: RevokeResult,
    answer: 'Revoked',
    refusals: { 404: 'No such certificate in your scope', 409: 'Already revoked' },
    update: (principal, params, body) => certificates.revoke(principal, params.id, body.reason),
  });
}
