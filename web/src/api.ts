/** Typed client for the SafeLoop API: JSON in and out, bearer token from the session. */

// ---------------------------------------------------------------------------------------------
// Types of the API contract
// ---------------------------------------------------------------------------------------------

export const ROLES = ['employee', 'department_head', 'safety_officer', 'hr', 'manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  orgUnitId: string;
  personId: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: CurrentUser;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Priority = 'critical' | 'normal' | 'info';
export type TaskStatus = 'open' | 'completed' | 'cancelled';
export type TaskListView = 'mine' | 'team' | 'completed';

export interface FormField {
  name: string;
  type: 'text' | 'textarea' | 'boolean' | 'select' | 'number' | 'datetime';
  required: boolean;
  options?: string[];
  maxLength?: number;
}

export interface UserRef {
  id: string;
  username: string;
  displayName: string;
}

export interface TaskView {
  id: string;
  workflowId: string;
  processType: string;
  taskType: string;
  title: string;
  description: string | null;
  orgUnitId: string;
  orgUnitName: string;
  candidateRole: string | null;
  assignee: UserRef | null;
  status: TaskStatus;
  dueAt: string | null;
  followUpAt: string | null;
  priority: Priority;
  overdue: boolean;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
  /** Set when a substitute completed it: whose task it was. */
  completedOnBehalfOf?: string | null;
  form: { fields: FormField[] };
  actions: { canClaim: boolean; canUnclaim: boolean; canComplete: boolean; canDelegate: boolean };
}

/** A value of a task form, as the completion payload carries it. */
export type FormValue = string | number | boolean;
export type TaskPayload = Record<string, FormValue>;

export type Severity = 'critical' | 'normal' | 'info';

export interface NotificationView {
  id: string;
  channel: string;
  severity: Severity;
  subject: string;
  body: string;
  link: string | null;
  status: 'deferred' | 'sent' | 'failed';
  deliverAfter: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  total: number;
  unread: number;
}

export interface MailView {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  receivedAt: string;
}

export interface MailPage {
  items: MailView[];
  total: number;
}

export type OrgUnitKind = 'group' | 'company' | 'plant' | 'department' | 'workshop';

export interface OrgUnit {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string;
  departmentFunction: string | null;
  headPersonId: string | null;
  headName: string | null;
}

export interface OrgTreeNode extends OrgUnit {
  children: OrgTreeNode[];
}

export interface PostView {
  id: string;
  code: string;
  name: string;
  level: string;
  businessType: string;
  riskLevel: string;
}

export interface PersonView {
  id: string;
  employeeNo: string;
  name: string;
  email: string | null;
  postId: string | null;
  postName: string | null;
  active: boolean;
}

export interface OrgUnitDetail {
  unit: OrgUnit;
  posts: PostView[];
  people: PersonView[];
}

export interface HealthComponent {
  status: 'ok' | 'down';
  latencyMs: number;
  detail: string;
  error?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  time: string;
  database: HealthComponent;
  temporal: HealthComponent & { namespace: string; uiUrl: string | null };
}

// ---------------------------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------------------------

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'safeloop.token';

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value: string | null) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** Fired when the server rejects the session's token (expired, user disabled): back to login. */
export const UNAUTHORIZED_EVENT = 'safeloop:unauthorized';

interface ErrorBody {
  error?: { code?: string; message?: string; details?: ErrorDetail[] };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = parseJson(await res.text());
  // /api/health answers 503 with the same body when something is down: that is still an answer.
  if (!res.ok && !(res.status === 503 && path === '/api/health')) {
    const error = (data as ErrorBody | undefined)?.error;
    if (res.status === 401 && token) {
      session.token = null;
      window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    }
    throw new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? res.statusText, error?.details ?? []);
  }
  return data as T;
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const id = (value: string) => encodeURIComponent(value);

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

export const login = (username: string, password: string) => api<LoginResult>('POST', '/api/auth/login', { username, password });
export const fetchMe = () => api<CurrentUser>('GET', '/api/auth/me');

export const listTasks = (view: TaskListView, page = 1, pageSize = 50) => api<Page<TaskView>>('GET', `/api/tasks${query({ view, page, pageSize })}`);
export const claimTask = (taskId: string) => api<TaskView>('POST', `/api/tasks/${id(taskId)}/claim`);
export const unclaimTask = (taskId: string) => api<TaskView>('POST', `/api/tasks/${id(taskId)}/unclaim`);
export const completeTask = (taskId: string, payload: TaskPayload) => api<TaskView>('POST', `/api/tasks/${id(taskId)}/complete`, { payload });
export const delegateTask = (taskId: string, toUserId: string) => api<TaskView>('POST', `/api/tasks/${id(taskId)}/delegate`, { toUserId });

/**
 * Colleagues a task can be handed to. `GET /api/users` is a SPEC §8 resource whose payload is not
 * fixed yet; the inbox expects `{ items: UserRef[] }` filtered by org unit.
 */
export const listUsers = (orgUnitId: string) => api<{ items: UserRef[] }>('GET', `/api/users${query({ orgUnitId, pageSize: 200 })}`);

export const listNotifications = (opts: { unreadOnly?: boolean; page?: number; pageSize?: number } = {}) =>
  api<NotificationPage>('GET', `/api/notifications${query({ unreadOnly: opts.unreadOnly ?? false, page: opts.page ?? 1, pageSize: opts.pageSize ?? 50 })}`);
export const markNotificationRead = (notificationId: string) => api<unknown>('POST', `/api/notifications/${id(notificationId)}/read`);
export const markAllNotificationsRead = () => api<unknown>('POST', '/api/notifications/read-all');

export const listMailSink = (page = 1, pageSize = 50) => api<MailPage>('GET', `/api/notifications/mail-sink${query({ page, pageSize })}`);

export const fetchOrgTree = () => api<OrgTreeNode[]>('GET', '/api/org/tree');

/**
 * The agreed contract is `{ unit, posts, people }`; the org routes as first written answer the
 * unit's fields at the top level next to `posts` and `people`. Both are read into the agreed shape.
 */
type OrgUnitDetailResponse = OrgUnitDetail | (OrgUnit & { posts: PostView[]; people: PersonView[] });

export async function fetchOrgUnit(unitId: string): Promise<OrgUnitDetail> {
  const r = await api<OrgUnitDetailResponse>('GET', `/api/org/units/${id(unitId)}`);
  if ('unit' in r) return r;
  const { posts, people, id: uid, parentId, kind, name, code, departmentFunction, headPersonId, headName } = r;
  return { unit: { id: uid, parentId, kind, name, code, departmentFunction, headPersonId, headName }, posts, people };
}

export const fetchHealth = () => api<Health>('GET', '/api/health');
