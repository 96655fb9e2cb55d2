import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { EmergencyActivities, EmergencyTransition } from '../../activities/emergencies';
import { computeFindings, findingsTextOf, RESPONSE_LABELS, responsesFor, secondsBetween, targetSeconds, type ResponseKind } from '../../domain/emergency/rules';
import { emergencyKindTexts } from '../../domain/emergency/texts';
import { during, term, text, when, type Text } from '../../domain/texts/text';
import { runHumanTask, trackHumanTask, type HumanTaskState } from '../shared/human-task';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { processFacts } from '../shared/facts';
import { acceptTaskCompletions, listedOpenTasks, type Completed } from '../shared/task-completions';
import { taskId } from '../shared/tasks';
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
/** Above this many events a run hands over at its next safe point during the response. */
const HISTORY_LIMIT = 4000;
/** Client request ids a run remembers (and hands over) to answer resends. */
const ANSWERED_KEPT = 200;

/** A step just opened for `orgUnitId`: nobody has started or done it yet. */
function openStep(id: string, orgUnitId: string, createdAt: string, dueAt: string): StepStatus {
  return { taskId: id, orgUnitId, status: 'open', createdAt, startedAt: null, doneAt: null, dueAt, by: null };
}

async function runEmergencyWorkflow(input: EmergencyInput): Promise<EmergencyState> {
  const { policy, report } = input;
  const { workflowId } = workflowInfo();
  const handovers = patched(HANDOVER);
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
    await em.recordEmergencyTransition({
      emergencyId: report.emergencyId,
      workflowId,
      changes,
      event: { id: `${workflowId}/${step}`, type, actor, at: now(), data },
      facts,
    });
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
                data: {
                  step: what,
                  level: h.escalationLevel,
                  rung: policy.escalation.ladder.filter((r) => r !== 'assignee')[h.escalationLevel - 1] ?? null,
                  dueAt: h.dueAt,
                },
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
  async function plainTask(
    step: string,
    taskType: string,
    title: Text,
    description: string | Text | null,
    orgUnitId: string,
    dueAt: string | null,
    priority: 'critical' | 'normal',
    handover = false,
  ): Promise<Completed | null> {
    const id = taskId(workflowId, step);
    if (!completed.has(id) && !s.openTasks.some((t) => t.id === id)) {
      s.openTasks.push({ id, taskType });
      await tasks.createTask({ id, workflowId, processType: 'emergency', taskType, title, description, orgUnitId, candidateRole: null, priority, dueAt });
      await notify(policy, {
        dedupKey: `${id}/assigned`,
        audience: { kind: 'unit', orgUnitId },
        severity: priority,
        subject: text('notice.new_task', { title }),
        body: dueAt ? text('notice.new_task_body', { title, due: when(dueAt) }) : title,
        link,
        source: workflowId,
      });
    }
    await condition(() => completed.has(id) || (handover && handoverDue()));
    return completed.get(id) ?? null;
  }

  /** Hands the whole process over to a fresh run (never returns): its state, the completions and the answered requests. */
  async function checkpoint(): Promise<never> {
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
    const fanOut = patched(ALERT_FAN_OUT);
    const record = () => em.recordEmergencyReported({ report, workflowId, policyVersion: input.policyVersion });
    const resolve = () => em.resolveEmergencyUnits(report.orgUnitId);
    let units: EmergencyUnits;
    if (fanOut) [, units] = await Promise.all([record(), resolve()]);
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
    const alert = (dept: 'safety' | 'equipment' | 'hr') =>
      notify(policy, {
        dedupKey: `${workflowId}/alert/${dept}`,
        audience: { kind: 'users', userIds: units.alert[dept] },
        severity: 'critical',
        subject: text('emergency.notice.alarm', { headline }),
        body,
        link,
        source: workflowId,
      });
    if (fanOut) await Promise.all((['safety', 'equipment', 'hr'] as const).map(alert));
    else for (const dept of ['safety', 'equipment', 'hr'] as const) await alert(dept);
    await transition({}, 'alerted', 'SafeLoop', { departments: [units.safety, units.equipment, units.hr].map((id) => units.names[id]) }, 'alerted');

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
  }
  const units = s.units!;

  async function onSite(): Promise<void> {
    const o = s.onSite;
    if (o.status === 'done') return;
    if (!completed.has(o.taskId)) {
      // A continued run picks the task up with its deadline and the rungs already climbed.
      const resume = input.resume && s.openTasks.some((t) => t.id === o.taskId) ? { dueAt: o.dueAt, escalationLevel: o.escalationLevel } : null;
      if (!resume) {
        o.orgUnitId = units.safety;
        o.createdAt = now();
        s.openTasks.push({ id: o.taskId, taskType: 'emergency.on_site' });
      }
      const h: HumanTaskState = { escalationLevel: resume?.escalationLevel ?? 0, breached: resume ? o.overdue : false, dueAt: resume?.dueAt ?? '' };
      const run = runHumanTask({
        policy,
        task: {
          id: o.taskId,
          processType: 'emergency',
          taskType: 'emergency.on_site',
          title: text('emergency.task.on_site', { headline }),
          description: body,
          orgUnitId: units.safety,
          candidateRole: null,
          priority: 'critical',
        },
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
  }

  async function respond(r: ResponseStatus): Promise<void> {
    if (r.status === 'done') return;
    const c = await plainTask(
      `response-${r.kind}`,
      'emergency.response',
      text(`emergency.task.${r.kind}`, { headline }),
      text('emergency.task.response_description', { body, target: during(r.targetSeconds), due: when(r.dueAt) }),
      r.orgUnitId,
      r.dueAt,
      'critical',
      true,
    );
    if (!c) return; // handing over: the next run waits for it
    const responseSeconds = secondsBetween(report.reportedAt, c.at);
    Object.assign(r, { status: 'done', doneAt: c.at, by: c.by, responseSeconds, late: responseSeconds > r.targetSeconds });
    const times = { createdAt: r.createdAt, startedAt: r.startedAt, doneAt: r.doneAt, responseSeconds, targetSeconds: r.targetSeconds, late: r.late };
    await transition({}, 'response_done', c.by, { response: r.kind, orgUnitId: r.orgUnitId, summary: c.payload.summary, ...times }, `response-${r.kind}-done`, [
      fact('emergency.response', `response-${r.kind}`, responseSeconds, r.orgUnitId, { response: r.kind, ...times }),
    ]);
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
  await notify(policy, {
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
  s.openTasks.push({ id: reviewId, taskType: 'emergency.review' });
  const hr: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
  await tracked(
    runHumanTask({
      policy,
      task: {
        id: reviewId,
        processType: 'emergency',
        taskType: 'emergency.review',
        title: text('emergency.task.review', { headline }),
        description: text('emergency.task.review_description', { findings: findingsTextOf(s.findings) }),
        orgUnitId: units.safety,
        candidateRole: null,
        priority: 'normal',
      },
      slaSeconds: policy.sla.emergencyReview,
      done: () => completed.has(reviewId),
      state: hr,
      link,
    }),
    hr,
    s.review,
    'review',
    'review',
  );
  const review = completed.get(reviewId)!;
  Object.assign(s.review, { status: 'done', doneAt: review.at, by: review.by, overdue: false });
  const actions = (review.payload.actions as { orgUnitId: string; description: string }[] | undefined) ?? [];
  const owners = await em.resolveUnitHeads([...new Set(actions.map((a) => a.orgUnitId))]);
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

  // Improvement actions, tracked to completion.
  await Promise.all(
    s.actions.map(async (a, i) => {
      const c = (await plainTask(
        `action-${i + 1}`,
        'emergency.improvement',
        text('emergency.task.improvement', { headline }),
        a.description,
        a.orgUnitId,
        a.dueAt,
        'normal',
      ))!;
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
  await condition(allHandlersFinished);
  return s;
}

export const EmergencyWorkflow = cancellable(runEmergencyWorkflow);
