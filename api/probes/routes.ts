import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Router } from 'express';
import { ProbeRun } from '../../db/entities';
import { probeWorkflowId } from '../../workflows/probe/messages';
import { ProbeWorkflow } from '../../workflows/probe/workflow';
import type { ApiDeps } from '../platform/deps';
import { NotFoundError } from '../platform/errors';
import { z } from '../platform/openapi';
import { defineRoute } from '../platform/route';

const ProbeRequest = z
  .object({
    probeId: z.string().uuid().describe('Client-generated id; resending the same id returns the same probe'),
    message: z.string().trim().min(1).max(500),
  })
  .strict()
  .openapi('ProbeRequest');

const ProbeView = z
  .object({ probeId: z.string(), workflowId: z.string(), message: z.string(), requestedBy: z.string().nullable(), recordedAt: z.string() })
  .openapi('Probe');

/**
 * End-to-end probe of the platform: starts `ProbeWorkflow`, whose activity writes a row, and
 * returns that row. Idempotent on the client-generated probe id.
 */
export function probeRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/system/probes',
    operationId: 'runProbe',
    summary: 'Run an end-to-end probe (API → Temporal → worker → database)',
    tags: ['system'],
    access: ['admin'],
    body: ProbeRequest,
    responses: { 201: { description: 'Probe recorded', schema: ProbeView } },
    handler: async ({ body, principal }) => {
      const workflowId = probeWorkflowId(body.probeId);
      const handle = await deps.temporal.client.workflow.start(ProbeWorkflow, {
        workflowId,
        taskQueue: deps.temporal.taskQueue,
        args: [{ probeId: body.probeId, message: body.message, requestedBy: principal.username }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
      await handle.result();
      return view(await deps.dataSource.getRepository(ProbeRun).findOneByOrFail({ workflowId }), body.probeId);
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/system/probes/:probeId',
    operationId: 'getProbe',
    summary: 'Read a recorded probe',
    tags: ['system'],
    access: ['admin'],
    params: z.object({ probeId: z.string().uuid() }),
    responses: { 200: { description: 'The probe row', schema: ProbeView } },
    handler: async ({ params }) => {
      const row = await deps.dataSource.getRepository(ProbeRun).findOneBy({ workflowId: probeWorkflowId(params.probeId) });
      if (!row) throw new NotFoundError('No such probe');
      return view(row, params.probeId);
    },
  });
}

function view(row: ProbeRun, probeId: string): z.infer<typeof ProbeView> {
  return { probeId, workflowId: row.workflowId, message: row.message, requestedBy: row.requestedBy, recordedAt: row.createdAt.toISOString() };
}
