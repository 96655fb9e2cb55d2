import { EMERGENCY_TYPES, RESPONSE_KINDS } from '../../domain/emergency/rules';
import type { EmergencyPhase } from '../../workflows/emergency/messages';
import { z } from '../platform/openapi';
import { TaskViewSchema } from '../tasks/routes';

/** What the emergency routes answer (the request bodies stay beside their routes). */

/** The steps of an emergency's process (the workflow's phase, the projection's status), in order. */
export const EMERGENCY_STATUSES = ['acknowledging', 'responding', 'reviewing', 'improving', 'closed'] as const satisfies readonly EmergencyPhase[];

export const EmergencySummary = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    type: z.enum(EMERGENCY_TYPES),
    location: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    injuries: z.boolean(),
    drill: z.boolean(),
    status: z.enum(EMERGENCY_STATUSES),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    escalationLevel: z.number(),
    reportedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    controlledAt: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    reporter: z.string(),
  })
  .openapi('EmergencySummary');

export const Emergency = EmergencySummary.extend({ description: z.string(), policyVersion: z.number() }).openapi('Emergency');

/** One department's step: the on-site acknowledgement, a response, the review or an improvement action. */
const Step = z.object({
  taskId: z.string(),
  orgUnitId: z.string(),
  orgUnitName: z.string().nullable(),
  status: z.enum(['open', 'started', 'done']),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  dueAt: z.string(),
  by: z.string().nullable(),
});
const Clocked = { escalationLevel: z.number(), overdue: z.boolean() };

export const EmergencyLive = z
  .object({
    phase: z.enum(EMERGENCY_STATUSES),
    drill: z.boolean(),
    injuries: z.boolean(),
    reportedAt: z.string(),
    elapsedSeconds: z.number().describe('From the alarm to control (or now)'),
    onSite: Step.extend({
      ...Clocked,
      delaySeconds: z.number().nullable(),
      targetSeconds: z.number().nullable().describe('The policy’s on-site target'),
      late: z.boolean().nullable(),
      elapsedSeconds: z.number(),
    }),
    responses: z.array(
      Step.extend({
        kind: z.enum(RESPONSE_KINDS),
        targetSeconds: z.number(),
        responseSeconds: z.number().nullable().describe('From the alarm to completion, once done'),
        late: z.boolean().nullable(),
        notes: z.number(),
        elapsedSeconds: z.number(),
      }),
    ),
    controlledAt: z.string().nullable(),
    findings: z.array(
      z.object({
        step: z.enum([...RESPONSE_KINDS, 'onSite']),
        orgUnitId: z.string(),
        orgUnitName: z.string(),
        responseSeconds: z.number(),
        targetSeconds: z.number(),
        lateSeconds: z.number(),
        text: z.string(),
      }),
    ),
    review: Step.omit({ orgUnitName: true }).extend(Clocked).nullable(),
    actions: z.array(Step.extend({ description: z.string() })),
    progressCount: z.number(),
    openTasks: z.array(z.object({ id: z.string(), taskType: z.string() })),
    closedAt: z.string().nullable(),
  })
  .openapi('EmergencyLive');

export const EmergencyEvent = z
  .object({ id: z.string(), at: z.string(), type: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()).describe('Per event type') })
  .openapi('EmergencyEvent');

export const EmergencyDetail = z
  .object({
    emergency: Emergency,
    // A union with null, not .nullable(): zod-to-openapi 9 would document the EmergencyLive component itself as nullable.
    live: z.union([EmergencyLive, z.null()]).describe('null when the process cannot be asked (history gone, Temporal unreachable)'),
    tasks: z.array(TaskViewSchema),
    timeline: z.array(EmergencyEvent),
    temporalUiUrl: z.string().nullable(),
  })
  .openapi('EmergencyDetail');
