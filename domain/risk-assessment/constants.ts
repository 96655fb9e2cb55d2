/**
 * Joint risk assessment constants, defined once: the process's statuses (the workflow's phase
 * and the projection's `status`) and a control measure's statuses. The workflow, the API (zod
 * enums, hence the OpenAPI document) and the web import them from here. Pure and deterministic.
 */

/** An assessment's phases, in order: its status in lists, its phase in the live state. */
export const RISK_ASSESSMENT_STATUSES = ['inputs', 'compiling', 'proposing', 'planning', 'executing', 'verifying', 'closed'] as const;
export type RiskAssessmentStatus = (typeof RISK_ASSESSMENT_STATUSES)[number];

/** A control measure: planned → done (reported by its owner) → passed or failed (joint verification). */
export const RISK_MEASURE_STATUSES = ['planned', 'done', 'passed', 'failed'] as const;
export type RiskMeasureStatus = (typeof RISK_MEASURE_STATUSES)[number];
