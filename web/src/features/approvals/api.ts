import type { TaskView } from '../../shared/api/core';
import { api, id } from '../../shared/api/http';

export type AppealStatus = 'open' | 'upheld' | 'adjusted';

/** An appeal (复议) of one line of a person's published score; level 2 is the one further level. */
export interface AppealView {
  id: string;
  workflowId: string;
  cycleId: string;
  snapshotVersion: number;
  subjectId: string;
  lineCode: string;
  level: number;
  parentAppealId: string | null;
  appellant: string;
  reason: string;
  status: AppealStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  delta: number | null;
  decisionReason: string | null;
  evidenceIds: string[];
  newVersion: number | null;
  createdAt: string;
}

export interface NewAppeal {
  cycleId: string;
  /** The indicatorCode or ruleCode of a line of the appellant's published score. */
  lineCode: string;
  reason: string;
  parentAppealId?: string;
}

export const ADJUSTMENT_REASONS = ['data_error', 'missed_evidence', 'exceptional_contribution', 'other'] as const;

export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export type AdjustmentStatus = 'pending' | 'approved' | 'rejected';

/** A manual adjustment of a published score, proposed by one person and decided by another. */
export interface AdjustmentView {
  id: string;
  workflowId: string;
  cycleId: string;
  subjectType: 'person' | 'department';
  subjectId: string;
  lineCode: string | null;
  delta: number;
  reasonCode: AdjustmentReason | string;
  text: string;
  proposedBy: string;
  status: AdjustmentStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  newVersion: number | null;
  createdAt: string;
}

export interface NewAdjustment {
  cycleId: string;
  subjectType: 'person' | 'department';
  subjectId: string;
  lineCode?: string;
  /** ≠ 0, −100..100. */
  delta: number;
  reasonCode: AdjustmentReason;
  text: string;
}

export const DECLARATION_KINDS = ['training', 'improvement_idea', 'other'] as const;

export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

export type DeclarationStatus = 'pending' | 'approved' | 'rejected';

/** A self-declaration (自助申报): extra evidence a person submits, reviewed by their department head. */
export interface DeclarationView {
  id: string;
  workflowId: string;
  personId: string;
  personName: string;
  kind: DeclarationKind | string;
  title: string;
  text: string;
  evidenceIds: string[];
  period: string;
  status: DeclarationStatus;
  reviewedBy: string | null;
  points: number | null;
  reason: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

export interface NewDeclaration {
  kind: DeclarationKind;
  title: string;
  text: string;
  evidenceIds: string[];
  /** Default: the current month. */
  period?: string;
}

export const PLAN_PHASES = ['planning', 'in_progress', 'checking', 'completed', 'not_completed'] as const;

export type PlanPhase = (typeof PLAN_PHASES)[number];

/** An improvement plan (能力提升计划) a cycle started for a person rated "needs improvement". */
export interface ImprovementPlanView {
  workflowId: string;
  cycleId: string;
  period: string;
  personId: string;
  personName: string;
  /** Null when the plan's live state cannot be read. */
  phase: PlanPhase | null;
  targets: string | null;
  measures: string | null;
  dueAt: string | null;
  checkedBy: string | null;
  openTasks: string[];
}

export interface ImprovementPlanDetail extends ImprovementPlanView {
  tasks: TaskView[];
}

export interface EvidenceMeta {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
}

export const EVIDENCE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export interface HealthComponent {
  status: 'ok' | 'down';
  latencyMs: number;
  detail: string;
  error?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  time: string;
  database: HealthComponent;
  temporal: HealthComponent & { namespace: string; uiUrl: string | null };
}

export const createAppeal = (body: NewAppeal) => api<{ appealId: string; workflowId: string; level: number }>('POST', '/api/appeals', body);

export const listAppeals = () => api<{ items: AppealView[] }>('GET', '/api/appeals');

export const fetchAppeal = (appealId: string) => api<AppealView>('GET', `/api/appeals/${id(appealId)}`);

export const proposeAdjustment = (body: NewAdjustment) => api<{ adjustmentId: string; workflowId: string }>('POST', '/api/adjustments', body);

export const listAdjustments = () => api<{ items: AdjustmentView[] }>('GET', '/api/adjustments');

export const createDeclaration = (body: NewDeclaration) => api<{ declarationId: string; workflowId: string }>('POST', '/api/declarations', body);

export const listDeclarations = () => api<{ items: DeclarationView[] }>('GET', '/api/declarations');
