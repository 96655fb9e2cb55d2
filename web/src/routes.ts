import type { CurrentUser, Role } from './shared/api';

/** Who decides appeals, adjustments, declarations, extensions and score reviews: the approval queue's readers. */
export const APPROVER_ROLES = ['department_head', 'manager', 'hr', 'admin'] as const satisfies readonly Role[];

/** Who reads the dashboard (the API's DASHBOARD_ROLES); department heads see their own unit. */
export const DASHBOARD_ROLES = ['safety_officer', 'admin', 'manager', 'hr', 'auditor', 'department_head'] as const satisfies readonly Role[];

/** Who reads the safety hub monitor and the auditor's process timelines. */
export const PROCESS_READER_ROLES = ['safety_officer', 'admin', 'manager', 'auditor', 'department_head', 'hr'] as const satisfies readonly Role[];
/** Who cancels and reassigns processes from the monitor. */
export const PROCESS_ADMIN_ROLES = ['safety_officer', 'admin'] as const satisfies readonly Role[];

/** Who records and corrects inspections and imports them (the API's INSPECTORS). */
export const INSPECTOR_ROLES = ['admin', 'safety_officer', 'department_head'] as const satisfies readonly Role[];
/** Who writes inspection templates (the API's TEMPLATE_WRITERS). */
export const TEMPLATE_WRITER_ROLES = ['admin', 'safety_officer'] as const satisfies readonly Role[];
/** Who organises trainings, records their results and imports attendance (the API's TRAINERS). */
export const TRAINER_ROLES = ['admin', 'safety_officer', 'hr', 'department_head'] as const satisfies readonly Role[];
/** Who edits alert rules and runs a sweep on demand. */
export const ALERT_RULE_EDITOR_ROLES = ['safety_officer', 'admin'] as const satisfies readonly Role[];
/** Who exports assessment results (HR's export). */
export const RESULTS_EXPORT_ROLES = ['hr', 'admin', 'manager', 'auditor'] as const satisfies readonly Role[];
/**
 * Who is shown the developer links: "Open in Temporal UI" on a process and the API docs (issue 20 item 6):
 * administrators, the safety hub and auditors; not the frontline, department heads, managers or HR.
 */
export const DEVELOPER_LINK_ROLES = ['admin', 'safety_officer', 'auditor'] as const satisfies readonly Role[];

/** Read-only users (the API's isReadOnly: every request but GET is refused for them): no page, button or action that writes is offered. */
export const READ_ONLY_ROLES = ['auditor'] as const satisfies readonly Role[];

/** Who reads the monthly collaboration report. */
export const REPORT_READER_ROLES = ['hr', 'admin', 'manager', 'auditor', 'safety_officer', 'department_head'] as const satisfies readonly Role[];

export type PageKey =
  | 'home'
  | 'dashboard'
  | 'inbox'
  | 'approvals'
  | 'hazards'
  | 'hazardNew'
  | 'emergencies'
  | 'emergencyNew'
  | 'incidents'
  | 'incidentNew'
  | 'incidentReceipt'
  | 'permits'
  | 'permitNew'
  | 'areaBoard'
  | 'safetyRates'
  | 'riskAssessments'
  | 'inspections'
  | 'trainings'
  | 'certificates'
  | 'workAreas'
  | 'workAreaCodes'
  | 'monitor'
  | 'alerts'
  | 'reports'
  | 'processHistory'
  | 'myScore'
  | 'assessmentCycles'
  | 'rulesets'
  | 'scoreReport'
  | 'improvementPlans'
  | 'notifications'
  | 'org'
  | 'mail'
  | 'status'
  | 'outbox';

/** Menu groups: pages of a group are listed together under its title. */
export type MenuGroup = 'scores';

export interface RouteDef {
  key: PageKey;
  path: string;
  /** Roles that see the page; undefined: everyone signed in. */
  roles?: Role[];
  group?: MenuGroup;
  /** A page that only writes (a report or request form): not offered to read-only users. */
  writes?: boolean;
  /** Not in the menu (reached by links); the menu highlights `parent` instead. */
  hidden?: boolean;
  parent?: PageKey;
}

/** The pages of the side navigation, in order. */
export const ROUTES: RouteDef[] = [
  { key: 'home', path: '/home', roles: ['employee'] },
  { key: 'dashboard', path: '/dashboard', roles: [...DASHBOARD_ROLES] },
  { key: 'inbox', path: '/tasks' },
  { key: 'approvals', path: '/approvals', roles: [...APPROVER_ROLES] },
  { key: 'hazards', path: '/hazards' },
  { key: 'hazardNew', path: '/hazards/new', writes: true },
  { key: 'emergencies', path: '/emergencies' },
  { key: 'emergencyNew', path: '/emergencies/new', writes: true },
  { key: 'incidents', path: '/incidents' },
  { key: 'incidentNew', path: '/incidents/new', writes: true },
  { key: 'incidentReceipt', path: '/incidents/receipt', hidden: true, parent: 'incidents' },
  { key: 'permits', path: '/permits' },
  { key: 'permitNew', path: '/permits/new', writes: true },
  { key: 'areaBoard', path: '/areas', hidden: true, parent: 'permits' },
  { key: 'safetyRates', path: '/safety-rates', roles: [...DASHBOARD_ROLES] },
  { key: 'riskAssessments', path: '/risk-assessments' },
  { key: 'inspections', path: '/inspections' },
  { key: 'trainings', path: '/trainings' },
  { key: 'certificates', path: '/certificates' },
  { key: 'workAreas', path: '/work-areas', roles: ['safety_officer', 'admin', 'department_head', 'manager', 'auditor'] },
  { key: 'workAreaCodes', path: '/work-areas/codes', hidden: true, parent: 'workAreas' },
  { key: 'monitor', path: '/monitor', roles: [...PROCESS_READER_ROLES] },
  { key: 'alerts', path: '/alerts' },
  { key: 'reports', path: '/reports', roles: [...REPORT_READER_ROLES] },
  { key: 'processHistory', path: '/processes', roles: [...PROCESS_READER_ROLES], hidden: true, parent: 'monitor' },
  { key: 'myScore', path: '/my-score', group: 'scores' },
  { key: 'assessmentCycles', path: '/assessment-cycles', group: 'scores', roles: ['admin', 'hr', 'manager', 'auditor', 'department_head', 'safety_officer'] },
  { key: 'rulesets', path: '/rulesets', group: 'scores', roles: ['admin', 'hr', 'manager', 'safety_officer', 'auditor'] },
  { key: 'improvementPlans', path: '/improvement-plans', group: 'scores' },
  { key: 'scoreReport', path: '/scores', group: 'scores', hidden: true, parent: 'assessmentCycles' },
  { key: 'notifications', path: '/notifications' },
  { key: 'org', path: '/org' },
  { key: 'mail', path: '/mail', roles: ['admin', 'safety_officer', 'auditor'] },
  { key: 'status', path: '/status', roles: ['admin'] },
  // What this device keeps to send (reached from the header's badge).
  { key: 'outbox', path: '/outbox', hidden: true },
];

/** A frontline worker: someone whose only role is employee. They land on the worker home (big tiles) rather than the inbox. */
export function isFrontline(user: CurrentUser): boolean {
  return user.roles.length > 0 && user.roles.every((r) => r === 'employee');
}

/** Where signing in (or the bare address) leads: the worker home for the frontline, the inbox for everyone else. */
export function landingPath(user: CurrentUser): string {
  return isFrontline(user) ? '/home' : '/tasks';
}

/** Has `user` any of `roles`? (shared/session's hasRole, here too: this module is part of the boot script, which has no React.) */
function anyOf(user: CurrentUser, roles: readonly Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}

/** Is `user` read-only (an auditor): nothing that writes is offered. */
export function isReadOnly(user: CurrentUser): boolean {
  return anyOf(user, READ_ONLY_ROLES);
}

/** Are the developer links (Temporal UI, API docs) shown to `user`? */
export function seesDeveloperLinks(user: CurrentUser): boolean {
  return anyOf(user, DEVELOPER_LINK_ROLES);
}

export function canSee(user: CurrentUser, route: RouteDef): boolean {
  if (route.writes && isReadOnly(user)) return false;
  return !route.roles || anyOf(user, route.roles);
}

export function visibleRoutes(user: CurrentUser): RouteDef[] {
  return ROUTES.filter((r) => canSee(user, r));
}

/** The route of a path: the longest matching prefix (/hazards/new before /hazards, /emergencies/new before /emergencies). */
export function findRoute(pathname: string): RouteDef | undefined {
  return ROUTES.filter((r) => pathname === r.path || pathname.startsWith(`${r.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
}
