import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CertificateType, CrewRole, PermitLevel, PermitStatus, PermitType, SuspensionReason } from '../../domain/permit/constants';
import type { Policy } from '../../domain/policy';
import type { GasReadings, GasVerdict } from '../../domain/permit/rules';

/**
 * Permit to work (特殊作业票, GB 30871): request → JSA and safety measures confirmed by the area
 * owner → gas test (fresh, within limits) → approvals by level → issued for a validity window →
 * work with live clocks (periodic re-tests, a re-test after a long pause, suspension at once on a
 * reading out of limits, a missed re-test, a lapsed certificate or expiry) → completion → post-work
 * watch (fire watch) → the area owner confirms the site restored → closed. One workflow per permit,
 * ID `Permit:<id>`.
 */
export interface PermitCrewInput {
  personId: string;
  name: string;
  role: CrewRole;
  userId: string | null;
  username: string | null;
}

/** The job safety analysis: each step of the work with its hazards and controls. */
export interface JsaStep {
  step: string;
  hazards: string;
  controls: string;
}

/** One line of the safety measures checklist (isolation / lock-out-tag-out with its lock number, a blind, ventilation, fire equipment …). */
export interface SafetyMeasure {
  kind: 'isolation' | 'blind' | 'ventilation' | 'fire_equipment' | 'ppe' | 'other';
  description: string;
  lockNumber: string | null;
}

export interface PermitRequest {
  permitId: string;
  number: string;
  type: PermitType;
  level: PermitLevel;
  areaId: string;
  areaName: string;
  equipmentId: string | null;
  /** The unit owning the area: its head is the area owner. */
  orgUnitId: string;
  workContent: string;
  windowFrom: string;
  windowTo: string;
  crew: PermitCrewInput[];
  contractor: string | null;
  jsa: JsaStep[];
  measures: SafetyMeasure[];
  requesterUserId: string;
  requesterUsername: string;
  requesterPersonId: string | null;
  /** Running permits this one conflicts with, found when it was requested (shown to its approvers). */
  conflicts: { permitId: string; number: string; type: PermitType }[];
  requestedAt: string;
}

export interface PermitInput {
  request: PermitRequest;
  policy: Policy;
  policyVersion: number;
}

/** A gas test as the tester records it (client id: a resend records it once). */
export interface GasTestInput {
  testId: string;
  takenAt: string;
  readings: GasReadings;
  testerUserId: string;
  testerUsername: string;
}

export interface GasTestResult {
  testId: string;
  verdict: GasVerdict;
  /** What the test did to the permit: allowed issue, let work start/resume, suspended it, or nothing (recorded only). */
  effect: 'recorded' | 'suspended' | 'cleared';
  status: PermitStatus;
}

/** The crew's supervisor (or the requester) moves the work: start, pause, resume, complete. */
export interface WorkActionInput {
  action: 'start' | 'pause' | 'resume' | 'complete';
  byUserId: string;
  byUsername: string;
  /** The client's id of the move: a resend is the same update (answered once). */
  clientId?: string;
}

/** A certificate of a crew member expired or was revoked (the certificates register signals each running permit of the holder). */
export interface CertificateLapse {
  personId: string;
  certificateId: string;
  type: CertificateType;
  reason: 'expired' | 'revoked';
  at: string;
}

export interface PermitState {
  status: PermitStatus;
  suspensionReason: SuspensionReason | null;
  validUntil: string | null;
  lastGasTestAt: string | null;
  nextClock: { kind: string; at: string } | null;
}

export const recordGasTestUpdate = defineUpdate<GasTestResult, [GasTestInput]>('recordGasTest');
export const workActionUpdate = defineUpdate<PermitState, [WorkActionInput]>('workAction');
export const certificateLapsedSignal = defineSignal<[CertificateLapse]>('certificateLapsed');
export const permitStateQuery = defineQuery<PermitState>('permitState');

export const permitWorkflowId = (permitId: string) => `Permit:${permitId}`;
