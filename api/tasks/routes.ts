import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { FORM_FIELD_TYPES } from '../../domain/tasks';
import type { RouteDeps } from '../platform/services';
import { z } from '../platform/openapi';
import { defineListRoute } from '../platform/pagination';
import { defineRoute } from '../platform/route';

const FormFieldView = z.object({
  name: z.string(),
  type: z.enum(FORM_FIELD_TYPES),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  maxLength: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

export const TaskViewSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    processType: z.string(),
    taskType: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    candidateRole: z.string().nullable(),
    assignee: z.object({ id: z.string(), username: z.string(), displayName: z.string() }).nullable(),
    status: z.enum(['open', 'completed', 'cancelled']),
    dueAt: z.string().nullable(),
    followUpAt: z.string().nullable(),
    priority: z.enum(['critical', 'normal', 'info']),
    overdue: z.boolean(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    completedBy: z.string().nullable(),
    completedOnBehalfOf: z.string().nullable(),
    form: z.object({
      fields: z.array(FormFieldView),
      context: z.record(z.string(), z.unknown()).nullable().describe('What the form needs from the process, e.g. the register items a proposal may name'),
    }),
    candidacy: z
      .object({
        kind: z.enum(['assignee', 'substitute', 'head', 'responder', 'role']),
        role: z.string().nullable().describe('The candidate role, for kind `role`'),
        unitName: z.string().nullable().describe('The unit the person heads, responds for, or holds the role for'),
      })
      .nullable()
      .describe(
        'Why the caller may act on this open task (assignee, substitute, head or responder of a unit, holder of the role for a unit); null when they may not',
      ),
    actions: z.object({ canClaim: z.boolean(), canUnclaim: z.boolean(), canComplete: z.boolean(), canDelegate: z.boolean() }),
  })
  .openapi('Task');

const IdParams = z.object({ id: z.string().min(1).max(200) });

/** The task inbox (`/api/tasks`): list, claim, unclaim, delegate, follow-up, complete. */
export function taskRoutes(router: Router, registry: OpenAPIRegistry, deps: RouteDeps): void {
  const { tasks: service } = deps.services;
  const common = { tags: ['tasks'], access: 'authenticated' as const };
  const one = { 200: { description: 'The task', schema: TaskViewSchema } };

  defineListRoute(router, registry, {
    ...common,
    path: '/api/tasks',
    operationId: 'listTasks',
    summary: 'My inbox (mine), my units’ open tasks (team), or completed tasks',
    filters: { view: z.enum(['mine', 'team', 'completed']).default('mine') },
    item: TaskViewSchema,
    description: 'A page of tasks',
    list: (principal, query) => service.list(principal, query),
  });

  defineRoute(router, registry, {
    ...common,
    method: 'get',
    path: '/api/tasks/:id',
    operationId: 'getTask',
    summary: 'One task',
    params: IdParams,
    responses: one,
    handler: ({ params, principal }) => service.get(principal, params.id),
  });

  defineRoute(router, registry, {
    ...common,
    method: 'post',
    path: '/api/tasks/:id/claim',
    operationId: 'claimTask',
    summary: 'Take the task (members of its unit)',
    params: IdParams,
    responses: one,
    handler: ({ params, principal }) => service.claim(principal, params.id),
  });

  defineRoute(router, registry, {
    ...common,
    method: 'post',
    path: '/api/tasks/:id/unclaim',
    operationId: 'unclaimTask',
    summary: 'Give the task back to its unit',
    params: IdParams,
    responses: one,
    handler: ({ params, principal }) => service.unclaim(principal, params.id),
  });

  defineRoute(router, registry, {
    ...common,
    method: 'post',
    path: '/api/tasks/:id/delegate',
    operationId: 'delegateTask',
    summary: 'Hand the task to a substitute (both names go to the audit log)',
    params: IdParams,
    body: z.object({ toUserId: z.string().uuid() }).strict(),
    responses: one,
    handler: ({ params, body, principal }) => service.delegate(principal, params.id, body.toUserId),
  });

  defineRoute(router, registry, {
    ...common,
    method: 'post',
    path: '/api/tasks/:id/follow-up',
    operationId: 'setTaskFollowUp',
    summary: 'Set or clear the follow-up date',
    params: IdParams,
    body: z.object({ followUpAt: z.iso.datetime().nullable() }).strict(),
    responses: one,
    handler: ({ params, body, principal }) => service.setFollowUp(principal, params.id, body.followUpAt ? new Date(body.followUpAt) : null),
  });

  defineRoute(router, registry, {
    ...common,
    method: 'post',
    path: '/api/tasks/:id/complete',
    operationId: 'completeTask',
    summary: 'Complete the task with its form; the owning process moves on. Completing twice changes nothing.',
    params: IdParams,
    body: z.object({ payload: z.record(z.string(), z.unknown()) }).strict(),
    responses: { ...one, 409: { description: 'The process has ended (code process_closed)' } },
    handler: ({ params, body, principal }) => service.complete(principal, params.id, body.payload),
  });
}
