import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Policy } from '../../domain/policy';
import type { RiskAssessmentStatus, RiskMeasureStatus } from '../../domain/risk-assessment/constants';
import type { RiskInputDepartment, RiskItem } from '../../domain/risk-assessment/rules';
import type { EmergencyUnits } from '../emergency/messages';

/**
 * Joint risk assessment (联合风险评估): the safety hub starts it for an area with the
 * participating departments (or a monthly Temporal Schedule does, per plant) → parallel inputs
 * (production: process and load; equipment: equipment state and failure risks; HR: training
 * status), each with SLA, reminders and escalation; a department that misses its SLA is recorded
 * as a gap and the assessment goes on (quorum rule) → the safety hub compiles the risk register
 * (levels from the policy's matrix) → departments propose control measures in parallel → the
 * control plan assigns measures with owners and due dates → execution → joint verification
 * within the policy's window after the plan's last due date; a measure that fails starts a
 * hazard process. One workflow per assessment, ID `RiskAssessment:<id>`.
 */
export interface RiskAssessmentRequest {
  assessmentId: string;
  title: string;
  area: string;
  /** The unit assessed; its plant's departments take part. */
  orgUnitId: string;
  departments: RiskInputDepartment[];
  initiatedBy: string;
  startedAt: string;
  /** The schedule that started it, null when started by hand. */
  scheduleId: string | null;
}

/** What a schedule's action carries: the rest (id, time, policy) is settled when the run starts. */
export interface ScheduledRiskAssessment {
  scheduleId: string;
  title: string;
  area: string;
  orgUnitId: string;
  departments: RiskInputDepartment[];
}

export type RiskAssessmentInput = { request: RiskAssessmentRequest; policy: Policy; policyVersion: number } | { scheduled: ScheduledRiskAssessment };

export type RiskAssessmentPhase = RiskAssessmentStatus;

/** The plant's departments that take part, their heads and names: the emergency process's, without its alert lists. */
export type RiskUnits = Omit<EmergencyUnits, 'alert'>;

/** A department's step (input or measure proposals) with its SLA clock. */
export interface DepartmentStep {
  department: RiskInputDepartment;
  orgUnitId: string;
  taskId: string;
  /** open → done, or gap when the SLA passed without an answer (a late answer is still kept). */
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

export interface SafetyStep {
  taskId: string;
  status: 'waiting' | 'open' | 'done';
  dueAt: string | null;
  doneAt: string | null;
  by: string | null;
  escalationLevel: number;
  overdue: boolean;
}

export interface MeasureState {
  id: string;
  n: number;
  itemKey: string;
  description: string;
  ownerOrgUnitId: string;
  dueAt: string;
  status: RiskMeasureStatus;
  taskId: string;
  verifyTaskId: string;
  doneAt: string | null;
  doneBy: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  reason: string | null;
  hazardId: string | null;
}

export interface RiskAssessmentState {
  phase: RiskAssessmentPhase;
  request: RiskAssessmentRequest | null;
  policyVersion: number | null;
  units: RiskUnits | null;
  inputs: DepartmentStep[];
  compile: SafetyStep;
  register: RiskItem[];
  proposals: DepartmentStep[];
  plan: SafetyStep;
  measures: MeasureState[];
  verificationDueAt: string | null;
  /** Org unit ids of departments that missed an SLA (input or proposals). */
  gaps: { orgUnitId: string; step: 'input' | 'proposals' }[];
  openTasks: { id: string; taskType: string }[];
  closedAt: string | null;
}

export const riskAssessmentStateQuery = defineQuery<RiskAssessmentState>('state');

export const RISK_ASSESSMENT_PREFIX = 'RiskAssessment:';

export function riskAssessmentWorkflowId(assessmentId: string): string {
  return `${RISK_ASSESSMENT_PREFIX}${assessmentId}`;
}

/**
 * One control measure's execution and joint verification (a child of its assessment, so the
 * assessment's history stays small however many measures the plan has): the owner's task with
 * its due date, the safety hub's verification, a hazard process when it fails. Its inbox tasks
 * carry its own workflow ID (completions are sent there); their IDs stay the assessment's
 * (`<assessment workflow>/measure-<n>`, `/verify-<n>`). Its timeline events and facts are the
 * assessment's. ID `<assessment workflow>/measure-<n>`.
 */
export interface RiskMeasureInput {
  /** The assessment's workflow (events, facts and the signal at verification go there). */
  assessmentWorkflowId: string;
  assessmentId: string;
  area: string;
  /** "<title> — <area>", for task titles. */
  header: string;
  link: string;
  measure: MeasureState;
  item: RiskItem | null;
  /** The owner's department name and the heads facts are attributed to. */
  owners: { names: Record<string, string>; heads: Record<string, string | null> };
  safetyOrgUnitId: string;
  /** When the plan was approved (a completed measure's fact counts from then). */
  planAt: string;
  verificationDueAt: string;
  policy: Policy;
  policyVersion: number;
}

/** What a measure tells its assessment when its verification opens (reported done, or its due date passed). */
export interface MeasureAtVerification {
  n: number;
  changes: Pick<MeasureState, 'status' | 'doneAt' | 'doneBy'>;
}

export const measureAtVerificationSignal = defineSignal<[MeasureAtVerification]>('measureAtVerification');
export const riskMeasureStateQuery = defineQuery<MeasureState>('state');

export function riskMeasureWorkflowId(assessmentWorkflowId: string, n: number): string {
  return `${assessmentWorkflowId}/measure-${n}`;
}

/** The assessment's workflow ID of a task's workflow (a measure's tasks belong to its child workflow). */
export function riskAssessmentWorkflowOf(workflowId: string): string {
  return workflowId.replace(/\/measure-\d+$/, '');
}
