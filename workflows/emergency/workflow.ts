import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EmergencyActivities, EmergencyStep, EmergencyTransition } from '../../activities/emergencies';
import { computeFindings, findingsTextOf, RESPONSE_LABELS, responsesFor, secondsBetween, targetSeconds, type ResponseKind } from '../../domain/emergency/rules';
import { emergencyKindTexts } from '../../domain/emergency/texts';
import { during, term, text, when, type Text } from '../../domain/texts/text';
import { assignedNotice, runHumanTask, trackHumanTask, type HumanTaskState, type StepTask } from '../shared/human-task';
import { notify, notifyInput } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { processFacts } from '../shared/facts';
import { acceptTaskCompletions, listedOpenTasks, type Completed } from '../shared/task-completions';
import { taskId, type NewTask } from '../shared/tasks';
import type { NotificationRequest } from '../notification/messages';
import { StepWrites, settleOnCancellation, type CancelledWrites } from '../shared/step-writes';
import {
  addEmergencyProgressUpdate,
  EMERGENCY_HANDING_OVER,
  emergencyStateQuery,
  type ActionStatus,
  type EmergencyInput,
  type EmergencyPhase,
  type EmergencyProgress,
  type EmergencyState,
  type EmergencyUnits,
  type ResponseStatus,
  type StepStatus,
} from './messages';
import { cancellable } from '../shared/cancellation';
import { startDetached } from '../shared/children';
import { CorrectiveActionWorkflow } from '../corrective-action/workflow';
import { correctiveActionWorkflowId } from '../corrective-action/messages';
import { SHORT, tasks } from '../shared/activity-options';

const em = proxyActivities<EmergencyActivities>(SHORT);
/** Look-ups (ONE_STEP) run as local activities, in the workflow task that needs them. */
const lookups = proxyLocalActivities<Pick<EmergencyActivities, 'resolveEmergencyUnits' | 'resolveUnitHeads'>>(SHORT);
/** A step's writes in one transaction (ONE_STEP), made by one local activity in the workflow task that took the step. */
const steps = proxyLocalActivities<Pick<EmergencyActivities, 'recordEmergencyStep'>>(SHORT);

/**
 * Patch marker: a run accepts at most `progressPerRun` progress notes (and grows to at most
 * `historyLimit` events) while the response runs, then hands the whole process over to a fresh
 * run (continue-as-new). Emergencies started before it keep their one unbounded run.
 */
const HANDOVER = 'emergency-progress-handover';
/** Progress notes a run accepts before it hands over to a fresh one. */
const PROGRESS_PER_RUN = 200;
/** Patch marker: a done improvement action of a real emergency gets its effectiveness re-checks (a CorrectiveActionWorkflow watching it). */
const ACTION_RECHECKS = 'emergency-action-rechecks';
/**
 * Patch marker: a new emergency records its report and looks up its units in one step, and its
 * three department alerts go out together instead of one after another (issue 22: time to the
 * last alert). Emergencies started before it keep their serial commands.
 */
const ALERT_FAN_OUT = 'emergency-alert-fan-out';
/**
 * Patch marker (issue 22: one transaction per step): each step's writes — the report and the three
 * alerts of the raise, the tasks it opens with their notices and the projection's clock, its
 * transitions and facts — go in one local activity (`recordEmergencyStep`), one database
 * transaction, instead of one activity per write; the look-ups run as local activities.
 * Emergencies started before it replay with one activity per write.
 */
const ONE_STEP = 'emergency-one-step';
/** Above this many events a run hands over at its next safe point during the response. */
const HISTORY_LIMIT = 4000;
/** Client request ids a run remembers (and hands over) to answer resends. */
const ANSWERED_KEPT = 200;

/** A task with a plain deadline: its step, type, title, description, unit, deadline and priority. */
type PlainTask = [
  step: string,
  taskType: string,
  title: Text,
  description: string | Text | null,
  orgUnitId: string,
  dueAt: string | null,
  priority: 'critical' | 'normal',
];

/** A step just opened for `orgUnitId`: nobody has started or done it yet. */
function openStep(id: string, orgUnitId: string, createdAt: string, dueAt: string): StepStatus {
  return { taskId: id, orgUnitId, status: 'open', createdAt, startedAt: null, doneAt: null, dueAt, by: null };
}

/** Under ONE_STEP: after a cancellation, what the step flushes in flight may have left unwritten is written before the process is marked cancelled. */
async function runEmergencyWorkflow(input: EmergencyInput): Promise<EmergencyState> {
  return settleOnCancellation((cancelled) => emergencyProcess(input, cancelled));
}

async function emergencyProcess(input: EmergencyInput, cancelled: CancelledWrites): Promise<EmergencyState> {
  const { policy, report } = input;
  const { workflowId } = workflowInfo();
  const handovers = patched(HANDOVER);
  /** Whether this execution writes each step in one local activity (ONE_STEP); asked once, before any command of its own. */
  const oneStep = patched(ONE_STEP);
  /** The writes of the step in progress (oneStep), written together by `writes.flush()`. */
  const writes = new StepWrites<Omit<EmergencyStep, 'emergencyId' | 'workflowId'>>(
    () => ({ reported: undefined, transitions: [], tasks: [], notifications: [] }),
    ({ reported, ...rest }) => steps.recordEmergencyStep({ emergencyId: report.emergencyId, workflowId, ...(reported ? { reported } : {}), ...rest }),
  );
  if (oneStep) cancelled.writes = writes;
  /**
   * A timeline event's time (oneStep): the workflow's clock, but a millisecond after the previous
   * event when several are taken in one workflow task (its clock stands still), so the timeline,
   * which is sorted by time, keeps them in the order they happened.
   */
  let lastEventAt = 0;
  const eventTime = () => new Date((lastEventAt = Math.max(Date.now(), lastEventAt + 1))).toISOString();
  const now = () => new Date().toISOString();
  const link = `/emergencies/${report.emergencyId}`;
  /** The headline in English words, for the corrective action's record of its source. */
  const headlineWords = `${report.drill ? 'DRILL: ' : ''}${emergencyKindTexts.en[`emergency.kind.${report.type}`]} at ${report.location}`;
  const headline = text(report.drill ? 'emergency.headline_drill' : 'emergency.headline', {
    type: term(`emergency.kind.${report.type}`),
    location: report.location,
  });
  /** Completions of this process's tasks by task ID (a continued run starts with those handed over). */
  /** Answers given to progress notes by client id, so a resend records nothing twice. */
  const answered = new Map<string, unknown>(input.carry?.answered ?? []);
  let progressThisRun = 0;
  const progressPerRun = input.progressPerRun ?? PROGRESS_PER_RUN;
  /** Time to hand over to a fresh run: checked inside every wait of the response, acted on when they have all stopped. */
  const handoverDue = () => {
    if (!handovers) return false;
    const info = workflowInfo();
    return progressThisRun >= progressPerRun || info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? HISTORY_LIMIT);
  };
  function remember(clientId: string | undefined, answer: unknown): void {
    if (!clientId) return;
    answered.set(clientId, answer);
    if (answered.size > ANSWERED_KEPT) answered.delete(answered.keys().next().value!);
  }
  const s: EmergencyState = input.resume ?? {
    phase: 'acknowledging',
    drill: report.drill,
    injuries: report.injuries,
    reportedAt: report.reportedAt,
    units: null,
    onSite: { ...openStep(taskId(workflowId, 'on-site'), '', '', ''), escalationLevel: 0, overdue: false, delaySeconds: null },
    responses: [],
    controlledAt: null,
    controlSummary: null,
    findings: [],
    review: null,
    actions: [],
    progressCount: 0,
    openTasks: [],
    closedAt: null,
    onSiteTargetSeconds: policy.sla.emergencyAcknowledge,
  };

  // ---- messages ----------------------------------------------------------------------------
  setHandler(emergencyStateQuery, () => s);
  const completed = acceptTaskCompletions({
    workflowId,
    what: 'emergency process',
    ...listedOpenTasks(s),
    carried: input.carry?.completed,
  });
  setHandler(
    addEmergencyProgressUpdate,
    async (u) => {
      if (u.clientId && answered.has(u.clientId)) return answered.get(u.clientId) as { n: number };
      const n = ++s.progressCount;
      progressThisRun++;
      remember(u.clientId, { n });
      const r = u.response ? s.responses.find((x) => x.kind === u.response)! : null;
      const at = now();
      if (r) {
        r.notes++;
        if (r.status === 'open') {
          r.status = 'started';
          r.startedAt = at;
        }
      }
      await transition({}, 'progress', u.by, { text: u.text, response: u.response, n, ...(r ? { startedAt: r.startedAt } : {}) }, `progress-${n}`);
      if (oneStep) await writes.flush();
      return { n };
    },
    {
      validator: (u: EmergencyProgress) => {
        if (u.clientId && answered.has(u.clientId)) return; // a resend: answered again, recorded once
        if (s.phase !== 'acknowledging' && s.phase !== 'responding') throw new Error(`not possible while the emergency is ${s.phase}`);
        if (handovers && progressThisRun >= progressPerRun) throw new Error(EMERGENCY_HANDING_OVER);
        if (u.response) {
          const r = s.responses.find((x) => x.kind === u.response);
          if (!r) throw new Error(`this emergency has no ${RESPONSE_LABELS[u.response]} task`);
          if (r.status === 'done') throw new Error(`the ${RESPONSE_LABELS[u.response]} is already done`);
        }
      },
    },
  );

  // ---- helpers -----------------------------------------------------------------------------
  async function transition(
    changes: EmergencyTransition['changes'],
    type: string,
    actor: string,
    data: Record<string, unknown>,
    step: string,
    facts: EmergencyTransition['facts'] = [],
  ): Promise<void> {
    const event = { id: `${workflowId}/${step}`, type, actor, at: oneStep ? eventTime() : now(), data };
    if (oneStep) {
      writes.next.transitions.push({ changes, event, facts });
      return;
    }
    await em.recordEmergencyTransition({ emergencyId: report.emergencyId, workflowId, changes, event, facts });
  }

  /** Tells people of this emergency: with the step's writes (oneStep), else at once. */
  // Returns notify's own promise (no extra await), so the caller resumes exactly as before.
  function tell(request: NotificationRequest): Promise<void> {
    if (!oneStep) return notify(policy, request);
    writes.next.notifications.push(notifyInput(policy, request));
    return Promise.resolve();
  }

  /**
   * Opens a task run through the shared SLA helper with the step's writes (oneStep): the task, its
   * candidates' notice and the projection's clock; the caller then runs it as resumed (nothing
   * written again). Its deadline and rung go into `view`.
   */
  function openHumanTask(task: StepTask & { id: string }, slaSeconds: number, view: { dueAt: string; escalationLevel: number; overdue: boolean }): void {
    const dueAt = new Date(Date.now() + slaSeconds * 1000).toISOString();
    const full: NewTask = { ...task, workflowId, processType: 'emergency', dueAt };
    writes.next.tasks.push(full);
    writes.next.notifications.push(notifyInput(policy, assignedNotice(full, dueAt, link)));
    writes.next.transitions.push({ changes: { dueAt, escalationLevel: 0, overdue: false } });
    Object.assign(view, { dueAt, escalationLevel: 0, overdue: false });
    s.openTasks.push({ id: task.id, taskType: task.taskType });
    upsertSearchAttributes([
      { key: SA.slaDeadline, value: new Date(dueAt) },
      { key: SA.overdue, value: false },
    ]);
  }

  /** A scoring fact counted for the head of `orgUnitId`'s department; every fact says whether it was a drill. */
  const fact = processFacts({
    workflowId,
    subjectId: report.emergencyId,
    policyVersion: input.policyVersion,
    common: { drill: report.drill, type: report.type },
    defaultHeads: () => s.units!.heads,
  });

  function setPhase(phase: EmergencyPhase): void {
    s.phase = phase;
    upsertSearchAttributes([{ key: SA.status, value: phase }]);
  }

  /** What the timeline says of an escalation of the step `what`. */
  function escalation(h: HumanTaskState, what: string): Record<string, unknown> {
    return {
      step: what,
      level: h.escalationLevel,
      rung: policy.escalation.ladder.filter((r) => r !== 'assignee')[h.escalationLevel - 1] ?? null,
      dueAt: h.dueAt,
    };
  }

  /** Runs a human task with the shared SLA/escalation helper, mirroring its clock into the projection; each escalation goes on the timeline. */
  async function tracked(
    run: Promise<void>,
    h: HumanTaskState,
    view: { dueAt: string; escalationLevel: number; overdue: boolean },
    step: string,
    what: string,
  ): Promise<void> {
    await trackHumanTask(run, h, async () => {
      const escalated = h.escalationLevel > view.escalationLevel;
      if (oneStep) {
        // (A task opened with its step has its clock in the projection already.)
        if (!escalated && h.dueAt === view.dueAt && h.breached === view.overdue) return;
        Object.assign(view, { dueAt: h.dueAt, escalationLevel: h.escalationLevel, overdue: h.breached });
        const changes = { dueAt: h.dueAt, escalationLevel: h.escalationLevel, overdue: h.breached };
        if (!escalated) writes.next.transitions.push({ changes });
        else await transition(changes, 'escalated', 'SafeLoop', escalation(h, what), `${step}-escalation-${h.escalationLevel}`);
        await writes.flush();
        return;
      }
      Object.assign(view, { dueAt: h.dueAt, escalationLevel: h.escalationLevel, overdue: h.breached });
      await em.recordEmergencyTransition({
        emergencyId: report.emergencyId,
        workflowId,
        changes: { dueAt: h.dueAt, escalationLevel: h.escalationLevel, overdue: h.breached },
        ...(escalated
          ? {
              event: {
                id: `${workflowId}/${step}-escalation-${h.escalationLevel}`,
                type: 'escalated',
                actor: 'SafeLoop',
                at: now(),
                data: escalation(h, what),
              },
            }
          : {}),
      });
    });
  }

  /**
   * A task with a plain deadline (no ladder): created, the unit told, then waited for. During the
   * response (`handover`) the wait also ends when the run hands over: null then, and the next run
   * waits for the same task (already handed out).
   */
  async function plainTask(...args: [...PlainTask, handover?: boolean]): Promise<Completed | null> {
    const [step, taskType, , , , , , handover = false] = args;
    const id = taskId(workflowId, step);
    if (!completed.has(id) && !s.openTasks.some((t) => t.id === id)) {
      if (oneStep) openPlainTask(...(args.slice(0, 7) as PlainTask));
      else {
        s.openTasks.push({ id, taskType });
        const { task, notice } = plainTaskWrites(...(args.slice(0, 7) as PlainTask));
        await tasks.createTask(task);
        await notify(policy, notice);
      }
    }
    if (oneStep) await writes.flush();
    await condition(() => completed.has(id) || (handover && handoverDue()));
    return completed.get(id) ?? null;
  }

  /** A plain task's inbox row and its unit's notice. */
  function plainTaskWrites(...[step, taskType, title, description, orgUnitId, dueAt, priority]: PlainTask): { task: NewTask; notice: NotificationRequest } {
    const id = taskId(workflowId, step);
    return {
      task: { id, workflowId, processType: 'emergency', taskType, title, description, orgUnitId, candidateRole: null, priority, dueAt },
      notice: {
        dedupKey: `${id}/assigned`,
        audience: { kind: 'unit', orgUnitId },
        severity: priority,
        subject: text('notice.new_task', { title }),
        body: dueAt ? text('notice.new_task_body', { title, due: when(dueAt) }) : title,
        link,
        source: workflowId,
      },
    };
  }

  /** Hands a plain task out with the step's writes (oneStep): its row and its unit's notice. */
  function openPlainTask(...args: PlainTask): void {
    const { task, notice } = plainTaskWrites(...args);
    s.openTasks.push({ id: task.id, taskType: task.taskType });
    writes.next.tasks.push(task);
    writes.next.notifications.push(notifyInput(policy, notice));
  }

  /** Hands the whole process over to a fresh run (never returns): its state, the completions and the answered requests. */
  async function checkpoint(): Promise<never> {
    if (oneStep) await writes.flush();
    await condition(allHandlersFinished);
    return continueAsNew<typeof EmergencyWorkflow>({
      ...input,
      resume: s,
      runs: (input.runs ?? 0) + 1,
      carry: { completed: [...completed], answered: [...answered] },
    });
  }

  // ---- the process ---------------------------------------------------------------------------
  const body = text(report.drill ? 'emergency.body_drill' : 'emergency.body', {
    headline,
    description: report.description,
    injuries: term(report.injuries ? 'emergency.yes' : 'emergency.no'),
    reporter: report.reporterUsername,
    at: when(report.reportedAt),
  });
  if (input.resume) {
    // A run that continued as new goes on with the response where the previous run left it.
    upsertSearchAttributes([
      { key: SA.processType, value: 'emergency' },
      { key: SA.status, value: s.phase },
      { key: SA.severity, value: 'critical' },
      { key: SA.orgUnit, value: report.orgUnitId },
      { key: SA.department, value: s.units!.safety },
    ]);
  } else {
    // Under the fan-out patch the report's record and the unit look-up (independent: one writes the
    // projection, the other reads the org tree) are scheduled together, and the three alerts below
    // go out at once; emergencies started before it replay their one-after-another commands.
    // Under the one-step patch the units are looked up first (the alerts' audience), then the report
    // and the three alerts are written together, in the raise's one transaction.
    const fanOut = !oneStep && patched(ALERT_FAN_OUT);
    const record = () => em.recordEmergencyReported({ report, workflowId, policyVersion: input.policyVersion });
    const resolve = () => em.resolveEmergencyUnits(report.orgUnitId);
    let units: EmergencyUnits;
    if (oneStep) {
      units = await lookups.resolveEmergencyUnits(report.orgUnitId);
      writes.next.reported = { report, policyVersion: input.policyVersion };
    } else if (fanOut) [, units] = await Promise.all([record(), resolve()]);
    else {
      await record();
      units = await resolve();
    }
    s.units = units;
    upsertSearchAttributes([
      { key: SA.processType, value: 'emergency' },
      { key: SA.status, value: s.phase },
      { key: SA.severity, value: 'critical' },
      { key: SA.orgUnit, value: report.orgUnitId },
      { key: SA.department, value: units.safety },
    ]);

    // Safety, equipment and HR hear about it at once (critical: quiet hours do not apply).
    const alarm = (dept: 'safety' | 'equipment' | 'hr'): NotificationRequest => ({
      dedupKey: `${workflowId}/alert/${dept}`,
      audience: { kind: 'users', userIds: units.alert[dept] },
      severity: 'critical',
      subject: text('emergency.notice.alarm', { headline }),
      body,
      link,
      source: workflowId,
    });
    const alert = (dept: 'safety' | 'equipment' | 'hr') => notify(policy, alarm(dept));
    // (oneStep: the three alerts' outbox rows commit together, and the dispatcher is woken once for all of them.)
    if (oneStep) for (const dept of ['safety', 'equipment', 'hr'] as const) writes.next.notifications.push(notifyInput(policy, alarm(dept)));
    else if (fanOut) await Promise.all((['safety', 'equipment', 'hr'] as const).map(alert));
    else for (const dept of ['safety', 'equipment', 'hr'] as const) await alert(dept);
    await transition({}, 'alerted', 'SafeLoop', { departments: [units.safety, units.equipment, units.hr].map((id) => units.names[id]) }, 'alerted');
    if (oneStep) await writes.flush(); // the raise: report, alerts and their record, committed before the tasks are written

    // The response tasks exist before anything waits, so progress notes can name them at once.
    const unitOf: Record<ResponseKind, string> = { evacuation: units.production, cutOff: units.equipment, medical: units.hr };
    const created = now();
    for (const kind of responsesFor(report.injuries)) {
      const target = targetSeconds(policy, kind);
      s.responses.push({
        kind,
        ...openStep(taskId(workflowId, `response-${kind}`), unitOf[kind], created, new Date(Date.parse(report.reportedAt) + target * 1000).toISOString()),
        targetSeconds: target,
        responseSeconds: null,
        late: null,
        notes: 0,
      });
    }
    if (oneStep) {
      // The response opens in one step: the on-site task with its clock, the response tasks, their notices.
      Object.assign(s.onSite, { orgUnitId: units.safety, createdAt: now() });
      openHumanTask(onSiteTask(), policy.sla.emergencyAcknowledge, s.onSite);
      for (const r of s.responses) openPlainTask(...responseTask(r));
      await writes.flush();
    }
  }
  const units = s.units!;
  /** Whether the response is over: on site, every response done. */
  const responseOver = () => s.onSite.status === 'done' && s.responses.every((r) => r.status === 'done');

  /** The safety department's task to be on site (its SLA: the policy's emergencyAcknowledge). */
  function onSiteTask(): StepTask & { id: string } {
    return {
      id: s.onSite.taskId,
      taskType: 'emergency.on_site',
      title: text('emergency.task.on_site', { headline }),
      description: body,
      orgUnitId: s.units!.safety,
      candidateRole: null,
      priority: 'critical',
    };
  }

  /** The task of the review's improvement action `i`, for the unit it names, due with the others. */
  function actionTask(a: ActionStatus, i: number): PlainTask {
    return [`action-${i + 1}`, 'emergency.improvement', text('emergency.task.improvement', { headline }), a.description, a.orgUnitId, a.dueAt, 'normal'];
  }

  /** A response's task, due at the response's target after the alarm. */
  function responseTask(r: ResponseStatus): PlainTask {
    return [
      `response-${r.kind}`,
      'emergency.response',
      text(`emergency.task.${r.kind}`, { headline }),
      text('emergency.task.response_description', { body, target: during(r.targetSeconds), due: when(r.dueAt) }),
      r.orgUnitId,
      r.dueAt,
      'critical',
    ];
  }

  async function onSite(): Promise<void> {
    const o = s.onSite;
    if (o.status === 'done') return;
    if (!completed.has(o.taskId)) {
      // A continued run picks the task up with its deadline and the rungs already climbed.
      // (oneStep: the task was opened with the response's first step, and is picked up the same way.)
      const resume = (input.resume || oneStep) && s.openTasks.some((t) => t.id === o.taskId) ? { dueAt: o.dueAt, escalationLevel: o.escalationLevel } : null;
      if (!resume) {
        o.orgUnitId = units.safety;
        o.createdAt = now();
        s.openTasks.push({ id: o.taskId, taskType: 'emergency.on_site' });
      }
      const h: HumanTaskState = { escalationLevel: resume?.escalationLevel ?? 0, breached: resume ? o.overdue : false, dueAt: resume?.dueAt ?? '' };
      const run = runHumanTask({
        policy,
        task: { ...onSiteTask(), processType: 'emergency' },
        slaSeconds: policy.sla.emergencyAcknowledge,
        done: () => completed.has(o.taskId) || handoverDue(),
        state: h,
        link,
        ...(resume ? { resume } : {}),
      });
      await tracked(run, h, o, 'on-site', 'onSite');
      if (!completed.has(o.taskId)) return; // handing over: the next run waits for it
    }
    const c = completed.get(o.taskId)!;
    Object.assign(o, { status: 'done', doneAt: c.at, by: c.by, overdue: false, delaySeconds: secondsBetween(report.reportedAt, c.at) });
    setPhase('responding');
    await transition(
      { status: 'responding', acknowledgedAt: c.at, overdue: false, dueAt: null },
      'on_site',
      c.by,
      { note: c.payload.note ?? null, delaySeconds: o.delaySeconds },
      'on-site',
      [
        fact('emergency.acknowledged', 'acknowledged', o.delaySeconds, units.safety, {
          delaySeconds: o.delaySeconds,
          targetSeconds: policy.sla.emergencyAcknowledge,
          late: o.delaySeconds! > policy.sla.emergencyAcknowledge,
          escalationLevel: o.escalationLevel,
        }),
      ],
    );
    if (oneStep && !responseOver()) await writes.flush(); // (the response's last step goes with the task that follows it)
  }

  async function respond(r: ResponseStatus): Promise<void> {
    if (r.status === 'done') return;
    const c = await plainTask(...responseTask(r), true);
    if (!c) return; // handing over: the next run waits for it
    const responseSeconds = secondsBetween(report.reportedAt, c.at);
    Object.assign(r, { status: 'done', doneAt: c.at, by: c.by, responseSeconds, late: responseSeconds > r.targetSeconds });
    const times = { createdAt: r.createdAt, startedAt: r.startedAt, doneAt: r.doneAt, responseSeconds, targetSeconds: r.targetSeconds, late: r.late };
    await transition({}, 'response_done', c.by, { response: r.kind, orgUnitId: r.orgUnitId, summary: c.payload.summary, ...times }, `response-${r.kind}-done`, [
      fact('emergency.response', `response-${r.kind}`, responseSeconds, r.orgUnitId, { response: r.kind, ...times }),
    ]);
    if (oneStep && !responseOver()) await writes.flush();
  }

  // The response: many progress notes arrive here; a run hands over to a fresh one when it has taken its share.
  for (;;) {
    await Promise.all([onSite(), ...s.responses.map((r) => respond(r))]);
    if (s.onSite.status === 'done' && s.responses.every((r) => r.status === 'done')) break;
    await checkpoint();
  }

  // Declared under control by the safety hub: the incident is over.
  const control = (await plainTask(
    'under-control',
    'emergency.under_control',
    text('emergency.task.under_control', { headline }),
    text('emergency.task.under_control_description'),
    units.safety,
    null,
    'critical',
  ))!;
  s.controlledAt = control.at;
  s.controlSummary = String(control.payload.summary ?? '');
  const controlSeconds = secondsBetween(report.reportedAt, control.at);
  setPhase('reviewing');
  await transition(
    { status: 'reviewing', controlledAt: control.at },
    'under_control',
    control.by,
    { summary: s.controlSummary, secondsSinceAlarm: controlSeconds },
    'under-control',
    [fact('emergency.controlled', 'controlled', controlSeconds, units.safety, { secondsSinceAlarm: controlSeconds })],
  );
  await tell({
    dedupKey: `${workflowId}/controlled`,
    audience: { kind: 'users', userIds: [...new Set([...units.alert.safety, ...units.alert.equipment, ...units.alert.hr, report.reporterUserId])] },
    severity: 'normal',
    subject: text('emergency.notice.controlled', { headline }),
    body: s.controlSummary,
    link,
    source: workflowId,
  });

  // Post-incident review: findings computed from the recorded times against the policy.
  s.findings = computeFindings(
    policy,
    report.reportedAt,
    [
      { step: 'onSite', orgUnitId: units.safety, orgUnitName: units.names[units.safety], doneAt: s.onSite.doneAt },
      ...s.responses.map((r) => ({ step: r.kind, orgUnitId: r.orgUnitId, orgUnitName: units.names[r.orgUnitId], doneAt: r.doneAt })),
    ],
    control.at,
  );
  await transition(
    {},
    'review_started',
    'SafeLoop',
    { findings: s.findings },
    'review-started',
    s.findings.map((f) => fact('emergency.review_finding', `finding-${f.step}`, f.lateSeconds, f.orgUnitId, { ...f })),
  );
  const reviewId = taskId(workflowId, 'review');
  s.review = { ...openStep(reviewId, units.safety, now(), ''), escalationLevel: 0, overdue: false };
  const reviewTask: StepTask & { id: string } = {
    id: reviewId,
    taskType: 'emergency.review',
    title: text('emergency.task.review', { headline }),
    description: text('emergency.task.review_description', { findings: findingsTextOf(s.findings) }),
    orgUnitId: units.safety,
    candidateRole: null,
    priority: 'normal',
  };
  // oneStep: the step that declares it under control opens the review (its task, notice and clock) in its transaction.
  if (oneStep) {
    openHumanTask(reviewTask, policy.sla.emergencyReview, s.review);
    await writes.flush();
  } else s.openTasks.push({ id: reviewId, taskType: 'emergency.review' });
  const hr: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: s.review.dueAt };
  await tracked(
    runHumanTask({
      policy,
      task: { ...reviewTask, processType: 'emergency' },
      slaSeconds: policy.sla.emergencyReview,
      done: () => completed.has(reviewId),
      state: hr,
      link,
      ...(oneStep ? { resume: { dueAt: s.review.dueAt, escalationLevel: 0 } } : {}),
    }),
    hr,
    s.review,
    'review',
    'review',
  );
  const review = completed.get(reviewId)!;
  Object.assign(s.review, { status: 'done', doneAt: review.at, by: review.by, overdue: false });
  const actions = (review.payload.actions as { orgUnitId: string; description: string }[] | undefined) ?? [];
  const heads = [...new Set(actions.map((a) => a.orgUnitId))];
  const owners = oneStep ? await lookups.resolveUnitHeads(heads) : await em.resolveUnitHeads(heads);
  Object.assign(units.names, owners.names);
  const actionDue = new Date(Date.parse(review.at) + policy.sla.emergencyReview * 1000).toISOString();
  s.actions = actions.map((a, i): ActionStatus => ({
    ...openStep(taskId(workflowId, `action-${i + 1}`), a.orgUnitId, now(), actionDue),
    description: a.description,
  }));
  setPhase(actions.length ? 'improving' : 'closed');
  await transition(
    { status: s.phase, reviewedAt: review.at, dueAt: actions.length ? actionDue : null, overdue: false, escalationLevel: 0 },
    'reviewed',
    review.by,
    { findings: review.payload.findings, actions: actions.map((a) => ({ ...a, orgUnitName: owners.names[a.orgUnitId] })) },
    'reviewed',
  );
  if (actions.length)
    upsertSearchAttributes([
      { key: SA.slaDeadline, value: new Date(actionDue) },
      { key: SA.overdue, value: false },
    ]);
  if (oneStep && actions.length) {
    // The review's step hands every improvement action out with it (without actions it closes the emergency, below).
    for (const [i, a] of s.actions.entries()) openPlainTask(...actionTask(a, i));
    await writes.flush();
  }

  // Improvement actions, tracked to completion.
  await Promise.all(
    s.actions.map(async (a, i) => {
      const c = (await plainTask(...actionTask(a, i)))!;
      Object.assign(a, { status: 'done', doneAt: c.at, by: c.by });
      const took = secondsBetween(a.createdAt, c.at);
      await transition(
        {},
        'action_done',
        c.by,
        { n: i + 1, orgUnitId: a.orgUnitId, description: a.description, summary: c.payload.summary, evidenceIds: c.payload.evidenceIds ?? [] },
        `action-${i + 1}-done`,
        [
          fact(
            'emergency.action_completed',
            `action-${i + 1}`,
            took,
            a.orgUnitId,
            { n: i + 1, description: a.description, secondsToComplete: took, onTime: c.at <= a.dueAt },
            owners.heads,
          ),
        ],
      );
      if (oneStep) await writes.flush(); // (before the re-checks that read the action done)
      if (!report.drill && patched(ACTION_RECHECKS)) {
        const actionId = `${report.emergencyId}-a${i + 1}`;
        await startDetached(CorrectiveActionWorkflow, correctiveActionWorkflowId(actionId), [
          {
            actionId,
            n: i + 1,
            source: { type: 'emergency', id: report.emergencyId, workflowId, title: headlineWords, link },
            kind: 'corrective',
            description: a.description,
            orgUnitId: a.orgUnitId,
            verifierOrgUnitId: units.safety,
            dueAt: a.dueAt,
            doneAt: c.at,
            policy,
            policyVersion: input.policyVersion,
          },
        ]);
      }
    }),
  );

  s.closedAt = now();
  setPhase('closed');
  await transition(
    { status: 'closed', closedAt: s.closedAt, dueAt: null, overdue: false },
    'closed',
    'SafeLoop',
    { actions: s.actions.length, findings: s.findings.length },
    'closed',
  );
  upsertSearchAttributes([{ key: SA.overdue, value: false }]);
  if (oneStep) await writes.flush();
  await condition(allHandlersFinished);
  return s;
}

export const EmergencyWorkflow = cancellable(runEmergencyWorkflow);
