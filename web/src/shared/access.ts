/**
 * What the signed-in user is offered (issue 20 item 6), from the role lists of ../routes.ts that
 * mirror the API's checks: a read-only user (the auditor) is offered no write action, and only
 * admins, the safety hub and auditors see the developer links (Temporal UI, API docs).
 */
import type { KeyboardEvent } from 'react';
import { isReadOnly, seesDeveloperLinks } from '../routes';
import { useSession } from './session';

/** False for a read-only user: leave out buttons and forms that write. */
export function useCanWrite(): boolean {
  return !isReadOnly(useSession().user);
}

/** The Temporal UI link of a process for a user who is shown developer links, else null. */
export function useTemporalLink(url: string | null | undefined): string | null {
  return url && seesDeveloperLinks(useSession().user) ? url : null;
}

/** Is the signed-in user shown the developer links? */
export function useDeveloperLinks(): boolean {
  return seesDeveloperLinks(useSession().user);
}

/**
 * Makes a clickable element that is not a button (a card, a figure) usable with the keyboard: in
 * the tab order, announced as a button, Enter and Space do what a click does.
 */
export function keyboardClick(onActivate: () => void): { role: 'button'; tabIndex: 0; onKeyDown: (e: KeyboardEvent) => void } {
  return {
    role: 'button',
    tabIndex: 0,
    onKeyDown: (e) => {
      if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      onActivate();
    },
  };
}
