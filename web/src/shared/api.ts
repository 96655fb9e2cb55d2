/**
 * The SafeLoop API client: transport (./api/http), the shared contract (./api/core) and each
 * feature's calls (features/<feature>/api.ts), re-exported so a page imports from one place.
 */
export * from './api/http';
export * from './api/core';
export * from '../features/hazards/api';
export * from '../features/emergencies/api';
export * from '../features/incidents/api';
export * from '../features/risk-assessments/api';
export * from '../features/scores/api';
export * from '../features/approvals/api';
export * from '../features/dashboard/api';
export * from '../features/processes/api';
export * from '../features/inspections/api';
export * from '../features/alerts/api';
export * from '../features/reports/api';
