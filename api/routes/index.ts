import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { ApiDeps } from '../deps';
import { alertRoutes } from './alerts';
import { apiKeyRoutes } from './api-keys';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { emergencyRoutes } from './emergencies';
import { exportRoutes } from './exports';
import { hazardRoutes } from './hazards';
import { healthRoutes } from './health';
import { orgRoutes } from './org';
import { noticeRoutes } from './notices';
import { notificationRoutes } from './notifications';
import { policyRoutes } from './policies';
import { probeRoutes } from './probes';
import { processRoutes } from './processes';
import { riskAssessmentRoutes } from './risk-assessments';
import { rulesetRoutes } from './rulesets';
import { assessmentCycleRoutes } from './assessment-cycles';
import { scoreRequestRoutes } from './score-requests';
import { userRoutes } from './users';
import { taskRoutes } from './tasks';

/** Every route module, registered on one router and one OpenAPI registry. */
export function registerRoutes(router: Router, registry: OpenAPIRegistry, deps: ApiDeps): void {
  healthRoutes(router, registry, deps);
  authRoutes(router, registry, deps);
  probeRoutes(router, registry, deps);
  orgRoutes(router, registry, deps);
  userRoutes(router, registry, deps);
  policyRoutes(router, registry, deps);
  auditRoutes(router, registry, deps);
  apiKeyRoutes(router, registry, deps);
  taskRoutes(router, registry, deps);
  noticeRoutes(router, registry, deps);
  hazardRoutes(router, registry, deps);
  emergencyRoutes(router, registry, deps);
  riskAssessmentRoutes(router, registry, deps);
  rulesetRoutes(router, registry, deps);
  assessmentCycleRoutes(router, registry, deps);
  scoreRequestRoutes(router, registry, deps);
  notificationRoutes(router, registry, deps);
  alertRoutes(router, registry, deps);
  processRoutes(router, registry, deps);
  exportRoutes(router, registry, deps);
}
