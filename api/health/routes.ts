import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { pingTemporal } from '../../temporal/connection';
import type { ApiDeps } from '../platform/deps';
import { z } from '../platform/openapi';
import { defineRoute } from '../platform/route';

const Component = z.object({
  status: z.enum(['ok', 'down']),
  latencyMs: z.number(),
  detail: z.string(),
  error: z.string().optional(),
});

export const HealthBody = z
  .object({
    status: z.enum(['ok', 'degraded']),
    time: z.string(),
    database: Component,
    temporal: Component.extend({ namespace: z.string(), uiUrl: z.string().nullable() }),
  })
  .openapi('Health');

export async function check(detail: string, fn: () => Promise<unknown>, timeoutMs = 3000): Promise<z.infer<typeof Component>> {
  const started = Date.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);
    return { status: 'ok', latencyMs: Date.now() - started, detail };
  } catch (err) {
    return { status: 'down', latencyMs: Date.now() - started, detail, error: (err as Error).message.split('\n')[0] };
  }
}

export function healthRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    summary: 'Overall status with one entry each for the database and Temporal',
    tags: ['system'],
    access: 'public',
    responses: {
      200: { description: 'Everything answers', schema: HealthBody },
      503: { description: 'The database or Temporal does not answer', schema: HealthBody },
    },
    handler: async ({ res }) => {
      const [database, temporal] = await Promise.all([
        check(deps.databaseLabel, () => deps.dataSource.query('SELECT 1')),
        check(deps.temporal.address, () => pingTemporal(deps.temporal.connection, deps.temporal.namespace)),
      ]);
      const ok = database.status === 'ok' && temporal.status === 'ok';
      const body: z.infer<typeof HealthBody> = {
        status: ok ? 'ok' : 'degraded',
        time: new Date().toISOString(),
        database,
        temporal: { ...temporal, namespace: deps.temporal.namespace, uiUrl: deps.temporal.uiUrl },
      };
      res.status(ok ? 200 : 503).json(body);
      return undefined;
    },
  });
}
