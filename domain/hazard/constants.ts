/**
 * Hazard (隐患) constants, defined once: the process's statuses (the workflow's phase and the
 * projection's `status`), the categories a reporter picks from and the suspected severities.
 * The workflow, the activities, the API (zod enums, hence the OpenAPI document) and the
 * dashboards import them from here. Pure and deterministic.
 */

/** The steps of a hazard's process, in order, then the two ends. */
export const HAZARD_STATUSES = ['grading', 'acknowledging', 'rectifying', 'major_actions', 'verifying', 'closed', 'cancelled'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

/** The statuses in which a hazard's process has ended: nothing is open or overdue any more. */
export const HAZARD_ENDED_STATUSES = ['closed', 'cancelled'] as const satisfies readonly HazardStatus[];

export const HAZARD_CATEGORIES = ['guarding', 'electrical', 'fire', 'chemical', 'housekeeping', 'ppe', 'lifting', 'vehicle', 'environment', 'other'] as const;
export type HazardCategory = (typeof HAZARD_CATEGORIES)[number];

/** The severity the reporter suspects (grading then sets the risk matrix's level). */
export const HAZARD_SEVERITIES = ['low', 'medium', 'high'] as const;
export type HazardSeverity = (typeof HAZARD_SEVERITIES)[number];
