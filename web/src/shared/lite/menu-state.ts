import { useSyncExternalStore } from 'react';

/**
 * Whether the phone's navigation menu is open, shared by the light shell and the full app's
 * layout: while the full app loads, the light shell stands in for it, and a menu opened there
 * stays open when the full layout takes over (a state of each layout's own was lost with the swap,
 * and the menu closed under the user's finger on a slow phone).
 */
let open = false;
const listeners = new Set<() => void>();

export function setMenuOpen(value: boolean): void {
  if (open === value) return;
  open = value;
  for (const l of listeners) l();
}

export function useMenuOpen(): [boolean, (value: boolean) => void] {
  const value = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => open,
  );
  return [value, setMenuOpen];
}
