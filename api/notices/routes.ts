import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Router } from 'express';
import { OrgUnit, Task } from '../../db/entities';
import { currentPolicy } from '../../db/stores/policy-store';
import { noticeStateQuery, noticeWorkflowId, type NoticeInput } from '../../workflows/notice/messages';
import { SafetyNoticeWorkflow } from '../../workflows/notice/workflow';
import { assertInScope } from '../platform/access';
import type { ApiDeps } from '../platform/deps';
import { NotFoundError, ValidationError } from '../platform/errors';
import { z } from '../platform/openapi';
import { defineRoute } from '../platform/route';

const NoticeState = z
  .object({
    noticeId: z.string(),
    status: z.enum(['awaiting_acknowledgement', 'acknowledged']),
    taskId: z.string(),
    dueAt: z.string(),
    escalationLevel: z.number(),
    overdue: z.boolean(),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    policyVersion: z.number(),
  })
  .openapi('NoticeState');

/** Safety notices: the hub tells a department something it must acknowledge within the SLA. */
export function noticeRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/notices',
    operationId: 'issueNotice',
    summary: 'Issue a safety notice to a department or workshop (starts its process)',
    tags: ['notices'],
    access: ['safety_officer', 'admin'],
    body: z
      .object({
        noticeId: z.string().uuid().optional().describe('Client-generated id; a resend returns the same notice'),
        title: z.string().trim().min(1).max(200),
        body: z.string().trim().min(1).max(5000),
        orgUnitId: z.string().uuid(),
        severity: z.enum(['critical', 'normal', 'info']).default('normal'),
      })
      .strict(),
    responses: { 201: { description: 'Issued', schema: z.object({ noticeId: z.string(), workflowId: z.string() }) } },
    handler: async ({ body, principal }) => {
      const unit = await deps.dataSource.getRepository(OrgUnit).findOneBy({ id: body.orgUnitId });
      assertInScope(principal, unit?.path, 'No such org unit');
      if (unit!.kind !== 'department' && unit!.kind !== 'workshop')
        throw new ValidationError([{ path: 'body.orgUnitId', message: 'must be a department or workshop' }]);
      const policy = await currentPolicy(deps.dataSource);
      const noticeId = body.noticeId ?? randomUUID();
      const input: NoticeInput = {
        noticeId,
        title: body.title,
        body: body.body,
        orgUnitId: unit!.id,
        severity: body.severity,
        issuedBy: principal.username,
        policy: policy.document,
        policyVersion: policy.version,
      };
      const handle = await deps.temporal.client.workflow.start(SafetyNoticeWorkflow, {
        workflowId: noticeWorkflowId(noticeId),
        taskQueue: deps.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
      return { noticeId, workflowId: handle.workflowId };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/notices/:id',
    operationId: 'getNotice',
    summary: 'A notice’s live state (from its process)',
    tags: ['notices'],
    access: 'authenticated',
    params: z.object({ id: z.string().uuid() }),
    responses: { 200: { description: 'State', schema: NoticeState } },
    handler: async ({ params, principal }) => {
      const workflowId = noticeWorkflowId(params.id);
      const task = await deps.dataSource.getRepository(Task).findOneBy({ workflowId });
      const unit = task ? await deps.dataSource.getRepository(OrgUnit).findOneBy({ id: task.orgUnitId }) : null;
      if (!unit) throw new NotFoundError('No such notice');
      if (!principal.orgUnitPath.startsWith(unit.path)) assertInScope(principal, unit.path, 'No such notice');
      return deps.temporal.client.workflow.getHandle(workflowId).query(noticeStateQuery);
    },
  });
}
