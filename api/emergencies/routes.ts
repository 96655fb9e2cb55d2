import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { EMERGENCY_TYPES, RESPONSE_KINDS } from '../../domain/emergency/rules';
import { addEmergencyProgressUpdate } from '../../workflows/emergency/messages';
import type { RouteDeps } from '../platform/services';
import { z } from '../platform/openapi';
import { defineListRoute } from '../platform/pagination';
import { defineCreateRoute, defineGetRoute, IdParams } from '../platform/resource-routes';
import { defineRoute } from '../platform/route';
import { EmergencyFollowUps } from './follow-ups';
import { EMERGENCY_STATUSES, EmergencyDetail, EmergencySummary } from './schemas';

const TriggerBody = z
  .object({
    emergencyId: z.string().uuid().describe('Client-generated id: a resent trigger is the same emergency'),
    type: z.enum(EMERGENCY_TYPES),
    location: z.string().trim().min(1).max(200),
    orgUnitId: z.string().uuid().optional().describe('Where it happens; default: your own unit'),
    // Type and location are all a person under stress has to give (issue 20): the rest has defaults.
    injuries: z.boolean().default(false).describe('Anyone hurt; default: no'),
    drill: z.boolean().default(false),
    description: z.string().trim().max(5000).default('').describe('What happened, if there is time to say'),
  })
  .strict();

const Created = z.object({ emergencyId: z.string(), workflowId: z.string(), created: z.boolean() });

/** Emergencies (应急处置): trigger, list (drills separately), detail with live department status, progress notes. */
export function emergencyRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { emergencies } = deps.services;

  defineCreateRoute(router, registry, {
    path: '/api/emergencies',
    operationId: 'raiseEmergency',
    summary: 'Raise an emergency or start a drill (safety, equipment and HR are alerted at once; a resent emergencyId returns the same emergency)',
    tags: ['emergencies'],
    access: 'authenticated',
    body: TriggerBody,
    item: Created,
    created: 'Raised',
    again: 'Already raised (resend)',
    save: (principal, body) => emergencies.trigger(principal, body),
  });

  defineListRoute(router, registry, {
    path: '/api/emergencies',
    operationId: 'listEmergencies',
    summary: 'Emergencies you can see, newest first; drill=true lists drills only, drill=false real emergencies only',
    tags: ['emergencies'],
    access: 'authenticated',
    filters: {
      drill: z.enum(['true', 'false']).optional(),
      status: z.enum(EMERGENCY_STATUSES).optional(),
      orgUnitId: z.string().uuid().optional(),
    },
    item: EmergencySummary,
    list: (principal, query) => emergencies.list(principal, query),
  });

  defineGetRoute(router, registry, {
    path: '/api/emergencies/:id',
    operationId: 'getEmergency',
    summary: 'An emergency with its live state (each department’s status and elapsed time), tasks and timeline',
    tags: ['emergencies'],
    access: 'authenticated',
    params: IdParams,
    item: EmergencyDetail,
    answer: 'Detail',
    get: (principal, { id }) => emergencies.detail(principal, id),
  });

  defineGetRoute(router, registry, {
    path: '/api/emergencies/:id/follow-ups',
    operationId: 'getEmergencyFollowUps',
    summary:
      'What followed an emergency: the incidents reported from it and its improvement actions under effectiveness re-checks (next re-check, results, tasks)',
    tags: ['emergencies'],
    access: 'authenticated',
    params: IdParams,
    item: EmergencyFollowUps,
    answer: 'Follow-ups',
    get: (principal, { id }) => emergencies.followUps(principal, id),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/emergencies/:id/progress',
    operationId: 'addEmergencyProgress',
    summary: 'Add a progress note to a response (its first note marks it started); the safety hub may add general notes',
    tags: ['emergencies'],
    access: 'authenticated',
    params: IdParams,
    // clientId: set by the client so that a resend (a retry after a timeout) records the note once.
    body: z
      .object({
        text: z.string().trim().min(1).max(5000),
        response: z.enum(RESPONSE_KINDS).optional(),
        clientId: z
          .string()
          .trim()
          .min(8)
          .max(100)
          .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
          .optional(),
      })
      .strict(),
    responses: { 200: { description: 'Recorded', schema: z.object({ n: z.number() }) } },
    handler: async ({ params, body, principal }) => {
      const response = await emergencies.progressTarget(principal, params.id, body.response);
      return emergencies.act(principal, params.id, addEmergencyProgressUpdate, {
        by: principal.username,
        text: body.text,
        response,
        ...(body.clientId ? { clientId: body.clientId } : {}),
      });
    },
  });
}
