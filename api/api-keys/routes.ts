import { randomUUID } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { appendAudit } from '../../db/audit/audit-log';
import { ApiKey, User } from '../../db/entities';
import { newApiKey } from '../auth/api-keys';
import type { ApiDeps } from '../platform/deps';
import { NotFoundError, ValidationError } from '../platform/errors';
import { z } from '../platform/openapi';
import { defineRoute } from '../platform/route';

const ApiKeyView = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    userId: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

function view(k: ApiKey): z.infer<typeof ApiKeyView> {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    userId: k.userId,
    createdBy: k.createdBy,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

/** Keys for machine clients (monitoring feeds, HR export, bulk import). Admins only. */
export function apiKeyRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key acting as a user; the key is shown once',
    tags: ['auth'],
    access: ['admin'],
    body: z.object({ name: z.string().trim().min(1).max(200), userId: z.string().uuid() }).strict(),
    responses: { 201: { description: 'Created', schema: ApiKeyView.extend({ key: z.string() }) } },
    handler: async ({ body, principal }) => {
      const user = await deps.dataSource.getRepository(User).findOneBy({ id: body.userId, active: true });
      if (!user) throw new ValidationError([{ path: 'body.userId', message: 'no such active user' }]);
      const k = newApiKey();
      const id = randomUUID();
      await deps.dataSource.transaction(async (em) => {
        await em
          .getRepository(ApiKey)
          .insert({ id, name: body.name, prefix: k.prefix, secretHash: k.secretHash, userId: user.id, createdBy: principal.username });
        await appendAudit(em, {
          actorType: 'user',
          actor: principal.username,
          action: 'api_key.created',
          entityType: 'api_key',
          entityId: id,
          after: { name: body.name, prefix: k.prefix, userId: user.id },
        });
      });
      return { ...view((await deps.dataSource.getRepository(ApiKey).findOneBy({ id }))!), key: k.key };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/api-keys',
    operationId: 'listApiKeys',
    summary: 'All API keys (never the secrets)',
    tags: ['auth'],
    access: ['admin'],
    responses: { 200: { description: 'Keys', schema: z.array(ApiKeyView) } },
    handler: async () => (await deps.dataSource.getRepository(ApiKey).find({ order: { createdAt: 'DESC' } })).map(view),
  });

  defineRoute(router, registry, {
    method: 'delete',
    path: '/api/api-keys/:id',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    tags: ['auth'],
    access: ['admin'],
    params: z.object({ id: z.string().uuid() }),
    responses: { 200: { description: 'Revoked', schema: ApiKeyView } },
    handler: async ({ params, principal }) => {
      const key = await deps.dataSource.getRepository(ApiKey).findOneBy({ id: params.id });
      if (!key) throw new NotFoundError('No such API key');
      if (!key.revokedAt) {
        await deps.dataSource.transaction(async (em) => {
          await em.getRepository(ApiKey).update({ id: key.id }, { revokedAt: new Date() });
          await appendAudit(em, {
            actorType: 'user',
            actor: principal.username,
            action: 'api_key.revoked',
            entityType: 'api_key',
            entityId: key.id,
            before: { revokedAt: null },
            after: { revokedAt: new Date() },
          });
        });
      }
      return view((await deps.dataSource.getRepository(ApiKey).findOneBy({ id: key.id }))!);
    },
  });
}
