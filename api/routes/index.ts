import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { ApiDeps } from '../deps';
import { authRoutes } from './auth';
import { healthRoutes } from './health';
import { probeRoutes } from './probes';

/** Every route module, registered on one router and one OpenAPI registry. */
export function registerRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  healthRoutes(router, registry, deps);
  authRoutes(router, registry, deps);
  probeRoutes(router, registry, deps);
}
