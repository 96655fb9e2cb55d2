import { type Page, type UserRef, fetchFile } from '../../shared/api/core';
import { api, id, query } from '../../shared/api/http';

export const PROCESS_TYPES = [
  'hazard',
  'emergency',
  'risk_assessment',
  'assessment_cycle',
  'improvement_plan',
  'appeal',
  'adjustment',
  'declaration',
  'notice',
] as const;

export type ProcessType = (typeof PROCESS_TYPES)[number];

export const MONITOR_SORTS = ['breach', 'started', 'escalation'] as const;

export type MonitorSort = (typeof MONITOR_SORTS)[number];

/** An open step of a process: an inbox task and who holds it (a username, or the unit's candidates). */
export interface MonitorStep {
  taskId: string;
  title: string;
  orgUnitId: string;
  orgUnitName: string;
  candidateRole: string | null;
  assignee: string | null;
  dueAt: string | null;
  escalationLevel: number;
}

/** A process in flight, as the safety hub monitor lists it. */
export interface MonitorItem {
  workflowId: string;
  runId: string;
  /** One of PROCESS_TYPES (`unknown` for a process without the search attribute). */
  type: string;
  workflowType: string;
  subject: string;
  /** The process's own step name (hazard `grading`, emergency `responding`, …). */
  status: string | null;
  severity: string | null;
  orgUnitId: string | null;
  orgUnitName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  startedAt: string;
  slaDeadline: string | null;
  /** Negative when overdue; at `serverTime`. */
  secondsToBreach: number | null;
  overdue: boolean;
  escalationLevel: number;
  steps: MonitorStep[];
  temporalUiUrl: string | null;
}

export interface MonitorPage extends Page<MonitorItem> {
  counts: { total: number; overdue: number; escalated: number };
  /** The server read only the first few thousand running processes. */
  truncated: boolean;
  /** The server's clock when it answered: countdowns run against it, not the browser's. */
  serverTime: string;
}

/** The monitor's filters as the URL and saved views hold them (`type`: comma-separated). */
export type MonitorFilters = {
  type?: string;
  status?: string;
  overdue?: 'true' | 'false';
  orgUnitId?: string;
  assignee?: string;
  q?: string;
  sort?: MonitorSort;
};

export interface SavedMonitorView {
  id: string;
  name: string;
  shared: boolean;
  owner: string | null;
  mine: boolean;
  filters: MonitorFilters;
}

/** One result of a bulk action: done, or why not. */
export interface BulkResult {
  workflowId: string;
  ok: boolean;
  error?: string;
  /** Reassign: how many open steps were handed over. */
  tasks?: number;
}

export interface TimelineEntry {
  at: string;
  /** `process`: the workflow's own history; `audit`: the audit log (what people did through the API). */
  source: 'process' | 'audit';
  /** `started`, `task.handed`, `decision`, `status`, `sla.fired`, `escalated`, `notified`, `completed`, `cancelled`, audit actions, … */
  kind: string;
  actor: string;
  text: string;
  data: Record<string, unknown>;
  /** Where in the raw record: `event:<id>` or `audit:<seq>`. */
  ref: string;
}

/** The auditor's view of one process: its history merged with the audit log. */
export interface ProcessHistory {
  workflowId: string;
  runId: string | null;
  workflowType: string | null;
  processType: string | null;
  /** Temporal's execution status: RUNNING, COMPLETED, CANCELLED, TERMINATED, FAILED, TIMED_OUT, …; UNKNOWN past retention. */
  status: string;
  startedAt: string | null;
  closedAt: string | null;
  /** `audit`: past Temporal's retention, rebuilt from the audit log alone. */
  source: 'temporal+audit' | 'audit';
  temporalUiUrl: string | null;
  entries: TimelineEntry[];
  generatedAt: string;
  generatedBy: string;
}

/** An account as `GET /api/users` lists it (the fields the UI reads). */
export interface UserAccount extends UserRef {
  active: boolean;
  orgUnitId: string;
  orgUnitName: string | null;
  roles: string[];
}

export const listProcesses = (filters: MonitorFilters & { page?: number; pageSize?: number }) => api<MonitorPage>('GET', `/api/processes${query(filters)}`);

export const cancelProcesses = (workflowIds: string[], reason: string) =>
  api<{ results: BulkResult[] }>('POST', '/api/processes/cancel', { workflowIds, reason });

export const reassignProcesses = (workflowIds: string[], toUserId: string) =>
  api<{ results: BulkResult[] }>('POST', '/api/processes/reassign', { workflowIds, toUserId });

export const listMonitorViews = () => api<{ items: SavedMonitorView[] }>('GET', '/api/processes/views');

export const saveMonitorView = (name: string, shared: boolean, filters: MonitorFilters) =>
  api<SavedMonitorView>('POST', '/api/processes/views', { name, shared, filters });

export const deleteMonitorView = (viewId: string) => api<unknown>('DELETE', `/api/processes/views/${id(viewId)}`);

export const fetchProcessHistory = (workflowId: string) => api<ProcessHistory>('GET', `/api/processes/${id(workflowId)}/history`);

/** The timeline as a file: its content and the server's file name. */
export const downloadProcessHistory = (workflowId: string, format: 'json' | 'html') =>
  fetchFile(`/api/processes/${id(workflowId)}/history/export${query({ format })}`, `process-history.${format}`);
