import type { CurrentUser, Role } from './api';
import { hasRole } from './session';

export type PageKey = 'inbox' | 'hazards' | 'hazardNew' | 'emergencies' | 'emergencyNew' | 'notifications' | 'org' | 'mail' | 'status';

export interface RouteDef {
  key: PageKey;
  path: string;
  /** Roles that see the page; undefined: everyone signed in. */
  roles?: Role[];
}

/** The pages of the side navigation, in order. */
export const ROUTES: RouteDef[] = [
  { key: 'inbox', path: '/tasks' },
  { key: 'hazards', path: '/hazards' },
  { key: 'hazardNew', path: '/hazards/new' },
  { key: 'emergencies', path: '/emergencies' },
  { key: 'emergencyNew', path: '/emergencies/new' },
  { key: 'notifications', path: '/notifications' },
  { key: 'org', path: '/org' },
  { key: 'mail', path: '/mail', roles: ['admin', 'safety_officer', 'auditor'] },
  { key: 'status', path: '/status', roles: ['admin'] },
];

export function canSee(user: CurrentUser, route: RouteDef): boolean {
  return !route.roles || hasRole(user, ...route.roles);
}

export function visibleRoutes(user: CurrentUser): RouteDef[] {
  return ROUTES.filter((r) => canSee(user, r));
}

/** The route of a path: the longest matching prefix (/hazards/new before /hazards, /emergencies/new before /emergencies). */
export function findRoute(pathname: string): RouteDef | undefined {
  return ROUTES.filter((r) => pathname === r.path || pathname.startsWith(`${r.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
}
