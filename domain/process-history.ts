import type { Language, MessageKey } from './texts/catalog';
import { HISTORY_AUDIT_ACTIONS, HISTORY_EVENTS, HISTORY_PROCESSES, HISTORY_STATUSES, HISTORY_STEPS, ROLE_NAMES } from './texts/history';
import { renderText } from './texts/render';
import { during, isText, term, text, when, type TextParam } from './texts/text';
/**
 * The auditor's timeline of one process, in business words: the Temporal history (what the
 * workflow did — tasks handed out, SLA timers fired, escalations, status changes, decisions
 * received) merged with the audit log (what people did through the API). Pure: the API layer
 * decodes the history into `HistoryEventLite`s and loads the audit rows; this turns them into
 * one ordered list.
 */

/** One Temporal history event, decoded (payloads as JSON values, times as ISO strings). */
export interface HistoryEventLite {
  id: number;
  at: string;
  /** The event type without the `EVENT_TYPE_` prefix, e.g. `ACTIVITY_TASK_COMPLETED`. */
  type: string;
  attrs: Record<string, unknown>;
}

export interface AuditLite {
  seq: number;
  at: string;
  actorType: string;
  actor: string;
  onBehalfOf: string | null;
  action: string;
  entityType: string;
  entityId: string;
  after: Record<string, unknown> | null;
}

export interface TimelineEntry {
  at: string;
  /** `process`: from the workflow history; `audit`: from the audit log. */
  source: 'process' | 'audit';
  /** Stable code, e.g. `task.handed`, `sla.fired`, `escalated`, `status`, `decision`, `started`. */
  kind: string;
  /** Username, `system`, or the process itself (`process`). */
  actor: string;
  text: string;
  data: Record<string, unknown>;
  /** Temporal event id or audit sequence number: where to look in the raw record. */
  ref: string;
}

export interface HistoryContext {
  /** Task titles by task id (from the inbox table). */
  taskTitles: ReadonlyMap<string, string>;
  /** Org unit names by id. */
  unitNames: ReadonlyMap<string, string>;
  /** The reader's language (default English): the timeline's sentences and what the process wrote as message keys. */
  language?: Language;
  /** The organisation's time zone for the times in the sentences (default Asia/Shanghai). */
  timeZone?: string;
  /** Display names by username: people are named, the `actor` field keeps the username. */
  people?: ReadonlyMap<string, string>;
}

/** A code's name from one of the history's tables (`<prefix>.<code>`), else words made from the code. */
function named(prefix: string, table: Readonly<Record<string, unknown>>, code: string, fallback = humanize(code)): TextParam {
  return Object.hasOwn(table, code) ? term(`${prefix}.${code}` as MessageKey) : fallback;
}

/** The context's sentence composer: a message in the reader's language and time zone. */
function sayer(ctx: HistoryContext) {
  const say = (key: MessageKey, params?: Record<string, TextParam>) => renderText(text(key, params), ctx.language ?? 'en', { timeZone: ctx.timeZone });
  const person = (username: string) => ctx.people?.get(username) ?? username;
  return { say, person };
}

const ACTOR_KEYS = [
  'reporterUsername',
  'reporter',
  'reportedBy',
  'startedBy',
  'initiatedBy',
  'issuedBy',
  'requestedBy',
  'proposer',
  'proposedBy',
  'declarant',
  'appellant',
  'raisedBy',
  'by',
] as const;

/**
 * The policy SLA (a key of `policy.sla`, in seconds) each kind of task is handed out under.
 * Task types whose deadline comes from elsewhere (a hazard's rectification date, a measure's
 * agreed due date) are not listed: their timeline names the due time and how long it was.
 */
const TASK_SLA: Readonly<Record<string, string>> = {
  'notice.acknowledge': 'noticeAcknowledge',
  'hazard.grade': 'hazardGrading',
  'hazard.acknowledge': 'hazardAcknowledge',
  'emergency.on_site': 'emergencyAcknowledge',
  'emergency.review': 'emergencyReview',
  'appeal.review': 'appealReview',
  'adjustment.approve': 'approval',
  'declaration.review': 'approval',
  'assessment.review': 'approval',
  'improvement.plan': 'approval',
  'improvement.check': 'approval',
  'risk.input': 'riskInput',
  'risk.compile': 'riskCompile',
  'risk.measures': 'riskMeasures',
  'risk.plan': 'riskPlan',
};

/** A task deadline seen in the history: when it was set (the workflow's clock) and for when. */
interface Deadline {
  taskId: string;
  title: string;
  taskType: string | null;
  setAt: number;
  dueAt: number;
}
/** Activities that only look things up or deliver what a notification entry already shows. */
const QUIET_ACTIVITIES = new Set([
  'resolveAudience',
  'deliver',
  'recordDeferred',
  'recordNotification',
  'deliverDueNotifications',
  'recordTaskCompletion',
  'currentPolicyForCycle',
  'currentRiskPolicy',
  'recordProbe',
]);

/** Activities that write one step of a process in one transaction (issue 22), and the activities whose entries their markers show. */
const STEP_ACTIVITIES: Readonly<Record<string, { transition: string; reported?: string; also?: Readonly<Record<string, string>> }>> = {
  // Risk assessments (patch risk-assessment-one-step; a measure's child too): `reported` is the step that recorded the start.
  recordRiskAssessmentStep: { transition: 'recordRiskTransition', reported: 'recordRiskAssessmentStarted' },
  recordHazardStep: { transition: 'recordHazardTransition' },
  recordEmergencyStep: { transition: 'recordEmergencyTransition', reported: 'recordEmergencyReported' },
  // Incident (patch incident-one-step).
  recordIncidentStep: { transition: 'recordIncidentTransition', reported: 'recordIncidentReported' },
  // Permit (patch permit-one-step): `also`, a write shown as its own activity when the step's record says it made it.
  recordPermitStep: { transition: 'recordPermitTransition', reported: 'recordPermitRequested', also: { gasTest: 'recordPermitGasTest' } },
};
/** Look-ups a process runs as local activities (issue 22) that the history shows as it showed the activity they were. */
const SHOWN_LOOKUPS = new Set(['permitCrewUserIds']);

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** `recordHazardTransition` → `record hazard transition`. */
export function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]/g, ' ')
    .toLowerCase()
    .trim();
}

const capitalized = (w: string) => w.replace(/^./, (c) => c.toUpperCase());

/** The process timeline from its decoded Temporal history. */
export function renderProcessEvents(events: readonly HistoryEventLite[], ctx: HistoryContext): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const scheduled = new Map<number, { name: string; input: Record<string, unknown>; clock: string }>();
  const attempts = new Map<number, number>();
  /** Timers by id: when the workflow started each (its own clock) and for how long. */
  const timers = new Map<string, { startedAt: string; ms: number }>();
  /** Task deadlines seen so far: a timer set to end at one of them is that task's SLA. */
  const deadlines: Deadline[] = [];
  /** Tasks whose SLA already passed or that were completed: a timer ending at the same time is another task's. */
  const settled = new Set<string>();
  /** The workflow's clock (`Date.now()` inside it): the start of the workflow task whose commands follow. */
  let clock: string | null = null;
  let policySla: Record<string, unknown> = {};
  const { say, person } = sayer(ctx);
  const push = (e: HistoryEventLite, kind: string, actor: string, text: string, data: Record<string, unknown> = {}) =>
    out.push({ at: e.at, source: 'process', kind, actor, text, data, ref: `event:${e.id}` });
  const title = (taskId: unknown) => (typeof taskId === 'string' ? (ctx.taskTitles.get(taskId) ?? taskId) : say('history.a_task'));
  const unit = (id: unknown) => (typeof id === 'string' ? (ctx.unitNames.get(id) ?? id) : say('history.a_unit'));
  const taskTitle = (input: Record<string, unknown>) =>
    !isText(input.title) ? String(input.title ?? '') : ((typeof input.id === 'string' ? ctx.taskTitles.get(input.id) : undefined) ?? words(input.title));
  const words = (v: unknown) => (isText(v) ? renderText(v, ctx.language ?? 'en') : String(v ?? ''));
  /** A notification put in the outbox (workflows/shared/notify.ts `NotificationRecorded`), as a local activity's result or the start's input names it. */
  /** "Notified (severity): subject", as both kinds of notification say it. */
  const notifiedSays = (severityOf: unknown, subject: unknown) => {
    const severity = String(severityOf ?? 'normal');
    return say('history.notified', { severity: named('history.severity', { critical: 1, normal: 1, info: 1 }, severity, severity), subject: words(subject) });
  };
  const notifiedAt = (e: HistoryEventLite, result: Record<string, unknown>) => {
    if (typeof result.dedupKey !== 'string') return;
    push(e, 'notified', 'process', notifiedSays(result.severity, result.subject), {
      dedupKey: result.dedupKey,
      audience: result.audience ?? null,
      recipients: result.recipients ?? null,
      deferred: result.deferred ?? null,
    });
  };

  for (const e of events) {
    const a = e.attrs;
    switch (e.type) {
      case 'WORKFLOW_EXECUTION_STARTED': {
        const input = obj((a.input as unknown[] | undefined)?.[0]);
        policySla = obj(obj(input.policy).sla);
        const started = startedBy(input, a);
        const data: Record<string, unknown> = { workflowType: a.workflowType, startedBy: started.actor, startedVia: started.via };
        for (const k of ['policyVersion', 'rulesetVersion', 'period', 'severity', 'title']) if (input[k] !== undefined) data[k] = input[k];
        const versions = [
          data.policyVersion !== undefined ? text('history.policy_version', { version: String(data.policyVersion) }) : null,
          data.rulesetVersion !== undefined ? text('history.ruleset_version', { version: String(data.rulesetVersion) }) : null,
        ].filter((v) => v !== null);
        const by = started.via === 'memo' || started.via === 'input' ? person(started.actor) : started.text;
        const process = named('history.process', HISTORY_PROCESSES, String(a.workflowType), String(a.workflowType));
        push(
          e,
          'started',
          started.actor,
          versions.length
            ? say('history.started_under', {
                by,
                process,
                versions: versions.length === 2 ? text('history.versions', { a: versions[0], b: versions[1] }) : versions[0],
              })
            : say('history.started', { by, process }),
          data,
        );
        // The first task written with the start (a hazard the API opened with its grading task).
        const first = obj(obj(input.opened).gradeTask);
        if (typeof first.id === 'string')
          renderActivity(e, 'createTask', { ...first, title: title(first.id) }, undefined, '', {
            push,
            say,
            title,
            taskTitle,
            unit,
            deadlines,
            setAt: Date.parse(e.at),
          });
        // … and its notice, written with it (the process writes none of its own then).
        notifiedAt(e, obj(obj(input.opened).notice));
        break;
      }
      case 'WORKFLOW_TASK_STARTED':
        clock = e.at;
        break;
      case 'ACTIVITY_TASK_SCHEDULED':
        scheduled.set(e.id, { name: String(a.activityType), input: obj((a.input as unknown[] | undefined)?.[0]), clock: clock ?? e.at });
        break;
      case 'ACTIVITY_TASK_STARTED':
        attempts.set(Number(a.scheduledEventId), Number(a.attempt ?? 1));
        break;
      case 'ACTIVITY_TASK_COMPLETED': {
        const s = scheduled.get(Number(a.scheduledEventId));
        if (!s || QUIET_ACTIVITIES.has(s.name) || s.name.startsWith('resolve')) break;
        const n = attempts.get(Number(a.scheduledEventId)) ?? 1;
        const retried = n > 1 ? say('history.retried', { n }) : '';
        renderActivity(e, s.name, s.input, a.result, retried, { push, say, title, taskTitle, unit, deadlines, setAt: Date.parse(s.clock) });
        break;
      }
      case 'ACTIVITY_TASK_FAILED':
      case 'ACTIVITY_TASK_TIMED_OUT': {
        const s = scheduled.get(Number(a.scheduledEventId));
        const permanent = a.nonRetryable === true || a.retryState === 'NON_RETRYABLE_FAILURE';
        push(
          e,
          'step.failed',
          'process',
          say(permanent ? 'history.step_failed_for_good' : 'history.step_failed', {
            step: s ? named('history.act', HISTORY_STEPS, s.name) : humanize('activity'),
            message: str(a.message) ?? e.type.toLowerCase(),
          }),
          { activity: s?.name, ...(permanent ? { nonRetryable: true } : {}) },
        );
        break;
      }
      case 'TIMER_STARTED':
        timers.set(String(a.timerId), { startedAt: clock ?? e.at, ms: Number(a.startToFireTimeoutMs ?? 0) });
        break;
      case 'TIMER_FIRED': {
        const t = timers.get(String(a.timerId));
        // The timer the workflow set to end at a task's due time is that task's SLA; a reminder or
        // an escalation step ends elsewhere. The latest deadline wins (a deadline moved by an extension).
        const endsAt = t ? Date.parse(t.startedAt) + t.ms : Date.parse(e.at);
        const matching = deadlines.filter((d) => Math.abs(d.dueAt - endsAt) < 1000);
        // Tasks handed out together share a due time (a department round): one timer each.
        const due = matching.filter((d) => !settled.has(d.taskId)).pop() ?? matching.pop();
        if (due) {
          settled.add(due.taskId);
          const key = due.taskType ? TASK_SLA[due.taskType] : undefined;
          const policySeconds = key !== undefined && typeof policySla[key] === 'number' ? (policySla[key] as number) : null;
          const said = { task: due.title, due: when(new Date(due.dueAt)), sla: during((due.dueAt - due.setAt) / 1000) };
          push(
            e,
            'sla.fired',
            'process',
            policySeconds !== null ? say('history.sla_passed_policy', { ...said, key: key!, policy: during(policySeconds) }) : say('history.sla_passed', said),
            {
              taskId: due.taskId,
              dueAt: new Date(due.dueAt).toISOString(),
              slaSeconds: Math.round((due.dueAt - due.setAt) / 1000),
              ...(policySeconds !== null ? { policyKey: key, policySeconds } : {}),
            },
          );
        } else
          push(e, 'timer.fired', 'process', say('history.timer_fired', { duration: t ? during(t.ms / 1000) : '?' }), {
            timerId: a.timerId,
          });
        break;
      }
      case 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED': {
        const args = (a.args as unknown[] | undefined) ?? [];
        const first = obj(args[0]);
        const by = str(first.by) ?? str(first.requestedBy) ?? str(a.identity) ?? 'unknown';
        if (a.name === 'completeTask') {
          if (typeof first.taskId === 'string') settled.add(first.taskId);
          const behalf = str(first.onBehalfOf);
          const task = title(first.taskId);
          push(e, 'decision', by, behalf ? say('history.completed_task_for', { task, for: person(behalf) }) : say('history.completed_task', { task }), {
            taskId: first.taskId,
            payload: first.payload ?? null,
          });
        } else {
          const reason = str(first.reason);
          const request = humanize(String(a.name));
          push(e, 'request', by, reason ? say('history.request_reason', { request, reason }) : say('history.request', { request }), {
            update: a.name,
            args: first,
          });
        }
        break;
      }
      case 'WORKFLOW_EXECUTION_SIGNALED':
        push(e, 'signal', str(a.identity) ?? 'unknown', say('history.signal', { signal: String(a.signalName) }), { args: a.input ?? null });
        break;
      case 'WORKFLOW_EXECUTION_CANCEL_REQUESTED':
        push(
          e,
          'cancel.requested',
          str(a.identity) ?? 'unknown',
          str(a.cause) ? say('history.cancel_requested_cause', { cause: String(a.cause) }) : say('history.cancel_requested'),
        );
        break;
      case 'MARKER_RECORDED': {
        if (a.failed) break;
        const notified = (result: Record<string, unknown>) => notifiedAt(e, result);
        const result = obj(a.result);
        if (a.activityType === 'recordNotification') notified(result);
        else if (typeof a.activityType === 'string' && SHOWN_LOOKUPS.has(a.activityType))
          renderActivity(e, a.activityType, {}, a.result, '', { push, say, title, taskTitle, unit, deadlines, setAt: Date.parse(clock ?? e.at) });
        else if (typeof a.activityType === 'string' && Object.hasOwn(STEP_ACTIVITIES, a.activityType)) {
          // One step's writes in one local activity (activities/hazards.ts `StepRecord`): shown as the activities they replace.
          const replaced = STEP_ACTIVITIES[a.activityType];
          const tools = { push, say, title, taskTitle, unit, deadlines, setAt: Date.parse(clock ?? e.at) };
          const list = (v: unknown) => (Array.isArray(v) ? v.map(obj) : []);
          if (result.reported === true && replaced.reported) renderActivity(e, replaced.reported, {}, undefined, '', tools);
          for (const [flag, name] of Object.entries(replaced.also ?? {})) if (result[flag] === true) renderActivity(e, name, {}, undefined, '', tools);
          for (const t of list(result.transitions)) renderActivity(e, replaced.transition, t, undefined, '', tools);
          for (const w of list(result.withdrawn)) renderActivity(e, 'cancelTasks', w, w.count, '', tools);
          // (The grading task of a hazard the API opened is in the step too, written already: shown once, at the start.)
          for (const t of list(result.tasks)) if (!deadlines.some((d) => d.taskId === t.id)) renderActivity(e, 'createTask', t, undefined, '', tools);
          for (const n of list(result.notifications)) notified(n);
        }
        break;
      }
      case 'START_CHILD_WORKFLOW_EXECUTION_INITIATED': {
        const input = obj((a.input as unknown[] | undefined)?.[0]);
        if (a.workflowType === 'DeliverNotificationWorkflow') {
          push(e, 'notified', 'process', notifiedSays(input.severity, input.subject), {
            workflowId: a.workflowId,
            audience: input.audience ?? null,
          });
        } else {
          const process = named('history.process', HISTORY_PROCESSES, String(a.workflowType), String(a.workflowType));
          push(e, 'child.started', 'process', say('history.child_started', { process, id: String(a.workflowId) }), { workflowId: a.workflowId });
        }
        break;
      }
      case 'WORKFLOW_EXECUTION_COMPLETED':
        push(e, 'completed', 'process', say('history.completed'));
        break;
      case 'WORKFLOW_EXECUTION_FAILED':
        push(e, 'failed', 'process', say('history.failed', { message: str(a.message) ?? say('history.unknown_error') }));
        break;
      case 'WORKFLOW_EXECUTION_CANCELED':
        push(e, 'cancelled', 'process', say('history.cancelled'));
        break;
      case 'WORKFLOW_EXECUTION_TERMINATED':
        push(
          e,
          'terminated',
          str(a.identity) ?? 'unknown',
          str(a.reason) ? say('history.terminated_reason', { reason: String(a.reason) }) : say('history.terminated'),
        );
        break;
      case 'WORKFLOW_EXECUTION_TIMED_OUT':
        push(e, 'timed_out', 'process', say('history.timed_out'));
        break;
      default:
        break;
    }
  }
  return out;
}

interface RenderTools {
  push: (e: HistoryEventLite, kind: string, actor: string, text: string, data?: Record<string, unknown>) => void;
  say: (key: MessageKey, params?: Record<string, TextParam>) => string;
  title: (taskId: unknown) => string;
  /** The title of the task a createTask input makes: its own words, or for a message key the inbox's (in the reader's language). */
  taskTitle: (input: Record<string, unknown>) => string;
  unit: (id: unknown) => string;
  deadlines: Deadline[];
  /** The workflow's clock when it scheduled the activity. */
  setAt: number;
}

/**
 * Who started a process: a `startedBy` memo the API sets at start, else the initiator in the
 * input or one level down (`issuedBy`, `report.reporterUsername`, `request.startedBy`), else the
 * Temporal Schedule or the parent process that started it. `system` only when none says.
 */
function startedBy(
  input: Record<string, unknown>,
  a: Record<string, unknown>,
): { actor: string; text: TextParam; via: 'memo' | 'input' | 'schedule' | 'parent' | 'unknown' } {
  const memo = str(obj(a.memo).startedBy);
  if (memo) return { actor: memo, text: memo, via: 'memo' };
  const nested = [input, ...Object.values(input).map(obj)];
  const fromInput = nested.flatMap((o) => ACTOR_KEYS.map((k) => str(o[k]))).find(Boolean);
  if (fromInput) return { actor: fromInput, text: fromInput, via: 'input' };
  const schedule = str(a.scheduleId);
  if (schedule) return { actor: 'schedule', text: text('history.by.schedule', { id: schedule }), via: 'schedule' };
  const parent = str(a.parentWorkflowId);
  if (parent) return { actor: parent, text: text('history.by.parent', { id: parent }), via: 'parent' };
  return { actor: 'system', text: text('history.by.system'), via: 'unknown' };
}

function renderActivity(e: HistoryEventLite, name: string, input: Record<string, unknown>, result: unknown, retried: string, t: RenderTools): void {
  const { say } = t;
  switch (name) {
    case 'createTask': {
      const role = str(input.candidateRole);
      const due = str(input.dueAt);
      if (due && typeof input.id === 'string')
        t.deadlines.push({ taskId: input.id, title: t.taskTitle(input), taskType: str(input.taskType), setAt: t.setAt, dueAt: Date.parse(due) });
      t.push(
        e,
        'task.handed',
        'process',
        say('history.task_handed', {
          task: t.taskTitle(input),
          unit: t.unit(input.orgUnitId),
          role: role ? text('history.task_role', { role: named('role', ROLE_NAMES, role, role) }) : '',
          due: due ? text('history.task_due', { due: when(due) }) : '',
          retried,
        }),
        {
          taskId: input.id,
          taskType: input.taskType,
          orgUnitId: input.orgUnitId,
          dueAt: due,
        },
      );
      return;
    }
    case 'recordEscalation':
      t.push(
        e,
        'escalated',
        'process',
        say('history.escalated', {
          task: t.title(input.taskId),
          level: String(input.level),
          step: named('role', ROLE_NAMES, String(input.step), String(input.step)),
          retried,
        }),
        { taskId: input.taskId, level: input.level, step: input.step },
      );
      return;
    case 'cancelOpenTasks':
    case 'cancelTasks':
      t.push(e, 'tasks.cancelled', 'process', say('history.tasks_withdrawn', { reason: String(input.reason ?? ''), retried }), {
        count: typeof result === 'number' ? result : undefined,
        ids: input.ids,
      });
      return;
    default:
      break;
  }
  const ev = obj(input.event);
  const changes = obj(input.changes);
  if (Object.keys(ev).length || Object.keys(changes).length) {
    const status = str(changes.status) ?? str(changes.phase);
    const what = str(ev.type)
      ? named('history.ev', HISTORY_EVENTS, String(ev.type), capitalized(humanize(String(ev.type))))
      : named('history.act', HISTORY_STEPS, name, capitalized(humanize(name)));
    const facts = Array.isArray(input.facts) ? input.facts.length : 0;
    const sentence = say('history.event', {
      what,
      status: status ? text('history.event_status', { status: named('history.status', HISTORY_STATUSES, status, status) }) : '',
      facts: facts ? text(facts === 1 ? 'history.event_facts_one' : 'history.event_facts', { count: facts }) : '',
      retried,
    });
    t.push(e, status ? 'status' : 'step', str(ev.actor) ?? 'process', sentence, {
      activity: name,
      ...(status ? { status } : {}),
      ...(Object.keys(obj(ev.data)).length ? { detail: ev.data } : {}),
    });
    return;
  }
  const rulesetVersion = obj(result).rulesetVersion ?? input.rulesetVersion;
  t.push(
    e,
    'step',
    'process',
    say('history.step', {
      what: named('history.act', HISTORY_STEPS, name, capitalized(humanize(name))),
      ruleset: rulesetVersion !== undefined ? text('history.step_ruleset', { version: String(rulesetVersion) }) : '',
      retried,
    }),
    { activity: name, ...(rulesetVersion !== undefined ? { rulesetVersion } : {}) },
  );
}

/** Audit rows in business words. Rows written by the workflow itself are already in the process part. */
export function renderAudit(rows: readonly AuditLite[], ctx: HistoryContext): TimelineEntry[] {
  const { say, person } = sayer(ctx);
  return rows
    .filter((r) => r.actorType !== 'workflow')
    .map((r) => {
      const after = r.after ?? {};
      const reason = str(after.reason);
      const target =
        r.entityType === 'task'
          ? text('history.audit_task', { task: ctx.taskTitles.get(r.entityId) ?? r.entityId })
          : text('history.audit_entity', { entity: r.entityType, id: r.entityId });
      const assignee = str(after.assignee);
      return {
        at: r.at,
        source: 'audit' as const,
        kind: r.action,
        actor: r.onBehalfOf ? `${r.actor} (for ${r.onBehalfOf})` : r.actor,
        text: say('history.audit', {
          action: named('history.audit_action', HISTORY_AUDIT_ACTIONS, r.action, capitalized(humanize(r.action))),
          target,
          assignee: assignee ? text('history.audit_assignee', { to: person(assignee) }) : '',
          reason: reason ? text('history.audit_reason', { reason }) : '',
        }),
        data: after,
        ref: `audit:${r.seq}`,
      };
    });
}

/** One ordered timeline: by time, process events before audit rows at the same instant, stable otherwise. */
export function mergeTimeline(process: readonly TimelineEntry[], audit: readonly TimelineEntry[]): TimelineEntry[] {
  const all = [...process.map((e, i) => ({ e, i, s: 0 })), ...audit.map((e, i) => ({ e, i, s: 1 }))];
  all.sort((x, y) => Date.parse(x.e.at) - Date.parse(y.e.at) || x.s - y.s || x.i - y.i);
  return all.map((x) => x.e);
}
