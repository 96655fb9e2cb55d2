import type { TaskPayload, TaskView } from '../../shared/api';
import { DECISION_FIELDS } from './TaskFormFields';

/** A task completed in one tap: what it sends, and whether the tap confirms ("on site") or approves. */
export interface OneTap {
  kind: 'confirm' | 'approve';
  payload: TaskPayload;
}

/**
 * How a task is completed in one tap, or null when its form asks for more:
 * - a task whose required fields are all confirmations to tick ("on site", "done") is completed by
 *   ticking them (`confirm`);
 * - an approval whose only required field is the decision `approved` (a refusal's reason is asked
 *   for only then) is approved as it is (`approve`); refusing goes through the form.
 * Optional fields (a note, a comment) are left out. A form with nothing required is not one-tap:
 * there is nothing the tap would say.
 */
export function oneTapOf(task: Pick<TaskView, 'form'>): OneTap | null {
  const required = task.form.fields.filter((f) => f.required);
  if (required.length === 0) return null;
  if (required.every((f) => f.type === 'boolean' && !DECISION_FIELDS.has(f.name)))
    return { kind: 'confirm', payload: Object.fromEntries(required.map((f) => [f.name, true])) };
  if (required.length === 1 && required[0].type === 'boolean' && required[0].name === 'approved') return { kind: 'approve', payload: { approved: true } };
  return null;
}
