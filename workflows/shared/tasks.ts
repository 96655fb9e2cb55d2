import { defineUpdate } from '@temporalio/workflow';
import { named, type Text, type TextParam } from '../../domain/texts/text';

/**
 * The one way a human task reaches its workflow: the API validates the form, then sends this
 * update; the workflow's validator rejects tasks it does not own or has already closed, and its
 * handler records the completion (activity) before the process moves on.
 */
/** A person's display names in both languages. */
export interface PersonName {
  en: string;
  zh?: string | null;
}

/** Who did it, as a text parameter: their display name in the reader's language, else their username. */
export function whoDid(x: { by: string; byName?: PersonName }): TextParam {
  return x.byName ? named([x.byName]) : x.by;
}

export interface TaskCompletion {
  taskId: string;
  /** Username of whoever completed it. */
  by: string;
  /** Their display names, as the API knew them (texts name people by these; absent in older histories). */
  byName?: PersonName;
  /** Set when a substitute completed it for the assignee. */
  onBehalfOf: string | null;
  payload: Record<string, unknown>;
}

export interface TaskCompletionResult {
  taskId: string;
  completedAt: string;
}

/** The start of the refusal a second completion of a task gets; the API turns it into a 409 naming who completed it. */
export const ALREADY_COMPLETED = 'this task was already completed by ';

export const completeTaskUpdate = defineUpdate<TaskCompletionResult, [TaskCompletion]>('completeTask');

/** What a workflow asks the inbox to create. The ID is stable per workflow step (idempotent). */
export interface NewTask {
  id: string;
  workflowId: string;
  processType: string;
  taskType: string;
  /** Message keys with parameters (domain/texts), so each reader sees it in their language; a string is shown as it is. */
  title: string | Text;
  description: string | Text | null;
  orgUnitId: string;
  candidateRole: string | null;
  priority: 'critical' | 'normal' | 'info';
  dueAt: string | null;
  /** Set when the process names the one person who must do it (an investigation's lead); else the unit's candidates claim it. */
  assigneeUserId?: string | null;
  /** What the form needs from the process (e.g. the register's items a measure proposal may name). */
  context?: Record<string, unknown> | null;
}

export function taskId(workflowId: string, step: string): string {
  return `${workflowId}/${step}`;
}
