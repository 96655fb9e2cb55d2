import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { ApiDeps } from '../platform/deps';
import { importRoutes } from './import-routes';
import { peopleRoutes } from './people-routes';
import { postRoutes } from './post-routes';
import { responderRoutes } from './responder-routes';
import { emergencyPhoneRoutes } from './emergency-phones';
import { unitRoutes } from './unit-routes';

/**
 * The organisation API (SPEC §2) under `/api/org`: the tree, units, posts, people and bulk
 * import. Reads are limited to the caller's subtree (admins and auditors: everything; anything
 * outside is 404); admins write anywhere, managers and HR inside their subtree.
 */
export function orgRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  unitRoutes(router, registry, deps);
  responderRoutes(router, registry, deps);
  emergencyPhoneRoutes(router, registry, deps);
  postRoutes(router, registry, deps);
  peopleRoutes(router, registry, deps);
  importRoutes(router, registry, deps);
}
