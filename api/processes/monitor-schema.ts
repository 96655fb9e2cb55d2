import { z } from '../platform/openapi';

/** One process in flight as the monitor shows it: the OpenAPI schema and, inferred from it, the service's type. */
export const MonitorStep = z.object({
  taskId: z.string(),
  title: z.string(),
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  candidateRole: z.string().nullable(),
  assignee: z.string().nullable(),
  dueAt: z.string().nullable(),
  escalationLevel: z.number(),
});

export const MonitorItem = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    type: z.string(),
    workflowType: z.string(),
    subject: z.string(),
    status: z.string().nullable(),
    severity: z.string().nullable(),
    orgUnitId: z.string().nullable(),
    orgUnitName: z.string().nullable(),
    departmentId: z.string().nullable(),
    departmentName: z.string().nullable(),
    startedAt: z.string(),
    slaDeadline: z.string().nullable(),
    secondsToBreach: z.number().nullable().describe('Negative when overdue'),
    overdue: z.boolean(),
    escalationLevel: z.number(),
    steps: z.array(MonitorStep).describe('Open steps (inbox tasks) with their holders'),
    temporalUiUrl: z.string().nullable(),
  })
  .openapi('MonitorItem');

export type MonitorStep = z.infer<typeof MonitorStep>;
export type MonitorItem = z.infer<typeof MonitorItem>;
