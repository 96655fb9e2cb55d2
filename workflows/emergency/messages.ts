import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EmergencyType, Finding, ResponseKind } from '../../domain/emergency/rules';
import type { EmergencyStatus } from '../../domain/emergency/constants';
import type { Policy } from '../../domain/policy';

/**
 * Emergency response (应急处置): triggered by anyone → safety, equipment and HR alerted at once
 * (critical) → safety on site within the SLA (else the ladder) while evacuation (production), cut-off
 * of the source (equipment) and medical liaison (HR, when injuries) run in parallel with recorded
 * timestamps → declared under control → post-incident review with findings computed from those
 * timestamps → improvement actions tracked to completion → closed. Drills run the same process,
 * flagged. One workflow per emergency, ID `Emergency:<id>`.
 */
export interface EmergencyReport {
  emergencyId: string;
  type: EmergencyType;
  location: string;
  description: string;
  orgUnitId: string;
  injuries: boolean;
  drill: boolean;
  reporterUserId: string;
  reporterPersonId: string | null;
  reporterUsername: string;
  reportedAt: string;
}

/** The plant's departments that take part, their heads (for attribution) and names (for findings). */
export interface EmergencyUnits {
  safety: string;
  production: string;
  equipment: string;
  hr: string;
  plant: string;
  heads: Record<string, string | null>;
  names: Record<string, string>;
  /** Their Chinese names (absent in histories recorded before names had two languages). */
  namesZh?: Record<string, string | null>;
  /** Users alerted at once per department: its members and its head. */
  alert: { safety: string[]; equipment: string[]; hr: string[] };
}

export type EmergencyPhase = EmergencyStatus;

export interface StepStatus {
  taskId: string;
  orgUnitId: string;
  status: 'open' | 'started' | 'done';
  createdAt: string;
  startedAt: string | null;
  doneAt: string | null;
  dueAt: string;
  by: string | null;
}

export interface ResponseStatus extends StepStatus {
  kind: ResponseKind;
  targetSeconds: number;
  /** Seconds from the alarm to completion, once done. */
  responseSeconds: number | null;
  late: boolean | null;
  notes: number;
}

export interface ActionStatus extends StepStatus {
  description: string;
}

export interface EmergencyState {
  phase: EmergencyPhase;
  drill: boolean;
  injuries: boolean;
  reportedAt: string;
  units: EmergencyUnits | null;
  onSite: StepStatus & { escalationLevel: number; overdue: boolean; delaySeconds: number | null };
  /** The policy's on-site target (seconds from the alarm). */
  onSiteTargetSeconds?: number;
  responses: ResponseStatus[];
  controlledAt: string | null;
  controlSummary: string | null;
  findings: Finding[];
  review: (StepStatus & { escalationLevel: number; overdue: boolean }) | null;
  actions: ActionStatus[];
  progressCount: number;
  openTasks: { id: string; taskType: string }[];
  closedAt: string | null;
}

export interface EmergencyCompletion {
  by: string;
  at: string;
  payload: Record<string, unknown>;
}

/** What a run hands over to the next besides its state: accepted completions and answered client requests. */
export interface EmergencyCarry {
  completed: [string, EmergencyCompletion][];
  answered: [string, unknown][];
}

export interface EmergencyInput {
  report: EmergencyReport;
  policy: Policy;
  policyVersion: number;
  /** Set when the workflow continued as new (during the response): where it left off. */
  resume?: EmergencyState;
  /** Set with `resume`: what the previous run handed over besides its state. */
  carry?: EmergencyCarry;
  /** How many runs came before this one. */
  runs?: number;
  /** Progress notes a run accepts before it hands over to a fresh one (default 200; tests use less). */
  progressPerRun?: number;
  /** Events after which a run hands over to a fresh one during the response (default 4000; tests use less). */
  historyLimit?: number;
}

/** The refusal of a progress note while the run hands over to a fresh one; the API sends it again. */
export const EMERGENCY_HANDING_OVER = 'the emergency is handing over to a fresh run; send it again in a moment';

export interface EmergencyProgress {
  /** Set by the client: a resend with the same id gets the first answer and records nothing twice. */
  clientId?: string;
  by: string;
  text: string;
  /** The response the note is about (its first note marks it started); null: a general note. */
  response: ResponseKind | null;
}

export const emergencyStateQuery = defineQuery<EmergencyState>('state');
export const addEmergencyProgressUpdate = defineUpdate<{ n: number }, [EmergencyProgress]>('addProgress');

export function emergencyWorkflowId(emergencyId: string): string {
  return `Emergency:${emergencyId}`;
}
