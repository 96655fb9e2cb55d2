import { defineQuery } from '@temporalio/workflow';
import type { Policy } from '../../domain/policy';
import type { Text } from '../../domain/texts/text';

/**
 * Safety notice (安全通知): the safety hub issues a notice to a department, which must
 * acknowledge it within the SLA; overdue acknowledgements climb the escalation ladder. The
 * smallest complete process: inbox task, notifications, SLA, escalation, audit.
 */
export interface NoticeInput {
  noticeId: string;
  /** The safety hub's words, or a text a process composed (an incident's lessons learned). */
  title: string | Text;
  body: string;
  orgUnitId: string;
  severity: 'critical' | 'normal' | 'info';
  issuedBy: string;
  policy: Policy;
  policyVersion: number;
}

export type NoticeStatus = 'awaiting_acknowledgement' | 'acknowledged';

export interface NoticeState {
  noticeId: string;
  status: NoticeStatus;
  taskId: string;
  dueAt: string;
  escalationLevel: number;
  overdue: boolean;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  policyVersion: number;
}

export const noticeStateQuery = defineQuery<NoticeState>('state');

export function noticeWorkflowId(noticeId: string): string {
  return `Notice:${noticeId}`;
}
