import type { Page, TaskView } from '../../shared/api/core';
import { api, id, query } from '../../shared/api/http';

export const HAZARD_CATEGORIES = ['guarding', 'electrical', 'fire', 'chemical', 'housekeeping', 'ppe', 'lifting', 'vehicle', 'environment', 'other'] as const;

export type HazardCategory = (typeof HAZARD_CATEGORIES)[number];

export const HAZARD_STATUSES = ['grading', 'acknowledging', 'rectifying', 'major_actions', 'verifying', 'closed', 'cancelled'] as const;

export type HazardStatus = (typeof HAZARD_STATUSES)[number];

export type SuspectedSeverity = 'low' | 'medium' | 'high';

export type HazardSeverity = 'general' | 'major';

export type RiskLevel = 'low' | 'medium' | 'high' | 'extreme';

export const HAZARD_EVENT_TYPES = [
  'reported',
  'graded',
  'acknowledged',
  'progress',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  'reassigned',
  'stop_work_ordered',
  'joint_plan',
  'rectification_submitted',
  'verification_failed',
  'overdue_day',
  'closed',
  'cancelled',
] as const;

export type HazardEventType = (typeof HAZARD_EVENT_TYPES)[number];

export interface HazardSummary {
  id: string;
  workflowId: string;
  title: string;
  category: HazardCategory;
  area: string;
  orgUnitId: string;
  orgUnitName: string;
  status: HazardStatus;
  severity: HazardSeverity | null;
  riskLevel: RiskLevel | null;
  riskScore: number | null;
  responsibleOrgUnitId: string | null;
  responsibleOrgUnitName: string | null;
  dueAt: string | null;
  overdue: boolean;
  overdueDays: number;
  escalationLevel: number;
  reworkCount: number;
  reportedAt: string;
  closedAt: string | null;
  reporter: string;
}

export interface Hazard extends HazardSummary {
  description: string;
  suspectedSeverity: SuspectedSeverity;
  evidenceIds: string[];
  riskLikelihood: number | null;
  riskSeverity: number | null;
  gradedAt: string | null;
  acknowledgedAt: string | null;
  cancelReason: string | null;
  policyVersion: number | null;
}

export interface HazardLive {
  phase: HazardStatus;
  round: number;
  dueAt: string | null;
  escalationLevel: number;
  overdueDays: number;
  reworkCount: number;
  openTasks: { id: string; taskType: string }[];
}

export interface HazardEvent {
  id: string;
  at: string;
  /** One of HAZARD_EVENT_TYPES; unknown types are shown by their raw name. */
  type: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface HazardDetail {
  hazard: Hazard;
  live: HazardLive | null;
  tasks: TaskView[];
  timeline: HazardEvent[];
  temporalUiUrl: string | null;
}

export interface NewHazard {
  reportId: string;
  title: string;
  description: string;
  category: HazardCategory;
  area: string;
  orgUnitId?: string;
  suspectedSeverity: SuspectedSeverity;
  evidenceIds: string[];
}

export interface HazardCreated {
  hazardId: string;
  workflowId: string;
  created: boolean;
}

export interface HazardFilter {
  status?: HazardStatus;
  severity?: HazardSeverity;
  category?: HazardCategory;
  orgUnitId?: string;
  overdue?: boolean;
  area?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export const createHazard = (body: NewHazard) => api<HazardCreated>('POST', '/api/hazards', body);

export const listHazards = (filter: HazardFilter) => api<Page<HazardSummary>>('GET', `/api/hazards${query(filter)}`);

export const fetchHazard = (hazardId: string) => api<HazardDetail>('GET', `/api/hazards/${id(hazardId)}`);

/** `clientId` (newClientId()): the same for a retry of the same note, so it is recorded once. */
export const addHazardProgress = (hazardId: string, text: string, evidenceIds: string[], clientId: string) =>
  api<unknown>('POST', `/api/hazards/${id(hazardId)}/progress`, { text, evidenceIds, clientId });

export const requestHazardExtension = (hazardId: string, newDueAt: string, reason: string, clientId: string) =>
  api<unknown>('POST', `/api/hazards/${id(hazardId)}/extension`, { newDueAt, reason, clientId });

export const cancelHazard = (hazardId: string, reason: string, duplicateOf?: string) =>
  api<unknown>('POST', `/api/hazards/${id(hazardId)}/cancel`, duplicateOf ? { reason, duplicateOf } : { reason });

export const reassignHazard = (hazardId: string, responsibleOrgUnitId: string, responsiblePersonId?: string) =>
  api<unknown>('POST', `/api/hazards/${id(hazardId)}/reassign`, responsiblePersonId ? { responsibleOrgUnitId, responsiblePersonId } : { responsibleOrgUnitId });
