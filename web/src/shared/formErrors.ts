import type { FormInstance } from 'antd';
import { ApiError } from './api';

export type FieldName = (string | number)[];

/**
 * Puts the field errors of a 400 (`error.details`, paths such as `body.items.2.maxScore` or
 * `body.params.windowDays`) on the form's fields: the path after `prefix` is the field name
 * (numeric parts as list indexes); a path naming no field of the form, per `isField`, falls back
 * to its nearest field ancestor, else it is returned as text for an alert above the form.
 * Returns null for anything but a 400 with details.
 */
export function showFieldErrors(form: FormInstance, err: unknown, prefix: string, isField: (name: FieldName) => boolean): string[] | null {
  if (!(err instanceof ApiError) || err.status !== 400 || !err.details.length) return null;
  const byField = new Map<string, { name: FieldName; errors: string[] }>();
  const other: string[] = [];
  const head = `${prefix}.`;
  for (const d of err.details) {
    let name: FieldName = d.path.startsWith(head)
      ? d.path
          .slice(head.length)
          .split('.')
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
      : [];
    while (name.length && !isField(name)) name = name.slice(0, -1);
    if (!name.length) {
      other.push(d.path.startsWith(head) ? `${d.path.slice(head.length)}: ${d.message}` : d.message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(d.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return other;
}
