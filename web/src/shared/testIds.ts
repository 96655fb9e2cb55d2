import type { HTMLAttributes } from 'react';

/** Values a test reads off an element as `data-<name>` attributes (null and undefined leave one out). */
export type DataAttrs = Record<string, string | number | boolean | null | undefined>;

/**
 * `data-testid` (and the `data` values as `data-<name>`) for props objects that components spread
 * onto DOM elements (table rows, modal buttons), where JSX's data-* allowance does not apply.
 */
export function testId(id: string, data: DataAttrs = {}): HTMLAttributes<HTMLElement> {
  const attrs: Record<string, string> = { 'data-testid': id };
  for (const [name, value] of Object.entries(data)) if (value !== null && value !== undefined) attrs[`data-${name}`] = String(value);
  return attrs as HTMLAttributes<HTMLElement>;
}
