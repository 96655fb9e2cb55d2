import type { EvidenceMeta, Health } from '../../features/approvals/api';
import type { UserAccount } from '../../features/processes/api';
import { api, failure, id, parseJson, query, session } from './http';

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
  /**
   * `orgUnit`: an org unit id; `person`: a person id; `evidence`: ids of uploaded files;
   * `actions`: a list of `{ orgUnitId, description }` (improvement actions per department);
   * `riskItems`: a risk register, a list of `{ title, source, likelihood, severity, ownerOrgUnitId }`
   * (scale and owners from the task's `form.context`); `measureProposals`: a list of
   * `{ itemKey, description }`; `controlPlan`: a list of `{ itemKey, description, ownerOrgUnitId, dueAt }`.
   */
  type:
    | 'text'
    | 'textarea'
    | 'boolean'
    | 'select'
    | 'number'
    | 'datetime'
    | 'orgUnit'
    | 'person'
    | 'evidence'
    | 'actions'
    | 'riskItems'
    | 'measureProposals'
    | 'controlPlan';
  required: boolean;
  options?: string[];
  maxLength?: number;
  min?: number;
  max?: number;
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
  /** `context`: what the form needs from the process (risk tasks: scale, units, register items, proposals). */
  form: { fields: FormField[]; context?: Record<string, unknown> | null };
  /** Why the caller may act on this open task: assignee, substitute, head or responder of a unit, holder of the role for a unit. */
  candidacy?: TaskCandidacy | null;
  actions: { canClaim: boolean; canUnclaim: boolean; canComplete: boolean; canDelegate: boolean };
}

export interface TaskCandidacy {
  kind: 'assignee' | 'substitute' | 'head' | 'responder' | 'role';
  role: string | null;
  unitName: string | null;
}

/** A value of a task form, as the completion payload carries it. */
export type FormValue = string | number | boolean | string[] | ActionItem[] | RiskItemRow[] | MeasureProposalRow[] | ControlPlanRow[];

/** One improvement action of an `actions` field: a department and what it has to do. */
export interface ActionItem {
  orgUnitId: string;
  description: string;
}

export type TaskPayload = Record<string, FormValue>;

/** One risk of a `riskItems` field (the register the safety hub compiles). */
export interface RiskItemRow {
  title: string;
  source: string;
  likelihood: number;
  severity: number;
  ownerOrgUnitId: string;
}

/** One proposal of a `measureProposals` field: a control measure for a register item. */
export interface MeasureProposalRow {
  itemKey: string;
  description: string;
}

/** One measure of a `controlPlan` field: what, for which risk, who, by when (ISO). */
export interface ControlPlanRow {
  itemKey: string;
  description: string;
  ownerOrgUnitId: string;
  dueAt: string;
}

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

export interface PersonRef {
  id: string;
  name: string;
  employeeNo: string;
}

/** A unit's head or named responder: where the unit's tasks arrive. */
export interface ResponderPerson {
  personId: string;
  name: string;
  employeeNo: string;
  orgUnitName: string;
  usernames: string[];
}

export interface UnitResponders {
  orgUnitId: string;
  head: ResponderPerson | null;
  responders: ResponderPerson[];
  canEdit: boolean;
}

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

export const fetchUnitResponders = (unitId: string) => api<UnitResponders>('GET', `/api/org/units/${id(unitId)}/responders`);

export const setUnitResponders = (unitId: string, personIds: string[]) => api<UnitResponders>('PUT', `/api/org/units/${id(unitId)}/responders`, { personIds });

export const listPeople = (orgUnitId: string) => api<Page<PersonRef>>('GET', `/api/org/people${query({ orgUnitId, pageSize: 200 })}`);

/**
 * Uploads one evidence file as the raw request body. XMLHttpRequest rather than fetch because
 * only it reports upload progress; `onProgress` gets 0..1. `signal` aborts the upload.
 */
export function uploadEvidence(file: Blob, fileName: string, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<EvidenceMeta> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/evidence');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', file.type);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(fileName));
    const token = session.token;
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as EvidenceMeta);
      else reject(failure({ status: xhr.status, statusText: xhr.statusText }, data, !!token));
    };
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** An evidence file as a blob (the endpoint needs the Authorization header, so no plain <img src>). */
export async function fetchEvidence(evidenceId: string): Promise<Blob> {
  const token = session.token;
  const res = await fetch(`/api/evidence/${id(evidenceId)}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw failure(res, parseJson(await res.text()), !!token);
  return res.blob();
}

export const fetchTask = (taskId: string) => api<TaskView>('GET', `/api/tasks/${id(taskId)}`);

/** Active accounts whose username or name contains `q` (the people a process step can be handed to). */
export const searchUsers = (q: string) => api<Page<UserAccount>>('GET', `/api/users${query({ q: q.trim() || undefined, active: 'true', pageSize: 50 })}`);

/**
 * A file from an endpoint that needs the Authorization header (so no plain link): its content and
 * the server's file name (Content-Disposition), else `fallbackName`.
 */
export async function fetchFile(path: string, fallbackName: string): Promise<{ blob: Blob; fileName: string }> {
  const token = session.token;
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw failure(res, parseJson(await res.text()), !!token);
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  return { blob: await res.blob(), fileName };
}

/** People in the caller's scope by part of their name, employee number or email (optionally below one unit). */
export const searchPeople = (q: string, orgUnitId?: string) =>
  api<Page<PersonRef>>('GET', `/api/org/people${query({ q: q.trim() || undefined, orgUnitId, active: 'true', pageSize: 50 })}`);

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
