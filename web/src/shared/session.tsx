import { createContext, useContext } from 'react';
import type { CurrentUser, Role } from './api';

export interface Session {
  user: CurrentUser;
  signOut: () => void;
  /** Unread in-app notifications, shown in the header badge. */
  unread: number;
  refreshUnread: () => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user and session actions; only used below the login gate. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside of a signed-in session');
  return s;
}

export function hasRole(user: CurrentUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => (roles as string[]).includes(r));
}
