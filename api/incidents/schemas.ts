import {
  FISHBONE_CATEGORIES,
  INCIDENT_CATEGORIES,
  INCIDENT_CONSEQUENCES,
  INCIDENT_KINDS,
  INCIDENT_LEVELS,
  INCIDENT_STATUSES,
  RESPONSIBILITY_LEVELS,
} from '../../domain/incident/constants';
import { evidenceId, isoDate } from '../../domain/task-forms';
import { z } from '../platform/openapi';
import { TaskViewSchema } from '../tasks/routes';

/** What the incident routes take and answer. */

const receiptCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{10,32}$/, '10 to 32 capital letters and digits')
  .describe('Chosen by the client (a phone shows it at once, even offline); the server keeps only its SHA-256');

/** A report from the field: what, where, when, who was hurt, what was done at once, photos. */
const ReportFields = z
  .object({
    incidentId: z.string().uuid().describe('Client-generated id: a resent report is the same incident'),
    kind: z.enum(INCIDENT_KINDS),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(5000),
    location: z.string().trim().min(1).max(200),
    orgUnitId: z.string().uuid().optional().describe('Where it happened; default: your own unit'),
    occurredAt: isoDate,
    injuredPeople: z
      .array(z.object({ name: z.string().trim().min(1).max(100), personId: z.string().uuid().optional(), injury: z.string().trim().min(1).max(500) }).strict())
      .max(50)
      .default([]),
    immediateActions: z.string().trim().max(5000).default(''),
    evidenceIds: z.array(evidenceId).max(20).default([]),
    emergencyId: z
      .string()
      .uuid()
      .optional()
      .describe('The emergency this incident comes from: its place, unit, time and description fill what the report leaves out'),
    receiptCode: receiptCode.optional(),
  })
  .strict();

/** A named report; with an emergency's id, the emergency fills title, description, location, time and unit when left out. */
export const ReportBody = ReportFields.extend({
  title: ReportFields.shape.title.optional(),
  description: ReportFields.shape.description.optional(),
  location: ReportFields.shape.location.optional(),
  occurredAt: isoDate.optional(),
}).superRefine((r, ctx) => {
  if (r.emergencyId) return;
  for (const field of ['title', 'description', 'location', 'occurredAt'] as const)
    if (r[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'required (unless the report comes from an emergency)' });
});
export type ReportInput = z.infer<typeof ReportBody>;

/** An anonymous near miss: no reporter identity is stored or logged anywhere. */
export const AnonymousReportBody = ReportFields.omit({ kind: true, emergencyId: true, injuredPeople: true }).extend({ receiptCode });
export type AnonymousReportInput = z.infer<typeof AnonymousReportBody>;

export const Reported = z
  .object({
    incidentId: z.string(),
    workflowId: z.string(),
    created: z.boolean(),
    receiptCode: z.string().nullable().describe('Follow the report with GET /api/incidents/receipt/{code}; null on a resend when the server chose it'),
  })
  .openapi('IncidentReported');

export const INCIDENT_STATUS = z.enum(INCIDENT_STATUSES);

export const IncidentSummary = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    kind: z.enum(INCIDENT_KINDS),
    anonymous: z.boolean(),
    title: z.string(),
    location: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    occurredAt: z.string(),
    reportedAt: z.string(),
    status: INCIDENT_STATUS,
    category: z.enum(INCIDENT_CATEGORIES).nullable(),
    consequence: z.enum(INCIDENT_CONSEQUENCES).nullable(),
    level: z.enum(INCIDENT_LEVELS).nullable(),
    reportable: z.boolean(),
    deaths: z.number(),
    seriousInjuries: z.number(),
    minorInjuries: z.number(),
    daysLost: z.number(),
    directLossYuan: z.number(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    escalationLevel: z.number(),
    regulatoryDueAt: z.string().nullable(),
    regulatoryReportedAt: z.string().nullable(),
    actionsTotal: z.number(),
    actionsVerified: z.number(),
    closedAt: z.string().nullable(),
    reporter: z.string().nullable().describe('Display name; null for an anonymous report'),
  })
  .openapi('IncidentSummary');

export const CorrectiveActionView = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    n: z.number(),
    kind: z.enum(['corrective', 'preventive']),
    description: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string().nullable(),
    status: z.enum(['doing', 'verifying', 'monitoring', 'closed', 'cancelled']),
    dueAt: z.string(),
    round: z.number(),
    verifiedAt: z.string().nullable(),
    nextRecheckAt: z.string().nullable(),
    rechecksPassed: z.number(),
    rechecksFailed: z.number(),
    closedAt: z.string().nullable(),
  })
  .openapi('CorrectiveAction');

const Member = z.object({ personId: z.string(), name: z.string(), orgUnitId: z.string() });

export const IncidentLive = z
  .object({
    phase: INCIDENT_STATUS,
    lead: Member.nullable(),
    members: z.array(Member),
    regulatory: z.object({ dueAt: z.string(), reportedAt: z.string().nullable(), escalationLevel: z.number(), breached: z.boolean() }).nullable(),
    clock: z.object({ taskId: z.string(), dueAt: z.string(), escalationLevel: z.number(), breached: z.boolean() }).nullable(),
    responsibilities: z.array(z.object({ personId: z.string(), level: z.enum(RESPONSIBILITY_LEVELS) })),
    openTasks: z.array(z.string()),
  })
  .openapi('IncidentLive');

const TimelineEntry = z.object({ id: z.string(), at: z.string(), type: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()) });

export const IncidentDetail = z
  .object({
    incident: IncidentSummary.extend({
      description: z.string(),
      immediateActions: z.string(),
      injuredPeople: z.array(z.object({ name: z.string(), personId: z.string().nullable().optional(), injury: z.string() })),
      evidenceIds: z.array(z.string()),
      emergencyId: z.string().nullable(),
      policyVersion: z.number(),
    }),
    live: z.union([IncidentLive, z.null()]),
    investigation: z
      .union([
        z.object({
          timeline: z.array(z.object({ at: z.string(), what: z.string() })),
          whys: z.array(z.string()),
          fishbone: z.array(z.object({ category: z.enum(FISHBONE_CATEGORIES), cause: z.string() })),
          rootCause: z.string(),
          summary: z.string(),
          evidenceIds: z.array(z.string()),
        }),
        z.null(),
      ])
      .describe('The investigation report once submitted'),
    actions: z.array(CorrectiveActionView),
    tasks: z.array(TaskViewSchema),
    timeline: z.array(TimelineEntry),
    temporalUiUrl: z.string().nullable(),
  })
  .openapi('IncidentDetail');

/** What a receipt code shows its holder: how far the report got, nothing about anyone. */
export const ReceiptView = z
  .object({
    kind: z.enum(INCIDENT_KINDS),
    title: z.string(),
    status: INCIDENT_STATUS,
    reportedAt: z.string(),
    classifiedAt: z.string().nullable(),
    investigatedAt: z.string().nullable(),
    actionsTotal: z.number(),
    actionsVerified: z.number(),
    closedAt: z.string().nullable(),
  })
  .openapi('IncidentReceipt');
