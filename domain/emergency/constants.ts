/**
 * Emergency (应急) constants, defined once: the process's statuses (the workflow's phase and the
 * projection's `status`). The workflow, the API (zod enums, hence the OpenAPI document) and the
 * web import them from here. The emergency types and response kinds live beside their rules in
 * `rules.ts`. Pure and deterministic.
 */

/** The steps of an emergency's process, in order. */
export const EMERGENCY_STATUSES = ['acknowledging', 'responding', 'reviewing', 'improving', 'closed'] as const;
export type EmergencyStatus = (typeof EMERGENCY_STATUSES)[number];
