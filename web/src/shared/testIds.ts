import type { HTMLAttributes } from 'react';

/**
 * `data-testid` for props objects that components spread onto DOM elements (table rows, modal
 * buttons), where JSX's data-* allowance does not apply.
 */
export function testId(id: string): HTMLAttributes<HTMLElement> {
  return { 'data-testid': id } as HTMLAttributes<HTMLElement>;
}
