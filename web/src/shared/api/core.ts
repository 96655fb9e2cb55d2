/**
 * The shared contract (users, auth, tasks, notifications, org, health, evidence, people): the
 * server's types as the generated client names them (./schema.d.ts, `npm run gen:client`) and the
 * calls through it. The task form's values, which the server takes as free-form JSON and checks
 * per form, are put together here from the generated types of the records their rows become.
 */
import { byId, client, dataOf, type Ok, type Query, type Schemas } from './client';
import { failure, id, parseJson, session } from './http';
import type { CurrentUser, LoginResult, OrgUnit, OrgTreeNode, UnitResponders } from './types';

export type { CurrentUser, LoginResult, OrgUnit, OrgTreeNode, UnitResponders };

export type Role = CurrentUser['roles'][number];

/** One page of a list, as every list route answers it (the generated paging fields of a list, with its own items). */
export type Page<T> = Omit<Ok<'listHazards'>, 'items'> & { items: T[] };

export type TaskView = Schemas['Task'];

export type Priority = TaskView['priority'];

export type TaskStatus = TaskView['status'];

export type TaskListView = NonNullable<Query<'listTasks'>['view']>;

export type FormField = TaskView['form']['fields'][number];

export type UserRef = NonNullable<TaskView['assignee']>;

export type TaskCandidacy = NonNullable<TaskView['candidacy']>;

// Below: one row of each list-valued task form field (domain/task-forms.ts FORM_FIELD_TYPES), as the
// completion payload carries it: the fields the server's form schema takes, picked from the generated
// types of the records the rows become. `people`, `orgUnits`, `whys` and `evidence` are lists of strings.

/** An incident's investigation report (the `timeline` and `fishbone` fields' rows). */
type Investigation = NonNullable<Schemas['IncidentDetail']['investigation']>;

/** One improvement action of an `actions` field: a department and what it has to do. */
export type ActionItem = Pick<Schemas['EmergencyLive']['actions'][number], 'orgUnitId' | 'description'>;

/** One risk of a `riskItems` field (the register the safety hub compiles). */
export type RiskItemRow = Pick<Schemas['RiskRegister']['items'][number], 'title' | 'source' | 'likelihood' | 'severity' | 'ownerOrgUnitId'>;

/** One proposal of a `measureProposals` field: a control measure for a register item. */
export type MeasureProposalRow = Pick<Schemas['RiskMeasure'], 'itemKey' | 'description'>;

/** One measure of a `controlPlan` field: what, for which risk, who, by when (ISO). */
export type ControlPlanRow = Pick<Schemas['RiskMeasure'], 'itemKey' | 'description' | 'ownerOrgUnitId' | 'dueAt'>;

/** One event of a `timeline` field (an incident's investigation): when (ISO) and what happened. */
export type TimelineRow = Investigation['timeline'][number];

/** One cause of a `fishbone` field: its category (人/机/料/法/环/管) and the cause. */
export type FishboneRow = Investigation['fishbone'][number];

/** One action of a `correctiveActions` field: corrective or preventive, the department that owns it, what, by when (ISO). */
export type CorrectiveActionRow = Pick<Schemas['CorrectiveAction'], 'kind' | 'orgUnitId' | 'description' | 'dueAt'>;

/** One entry of a `responsibilities` field: a person, the level of their responsibility and an optional note. */
export type ResponsibilityRow = Schemas['IncidentLive']['responsibilities'][number] & { note?: string };

/** A value of a task form, as the completion payload carries it. */
export type FormValue =
  | string
  | number
  | boolean
  | string[]
  | ActionItem[]
  | RiskItemRow[]
  | MeasureProposalRow[]
  | ControlPlanRow[]
  | TimelineRow[]
  | FishboneRow[]
  | CorrectiveActionRow[]
  | ResponsibilityRow[];

export type TaskPayload = Record<string, FormValue>;

export type NotificationView = Schemas['Notification'];

export type Severity = NotificationView['severity'];

export type MailView = Schemas['SinkMail'];

export type PostView = Schemas['Post'];

export type PersonView = Schemas['Person'];

/** A unit with its parent's name, head, child units, posts and people (the unit's own fields at the top level). */
export type OrgUnitDetail = Ok<'getOrgUnit'>;

/** What a people picker needs of a person. */
export type PersonRef = Pick<PersonView, 'id' | 'name' | 'employeeNo'> & { nameZh?: string | null };

/** A unit's head or named responder: where the unit's tasks arrive. */
export type ResponderPerson = Schemas['ResponderPerson'];
export type EmergencyPhone = Schemas['EmergencyPhone'];

export const login = (username: string, password: string) => dataOf(client.POST('/api/auth/login', { body: { username, password } }));

export const fetchMe = () => dataOf(client.GET('/api/auth/me'));

/** Saves the signed-in user's language to their account: mails and notices are written in it. */
export const saveMyLanguage = (locale: 'en' | 'zh-CN') => dataOf(client.PATCH('/api/users/me', { body: { locale } }));

export const listTasks = (view: TaskListView, page = 1, pageSize = 50) => dataOf(client.GET('/api/tasks', { params: { query: { view, page, pageSize } } }));

export const claimTask = (taskId: string) => dataOf(client.POST('/api/tasks/{id}/claim', byId(taskId)));

export const unclaimTask = (taskId: string) => dataOf(client.POST('/api/tasks/{id}/unclaim', byId(taskId)));

export const completeTask = (taskId: string, payload: TaskPayload) => dataOf(client.POST('/api/tasks/{id}/complete', { ...byId(taskId), body: { payload } }));

export const delegateTask = (taskId: string, toUserId: string) => dataOf(client.POST('/api/tasks/{id}/delegate', { ...byId(taskId), body: { toUserId } }));

/** Colleagues a task can be handed to: the accounts of a unit (and the units below it). */
export const listUsers = (orgUnitId: string) => dataOf(client.GET('/api/users', { params: { query: { orgUnitId: orgUnitId || undefined, pageSize: 200 } } }));

export const listNotifications = (opts: { unreadOnly?: boolean; page?: number; pageSize?: number } = {}) =>
  dataOf(
    client.GET('/api/notifications', {
      params: { query: { unreadOnly: opts.unreadOnly ? 'true' : 'false', page: opts.page ?? 1, pageSize: opts.pageSize ?? 50 } },
    }),
  );

export const markNotificationRead = (notificationId: string) => dataOf(client.POST('/api/notifications/{id}/read', byId(notificationId)));

export const markAllNotificationsRead = () => dataOf(client.POST('/api/notifications/read-all'));

export const listMailSink = (page = 1, pageSize = 50) => dataOf(client.GET('/api/notifications/mail-sink', { params: { query: { page, pageSize } } }));

export const fetchOrgTree = () => dataOf(client.GET('/api/org/tree'));

export const fetchOrgUnit = (unitId: string) => dataOf(client.GET('/api/org/units/{id}', byId(unitId)));

/** The system's health: the database and Temporal, each up or down. */
export type Health = Schemas['Health'];

export type HealthComponent = Health['database'];

/** The system's health; a 503 (something is down) is an answer too, with the same body. */
export async function fetchHealth(): Promise<Health> {
  const { data, error } = await client.GET('/api/health');
  return data ?? error;
}

export const fetchUnitResponders = (unitId: string) => dataOf(client.GET('/api/org/units/{id}/responders', byId(unitId)));

export const setUnitResponders = (unitId: string, personIds: string[]) =>
  dataOf(client.PUT('/api/org/units/{id}/responders', { ...byId(unitId), body: { personIds } }));

export const fetchUnitEmergencyPhones = (unitId: string) => dataOf(client.GET('/api/org/units/{id}/emergency-phones', byId(unitId)));

export const setUnitEmergencyPhones = (unitId: string, phones: EmergencyPhone[]) =>
  dataOf(client.PUT('/api/org/units/{id}/emergency-phones', { ...byId(unitId), body: { phones } }));

export const listPeople = (orgUnitId: string) =>
  dataOf(client.GET('/api/org/people', { params: { query: { orgUnitId: orgUnitId || undefined, pageSize: 200 } } }));

/** The files the evidence store takes, and their largest size. */
export const EVIDENCE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/**
 * Uploads one evidence file as the raw request body. XMLHttpRequest rather than fetch because
 * only it reports upload progress; `onProgress` gets 0..1. `signal` aborts the upload.
 */
export function uploadEvidence(file: Blob, fileName: string, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<Ok<'uploadEvidence'>> {
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
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as Ok<'uploadEvidence'>);
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

export const fetchTask = (taskId: string) => dataOf(client.GET('/api/tasks/{id}', byId(taskId)));

/** Active accounts whose username or name contains `q` (the people a process step can be handed to). */
export const searchUsers = (q: string) => dataOf(client.GET('/api/users', { params: { query: { q: q.trim() || undefined, active: 'true', pageSize: 50 } } }));

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
  dataOf(client.GET('/api/org/people', { params: { query: { q: q.trim() || undefined, orgUnitId: orgUnitId || undefined, active: 'true', pageSize: 50 } } }));

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
