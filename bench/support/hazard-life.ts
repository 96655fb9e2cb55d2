/**
 * A general hazard's whole life for `npm run bench:processes` (issue 22): driven through the public
 * API from report to closed as the general path of test/integration/hazard.test.ts does, then
 * counted in Temporal history — every run of its workflow and of each child it started — beside
 * the events the shared notification dispatcher added meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { Hazard, OrgUnit } from '../../db/entities';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { NOTIFICATION_DISPATCHER_WORKFLOW } from '../../workflows/notification/messages';
import { evidencePhoto, openTaskOf } from '../../test/support/api';
import { loggedInClients } from '../../test/support/as-user';
import { eventually } from '../../test/support/wait';

const ET = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The policy of the hazard path tests: quiet hours off and no reminders, so the count does not
 * depend on the hour the bench runs at, and matches the baseline recorded by those tests.
 */
const LIFE_POLICY: Policy = { ...DEFAULT_POLICY, quietHours: { default: null }, reminders: { beforeDeadline: [] } };
/** How long a child still running when its parent closed is waited for before it is counted as it is. */
export const CHILD_WAIT_MS = 15_000;

export interface HistoryCount {
  events: number;
  /** Workflow tasks started (each is one activation on the worker). */
  workflowTasks: number;
  /** Events by what they record (`kindOf`): where a reduction would come from. */
  byKind: Record<string, number>;
}

/** What an event records, in the groups a history's size is made of. */
function kindOf(e: HistoryEvent): string {
  const name = (ET[e.eventType ?? 0] as string | undefined)?.replace(/^EVENT_TYPE_/, '') ?? '?';
  if (name.startsWith('WORKFLOW_TASK_')) return 'workflow task';
  if (name.startsWith('ACTIVITY_TASK_')) return 'activity';
  if (name.includes('UPDATE')) return 'update';
  if (name.startsWith('TIMER_')) return 'timer';
  if (name === 'MARKER_RECORDED') return 'marker (local activity, patch)';
  if (name === 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES') return 'search attributes';
  if (name === 'WORKFLOW_EXECUTION_SIGNALED') return 'signal';
  if (name.includes('CHILD_WORKFLOW')) return 'child workflow';
  return 'start, end, other';
}

export const emptyCount = (): HistoryCount => ({ events: 0, workflowTasks: 0, byKind: {} });

function add(into: HistoryCount, events: HistoryEvent[]): void {
  into.events += events.length;
  for (const e of events) {
    if (e.eventType === ET.EVENT_TYPE_WORKFLOW_TASK_STARTED) into.workflowTasks++;
    const k = kindOf(e);
    into.byKind[k] = (into.byKind[k] ?? 0) + 1;
  }
}

/**
 * Every run of a workflow, latest first: the continue-as-new chain walked back from the latest run
 * (each run's start event names the run it continues); `stopBefore` ends the walk at the first run
 * that started before it (that run is still included).
 */
async function runsOf(client: Client, workflowId: string, stopBefore = -Infinity): Promise<HistoryEvent[][]> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined;
  for (;;) {
    const events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    runs.push(events);
    const started = events[0];
    runId = started?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    if (!runId || tsToMs(started.eventTime) < stopBefore) return runs;
  }
}

/** Waits (≤ `ms`) for a workflow's latest run to close; its status then, `RUNNING` when it did not. */
async function closedStatus(client: Client, workflowId: string, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { status } = await client.workflow.getHandle(workflowId).describe();
    if (status.name !== 'RUNNING' || Date.now() > deadline) return status.name;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface WholeLife {
  own: HistoryCount & { runs: number };
  /** Every workflow its runs started, and theirs in turn, over all their runs. */
  children: HistoryCount & { workflows: number; runs: number; stillRunning: number };
}

/** A closed workflow's whole history: all its runs, plus every child workflow (and grandchild) it started. */
export async function wholeLife(client: Client, workflowId: string): Promise<WholeLife> {
  const life: WholeLife = { own: { ...emptyCount(), runs: 0 }, children: { ...emptyCount(), workflows: 0, runs: 0, stillRunning: 0 } };
  const seen = new Set([workflowId]);
  const queue = [workflowId];
  while (queue.length) {
    const id = queue.shift()!;
    const isChild = id !== workflowId;
    if (isChild && (await closedStatus(client, id, CHILD_WAIT_MS)) === 'RUNNING') life.children.stillRunning++;
    const into = isChild ? life.children : life.own;
    for (const events of await runsOf(client, id)) {
      add(into, events);
      into.runs++;
      for (const e of events) {
        const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
        if (child && !seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    if (isChild) life.children.workflows++;
  }
  return life;
}

/**
 * The events every notification dispatcher (all runs) recorded between `from` and `to` (epoch ms):
 * the dispatcher is shared by every process, so its work for the hazards is what it did meanwhile.
 */
export async function dispatcherBetween(client: Client, from: number, to: number): Promise<HistoryCount & { workflows: number }> {
  const ids = new Set<string>();
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${NOTIFICATION_DISPATCHER_WORKFLOW}'` })) ids.add(wf.workflowId);
  const out = { ...emptyCount(), workflows: ids.size };
  for (const id of ids) {
    for (const events of await runsOf(client, id, from)) {
      add(
        out,
        events.filter((e) => tsToMs(e.eventTime) >= from && tsToMs(e.eventTime) <= to),
      );
    }
  }
  return out;
}

/**
 * Waits (≤ `ms`) until no outbox message that is due now is still waiting or being sent; false
 * when some still are (the figures after it then include their delivery).
 */
export async function outboxDrained(ds: DataSource, ms: number): Promise<boolean> {
  return eventually(
    async () => {
      const [{ n }] = (await ds.query("SELECT COUNT(*) AS n FROM notification_outbox WHERE state IN ('pending', 'sending') AND due_at <= ?", [new Date()])) as {
        n: number | string;
      }[];
      return Number(n) === 0;
    },
    'the notification outbox to drain',
    ms,
    100,
  ).catch(() => false);
}

/** The notification outbox's row IDs now: what a phase adds is told apart from what was there before. */
export async function outboxIds(ds: DataSource): Promise<Set<string>> {
  return new Set(((await ds.query('SELECT id FROM notification_outbox')) as { id: string }[]).map((r) => r.id));
}

export interface OutboxAdded {
  /** Notifications (de-duplication keys) and messages (rows, one per recipient and channel). */
  notifications: number;
  messages: number;
}

/** The notifications added to the outbox since `before` whose source is one of `sources`, and the others'. */
export async function outboxAdded(ds: DataSource, before: Set<string>, sources: Set<string>): Promise<{ theirs: OutboxAdded; others: OutboxAdded }> {
  const rows = (await ds.query('SELECT id, dedup_key AS k, request FROM notification_outbox')) as { id: string; k: string; request: string }[];
  const keys = { theirs: new Set<string>(), others: new Set<string>() };
  const out = { theirs: { notifications: 0, messages: 0 }, others: { notifications: 0, messages: 0 } };
  for (const r of rows) {
    if (before.has(r.id)) continue;
    const source = (JSON.parse(r.request) as { source?: string | null }).source ?? '';
    const side = sources.has(source) ? 'theirs' : 'others';
    keys[side].add(r.k);
    out[side].messages++;
  }
  out.theirs.notifications = keys.theirs.size;
  out.others.notifications = keys.others.size;
  return out;
}

/**
 * The demo users who run a general hazard through its life, logged in once; `use()` puts in force
 * the policy the lives are measured under (a new hazard starts under the policy in force).
 */
export function hazardLifeDriver(appUrl: string, ds: DataSource) {
  const as = loggedInClients(() => appUrl);
  const call = async (username: string, method: string, path: string, body?: unknown) => {
    const r = await (await as(username)).call(method, path, body);
    if (r.status >= 300) throw new Error(`${username} ${method} ${path}: ${r.status} ${r.text}`);
    return r.body as Record<string, unknown>;
  };
  const complete = async (username: string, workflowId: string, taskType: string, suffix: string, payload: Record<string, unknown>) => {
    const task = await openTaskOf(ds, workflowId, taskType, suffix, { everyMs: 25 });
    await call(username, 'POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, { payload });
  };
  const photo = async (username: string) => {
    const r = await evidencePhoto(as, username, 'guard.png');
    if (r.status !== 201) throw new Error(`${username} uploading a photo: ${r.status} ${r.text}`);
    return r.body.id as string;
  };
  return {
    async use(): Promise<void> {
      await call('safety', 'POST', '/api/policies', { document: LIFE_POLICY, note: 'bench:processes, a general hazard’s whole life' });
    },
    /**
     * One general hazard from report to closed: the employee reports, the safety officer grades it
     * general (likelihood 2 × severity 2) for the equipment department, whose head acknowledges
     * and rectifies it with a photo, and the safety officer and the production head both pass it.
     * Returns its workflow ID once the workflow has completed and the hazard is closed.
     */
    async live(client: Client, title: string): Promise<string> {
      const equipment = (await ds.getRepository(OrgUnit).findOneByOrFail({ code: 'DEMO-EQUIPMENT' })).id;
      const reportId = randomUUID();
      const reported = await call('employee', 'POST', '/api/hazards', {
        reportId,
        title,
        description: `${title} — found on the morning round`,
        category: 'guarding',
        area: 'Press line 3',
        suspectedSeverity: 'low',
        evidenceIds: [],
      });
      const workflowId = String(reported.workflowId);
      await complete('safety', workflowId, 'hazard.grade', '', { likelihood: 2, severity: 2, responsibleOrgUnitId: equipment });
      await complete('head.equipment', workflowId, 'hazard.acknowledge', '', { understood: true });
      const fixed = await photo('head.equipment');
      await complete('head.equipment', workflowId, 'hazard.rectify', '', { summary: 'Guard fitted', evidenceIds: [fixed] });
      await complete('safety', workflowId, 'hazard.verify', 'verify-safety-1', { passed: true });
      await complete('head.production', workflowId, 'hazard.verify', 'verify-production-1', { passed: true });
      // Its payloads are encrypted (temporal/codec.ts), so the end is read from its status and the projection, not its result.
      const status = await closedStatus(client, workflowId, 30_000);
      const hazard = await ds.getRepository(Hazard).findOneByOrFail({ id: reportId });
      if (status !== 'COMPLETED' || hazard.status !== 'closed') throw new Error(`${workflowId}: workflow ${status}, hazard ${hazard.status}, not closed`);
      return workflowId;
    },
  };
}
