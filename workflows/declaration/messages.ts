import { defineQuery } from '@temporalio/workflow';
import type { Policy } from '../../domain/policy';

/**
 * Self-declaration (自助申报): a person submits extra evidence (a self-run training, an
 * improvement idea) → their department head approves with points or rejects, with a reason →
 * approved items become capped bonus facts of the period. ID `Declaration:<id>`.
 */
export interface DeclarationInput {
  declarationId: string;
  personId: string;
  personName: string;
  departmentId: string;
  period: string;
  periodEnd: string;
  kind: string;
  title: string;
  declarant: string;
  declarantUserId: string;
  policy: Policy;
  policyVersion: number;
}

export interface DeclarationState {
  phase: 'reviewing' | 'approved' | 'rejected';
  taskId: string | null;
  reviewedBy: string | null;
  points: number | null;
}

export const declarationStateQuery = defineQuery<DeclarationState>('state');

export function declarationWorkflowId(id: string): string {
  return `Declaration:${id}`;
}
