import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { HazardSeverity, HazardStatus } from '../../domain/hazard/constants';
import type { Policy, RiskMatrixLevel } from '../../domain/policy';
import { text, type Text } from '../../domain/texts/text';
import { taskId, type NewTask, type PersonName } from '../shared/tasks';
import type { NotificationRecorded } from '../notification/messages';

/**
 * Hazard (隐患): report → grade (risk matrix) → acknowledge → rectify (general) or stop-work +
 * joint actions (major) → joint verification → closed; failed verification returns to
 * rectification (rework). One workflow per hazard, ID `Hazard:<report id>`.
 */
export interface HazardReport {
  hazardId: string;
  title: string;
  description: string;
  category: string;
  area: string;
  orgUnitId: string;
  suspectedSeverity: HazardSeverity;
  evidenceIds: string[];
  reporterUserId: string;
  reporterPersonId: string | null;
  reporterUsername: string;
  reportedAt: string;
}

/** The workflow's phase is the hazard's status (domain/hazard). */
export type HazardPhase = HazardStatus;

export interface HazardGrade {
  likelihood: number;
  severity: number;
  score: number;
  level: RiskMatrixLevel;
  major: boolean;
  gradedBy: string;
  gradedAt: string;
  note: string | null;
}

export interface Responsible {
  orgUnitId: string;
  /** Direct responsible person, else the department head (attribution says which). */
  personId: string | null;
  attribution: 'direct' | 'department_head' | 'none';
  departmentHeadPersonId: string | null;
  /** Org level that sets the rectification SLA. */
  level: 'workshop' | 'plant' | 'headquarters';
}

export interface HazardUnits {
  safety: string;
  production: string;
  equipment: string;
  plant: string;
}

export interface HazardState {
  phase: HazardPhase;
  round: number;
  route: number;
  grade: HazardGrade | null;
  responsible: Responsible | null;
  units: HazardUnits | null;
  dueAt: string | null;
  escalationLevel: number;
  overdueDays: number;
  reworkCount: number;
  progressCount: number;
  extensionCount: number;
  openTasks: { id: string; taskType: string }[];
  lastFailure: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  cancel: { by: string; reason: string; duplicateOf: string | null } | null;
  stopWorkOrdered: boolean;
  /** The clock of the human step in progress (grading, acknowledging), so a continued run resumes it instead of restarting its SLA. */
  clock?: { taskId: string; dueAt: string; escalationLevel: number; breached: boolean } | null;
}

/** A completion the process accepted. */
export interface HazardCompletion {
  by: string;
  onBehalfOf: string | null;
  at: string;
  payload: Record<string, unknown>;
}

/** What a run hands over to the next besides its state: accepted completions, pending extension requests, answered client requests. */
export interface HazardCarry {
  completed: [string, HazardCompletion][];
  extensions: [string, ExtensionRequest][];
  answered: [string, unknown][];
}

export interface HazardInput {
  report: HazardReport;
  policy: Policy;
  policyVersion: number;
  /** Set when the workflow continued as new: where it left off. */
  resume?: HazardState;
  /** Events after which a run continues as new at its next safe point (default 4000; tests use less). */
  historyLimit?: number;
  /** How many runs came before this one. */
  runs?: number;
  /** Set with `resume`: what the previous run handed over besides its state. */
  carry?: HazardCarry;
  /** Progress notes a run accepts before it hands over to a fresh one (default 200; tests use less). */
  progressPerRun?: number;
  /**
   * Set when the API wrote the report and its grading task in the transaction that started the
   * process (issue 22: the reporter's answer and the safety hub's inbox task in one round trip):
   * the units it resolved and the task's ID and deadline, which the process takes as its own.
   */
  opened?: HazardOpened;
}

export interface HazardOpened {
  units: HazardUnits;
  /** The task as the process history shows it handed out at the start. */
  gradeTask: { id: string; dueAt: string; taskType: string; orgUnitId: string };
  /**
   * Set when the API also put the task's notice to its candidates in the outbox, in the same
   * transaction (issue 22: one transaction per step): what that wrote, as a step's marker records
   * a notification. The process then writes no notice of its own for the task, and its first
   * workflow task runs no local activity; the process history shows the notice from here.
   * Processes opened before it carry none and write the notice with their first step.
   */
  notice?: NotificationRecorded;
}

/** Where a hazard's notices link to (the API writes the grading task's notice with the same link the process would). */
export function hazardLink(hazardId: string): string {
  return `/hazards/${hazardId}`;
}

/** The grading step: its ID in the process, and its task as the inbox shows it (the API writes it with the report; the process when it starts without it). */
export const GRADE_STEP = 'grade';

export function gradeTaskOf(
  workflowId: string,
  report: HazardReport,
  units: HazardUnits,
  policy: Policy,
  dueAt: string,
): NewTask & { title: Text; description: Text; priority: 'normal'; context: Record<string, unknown> } {
  return {
    id: taskId(workflowId, GRADE_STEP),
    workflowId,
    processType: 'hazard',
    taskType: 'hazard.grade',
    title: text('hazard.task.grade', { title: report.title }),
    description: text('hazard.task.grade_description', { description: report.description, area: report.area }),
    orgUnitId: units.safety,
    candidateRole: null,
    priority: 'normal' as const,
    dueAt,
    context: { riskMatrix: policy.riskMatrix }, // the form's scales and its live preview grade with this matrix
  };
}

export interface ProgressUpdate {
  /** Set by the client: a resend with the same id gets the first answer and records nothing twice. */
  clientId?: string;
  by: string;
  text: string;
  evidenceIds: string[];
}

export interface ExtensionRequest {
  /** Set by the client: a resend with the same id gets the first answer and records nothing twice. */
  clientId?: string;
  by: string;
  byName?: PersonName;
  newDueAt: string;
  reason: string;
}

export interface CancelRequest {
  by: string;
  reason: string;
  duplicateOf: string | null;
}

export interface ReassignRequest {
  by: string;
  responsibleOrgUnitId: string;
  responsiblePersonId: string | null;
}

/** The refusal of a progress note while the run hands over to a fresh one; the API sends it again. */
export const HANDING_OVER = 'the hazard is handing over to a fresh run; send it again in a moment';

export const hazardStateQuery = defineQuery<HazardState>('state');
export const addProgressUpdate = defineUpdate<{ n: number }, [ProgressUpdate]>('addProgress');
export const requestExtensionUpdate = defineUpdate<{ taskId: string }, [ExtensionRequest]>('requestExtension');
export const cancelHazardUpdate = defineUpdate<{ phase: HazardPhase }, [CancelRequest]>('cancel');
export const reassignHazardUpdate = defineUpdate<{ route: number }, [ReassignRequest]>('reassign');
/** Answers once the grading task is in the inbox: the API's update-with-start (HAZARD_OPEN=update) waits on it. */
export const gradingTaskUpdate = defineUpdate<{ taskId: string; dueAt: string }, []>('gradingTask');

export function hazardWorkflowId(hazardId: string): string {
  return `Hazard:${hazardId}`;
}
