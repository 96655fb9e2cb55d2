import type { TaskPayload, TaskView } from '../../shared/api';
import { DECISION_FIELDS } from './TaskFormFields';

/**
 * The payload that completes a task in one tap, or null when its form asks for more: a task whose
 * required fields are all confirmations to tick ("on site", "done") is completed by ticking them;
 * optional fields (a note) are left out. A form without a required confirmation is not one-tap
 * (there is nothing the tap would confirm).
 */
export function oneTapPayload(task: Pick<TaskView, 'form'>): TaskPayload | null {
  const required = task.form.fields.filter((f) => f.required);
  if (required.length === 0) return null;
  if (!required.every((f) => f.type === 'boolean' && !DECISION_FIELDS.has(f.name))) return null;
  return Object.fromEntries(required.map((f) => [f.name, true]));
}
