import { z } from '../platform/openapi';
import { PROCESS_TYPES } from './service';

/** How the monitor sorts: breach = time to SLA breach, soonest (most overdue) first. */
export const MONITOR_SORTS = ['breach', 'started', 'escalation'] as const;

/** A type of process the monitor shows (the web's filter offers these values, generated as ProcessTypeValues). */
export const ProcessType = z.enum(PROCESS_TYPES).openapi('ProcessType');

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
    runId: z.string().nullable().describe('The run the item was read from; null when read from the projections (the Temporal link then opens the latest run)'),
    type: z.union([ProcessType, z.literal('unknown')]).describe('The process type (unknown for a process without the search attribute)'),
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

/** The monitor's filters as a saved view keeps them: as the query string of GET /api/processes carries them. */
export const SavedMonitorFilters = z
  .object({
    type: z.string().optional().describe('Comma-separated process types'),
    status: z.string().optional(),
    overdue: z.enum(['true', 'false']).optional(),
    orgUnitId: z.string().optional(),
    assignee: z.string().optional(),
    q: z.string().optional(),
    sort: z.enum(MONITOR_SORTS).optional(),
  })
  .openapi('MonitorFilters');

export type MonitorStep = z.infer<typeof MonitorStep>;
export type MonitorItem = z.infer<typeof MonitorItem>;
export type SavedMonitorFilters = z.infer<typeof SavedMonitorFilters>;
