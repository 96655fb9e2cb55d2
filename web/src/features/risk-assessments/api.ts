import type { RiskLevel } from '../hazards/api';
import type { Page, TaskView } from '../../shared/api/core';
import { api, id, query } from '../../shared/api/http';

export const RISK_ASSESSMENT_STATUSES = ['inputs', 'compiling', 'proposing', 'planning', 'executing', 'verifying', 'closed'] as const;

export type RiskAssessmentStatus = (typeof RISK_ASSESSMENT_STATUSES)[number];

/** The departments that give input and propose measures. */
export const RISK_DEPARTMENTS = ['production', 'equipment', 'hr'] as const;

export type RiskDepartment = (typeof RISK_DEPARTMENTS)[number];

export const MEASURE_STATUSES = ['planned', 'done', 'passed', 'failed'] as const;

export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export type RiskChange = 'new' | 'removed' | 'raised' | 'lowered' | 'unchanged';

export const RISK_EVENT_TYPES = [
  'started',
  'input',
  'input_late',
  'gap',
  'inputs_closed',
  'register_compiled',
  'proposals',
  'proposals_late',
  'proposals_closed',
  'plan_approved',
  'measure_done',
  'verification_open',
  'measure_passed',
  'measure_failed',
  'closed',
] as const;

export interface RiskGap {
  orgUnitId: string;
  orgUnitName: string;
  step: 'input' | 'proposals' | string;
}

export interface RiskAssessmentSummary {
  id: string;
  workflowId: string;
  title: string;
  area: string;
  orgUnitId: string;
  orgUnitName: string;
  departments: RiskDepartment[];
  status: RiskAssessmentStatus;
  scheduleId: string | null;
  initiatedBy: string;
  gaps: RiskGap[];
  itemCount: number;
  measureCount: number;
  failedMeasures: number;
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  startedAt: string;
  compiledAt: string | null;
  closedAt: string | null;
  policyVersion: number;
}

/** A department's input or proposals, with its SLA clock. */
export interface RiskDepartmentStep {
  department: RiskDepartment;
  orgUnitId: string;
  taskId: string;
  /** open → done; gap when the SLA passed without an answer (a late answer is still kept). */
  status: 'open' | 'done' | 'gap';
  createdAt: string;
  dueAt: string;
  doneAt: string | null;
  by: string | null;
  delaySeconds: number | null;
  late: boolean | null;
  escalationLevel: number;
  overdue: boolean;
  answer: Record<string, unknown> | null;
}

/** A step of the safety hub (register, plan). */
export interface RiskSafetyStep {
  taskId: string;
  status: 'waiting' | 'open' | 'done';
  dueAt: string | null;
  doneAt: string | null;
  by: string | null;
  escalationLevel: number;
  overdue: boolean;
}

export interface RiskLive {
  phase: RiskAssessmentStatus;
  inputs: RiskDepartmentStep[];
  compile: RiskSafetyStep;
  proposals: RiskDepartmentStep[];
  plan: RiskSafetyStep;
  measures: { n: number; description: string; status: MeasureStatus; dueAt: string; taskId: string; verifyTaskId: string }[];
  verificationDueAt: string | null;
  gaps: { orgUnitId: string; step: string }[];
  units: { names: Record<string, string> } | null;
  openTasks: { id: string; taskType: string }[];
  closedAt: string | null;
}

export interface RiskScored {
  likelihood: number;
  severity: number;
  score: number;
  level: RiskLevel;
}

export interface RiskRegisterItem extends RiskScored {
  key: string;
  title: string;
  source: string;
  ownerOrgUnitId: string;
  ownerOrgUnitName: string;
}

export interface RiskHeatMap {
  size: number;
  /** `cells[likelihood - 1][severity - 1]`. */
  cells: { likelihood: number; severity: number; count: number; level: RiskLevel }[][];
}

export interface RiskRegister {
  assessmentId: string;
  policyVersion: number;
  compiledAt: string | null;
  items: RiskRegisterItem[];
  heatMap: RiskHeatMap;
  previous: { assessmentId: string; title: string; compiledAt: string | null; heatMap: RiskHeatMap } | null;
  comparison: { key: string; title: string; change: RiskChange; before: RiskScored | null; after: RiskScored | null }[];
}

export interface RiskMeasure {
  id: string;
  n: number;
  itemKey: string;
  description: string;
  ownerOrgUnitId: string;
  ownerOrgUnitName: string;
  dueAt: string;
  status: MeasureStatus;
  doneAt: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  reason: string | null;
  hazardId: string | null;
}

export interface RiskEvent {
  id: string;
  at: string;
  /** One of RISK_EVENT_TYPES; unknown types are shown by their raw name. */
  type: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface RiskAssessmentDetail {
  assessment: RiskAssessmentSummary;
  live: RiskLive | null;
  register: RiskRegister;
  measures: RiskMeasure[];
  tasks: TaskView[];
  timeline: RiskEvent[];
  temporalUiUrl: string | null;
}

export interface NewRiskAssessment {
  /** Client-generated: a resent start is the same assessment. */
  assessmentId: string;
  title: string;
  area: string;
  orgUnitId: string;
  departments: RiskDepartment[];
}

export interface RiskAssessmentCreated {
  assessmentId: string;
  workflowId: string;
  created: boolean;
}

export interface RiskAssessmentFilter {
  status?: RiskAssessmentStatus;
  orgUnitId?: string;
  scheduleId?: string;
  page?: number;
  pageSize?: number;
}

export interface RiskSchedule {
  scheduleId: string;
  title: string;
  area: string;
  orgUnitId: string;
  orgUnitName: string;
  departments: RiskDepartment[];
  dayOfMonth: number;
  /** HH:MM in `timeZone`. */
  time: string;
  timeZone: string;
  paused: boolean;
  note: string | null;
  nextRuns: string[];
  recentRuns: { at: string; workflowId: string }[];
  runs: number;
}

export interface RiskScheduleInput {
  title?: string;
  area: string;
  orgUnitId: string;
  departments: RiskDepartment[];
  dayOfMonth: number;
  time: string;
  timeZone?: string;
  paused: boolean;
  note?: string;
}

export const startRiskAssessment = (body: NewRiskAssessment) => api<RiskAssessmentCreated>('POST', '/api/risk-assessments', body);

export const listRiskAssessments = (filter: RiskAssessmentFilter) => api<Page<RiskAssessmentSummary>>('GET', `/api/risk-assessments${query(filter)}`);

export const fetchRiskAssessment = (assessmentId: string) => api<RiskAssessmentDetail>('GET', `/api/risk-assessments/${id(assessmentId)}`);

export const fetchRiskRegister = (assessmentId: string, compareTo?: string) =>
  api<RiskRegister>('GET', `/api/risk-assessments/${id(assessmentId)}/register${query({ compareTo })}`);

export const listRiskSchedules = () => api<{ items: RiskSchedule[] }>('GET', '/api/risk-assessments/schedules');

export const saveRiskSchedule = (body: RiskScheduleInput) => api<RiskSchedule>('PUT', '/api/risk-assessments/schedules', body);

export const pauseRiskSchedule = (scheduleId: string, paused: boolean, note: string) =>
  api<RiskSchedule>('POST', `/api/risk-assessments/schedules/${id(scheduleId)}/pause`, { paused, note });

export const triggerRiskSchedule = (scheduleId: string) => api<{ triggered: true }>('POST', `/api/risk-assessments/schedules/${id(scheduleId)}/trigger`);

export const deleteRiskSchedule = (scheduleId: string) => api<unknown>('DELETE', `/api/risk-assessments/schedules/${id(scheduleId)}`);
