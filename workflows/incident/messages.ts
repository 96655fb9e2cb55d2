import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { IncidentCategory, IncidentConsequence, IncidentKind, IncidentLevel, IncidentStatus, ResponsibilityLevel } from '../../domain/incident/constants';
import type { Policy } from '../../domain/policy';

/**
 * Incident or near miss (事故/未遂事件): report → classification by the safety hub (GB 6441
 * category, consequence, the regulation's level) → for a reportable incident the regulatory
 * report clock (1 hour, escalated rung by rung, critical) alongside → investigation by a team
 * (timeline, 5-why, fishbone, actions) → responsibility determination (facts for the scores) →
 * corrective and preventive actions, each its own `CorrectiveActionWorkflow` with verification
 * and effectiveness re-checks → closure with lessons learned sent as notices. One workflow per
 * incident, ID `Incident:<id>`.
 */
export interface IncidentReport {
  incidentId: string;
  kind: IncidentKind;
  /** A near miss reported anonymously: the reporter fields are null, here and everywhere. */
  anonymous: boolean;
  title: string;
  description: string;
  location: string;
  orgUnitId: string;
  occurredAt: string;
  injuredPeople: { name: string; personId: string | null; injury: string }[];
  immediateActions: string;
  evidenceIds: string[];
  emergencyId: string | null;
  reporterUserId: string | null;
  reporterPersonId: string | null;
  /** Shown as the timeline's actor; "anonymous" for an anonymous report. */
  reporterUsername: string | null;
  reportedAt: string;
}

export interface IncidentUnits {
  safety: string;
  plant: string;
}

export interface IncidentClassification {
  category: IncidentCategory;
  consequence: IncidentConsequence;
  deaths: number;
  seriousInjuries: number;
  minorInjuries: number;
  daysLost: number;
  directLossYuan: number;
  level: IncidentLevel | null;
  reportable: boolean;
  by: string;
  at: string;
}

export interface TeamMember {
  personId: string;
  name: string;
  orgUnitId: string;
  userId: string | null;
  username: string | null;
}

export interface IncidentActionRef {
  n: number;
  actionId: string;
  workflowId: string;
  orgUnitId: string;
  verified: boolean;
}

export interface IncidentClock {
  taskId: string;
  dueAt: string;
  escalationLevel: number;
  breached: boolean;
}

export interface IncidentState {
  phase: IncidentStatus;
  classification: IncidentClassification | null;
  lead: TeamMember | null;
  members: TeamMember[];
  regulatory: { dueAt: string; reportedAt: string | null; escalationLevel: number; breached: boolean } | null;
  clock: IncidentClock | null;
  responsibilities: { personId: string; level: ResponsibilityLevel }[];
  actions: IncidentActionRef[];
  openTasks: string[];
  closedAt: string | null;
}

export interface IncidentInput {
  report: IncidentReport;
  /** SHA-256 of the reporter's receipt code (the code itself is never stored). */
  receiptHash: string;
  policy: Policy;
  policyVersion: number;
}

export const incidentStateQuery = defineQuery<IncidentState>('state');
/** A corrective action of this incident was verified (sent by its `CorrectiveActionWorkflow`). */
export const actionVerifiedSignal = defineSignal<[{ n: number }]>('actionVerified');

export function incidentWorkflowId(incidentId: string): string {
  return `Incident:${incidentId}`;
}
