import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { HazardActivities, HazardStep, HazardTransition } from '../../activities/hazards';
import { assessRisk } from '../../domain/risk-matrix';
import { term, text, when, type Text } from '../../domain/texts/text';
import { correctiveActionWorkflowId } from '../corrective-action/messages';
import { CorrectiveActionWorkflow } from '../corrective-action/workflow';
import { startDetached } from '../shared/children';
import { assignedNotice, runHumanTask, type HumanTaskState } from '../shared/human-task';
import { countEscalation, countSlaBreach } from '../shared/metrics';
import { notify, notifyInput } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { TaskClaims } from '../shared/task-completions';
import { completeTaskUpdate, taskId, whoDid, type NewTask, type TaskCompletion } from '../shared/tasks';
import type { NotificationRequest } from '../notification/messages';
import {
  addProgressUpdate,
  cancelHazardUpdate,
  GRADE_STEP,
  gradeTaskOf,
  gradingTaskUpdate,
  HANDING_OVER,
  hazardLink,
  hazardStateQuery,
  reassignHazardUpdate,
  requestExtensionUpdate,
  type HazardCompletion,
  type HazardInput,
  type HazardPhase,
  type HazardState,
} from './messages';
import { SHORT, tasks } from '../shared/activity-options';

const hz = proxyActivities<HazardActivities>(SHORT);
/**
 * Read-only look-ups run as local activities: in the worker, inside the workflow task that needs
 * them, so a report reaches its first inbox task with one server round trip fewer (bench:processes).
 */
const lookups = proxyLocalActivities<Pick<HazardActivities, 'resolveHazardUnits' | 'resolveResponsible'>>(SHORT);
/** Patch marker: hazards started before it replay with the look-up as an ordinary activity. */
const LOCAL_LOOKUPS = 'hazard-local-lookups';
/**
 * The writes of one step — its transitions, the tasks it withdraws and opens, its projection's
 * clock and its notifications — in one transaction (issue 22), made by one local activity in the
 * workflow task that took the step: one marker event instead of an activity (three events and a
 * workflow task of its own) per write. Idempotent per step, like the activities it replaces.
 */
const steps = proxyLocalActivities<Pick<HazardActivities, 'recordHazardStep'>>(SHORT);
/** Patch marker: a step's writes go in one local activity; the report and its grading task may come written by the API (`input.opened`). Hazards started before it replay with one activity per write. */
const ONE_STEP = 'hazard-one-step';

/** Above this many events a run hands over to a fresh one at its next safe point. */
const HISTORY_LIMIT = 4000;
/** Progress notes a run accepts before it hands over to a fresh one. */
const PROGRESS_PER_RUN = 200;
/** Client request ids a run remembers (and hands over) to answer resends. */
const ANSWERED_KEPT = 200;
/** Patch marker: a reassignment resolves the new responsible unit before it moves the open step (the step was re-created for the old unit, announced to the new one). */
const REASSIGN_RESOLVE_FIRST = 'hazard-reassign-resolve-first';
/** Patch marker: an extension request tells the managers who may approve it (it told nobody before). */
const EXTENSION_NOTIFY = 'hazard-extension-notify';
/** Patch marker: tasks the process moved past (a pending extension request at verification or close) are withdrawn. */
const WITHDRAW_PASSED = 'hazard-withdraw-passed-tasks';
/** Patch marker: a closed major hazard's rectification is watched by a CorrectiveActionWorkflow running its effectiveness re-checks (a failed one reports the hazard again). */
const MAJOR_RECHECKS = 'hazard-major-rechecks';

type Completed = HazardCompletion;

export async function HazardWorkflow(input: HazardInput): Promise<HazardState> {
  const { policy, report } = input;
  const { workflowId } = workflowInfo();
  const s: HazardState = input.resume ?? {
    phase: 'grading',
    round: 1,
    route: 0,
    grade: null,
    responsible: null,
    units: null,
    dueAt: null,
    escalationLevel: 0,
    overdueDays: 0,
    reworkCount: 0,
    progressCount: 0,
    extensionCount: 0,
    // The API's grading task is open from the first moment: a completion may arrive before the step runs.
    openTasks: input.opened ? [{ id: input.opened.gradeTask.id, taskType: 'hazard.grade' }] : [],
    lastFailure: null,
    acknowledgedAt: null,
    closedAt: null,
    cancel: null,
    stopWorkOrdered: false,
  };
  /** Completions of the tasks this run waits for, by task ID (a continued run starts with those handed over). */
  const completed = new Map<string, Completed>(input.carry?.completed ?? []);
  /** Extension requests waiting for a manager: task ID → requester and new deadline. */
  const extensions = new Map<string, { by: string; newDueAt: string; reason: string }>(input.carry?.extensions ?? []);
  /** Answers given to client requests (progress notes, extension requests) by client id, so a resend records nothing twice. */
  const answered = new Map<string, unknown>(input.carry?.answered ?? []);
  const claims = new TaskClaims(completed);
  /** Tasks the process moved past, to withdraw from the inbox at the next safe point. */
  const passed: string[] = [];
  let progressThisRun = 0;
  const progressPerRun = input.progressPerRun ?? PROGRESS_PER_RUN;
  /** Time to hand over to a fresh run: checked inside every wait, acted on at the next safe point. */
  const handoverDue = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? HISTORY_LIMIT) || progressThisRun >= progressPerRun;
  };
  function remember(clientId: string | undefined, answer: unknown): void {
    if (!clientId) return;
    answered.set(clientId, answer);
    if (answered.size > ANSWERED_KEPT) answered.delete(answered.keys().next().value!);
  }
  const now = () => new Date().toISOString();
  const link = hazardLink(report.hazardId);
  /**
   * A timeline event's time (oneStep): the workflow's clock, but a millisecond after the previous
   * event when several are taken in one workflow task (its clock stands still), so the timeline,
   * which is sorted by time, keeps them in the order they happened.
   */
  let lastEventAt = 0;
  const eventTime = () => new Date((lastEventAt = Math.max(Date.now(), lastEventAt + 1))).toISOString();
  /** Whether this execution writes each step in one local activity (ONE_STEP); asked once, before any command. */
  const oneStep = patched(ONE_STEP);
  /** The writes of the step in progress (oneStep), made together by `flush`. */
  const pending: Omit<HazardStep, 'hazardId' | 'workflowId'> = { transitions: [], withdraw: [], tasks: [], notifications: [] };
  /** Flushes run one after the other (the main loop and a message handler may both flush), so the writes keep their order. */
  let flushing: Promise<void> = Promise.resolve();
  /** Writes the step's pending writes (oneStep; nothing to do otherwise), after any flush still in flight. */
  function flush(): Promise<void> {
    if (!pending.reported && !pending.transitions.length && !pending.withdraw.length && !pending.tasks.length && !pending.notifications.length) return flushing;
    const batch: HazardStep = { hazardId: report.hazardId, workflowId, ...pending };
    Object.assign(pending, { reported: undefined, transitions: [], withdraw: [], tasks: [], notifications: [] });
    if (!batch.reported) delete batch.reported;
    // Chained after the previous flush whatever became of it: a flush that failed (cancelled with the
    // process) has told its own caller, and must not swallow the writes after it (the cancellation's own).
    flushing = flushing.then(
      () => steps.recordHazardStep(batch).then(() => undefined),
      () => steps.recordHazardStep(batch).then(() => undefined),
    );
    return flushing;
  }
  /** Tells people of this hazard: with the step's writes (oneStep), else at once. */
  function tell(request: NotificationRequest): Promise<void> {
    if (!oneStep) return notify(policy, request);
    pending.notifications.push(notifyInput(policy, request));
    return Promise.resolve();
  }
  /** Withdraws tasks from the inbox (all the process's open tasks without `ids`): with the step's writes (oneStep), else at once. */
  function withdraw(ids: string[] | undefined, reason: string): Promise<unknown> {
    if (!oneStep) return ids ? hz.cancelTasks({ workflowId, ids, reason }) : tasks.cancelOpenTasks({ workflowId, reason });
    pending.withdraw.push({ ...(ids ? { ids } : {}), reason });
    return Promise.resolve();
  }
  /** Mirrors fields into the projection without a timeline event (the SLA clock): with the step's writes (oneStep), else at once. */
  function mirror(changes: HazardTransition['changes']): Promise<void> {
    if (!oneStep) return hz.recordHazardTransition({ hazardId: report.hazardId, workflowId, changes });
    pending.transitions.push({ changes });
    return Promise.resolve();
  }
  /** Hands a task of this hazard to the inbox and counts it open. */
  // Returns the activity's own promise (no extra await), so the caller resumes exactly as before.
  function openTask(task: Omit<NewTask, 'workflowId' | 'processType'>): Promise<void> {
    const { id, ...rest } = task;
    s.openTasks.push({ id, taskType: task.taskType });
    if (oneStep) {
      pending.tasks.push({ id, workflowId, processType: 'hazard', ...rest });
      return Promise.resolve();
    }
    return tasks.createTask({ id, workflowId, processType: 'hazard', ...rest });
  }

  // ---- messages ----------------------------------------------------------------------------
  setHandler(hazardStateQuery, () => s);
  /** The grading task once it is written (the API's, or the first step's). */
  let graded: { taskId: string; dueAt: string } | null = input.opened ? { taskId: input.opened.gradeTask.id, dueAt: input.opened.gradeTask.dueAt } : null;
  setHandler(gradingTaskUpdate, async () => {
    await condition(() => graded !== null || s.phase !== 'grading' || !!input.resume);
    return graded ?? { taskId: taskId(workflowId, GRADE_STEP), dueAt: s.dueAt ?? '' };
  });
  setHandler(
    completeTaskUpdate,
    async (c: TaskCompletion) => {
      const at = await claims.take(c, () => tasks.recordTaskCompletion({ ...c, workflowId }));
      completed.set(c.taskId, { by: c.by, onBehalfOf: c.onBehalfOf, at, payload: c.payload });
      s.openTasks = s.openTasks.filter((t) => t.id !== c.taskId);
      const ext = extensions.get(c.taskId);
      if (ext) await decideExtension(c, ext, at);
      return { taskId: c.taskId, completedAt: at };
    },
    {
      validator: (c) => {
        claims.refuseTaken(c.taskId);
        if (s.cancel) throw new Error('not possible while the hazard is cancelled');
        if (!s.openTasks.some((t) => t.id === c.taskId)) throw new Error('this task is not open in the hazard process');
        const ext = extensions.get(c.taskId);
        if (ext && (ext.by === c.by || ext.by === c.onBehalfOf)) throw new Error('self-approval is not allowed: another manager must decide the extension');
        if (c.taskId.endsWith('/grade') || c.taskId.includes('/grade-')) {
          const { likelihood, severity } = c.payload as { likelihood: number; severity: number };
          assessRisk(policy, likelihood, severity); // throws RangeError for values outside the matrix
        }
      },
    },
  );
  setHandler(
    addProgressUpdate,
    async (u) => {
      if (u.clientId && answered.has(u.clientId)) return answered.get(u.clientId) as { n: number };
      const n = ++s.progressCount;
      progressThisRun++;
      remember(u.clientId, { n });
      await transition({}, 'progress', u.by, { text: u.text, evidenceIds: u.evidenceIds, n }, `progress-${n}`);
      if (oneStep) await flush();
      return { n };
    },
    {
      validator: (u) => {
        if (u.clientId && answered.has(u.clientId)) return; // a resend: answered again, recorded once
        requirePhase(['acknowledging', 'rectifying', 'major_actions']);
        if (progressThisRun >= progressPerRun) throw new Error(HANDING_OVER);
      },
    },
  );
  setHandler(
    requestExtensionUpdate,
    async (r) => {
      if (r.clientId && answered.has(r.clientId)) return answered.get(r.clientId) as { taskId: string };
      const n = ++s.extensionCount;
      const id = taskId(workflowId, `extension-${n}`);
      extensions.set(id, { by: r.by, newDueAt: r.newDueAt, reason: r.reason });
      remember(r.clientId, { taskId: id });
      await openTask({
        id,
        taskType: 'hazard.extension_approval',
        title: text('hazard.task.extension', { title: report.title }),
        description: text('hazard.task.extension_description', { by: whoDid(r), from: s.dueAt ? when(s.dueAt) : '-', to: when(r.newDueAt), reason: r.reason }),
        orgUnitId: s.units!.plant,
        candidateRole: 'manager',
        priority: 'normal',
        dueAt: new Date(Date.now() + policy.sla.approval * 1000).toISOString(),
      });
      await transition({}, 'extension_requested', r.by, { newDueAt: r.newDueAt, reason: r.reason, taskId: id }, `extension-${n}-requested`);
      if (patched(EXTENSION_NOTIFY)) {
        // The managers who may decide hear of it (the requester is never one of them).
        await tell({
          dedupKey: `${id}/assigned`,
          audience: { kind: 'unit', orgUnitId: s.units!.plant, role: 'manager' },
          severity: 'normal',
          subject: text('notice.new_task', { title: text('hazard.task.extension', { title: report.title }) }),
          body: text('hazard.notice.extension_body', { by: whoDid(r), to: when(r.newDueAt), reason: r.reason }),
          link,
          source: workflowId,
        });
      }
      if (oneStep) await flush();
      return { taskId: id };
    },
    {
      validator: (r) => {
        if (r.clientId && answered.has(r.clientId)) return; // a resend: answered again, recorded once
        requirePhase(['rectifying', 'major_actions']);
        if (!s.dueAt || Date.parse(r.newDueAt) <= Date.parse(s.dueAt)) throw new Error('the new deadline must be later than the current one');
        if ([...extensions.keys()].some((id) => s.openTasks.some((t) => t.id === id))) throw new Error('an extension request is already waiting for approval');
      },
    },
  );
  setHandler(
    cancelHazardUpdate,
    async (c) => {
      s.cancel = c;
      return { phase: s.phase };
    },
    {
      validator: (_c) => {
        // Cancelled but still writing its last records: the phase changes only after them.
        if (s.cancel) throw new Error('not possible while the hazard is cancelled');
        requirePhase(['grading', 'acknowledging', 'rectifying', 'major_actions', 'verifying']);
      },
    },
  );
  setHandler(
    reassignHazardUpdate,
    async (r) => {
      if (patched(REASSIGN_RESOLVE_FIRST)) {
        // The new unit is known before the open step moves: a step re-created at once must not go to the old unit.
        const who = { orgUnitId: r.responsibleOrgUnitId, personId: r.responsiblePersonId };
        const responsible = oneStep ? await lookups.resolveResponsible(who) : await hz.resolveResponsible(who);
        s.route++;
        s.responsible = responsible;
      } else {
        s.route++;
        s.responsible = await hz.resolveResponsible({ orgUnitId: r.responsibleOrgUnitId, personId: r.responsiblePersonId });
      }
      await transition(
        { responsibleOrgUnitId: s.responsible.orgUnitId, responsiblePersonId: s.responsible.personId },
        'reassigned',
        r.by,
        { ...r, route: s.route },
        `reassigned-${s.route}`,
      );
      if (oneStep) await flush();
      upsertSearchAttributes([{ key: SA.department, value: s.responsible.orgUnitId }]);
      return { route: s.route };
    },
    { validator: (_r) => requirePhase(['acknowledging', 'rectifying']) },
  );

  function requirePhase(phases: HazardPhase[]): void {
    if (s.cancel && phases.length) throw new Error('not possible while the hazard is cancelled');
    if (!phases.includes(s.phase)) throw new Error(`not possible while the hazard is ${s.phase}`);
  }

  async function decideExtension(c: TaskCompletion, ext: { by: string; newDueAt: string; reason: string }, at: string): Promise<void> {
    const approved = c.payload.approved === true;
    if (approved) s.dueAt = ext.newDueAt;
    await transition(
      approved ? { dueAt: ext.newDueAt } : {},
      approved ? 'extension_approved' : 'extension_rejected',
      c.by,
      { newDueAt: ext.newDueAt, reason: c.payload.reason, requestedBy: ext.by, at },
      `${c.taskId.split('/').pop()}-decided`,
    );
    if (oneStep) await flush();
    if (approved) upsertSearchAttributes([{ key: SA.slaDeadline, value: new Date(ext.newDueAt) }]);
  }

  // ---- helpers -----------------------------------------------------------------------------
  async function transition(
    changes: HazardTransition['changes'],
    type: string,
    actor: string,
    data: Record<string, unknown>,
    step: string,
    facts: HazardTransition['facts'] = [],
  ): Promise<void> {
    const event = { id: `${workflowId}/${step}`, type, actor, at: oneStep ? eventTime() : now(), data };
    if (oneStep) {
      pending.transitions.push({ changes, event, facts });
      return;
    }
    await hz.recordHazardTransition({ hazardId: report.hazardId, workflowId, changes, event, facts });
  }

  function fact(kind: string, step: string, value: number | null, data: Record<string, unknown> = {}) {
    const r = s.responsible;
    return {
      id: `${workflowId}/${step}`,
      kind,
      personId: r?.personId ?? null,
      attribution: r?.attribution ?? 'none',
      orgUnitId: r?.orgUnitId ?? report.orgUnitId,
      departmentHeadPersonId: r?.departmentHeadPersonId ?? null,
      sourceWorkflowId: workflowId,
      subjectId: report.hazardId,
      value,
      occurredAt: now(),
      data,
      policyVersion: input.policyVersion,
    };
  }

  function setPhase(phase: HazardPhase): void {
    s.phase = phase;
    if (phase !== 'rectifying' && phase !== 'major_actions') {
      // A pending extension request has nothing left to extend: no decision is taken from now on.
      const moot = s.openTasks.filter((t) => t.taskType === 'hazard.extension_approval').map((t) => t.id);
      s.openTasks = s.openTasks.filter((t) => !moot.includes(t.id));
      passed.push(...moot);
    }
    upsertSearchAttributes([{ key: SA.status, value: phase }]);
  }

  const stopped = () => s.cancel !== null;

  /** A completion taken (claimed) but still being recorded: it is the step's answer, never withdrawn under it. */
  const inFlight = (ids: string[]) => ids.some((id) => claims.has(id) && !completed.has(id));
  async function settle(ids: string[]): Promise<void> {
    await condition(() => !inFlight(ids));
  }

  /** Withdraws from the inbox the tasks the process moved past. */
  async function withdrawPassed(): Promise<void> {
    if (!passed.length) return;
    const ids = passed.splice(0);
    if (patched(WITHDRAW_PASSED)) await withdraw(ids, `the hazard moved on (${s.phase})`);
  }

  /** At a safe point: hands the whole process over to a fresh run when it is due (never returns then). */
  async function checkpoint(): Promise<void> {
    if (!handoverDue()) return;
    if (oneStep) await flush();
    await condition(allHandlersFinished);
    if (passed.length) await withdrawPassed();
    if (oneStep) await flush();
    await continueAsNew<typeof HazardWorkflow>({
      ...input,
      resume: s,
      runs: (input.runs ?? 0) + 1,
      carry: { completed: [...completed], extensions: [...extensions], answered: [...answered] },
    });
  }

  /** A human task run through the shared SLA/reminder/escalation helper. */
  async function humanStep(
    step: string,
    taskType: string,
    title: Text,
    description: Text | null,
    orgUnitId: string,
    slaSeconds: number,
    priority: 'critical' | 'normal' = 'normal',
    context?: Record<string, unknown>,
  ): Promise<Completed | null> {
    const id = taskId(workflowId, step);
    if (completed.has(id)) return completed.get(id)!; // completed while the previous run handed over
    const resumed = s.clock?.taskId === id && s.openTasks.some((t) => t.id === id) ? s.clock : null;
    if (!resumed && !s.openTasks.some((t) => t.id === id)) s.openTasks.push({ id, taskType });
    const route = s.route;
    let opened: { dueAt: string; escalationLevel: number } | null = null;
    if (!resumed && oneStep) {
      // The step opens with the writes of the step before it: its task, the candidates' notice and its clock, in one transaction.
      const first = input.opened?.gradeTask.id === id ? input.opened.gradeTask : null;
      const dueAt = first?.dueAt ?? new Date(Date.now() + slaSeconds * 1000).toISOString();
      const task: NewTask = {
        id,
        workflowId,
        processType: 'hazard',
        taskType,
        title,
        description,
        orgUnitId,
        candidateRole: null,
        priority,
        dueAt,
        ...(context ? { context } : {}),
      };
      if (!first) {
        // (The API wrote the first task and its deadline.)
        pending.tasks.push(task);
        pending.transitions.push({ changes: { dueAt, escalationLevel: 0, overdue: false, status: s.phase } });
      }
      // (The API put the notice in the outbox with the task, when `opened.notice` says so: nothing
      // is left to write, and this workflow task runs no local activity.)
      if (!(first && input.opened?.notice)) pending.notifications.push(notifyInput(policy, assignedNotice(task, dueAt, link)));
      if (!first)
        // (The API set them in the start options of a process it opened.)
        upsertSearchAttributes([
          { key: SA.slaDeadline, value: new Date(dueAt) },
          { key: SA.overdue, value: false },
        ]);
      s.dueAt = dueAt;
      s.escalationLevel = 0;
      opened = { dueAt, escalationLevel: 0 };
      await flush();
      if (step === GRADE_STEP) graded = { taskId: id, dueAt };
    }
    const start = resumed ?? opened;
    const h: HumanTaskState = { escalationLevel: start?.escalationLevel ?? 0, breached: resumed?.breached ?? false, dueAt: start?.dueAt ?? '' };
    const done = () => completed.has(id) || stopped() || s.route !== route || handoverDue();
    const run = runHumanTask({
      policy,
      task: { id, processType: 'hazard', taskType, title, description, orgUnitId, candidateRole: null, priority, ...(context ? { context } : {}) },
      slaSeconds,
      done,
      state: h,
      link,
      ...(start ? { resume: start } : {}),
    });
    // Keep the projection's clock and escalation level current while the step waits.
    let known = { dueAt: start?.dueAt ?? '', level: start?.escalationLevel ?? 0 };
    for (;;) {
      const finished = await Promise.race([
        run.then(() => true),
        condition(() => h.dueAt !== known.dueAt || h.escalationLevel !== known.level).then(() => false),
      ]);
      if (h.dueAt !== known.dueAt || h.escalationLevel !== known.level) {
        known = { dueAt: h.dueAt, level: h.escalationLevel };
        s.dueAt = h.dueAt;
        s.escalationLevel = h.escalationLevel;
        await mirror({ dueAt: h.dueAt, escalationLevel: h.escalationLevel, overdue: h.breached, status: s.phase });
        if (oneStep) await flush();
      }
      s.clock = { taskId: id, dueAt: h.dueAt, escalationLevel: h.escalationLevel, breached: h.breached };
      if (finished) break;
    }
    if (!completed.has(id) && !stopped() && s.route === route) await checkpoint(); // handed over mid-step: the next run resumes it
    s.clock = null;
    if (inFlight([id])) await settle([id]);
    if (!completed.has(id)) {
      await withdraw([id], stopped() ? 'hazard cancelled' : 'reassigned');
      s.openTasks = s.openTasks.filter((t) => t.id !== id);
      return null;
    }
    return completed.get(id)!;
  }

  /** Waits for several tasks to finish; each has a plain deadline (no ladder). */
  async function jointStep(
    steps: { step: string; taskType: string; title: Text; description: string | Text | null; orgUnitId: string }[],
    dueAt: string,
    priority: 'critical' | 'normal',
  ): Promise<Completed[] | null> {
    const ids = steps.map((x) => taskId(workflowId, x.step));
    for (const [i, x] of steps.entries()) {
      if (completed.has(ids[i]) || s.openTasks.some((t) => t.id === ids[i])) continue; // a continued run: already handed out
      await openTask({
        id: ids[i],
        taskType: x.taskType,
        title: x.title,
        description: x.description,
        orgUnitId: x.orgUnitId,
        candidateRole: null,
        priority,
        dueAt,
      });
      await tell({
        dedupKey: `${ids[i]}/assigned`,
        audience: { kind: 'unit', orgUnitId: x.orgUnitId },
        severity: priority,
        subject: text('notice.new_task', { title: x.title }),
        body: text('notice.new_task_body', { title: x.title, due: when(dueAt) }),
        link,
        source: workflowId,
      });
    }
    if (oneStep) await flush();
    for (;;) {
      await condition(() => ids.every((id) => completed.has(id)) || stopped() || handoverDue());
      if (ids.every((id) => completed.has(id)) || stopped()) break;
      await checkpoint(); // hands over; the next run waits for the same tasks
    }
    if (stopped()) {
      if (inFlight(ids)) await settle(ids);
      await withdraw(ids, 'hazard cancelled');
      return null;
    }
    return ids.map((id) => completed.get(id)!);
  }

  // ---- the process ---------------------------------------------------------------------------
  try {
    return await run();
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Cancelled from outside SafeLoop (the Temporal UI or CLI): withdraw the tasks, say so in the timeline.
    await CancellationScope.nonCancellable(async () => {
      const reason = 'cancelled in Temporal (UI or CLI)';
      await withdraw(undefined, reason);
      s.openTasks = [];
      await transition(
        { status: 'cancelled', cancelReason: reason, dueAt: null, overdue: false },
        'cancelled',
        'Temporal',
        { reason, duplicateOf: null },
        'cancelled',
        [fact('hazard.cancelled', 'cancelled', null, { reason, duplicateOf: null })],
      );
      if (oneStep) await flush();
      s.phase = 'cancelled';
    });
    throw err;
  }

  async function run(): Promise<HazardState> {
    if (!input.resume) {
      if (oneStep) {
        // Written with the first step (already there when the API wrote them with the grading task).
        s.units = input.opened?.units ?? (await lookups.resolveHazardUnits(report.orgUnitId));
        // The API committed them when it opened the process (it repairs a lost commit on a resend);
        // writing them again here would only wait on its transaction's locks.
        if (!input.opened) pending.reported = { report, policyVersion: input.policyVersion };
      } else if (patched(LOCAL_LOOKUPS)) {
        s.units = await lookups.resolveHazardUnits(report.orgUnitId);
        await hz.recordHazardReported({ report, workflowId, policyVersion: input.policyVersion });
      } else {
        await hz.recordHazardReported({ report, workflowId, policyVersion: input.policyVersion });
        s.units = await hz.resolveHazardUnits(report.orgUnitId);
      }
    }
    if (!(oneStep && input.opened))
      // (A process the API opened has them from its start options.)
      upsertSearchAttributes([
        { key: SA.processType, value: 'hazard' },
        { key: SA.status, value: s.phase },
        { key: SA.severity, value: s.grade ? (s.grade.major ? 'major' : 'general') : `suspected-${report.suspectedSeverity}` },
        { key: SA.orgUnit, value: report.orgUnitId },
      ]);

    while (s.phase !== 'closed' && s.phase !== 'cancelled') {
      // (Guards keep the awaits, and with them the order of commands, of runs recorded before these steps existed.)
      if (passed.length) await withdrawPassed();
      await checkpoint();
      if (stopped()) {
        await withdraw(undefined, `cancelled: ${s.cancel!.reason}`);
        s.openTasks = [];
        await transition(
          { status: 'cancelled', cancelReason: s.cancel!.reason, dueAt: null, overdue: false },
          'cancelled',
          s.cancel!.by,
          { reason: s.cancel!.reason, duplicateOf: s.cancel!.duplicateOf },
          'cancelled',
          [fact('hazard.cancelled', 'cancelled', null, { reason: s.cancel!.reason, duplicateOf: s.cancel!.duplicateOf })],
        );
        setPhase('cancelled');
        break;
      }
      switch (s.phase) {
        case 'grading': {
          const g = gradeTaskOf(workflowId, report, s.units!, policy, '');
          const c = await humanStep(GRADE_STEP, g.taskType, g.title, g.description, g.orgUnitId, policy.sla.hazardGrading, g.priority, g.context);
          if (!c) continue;
          const p = c.payload as { likelihood: number; severity: number; responsibleOrgUnitId: string; responsiblePersonId?: string; note?: string };
          const risk = assessRisk(policy, p.likelihood, p.severity);
          s.grade = {
            likelihood: p.likelihood,
            severity: p.severity,
            score: risk.score,
            level: risk.level,
            major: risk.major,
            gradedBy: c.by,
            gradedAt: c.at,
            note: p.note ?? null,
          };
          const who = { orgUnitId: p.responsibleOrgUnitId, personId: p.responsiblePersonId ?? null };
          s.responsible = oneStep ? await lookups.resolveResponsible(who) : await hz.resolveResponsible(who);
          const delay = (Date.parse(c.at) - Date.parse(report.reportedAt)) / 1000;
          setPhase('acknowledging');
          await transition(
            {
              status: 'acknowledging',
              severity: risk.major ? 'major' : 'general',
              riskLikelihood: p.likelihood,
              riskSeverity: p.severity,
              riskScore: risk.score,
              riskLevel: risk.level,
              responsibleOrgUnitId: s.responsible.orgUnitId,
              responsiblePersonId: s.responsible.personId,
              gradedAt: c.at,
              escalationLevel: 0,
              overdue: false,
            },
            'graded',
            c.by,
            { ...s.grade, responsible: s.responsible },
            'graded',
            [fact('hazard.graded', 'graded', delay, { gradingDelaySeconds: delay, level: risk.level, major: risk.major, gradedBy: c.by })],
          );
          upsertSearchAttributes([
            { key: SA.severity, value: risk.major ? 'major' : 'general' },
            { key: SA.department, value: s.responsible.orgUnitId },
          ]);
          break;
        }
        case 'acknowledging': {
          const c = await humanStep(
            `acknowledge-r${s.route}`,
            'hazard.acknowledge',
            text('hazard.task.acknowledge', { title: report.title }),
            text(s.grade!.major ? 'hazard.task.acknowledge_major' : 'hazard.task.acknowledge_general', {
              level: term(`risk.level.${s.grade!.level}`),
              area: report.area,
              description: report.description,
            }),
            s.responsible!.orgUnitId,
            policy.sla.hazardAcknowledge,
            s.grade!.major ? 'critical' : 'normal',
          );
          if (!c) continue;
          s.acknowledgedAt = c.at;
          const delay = (Date.parse(c.at) - Date.parse(s.grade!.gradedAt)) / 1000;
          const next: HazardPhase = s.grade!.major ? 'major_actions' : 'rectifying';
          setPhase(next);
          await transition(
            { status: next, acknowledgedAt: c.at, escalationLevel: 0, overdue: false },
            'acknowledged',
            c.by,
            { comment: c.payload.comment ?? null },
            'acknowledged',
            [fact('hazard.acknowledged', 'acknowledged', delay, { acknowledgeDelaySeconds: delay })],
          );
          break;
        }
        case 'rectifying': {
          const c = await rectify();
          if (!c) continue;
          setPhase('verifying');
          break;
        }
        case 'major_actions': {
          if (!s.stopWorkOrdered) {
            s.stopWorkOrdered = true;
            await transition({}, 'stop_work_ordered', 'safety hub', { area: report.area }, 'stop-work');
            await tell({
              dedupKey: `${workflowId}/stop-work`,
              audience: { kind: 'unit', orgUnitId: s.units!.production },
              severity: 'critical',
              subject: text('hazard.notice.stop_work', { area: report.area }),
              body: text('hazard.notice.stop_work_body', { title: report.title, area: report.area }),
              link,
              source: workflowId,
            });
          }
          const r = s.round;
          const planned = [`major-safety-${r}`, `major-production-${r}`, `major-equipment-${r}`]
            .map((x) => taskId(workflowId, x))
            .some((id) => completed.has(id) || s.openTasks.some((t) => t.id === id));
          const dueAt =
            s.dueAt && (s.round > 1 || planned) ? s.dueAt : new Date(Date.now() + policy.sla.levelRectify[s.responsible!.level] * 1000).toISOString();
          s.dueAt = dueAt;
          if (!planned) {
            await transition({ dueAt, status: 'major_actions' }, 'joint_plan', 'safety hub', { round: s.round, dueAt }, `joint-plan-${s.round}`);
            upsertSearchAttributes([{ key: SA.slaDeadline, value: new Date(dueAt) }]);
          }
          const done = await jointStep(
            [
              {
                step: `major-safety-${r}`,
                taskType: 'hazard.major_action',
                title: text('hazard.task.safety_measures', { title: report.title }),
                description: s.lastFailure,
                orgUnitId: s.units!.safety,
              },
              {
                step: `major-production-${r}`,
                taskType: 'hazard.major_action',
                title: text('hazard.task.production_measures', { title: report.title }),
                description: s.lastFailure,
                orgUnitId: s.units!.production,
              },
              {
                step: `major-equipment-${r}`,
                taskType: 'hazard.major_action',
                title: text('hazard.task.equipment_measures', { title: report.title }),
                description: s.lastFailure,
                orgUnitId: s.units!.equipment,
              },
            ],
            dueAt,
            'critical',
          );
          if (!done) continue;
          await transition(
            { status: 'verifying' },
            'rectification_submitted',
            done.map((d) => d.by).join(', '),
            { round: r, actions: done.map((d) => ({ by: d.by, ...d.payload })) },
            `submitted-${r}`,
          );
          setPhase('verifying');
          break;
        }
        case 'verifying': {
          const r = s.round;
          const results = await jointStep(
            [
              {
                step: `verify-safety-${r}`,
                taskType: 'hazard.verify',
                title: text('hazard.task.verify', { title: report.title }),
                description: text('hazard.task.round', { round: r }),
                orgUnitId: s.units!.safety,
              },
              {
                step: `verify-production-${r}`,
                taskType: 'hazard.verify',
                title: text('hazard.task.verify', { title: report.title }),
                description: text('hazard.task.round', { round: r }),
                orgUnitId: s.units!.production,
              },
            ],
            new Date(Date.now() + policy.sla.approval * 1000).toISOString(),
            'normal',
          );
          if (!results) continue;
          const failed = results.filter((x) => x.payload.passed !== true);
          if (failed.length === 0) {
            const closedAt = now();
            s.closedAt = closedAt;
            const rectSeconds = (Date.parse(closedAt) - Date.parse(s.acknowledgedAt ?? s.grade!.gradedAt)) / 1000;
            await transition(
              { status: 'closed', closedAt, dueAt: null, overdue: false },
              'closed',
              results.map((x) => x.by).join(', '),
              { round: r, rectificationSeconds: rectSeconds },
              'closed',
              [
                fact('hazard.verification', `verification-${r}`, 1, { passed: true, round: r }),
                fact('hazard.closed', 'closed', rectSeconds, { rectificationSeconds: rectSeconds, overdueDays: s.overdueDays, reworkCount: s.reworkCount }),
              ],
            );
            await tell({
              dedupKey: `${workflowId}/closed`,
              audience: { kind: 'users', userIds: [report.reporterUserId] },
              severity: 'info',
              subject: text('hazard.notice.closed', { title: report.title }),
              body: text('hazard.notice.closed_body', { area: report.area }),
              link,
              source: workflowId,
            });
            if (oneStep) await flush(); // the closing writes come before the re-checks that read them
            if (s.grade!.major && patched(MAJOR_RECHECKS)) {
              const actionId = `${report.hazardId}-rectification`;
              await startDetached(CorrectiveActionWorkflow, correctiveActionWorkflowId(actionId), [
                {
                  actionId,
                  n: 1,
                  source: { type: 'hazard', id: report.hazardId, workflowId, title: report.title, link },
                  kind: 'corrective',
                  description: `Rectification of the major hazard "${report.title}" at ${report.area}`,
                  orgUnitId: s.responsible!.orgUnitId,
                  verifierOrgUnitId: s.units!.safety,
                  dueAt: s.dueAt ?? closedAt,
                  doneAt: closedAt,
                  recheckFailure: { hazard: { area: report.area, category: report.category } },
                  policy,
                  policyVersion: input.policyVersion,
                },
              ]);
            }
            setPhase('closed');
          } else {
            s.reworkCount++;
            s.lastFailure = failed.map((x) => `${x.by}: ${String(x.payload.reason ?? '')}`).join('; ');
            s.round++;
            const back: HazardPhase = s.grade!.major ? 'major_actions' : 'rectifying';
            await transition(
              { status: back, reworkCount: s.reworkCount },
              'verification_failed',
              failed.map((x) => x.by).join(', '),
              { round: r, reasons: s.lastFailure },
              `verification-failed-${r}`,
              [
                fact('hazard.verification', `verification-${r}`, 0, { passed: false, round: r, reasons: s.lastFailure }),
                fact('hazard.rework', `rework-${s.reworkCount}`, 1, { round: r, reasons: s.lastFailure }),
              ],
            );
            setPhase(back);
          }
          break;
        }
      }
    }
    if (passed.length) await withdrawPassed();
    upsertSearchAttributes([{ key: SA.overdue, value: false }]);
    if (oneStep) await flush();
    await condition(allHandlersFinished);
    return s;
  }

  /**
   * General rectification: one task for the responsible unit with the level SLA, a reminder
   * before the deadline, then one overdue fact (attributed to the responsible person) and one
   * escalation rung per overdue day until it is submitted.
   */
  async function rectify(): Promise<Completed | null> {
    const route = s.route;
    const id = taskId(workflowId, `rectify-${s.round}-r${route}`);
    if (!completed.has(id) && (!s.dueAt || !s.openTasks.some((t) => t.id === id))) {
      s.dueAt = s.round > 1 && s.dueAt ? s.dueAt : new Date(Date.now() + policy.sla.levelRectify[s.responsible!.level] * 1000).toISOString();
      await openTask({
        id,
        taskType: 'hazard.rectify',
        title: text('hazard.task.rectify', { title: report.title }),
        description: s.lastFailure
          ? text('hazard.task.rectify_again', { reason: s.lastFailure })
          : text('hazard.task.grade_description', { description: report.description, area: report.area }),
        orgUnitId: s.responsible!.orgUnitId,
        candidateRole: null,
        priority: 'normal',
        dueAt: s.dueAt,
      });
      await mirror({ dueAt: s.dueAt, status: 'rectifying' });
      await tell({
        dedupKey: `${id}/assigned`,
        audience: { kind: 'unit', orgUnitId: s.responsible!.orgUnitId },
        severity: 'normal',
        subject: text('hazard.notice.rectify', { title: report.title }),
        body: text('notice.reminder_body', { due: when(s.dueAt) }),
        link,
        source: workflowId,
      });
      upsertSearchAttributes([
        { key: SA.slaDeadline, value: new Date(s.dueAt) },
        { key: SA.overdue, value: false },
      ]);
    }
    const done = () => completed.has(id) || stopped() || s.route !== route;
    const reminded = new Set<number>();
    for (;;) {
      if (handoverDue()) await checkpoint(); // long rectifications and many progress notes hand over here
      const due = Date.parse(s.dueAt!);
      const reminder = policy.reminders.beforeDeadline
        .map((o) => ({ o, at: due - o * 1000 }))
        .filter((x) => x.at > Date.now() && !reminded.has(x.o))
        .sort((a, b) => a.at - b.at)[0];
      const overdueStart = due + s.overdueDays * policy.sla.hazardOverdueDay * 1000;
      const nextAt = reminder ? reminder.at : Date.now() < due ? due : overdueStart + policy.sla.hazardOverdueDay * 1000;
      const dueBefore = s.dueAt;
      if (oneStep) await flush();
      if (await condition(() => done() || s.dueAt !== dueBefore || handoverDue(), Math.max(nextAt - Date.now(), 0))) {
        if (done()) break;
        continue; // deadline extended or handover due: recompute the timers
      }
      if (reminder) {
        reminded.add(reminder.o);
        await tell({
          dedupKey: `${id}/reminder/${reminder.o}`,
          audience: { kind: 'unit', orgUnitId: s.responsible!.orgUnitId },
          severity: 'normal',
          subject: text('hazard.notice.rectify_reminder', { title: report.title }),
          body: text('notice.reminder_body', { due: when(s.dueAt!) }),
          link,
          source: workflowId,
        });
        continue;
      }
      if (Date.now() < due + policy.sla.hazardOverdueDay * 1000 * (s.overdueDays + 1)) {
        // The deadline itself just passed.
        countSlaBreach('hazard.rectify');
        await mirror({ overdue: true });
        upsertSearchAttributes([{ key: SA.overdue, value: true }]);
        continue;
      }
      // One more full overdue day.
      s.overdueDays++;
      s.escalationLevel = Math.min(s.escalationLevel + 1, policy.escalation.ladder.length);
      const step = policy.escalation.ladder[Math.min(s.escalationLevel, policy.escalation.ladder.length - 1)];
      countEscalation('hazard.rectify', step);
      await transition(
        { overdue: true, overdueDays: s.overdueDays, escalationLevel: s.escalationLevel },
        'overdue_day',
        'SLA timer',
        { day: s.overdueDays, escalatedTo: step },
        `overdue-day-${s.overdueDays}`,
        [fact('hazard.overdue_day', `overdue-day-${s.overdueDays}`, 1, { day: s.overdueDays, dueAt: s.dueAt })],
      );
      await tell({
        dedupKey: `${workflowId}/overdue/${s.overdueDays}`,
        audience: { kind: 'escalation', orgUnitId: s.responsible!.orgUnitId, step },
        severity: 'normal',
        subject: text('hazard.notice.overdue', { days: s.overdueDays, title: report.title }),
        body: text('hazard.notice.overdue_body', { due: when(s.dueAt!) }),
        link,
        source: workflowId,
      });
      await checkpoint();
    }
    if (inFlight([id])) await settle([id]);
    if (!completed.has(id)) {
      await withdraw([id], stopped() ? 'hazard cancelled' : 'reassigned');
      s.openTasks = s.openTasks.filter((t) => t.id !== id);
      if (!stopped()) s.dueAt = null; // rerouted: the new unit gets a fresh deadline
      return null;
    }
    const c = completed.get(id)!;
    await transition({ status: 'verifying', overdue: false }, 'rectification_submitted', c.by, { round: s.round, ...c.payload }, `submitted-${s.round}`);
    return c;
  }
}
