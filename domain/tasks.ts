import type { FormField, TaskTypeDef } from './task-forms';
import { NOTICE_TASKS } from './notice/tasks';
import { HAZARD_TASKS } from './hazard/tasks';
import { EMERGENCY_TASKS } from './emergency/tasks';
import { RISK_ASSESSMENT_TASKS } from './risk-assessment/tasks';
import { ASSESSMENT_CYCLE_TASKS } from './assessment-cycle/tasks';
import { SCORE_REQUEST_TASKS } from './score-requests/tasks';
import { INCIDENT_TASKS } from './incident/tasks';
import { CORRECTIVE_ACTION_TASKS } from './corrective-action/tasks';
import { PERMIT_TASKS } from './permit/tasks';

export { FORM_FIELD_TYPES, type FormField } from './task-forms';

/**
 * Every task type: the form each kind of human task is completed with. The API validates a
 * completion's payload against the schema and shows the field list to the UI. A process declares
 * its task types in domain/<process>/tasks.ts and is listed here once.
 */
const TASK_TYPES = {
  ...NOTICE_TASKS,
  ...HAZARD_TASKS,
  ...EMERGENCY_TASKS,
  ...RISK_ASSESSMENT_TASKS,
  ...ASSESSMENT_CYCLE_TASKS,
  ...SCORE_REQUEST_TASKS,
  ...INCIDENT_TASKS,
  ...CORRECTIVE_ACTION_TASKS,
  ...PERMIT_TASKS,
} satisfies Record<string, TaskTypeDef>;

export type TaskType = keyof typeof TASK_TYPES;

export function isTaskType(t: string): t is TaskType {
  return Object.prototype.hasOwnProperty.call(TASK_TYPES, t);
}

export function taskTypeDef(t: string): TaskTypeDef {
  if (!isTaskType(t)) throw new Error(`unknown task type ${t}`);
  return TASK_TYPES[t];
}

/**
 * The form of one task: its type's fields, with the likelihood and severity scales of a grading
 * task set to the risk matrix the process graded with (its context's `riskMatrix.size`), so a
 * policy with another matrix size offers the right buttons.
 */
export function formFieldsOf(taskType: string, context: Record<string, unknown> | null): FormField[] {
  const fields = taskTypeDef(taskType).fields;
  const matrix = context?.riskMatrix as { size?: unknown } | undefined;
  const size = matrix && typeof matrix.size === 'number' && Number.isInteger(matrix.size) && matrix.size >= 2 && matrix.size <= 10 ? matrix.size : null;
  if (size === null) return fields;
  return fields.map((f) => ((f.name === 'likelihood' || f.name === 'severity') && f.type === 'number' ? { ...f, max: size } : f));
}
