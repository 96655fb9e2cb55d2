import type { Page, TaskView } from '../../shared/api/core';
import { api, id, query } from '../../shared/api/http';

export const EMERGENCY_TYPES = ['gas_leak', 'fire', 'chemical_spill', 'injury', 'power_failure', 'other'] as const;

export type EmergencyType = (typeof EMERGENCY_TYPES)[number];

export const EMERGENCY_STATUSES = ['acknowledging', 'responding', 'reviewing', 'improving', 'closed'] as const;

export type EmergencyStatus = (typeof EMERGENCY_STATUSES)[number];

/** The parallel response tasks; `medical` only when someone is injured. */
export const RESPONSE_KINDS = ['evacuation', 'cutOff', 'medical'] as const;

export type ResponseKind = (typeof RESPONSE_KINDS)[number];

export const EMERGENCY_EVENT_TYPES = [
  'reported',
  'alerted',
  'progress',
  'on_site',
  'response_done',
  'under_control',
  'review_started',
  'reviewed',
  'action_done',
  'closed',
] as const;

export interface EmergencySummary {
  id: string;
  workflowId: string;
  type: EmergencyType;
  location: string;
  orgUnitId: string;
  orgUnitName: string;
  injuries: boolean;
  drill: boolean;
  status: EmergencyStatus;
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  reportedAt: string;
  acknowledgedAt: string | null;
  controlledAt: string | null;
  reviewedAt: string | null;
  closedAt: string | null;
  reporter: string;
}

export interface Emergency extends EmergencySummary {
  description: string;
  policyVersion: number | null;
}

/** A step of the response as the process tracks it. */
export interface EmergencyStep {
  taskId: string;
  orgUnitId: string;
  status: 'open' | 'started' | 'done';
  createdAt: string;
  startedAt: string | null;
  doneAt: string | null;
  dueAt: string;
  by: string | null;
  /** Seconds from the alarm to completion, or to now while open (computed by the API). */
  elapsedSeconds?: number;
}

export interface EmergencyResponse extends EmergencyStep {
  kind: ResponseKind;
  orgUnitName: string | null;
  targetSeconds: number;
  responseSeconds: number | null;
  late: boolean | null;
  notes: number;
}

export interface EmergencyFinding {
  step: ResponseKind | 'onSite';
  orgUnitId: string;
  orgUnitName: string;
  responseSeconds: number;
  targetSeconds: number;
  lateSeconds: number;
  text: string;
}

export interface EmergencyLive {
  phase: EmergencyStatus;
  drill: boolean;
  injuries: boolean;
  reportedAt: string;
  /** Seconds since the alarm, stopped when under control. */
  elapsedSeconds: number;
  onSite: EmergencyStep & { escalationLevel: number; overdue: boolean; delaySeconds: number | null };
  responses: EmergencyResponse[];
  controlledAt: string | null;
  findings: EmergencyFinding[];
  review: (EmergencyStep & { escalationLevel: number; overdue: boolean }) | null;
  actions: (EmergencyStep & { description: string })[];
  progressCount: number;
  openTasks: { id: string; taskType: string }[];
  closedAt: string | null;
}

export interface EmergencyEvent {
  id: string;
  at: string;
  /** One of EMERGENCY_EVENT_TYPES; unknown types are shown by their raw name. */
  type: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface EmergencyDetail {
  emergency: Emergency;
  live: EmergencyLive | null;
  tasks: TaskView[];
  timeline: EmergencyEvent[];
  temporalUiUrl: string | null;
}

export interface NewEmergency {
  /** Client-generated: a resent trigger is the same emergency. */
  emergencyId: string;
  type: EmergencyType;
  location: string;
  orgUnitId?: string;
  injuries: boolean;
  drill: boolean;
  description: string;
}

export interface EmergencyCreated {
  emergencyId: string;
  workflowId: string;
  created: boolean;
}

export interface EmergencyFilter {
  drill?: boolean;
  status?: EmergencyStatus;
  orgUnitId?: string;
  page?: number;
  pageSize?: number;
}

export const raiseEmergency = (body: NewEmergency) => api<EmergencyCreated>('POST', '/api/emergencies', body);

export const listEmergencies = (filter: EmergencyFilter) => api<Page<EmergencySummary>>('GET', `/api/emergencies${query(filter)}`);

export const fetchEmergency = (emergencyId: string) => api<EmergencyDetail>('GET', `/api/emergencies/${id(emergencyId)}`);

/** A progress note; `response` names the response it is about (default: the caller's department's). */
export const addEmergencyProgress = (emergencyId: string, text: string, response: ResponseKind | undefined, clientId: string) =>
  api<{ n: number }>('POST', `/api/emergencies/${id(emergencyId)}/progress`, response ? { text, response, clientId } : { text, clientId });
