import { HAZARD_CATEGORIES, HAZARD_SEVERITIES, HAZARD_STATUSES } from '../../domain/hazard/constants';
import { RISK_LEVELS_MATRIX } from '../../domain/risk-matrix';
import { z } from '../platform/openapi';
import { TaskViewSchema } from '../tasks/routes';

/** What the hazard routes answer (the request bodies stay beside their routes). */

/** A graded hazard's severity: major from the risk matrix's `majorFrom` level up. */
export const HazardGrade = z.enum(['general', 'major']);

export const HazardSummary = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    title: z.string(),
    category: z.enum(HAZARD_CATEGORIES),
    area: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    status: z.enum(HAZARD_STATUSES),
    severity: HazardGrade.nullable().describe('Set by grading'),
    riskLevel: z.enum(RISK_LEVELS_MATRIX).nullable().describe('Set by grading'),
    riskScore: z.number().nullable(),
    responsibleOrgUnitId: z.string().nullable(),
    responsibleOrgUnitName: z.string().nullable(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    overdueDays: z.number(),
    escalationLevel: z.number(),
    reworkCount: z.number(),
    reportedAt: z.string(),
    closedAt: z.string().nullable(),
    reporter: z.string(),
  })
  .openapi('HazardSummary');

/** A hazard as its detail page shows it: the list's fields and the report, grading and cancellation. */
export const Hazard = HazardSummary.extend({
  description: z.string(),
  suspectedSeverity: z.enum(HAZARD_SEVERITIES),
  evidenceIds: z.array(z.string()),
  riskLikelihood: z.number().nullable(),
  riskSeverity: z.number().nullable(),
  gradedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  policyVersion: z.number(),
}).openapi('Hazard');

/** The process's own view (its state query), when Temporal answers. */
export const HazardLive = z
  .object({
    phase: z.enum(HAZARD_STATUSES),
    round: z.number().describe('Rectification round (1, then +1 per failed verification)'),
    dueAt: z.string().nullable(),
    escalationLevel: z.number(),
    overdueDays: z.number(),
    reworkCount: z.number(),
    openTasks: z.array(z.object({ id: z.string(), taskType: z.string() })),
  })
  .openapi('HazardLive');

export const HazardEvent = z
  .object({ id: z.string(), at: z.string(), type: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()).describe('Per event type') })
  .openapi('HazardEvent');

export const HazardDetail = z
  .object({
    hazard: Hazard,
    // A union with null, not .nullable(): zod-to-openapi 9 would document the HazardLive component itself as nullable.
    live: z.union([HazardLive, z.null()]).describe('null when the process cannot be asked (history gone, Temporal unreachable)'),
    tasks: z.array(TaskViewSchema),
    timeline: z.array(HazardEvent),
    temporalUiUrl: z.string().nullable(),
  })
  .openapi('HazardDetail');
