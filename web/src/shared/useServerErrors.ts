import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { useErrorText } from './errorText';

/** A form field's name: the path after the prefix, numeric parts as list indexes (`items.2.maxScore` → ['items', 2, 'maxScore']). */
export type FieldName = (string | number)[];

/**
 * Where the field errors go: an Ant Design form (its FormInstance), or any form with the same
 * `setFields` (the light report form, features/hazards/HazardReportPage.tsx, has no Ant Design).
 */
export interface FieldErrorSink {
  /** Called with `{ name: FieldName; errors: string[] }[]` (typed `never`: an Ant Design form types its names by its values). */
  setFields(fields: never): void;
}

export interface ServerErrorOptions {
  /**
   * Where the error of a path goes: a list of the form's top-level fields (a path lands on its
   * first part: `body.departments.1` on `departments`), or a function giving the field (or null:
   * shown above the form).
   */
  fields: readonly string[] | ((name: FieldName) => FieldName | null);
  /** The part of the path before the form's names (default `body`). */
  prefix?: string;
  /** The text above the form of an error that fits no field (default `name: message`, or the message when the path is outside the prefix). */
  describe?: (name: FieldName, message: string) => string;
  /** Show nothing above the form when every error found its field (default: "Please correct the highlighted fields."). */
  quiet?: boolean;
}

/** The nearest field among a path and its ancestors, per `isField`, or null: for `ServerErrorOptions.fields`. */
export const nearestField =
  (isField: (name: FieldName) => boolean) =>
  (name: FieldName): FieldName | null => {
    let n = name;
    while (n.length && !isField(n)) n = n.slice(0, -1);
    return n.length ? n : null;
  };

const defaultDescribe = (name: FieldName, message: string) => (name.length ? `${name.join('.')}: ${message}` : message);

/**
 * Puts the field errors of a server 400 (`error.details`, paths such as `body.title` or
 * `body.items.2.maxScore`) on the form's fields. The function it returns takes the caught error
 * and gives the text for the alert above the form: the errors no field took, or for anything but
 * a 400 with details `otherwise(err)` (default: the error in words).
 */
export function useServerErrors(
  form: FieldErrorSink,
  { fields, prefix = 'body', describe = defaultDescribe, quiet = false }: ServerErrorOptions,
): (err: unknown, otherwise?: (err: unknown) => string | null) => string | null {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const place = typeof fields === 'function' ? fields : (name: FieldName) => (name.length && fields.includes(String(name[0])) ? [name[0]] : null);
  const head = `${prefix}.`;
  return (err, otherwise = errorText) => {
    if (!(err instanceof ApiError) || err.status !== 400 || !err.details.length) return otherwise(err);
    const byField = new Map<string, { name: FieldName; errors: string[] }>();
    const other: string[] = [];
    for (const d of err.details) {
      const name: FieldName = d.path.startsWith(head)
        ? d.path
            .slice(head.length)
            .split('.')
            .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
        : [];
      const field = name.length ? place(name) : null;
      if (!field) {
        other.push(describe(name, d.message));
        continue;
      }
      const key = JSON.stringify(field);
      const entry = byField.get(key) ?? { name: field, errors: [] };
      entry.errors.push(d.message);
      byField.set(key, entry);
    }
    form.setFields([...byField.values()] as never); // list paths ([list, i, column]) are beyond a form's value type
    return other.length ? other.join(' ') : quiet ? null : t('completeModal.invalid');
  };
}
