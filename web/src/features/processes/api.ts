import { fetchFile } from '../../shared/api/core';
import { client, dataOf, type Ok, type Query, type Schemas } from '../../shared/api/client';
import { id, query } from '../../shared/api/http';
import { listingEvery, present } from '../../shared/api/lists';
import { ProcessTypeValues } from '../../shared/api/values';

/** A process in flight, as the safety hub monitor lists it. */
export type MonitorItem = Schemas['MonitorItem'];

/** A type of process the monitor shows. */
export type ProcessType = Schemas['ProcessType'];

/** Every process type, in the order the filter offers them (the server's). */
export const PROCESS_TYPES = ProcessTypeValues;

/** The monitor's filters as the URL and saved views hold them (`type`: comma-separated). */
export type MonitorFilters = Schemas['MonitorFilters'];

export type MonitorSort = NonNullable<MonitorFilters['sort']>;

export const MONITOR_SORTS = listingEvery<MonitorSort>()(['breach', 'started', 'escalation']);

/** An open step of a process: an inbox task and who holds it (a username, or the unit's candidates). */
export type MonitorStep = MonitorItem['steps'][number];

/** A page of the monitor, with counts over all that match, `truncated` when the server read only the first few thousand, and the server's clock (`serverTime`) the countdowns run against. */
export type MonitorPage = Ok<'listProcesses'>;

export type SavedMonitorView = Schemas['SavedView'];

/** One result of a bulk action: done, or why not (`tasks`: how many open steps a reassign handed over). */
export type BulkResult = Ok<'cancelProcesses'>['results'][number];

/** One entry of a process's timeline: its workflow history (`process`) or the audit log (`audit`). */
export type TimelineEntry = Schemas['TimelineEntry'];

/** The auditor's view of one process: its history merged with the audit log. */
export type ProcessHistory = Schemas['ProcessHistory'];

/** An account as `GET /api/users` lists it. */
export type UserAccount = Schemas['UserAccount'];

export const listProcesses = (filters: Query<'listProcesses'>) => dataOf(client.GET('/api/processes', { params: { query: present(filters) } }));

export const cancelProcesses = (workflowIds: string[], reason: string) => dataOf(client.POST('/api/processes/cancel', { body: { workflowIds, reason } }));

export const reassignProcesses = (workflowIds: string[], toUserId: string) =>
  dataOf(client.POST('/api/processes/reassign', { body: { workflowIds, toUserId } }));

export const listMonitorViews = () => dataOf(client.GET('/api/processes/views'));

export const saveMonitorView = (name: string, shared: boolean, filters: MonitorFilters) =>
  dataOf(client.POST('/api/processes/views', { body: { name, shared, filters } }));

export const deleteMonitorView = (viewId: string) => dataOf(client.DELETE('/api/processes/views/{id}', { params: { path: { id: viewId } } }));

export const fetchProcessHistory = (workflowId: string) => dataOf(client.GET('/api/processes/{workflowId}/history', { params: { path: { workflowId } } }));

/** The timeline as a file: its content and the server's file name. */
export const downloadProcessHistory = (workflowId: string, format: NonNullable<Query<'exportProcessHistory'>['format']>) =>
  fetchFile(`/api/processes/${id(workflowId)}/history/export${query({ format })}`, `process-history.${format}`);
