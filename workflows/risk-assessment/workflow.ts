import {
  allHandlersFinished,
  ChildWorkflowCancellationType,
  condition,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { HazardActivities } from '../../activities/hazards';
import type { RiskAssessmentActivities, RiskAssessmentStep, RiskTransition } from '../../activities/risk-assessments';
import { secondsBetween } from '../../domain/emergency/rules';
import type { Policy } from '../../domain/policy';
import { lines, named, term, text, type Text } from '../../domain/texts/text';
import { levelItems, verificationDueAt, type RiskInputDepartment, type RiskItemInput } from '../../domain/risk-assessment/rules';
import { assignedNotice, runHumanTask, trackHumanTask, type HumanTaskState } from '../shared/human-task';
import { notify, notifyInput } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { processFacts } from '../shared/facts';
import { acceptTaskCompletions, listedOpenTasks, type Completed } from '../shared/task-completions';
import { taskId, type NewTask } from '../shared/tasks';
import { RiskMeasureWorkflow, startFailedMeasureHazard } from './measure';
import { awaitedLater, measureDoneData, measureTaskText, secondsUntil, settleVerification, verifyTaskText } from './measure-steps';
import {
  measureAtVerificationSignal,
  RISK_ASSESSMENT_PREFIX,
  riskAssessmentStateQuery,
  riskMeasureWorkflowId,
  type DepartmentStep,
  type MeasureState,
  type RiskAssessmentInput,
  type RiskAssessmentPhase,
  type RiskAssessmentRequest,
  type RiskAssessmentState,
  type SafetyStep,
} from './messages';
import { cancellable } from '../shared/cancellation';
import { SHORT, tasks } from '../shared/activity-options';
import type { NotificationRequest } from '../notification/messages';
import { StepWrites, settleOnCancellation, type CancelledWrites } from '../shared/step-writes';

const ra = proxyActivities<RiskAssessmentActivities>(SHORT);
const hz = proxyActivities<Pick<HazardActivities, 'cancelTasks'>>(SHORT);
/** Look-ups (ONE_STEP) run as local activities, in the workflow task that needs them. */
const lookups = proxyLocalActivities<Pick<RiskAssessmentActivities, 'currentRiskPolicy' | 'resolveRiskUnits' | 'resolveUnitHeads'>>(SHORT);
/** A step's writes in one transaction (ONE_STEP), made by one local activity in the workflow task that took the step. */
const steps = proxyLocalActivities<Pick<RiskAssessmentActivities, 'recordRiskAssessmentStep'>>(SHORT);

/**
 * Patch marker: each control measure runs as a child workflow (`RiskMeasureWorkflow`), so an
 * assessment's own history stays small however many measures its plan has. Assessments that
 * reached their plan before it run their measures inline as they did.
 */
const MEASURE_CHILDREN = 'risk-measures-as-children';
/**
 * Patch marker (issue 22: one transaction per step): each step's writes — the start with the
 * input tasks it hands out, an answer with the projection's clock, the close of a round with the
 * next task, the plan with its rows, the close with the tasks withdrawn and its notice — go in one
 * local activity (`recordRiskAssessmentStep`), one database transaction, instead of one activity
 * per write; the look-ups run as local activities. Assessments started before it replay with one
 * activity per write. (A task's reminders and escalation rungs are still written by the shared
 * SLA helper, one write each.)
 */
const ONE_STEP = 'risk-assessment-one-step';

/** Under ONE_STEP: after a cancellation, what the step flushes in flight may have left unwritten is written before the process is marked cancelled. */
async function runRiskAssessmentWorkflow(input: RiskAssessmentInput): Promise<RiskAssessmentState> {
  return settleOnCancellation((cancelled) => riskAssessmentProcess(input, cancelled));
}

async function riskAssessmentProcess(input: RiskAssessmentInput, cancelled: CancelledWrites): Promise<RiskAssessmentState> {
  const { workflowId, startTime } = workflowInfo();
  /** Whether this execution writes each step in one local activity (ONE_STEP); asked once, before any command of its own. */
  const oneStep = patched(ONE_STEP);
  const now = () => new Date().toISOString();
  /**
   * A timeline event's time (oneStep): the workflow's clock, but a millisecond after the previous
   * event when several are taken in one workflow task (its clock stands still), so the timeline,
   * which is sorted by time, keeps them in the order they happened.
   */
  let lastEventAt = 0;
  const eventTime = () => new Date((lastEventAt = Math.max(Date.now(), lastEventAt + 1))).toISOString();
  const safetyStep = (step: string): SafetyStep => ({
    taskId: taskId(workflowId, step),
    status: 'waiting',
    dueAt: null,
    doneAt: null,
    by: null,
    escalationLevel: 0,
    overdue: false,
  });
  const s: RiskAssessmentState = {
    phase: 'inputs',
    request: null,
    policyVersion: null,
    units: null,
    inputs: [],
    compile: safetyStep('compile'),
    register: [],
    proposals: [],
    plan: safetyStep('plan'),
    measures: [],
    verificationDueAt: null,
    gaps: [],
    openTasks: [],
    closedAt: null,
  };
  let policy: Policy | null = null;

  // ---- messages ----------------------------------------------------------------------------
  setHandler(riskAssessmentStateQuery, () => s);
  const completed = acceptTaskCompletions({
    workflowId,
    what: 'risk assessment',
    ...listedOpenTasks(s),
    refuse: (c) => {
      const open = s.openTasks.find((t) => t.id === c.taskId)!;
      const size = policy?.riskMatrix.size ?? 0;
      if (open.taskType === 'risk.compile') {
        for (const i of (c.payload.items as RiskItemInput[] | undefined) ?? []) {
          if (i.likelihood > size || i.severity > size) return `likelihood and severity go from 1 to ${size}`;
        }
      }
      const keys = new Set(s.register.map((i) => i.key));
      const named = (open.taskType === 'risk.measures' ? c.payload.proposals : open.taskType === 'risk.plan' ? c.payload.measures : []) as
        { itemKey: string }[] | undefined;
      for (const m of named ?? []) if (!keys.has(m.itemKey)) return `"${m.itemKey}" is not an item of this register`;
      return null;
    },
  });

  // ---- the request: by hand (API) or from the monthly schedule -------------------------------
  let request: RiskAssessmentRequest;
  let policyVersion: number;
  if ('scheduled' in input) {
    const p = oneStep ? await lookups.currentRiskPolicy() : await ra.currentRiskPolicy();
    policy = p.policy;
    policyVersion = p.version;
    request = {
      ...input.scheduled,
      assessmentId: workflowId.slice(RISK_ASSESSMENT_PREFIX.length),
      initiatedBy: 'schedule',
      startedAt: startTime.toISOString(),
    };
  } else {
    policy = input.policy;
    policyVersion = input.policyVersion;
    request = input.request;
  }
  const pol: Policy = policy;
  s.request = request;
  s.policyVersion = policyVersion;
  const link = `/risk-assessments/${encodeURIComponent(request.assessmentId)}`;
  const units = oneStep ? await lookups.resolveRiskUnits(request.orgUnitId) : await ra.resolveRiskUnits(request.orgUnitId);
  s.units = units;
  /** The writes of the step in progress (oneStep), written together by `writes.flush()`. */
  const writes = new StepWrites<Omit<RiskAssessmentStep, 'assessmentId' | 'workflowId'>>(
    () => ({ started: undefined, transitions: [], withdraw: [], tasks: [], notifications: [] }),
    ({ started, ...rest }) => steps.recordRiskAssessmentStep({ assessmentId: request.assessmentId, workflowId, ...(started ? { started } : {}), ...rest }),
  );
  if (oneStep) {
    cancelled.writes = writes;
    // (Written with the input tasks the first step hands out, below.)
    writes.next.started = { request, plantId: units.plant, policyVersion };
  } else await ra.recordRiskAssessmentStarted({ request, workflowId, plantId: units.plant, policyVersion });
  upsertSearchAttributes([
    { key: SA.processType, value: 'risk_assessment' },
    { key: SA.status, value: s.phase },
    { key: SA.severity, value: 'normal' },
    { key: SA.orgUnit, value: request.orgUnitId },
    { key: SA.department, value: units.safety },
  ]);

  // ---- helpers -----------------------------------------------------------------------------
  async function transition(
    changes: RiskTransition['changes'],
    type: string,
    actor: string,
    data: Record<string, unknown>,
    step: string,
    more: Omit<RiskTransition, 'assessmentId' | 'workflowId' | 'changes' | 'event'> = {},
  ): Promise<void> {
    const event = { id: `${workflowId}/${step}`, type, actor, at: oneStep ? eventTime() : now(), data };
    if (oneStep) {
      writes.next.transitions.push({ changes, event, ...more });
      return;
    }
    await ra.recordRiskTransition({ assessmentId: request.assessmentId, workflowId, changes, event, ...more });
  }

  /** Tells people of this assessment: with the step's writes (oneStep), else at once. */
  // Returns notify's own promise (no extra await), so the caller resumes exactly as before.
  function tell(request: NotificationRequest): Promise<void> {
    if (!oneStep) return notify(pol, request);
    writes.next.notifications.push(notifyInput(pol, request));
    return Promise.resolve();
  }

  /** A fact counted for the head of `orgUnitId` (department attribution). */
  const fact = processFacts({
    workflowId,
    subjectId: request.assessmentId,
    policyVersion,
    common: { assessmentId: request.assessmentId, area: request.area },
    defaultHeads: () => units.heads,
  });

  function setPhase(phase: RiskAssessmentPhase): void {
    s.phase = phase;
    upsertSearchAttributes([{ key: SA.status, value: phase }]);
  }

  /** The projection's clock: the earliest open deadline, the highest escalation, any breach (oneStep: with the step's writes). */
  async function projectClock(): Promise<void> {
    const clocks = [...s.inputs, ...s.proposals]
      .filter((d) => d.status === 'open' && d.dueAt)
      .map((d) => ({ dueAt: d.dueAt, level: d.escalationLevel, overdue: d.overdue }));
    for (const st of [s.compile, s.plan])
      if (st.status === 'open' && st.dueAt) clocks.push({ dueAt: st.dueAt, level: st.escalationLevel, overdue: st.overdue });
    const dueAt = clocks.map((c) => c.dueAt).sort()[0] ?? s.verificationDueAt;
    const changes = { dueAt: dueAt ?? null, escalationLevel: Math.max(0, ...clocks.map((c) => c.level)), overdue: clocks.some((c) => c.overdue) };
    if (oneStep) writes.next.transitions.push({ changes });
    else await ra.recordRiskTransition({ assessmentId: request.assessmentId, workflowId, changes });
  }

  /**
   * A human task through the shared SLA helper, its clock mirrored into `view` and the projection.
   * oneStep: the task, its candidates' notice and the projection's clock go with the step's writes
   * (the caller flushes them), and the helper runs it as resumed (nothing written again); its
   * clock is written again only when it changes (a breach, a rung).
   */
  function humanTask(
    task: Omit<NewTask, 'workflowId' | 'dueAt' | 'processType' | 'candidateRole' | 'priority'>,
    slaSeconds: number,
    done: () => boolean,
    onClock: (h: HumanTaskState) => void,
    view?: { dueAt: string | null; escalationLevel: number; overdue: boolean },
  ): Promise<void> {
    s.openTasks.push({ id: task.id, taskType: task.taskType });
    const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
    const full = { ...task, processType: 'risk_assessment', candidateRole: null, priority: 'normal' } as const;
    let resume: { dueAt: string; escalationLevel: number } | undefined;
    if (oneStep && view) {
      const dueAt = new Date(Date.now() + slaSeconds * 1000).toISOString();
      const row: NewTask = { ...full, workflowId, dueAt };
      writes.next.tasks.push(row);
      writes.next.notifications.push(notifyInput(pol, assignedNotice(row, dueAt, link)));
      Object.assign(view, { dueAt, escalationLevel: 0, overdue: false });
      upsertSearchAttributes([
        { key: SA.slaDeadline, value: new Date(dueAt) },
        { key: SA.overdue, value: false },
      ]);
      void projectClock();
      resume = { dueAt, escalationLevel: 0 };
    }
    const run = runHumanTask({ policy: pol, task: full, slaSeconds, done, state: h, link, ...(resume ? { resume } : {}) });
    return trackHumanTask(run, h, async () => {
      if (oneStep && view) {
        // (A task opened with its step has its clock in the projection already.)
        if (h.dueAt === view.dueAt && h.escalationLevel === view.escalationLevel && h.breached === view.overdue) return;
        onClock(h);
        await projectClock();
        await writes.flush();
        return;
      }
      onClock(h);
      await projectClock();
    });
  }

  /** Task IDs withdrawn with a step's writes (oneStep): their helper's end withdraws nothing again. */
  const withdrawn = new Set<string>();

  async function cancelTask(id: string, reason: string): Promise<void> {
    if (oneStep) {
      if (!withdrawn.has(id)) {
        withdrawTask(id, reason);
        await writes.flush();
      }
      return;
    }
    await hz.cancelTasks({ workflowId, ids: [id], reason });
    s.openTasks = s.openTasks.filter((t) => t.id !== id);
  }

  /** Withdraws a task with the step's writes (oneStep). */
  function withdrawTask(id: string, reason: string): void {
    withdrawn.add(id);
    writes.next.withdraw!.push({ ids: [id], reason });
    s.openTasks = s.openTasks.filter((t) => t.id !== id);
  }

  /** Work still running after its phase (a late department's escalation ladder); awaited before closing. */
  const background: Promise<void>[] = [];

  /**
   * Parallel department steps with the quorum rule: the phase goes on when every department has
   * answered or the SLA has passed; a department without an answer by then is a recorded gap
   * (a fact against its collaboration) while its task keeps escalating until the phase after closes.
   */
  async function departmentRound(
    kind: 'input' | 'proposals',
    depts: RiskInputDepartment[],
    slaSeconds: number,
    make: (d: RiskInputDepartment) => { title: Text; description: Text; context: Record<string, unknown> | null },
    closed: () => boolean,
  ): Promise<DepartmentStep[]> {
    const taskType = kind === 'input' ? 'risk.input' : 'risk.measures';
    const created = now();
    const steps: DepartmentStep[] = depts.map((department) => ({
      department,
      orgUnitId: units[department],
      taskId: taskId(workflowId, `${kind}-${department}`),
      status: 'open',
      createdAt: created,
      dueAt: new Date(Date.parse(created) + slaSeconds * 1000).toISOString(),
      doneAt: null,
      by: null,
      delaySeconds: null,
      late: null,
      escalationLevel: 0,
      overdue: false,
      answer: null,
    }));
    if (kind === 'input') s.inputs = steps;
    else s.proposals = steps;
    /** Whether the phase moved on (oneStep: an answer after it is a step of its own; the last answer before it goes with the phase's close). */
    let settled = false;

    const answered = async (st: DepartmentStep) => {
      const c = completed.get(st.taskId)!;
      const delay = secondsBetween(st.createdAt, c.at);
      const wasGap = st.status === 'gap';
      Object.assign(st, {
        status: wasGap ? 'gap' : 'done',
        doneAt: c.at,
        by: c.by,
        delaySeconds: delay,
        late: delay > slaSeconds,
        overdue: false,
        answer: c.payload,
      });
      const data = {
        step: kind,
        department: st.department,
        orgUnitName: units.names[st.orgUnitId],
        delaySeconds: delay,
        slaSeconds,
        late: st.late,
        answer: c.payload,
      };
      if (wasGap) await transition({}, kind === 'input' ? 'input_late' : 'proposals_late', c.by, data, `${kind}-${st.department}-late`);
      else
        await transition({}, kind === 'input' ? 'input' : 'proposals', c.by, data, `${kind}-${st.department}`, {
          facts: [
            fact('risk.input', `${kind}-${st.department}`, delay, st.orgUnitId, {
              step: kind,
              department: st.department,
              late: st.late,
              gap: false,
              slaSeconds,
            }),
          ],
        });
      await projectClock();
      if (oneStep && (settled || steps.some((x) => x.status === 'open'))) await writes.flush();
    };

    for (const st of steps) {
      const t = make(st.department);
      const run = humanTask(
        { id: st.taskId, taskType, title: t.title, description: t.description, orgUnitId: st.orgUnitId, context: t.context },
        slaSeconds,
        () => completed.has(st.taskId) || closed(),
        (h) => {
          st.dueAt = h.dueAt;
          st.escalationLevel = h.escalationLevel;
          st.overdue = h.breached;
        },
        st,
      );
      background.push(
        awaitedLater(
          run.then(async () => {
            if (completed.has(st.taskId)) await answered(st);
            else await cancelTask(st.taskId, 'the assessment went on without this department (gap recorded)');
          }),
        ),
      );
    }
    if (oneStep) await writes.flush(); // the round opens in one step: its tasks, their notices and clocks (with what came before)
    await condition(() => steps.every((st) => st.status !== 'open'), slaSeconds * 1000);
    for (const st of steps.filter((x) => x.status === 'open' && !completed.has(x.taskId))) {
      st.status = 'gap';
      s.gaps.push({ orgUnitId: st.orgUnitId, step: kind });
      await transition(
        { gaps: JSON.stringify(s.gaps) },
        'gap',
        'SafeLoop',
        { step: kind, department: st.department, orgUnitName: units.names[st.orgUnitId], slaSeconds },
        `${kind}-${st.department}-gap`,
        {
          facts: [
            fact('risk.input', `${kind}-${st.department}`, null, st.orgUnitId, { step: kind, department: st.department, late: true, gap: true, slaSeconds }),
          ],
        },
      );
    }
    // Answers accepted before the deadline are recorded before the phase moves on.
    await condition(() => steps.every((st) => st.status !== 'open'));
    settled = true;
    return steps;
  }

  /** The safety hub's step (register, plan) with its SLA. */
  async function safetyTask(
    step: SafetyStep,
    taskType: string,
    title: Text,
    description: Text,
    context: Record<string, unknown>,
    slaSeconds: number,
  ): Promise<Completed> {
    step.status = 'open';
    const run = awaitedLater(
      humanTask(
        { id: step.taskId, taskType, title, description, orgUnitId: units.safety, context },
        slaSeconds,
        () => completed.has(step.taskId),
        (h) => {
          step.dueAt = h.dueAt;
          step.escalationLevel = h.escalationLevel;
          step.overdue = h.breached;
        },
        step,
      ),
    );
    if (oneStep) await writes.flush(); // (with what came before: the round's close, the register)
    await run;
    const c = completed.get(step.taskId)!;
    Object.assign(step, { status: 'done', doneAt: c.at, by: c.by, overdue: false });
    return c;
  }

  /**
   * oneStep: when the phase after a round closes, the tasks of its departments still without an
   * answer (gaps) are withdrawn with that step's writes.
   */
  function withdrawGaps(round: DepartmentStep[]): void {
    if (!oneStep) return;
    for (const st of round)
      if (st.status === 'gap' && !completed.has(st.taskId) && s.openTasks.some((t) => t.id === st.taskId))
        withdrawTask(st.taskId, 'the assessment went on without this department (gap recorded)');
  }

  const deptNames = named(request.departments.map((d) => ({ en: units.names[units[d]], zh: units.namesZh?.[units[d]] ?? null })));
  const header = `${request.title} — ${request.area}`;
  const headerText = text('risk.header', { title: request.title, area: request.area });

  // ---- 1. parallel inputs (quorum) -----------------------------------------------------------
  let inputsClosed = false;
  await departmentRound(
    'input',
    request.departments,
    pol.sla.riskInput,
    (d) => ({
      title: text('risk.task.input', { ask: term(`risk.ask.${d}`), header: headerText }),
      description: text('risk.task.input_description', { ask: term(`risk.ask_detail.${d}`), departments: deptNames }),
      context: null,
    }),
    () => inputsClosed,
  );

  // ---- 2. the safety hub compiles the register ------------------------------------------------
  setPhase('compiling');
  await transition(
    { status: 'compiling' },
    'inputs_closed',
    'SafeLoop',
    {
      answered: s.inputs.filter((i) => i.status === 'done').map((i) => i.department),
      gaps: s.inputs.filter((i) => i.status === 'gap').map((i) => i.department),
    },
    'inputs-closed',
  );
  const inputSummary = s.inputs.map((i) => {
    const unit = units.names[i.orgUnitId];
    if (i.status !== 'done') return text('risk.input.gap', { unit });
    const assessment = String(i.answer?.assessment ?? '');
    return i.answer?.concerns
      ? text('risk.input.answer_concerns', { unit, assessment, concerns: String(i.answer.concerns) })
      : text('risk.input.answer', { unit, assessment });
  });
  const participatingUnits = request.departments.map((d) => ({ id: units[d], name: units.names[units[d]] }));
  const compiled = await safetyTask(
    s.compile,
    'risk.compile',
    text('risk.task.compile', { header: headerText }),
    text('risk.task.compile_description', { inputs: lines(inputSummary.flatMap((x, j) => (j ? ['', x] : [x]))), size: pol.riskMatrix.size }),
    {
      matrixSize: pol.riskMatrix.size,
      bands: pol.riskMatrix.bands,
      inputs: s.inputs.map((i) => ({
        department: i.department,
        orgUnitId: i.orgUnitId,
        orgUnitName: units.names[i.orgUnitId],
        status: i.status,
        answer: i.answer,
      })),
      units: [...participatingUnits, { id: units.safety, name: units.names[units.safety] }],
    },
    pol.sla.riskCompile,
  );
  inputsClosed = true;
  withdrawGaps(s.inputs);
  s.register = levelItems(pol, compiled.payload.items as RiskItemInput[]);
  setPhase('proposing');
  await transition(
    { status: 'proposing', compiledAt: compiled.at, itemCount: s.register.length },
    'register_compiled',
    compiled.by,
    { items: s.register, summary: compiled.payload.summary ?? null },
    'register',
    { register: s.register },
  );

  // ---- 3. departments propose control measures (quorum) ----------------------------------------
  const itemsContext = s.register.map((i) => ({ key: i.key, title: i.title, level: i.level, score: i.score, ownerOrgUnitId: i.ownerOrgUnitId }));
  const registerText = lines(
    s.register.map((i) =>
      text('risk.register.item', {
        title: i.title,
        level: term(`risk.level.${i.level}`),
        likelihood: i.likelihood,
        severity: i.severity,
        score: i.score,
        owner: units.names[i.ownerOrgUnitId] ?? text('risk.register.owner'),
      }),
    ),
  );
  let proposalsClosed = false;
  await departmentRound(
    'proposals',
    request.departments,
    pol.sla.riskMeasures,
    () => ({
      title: text('risk.task.proposals', { header: headerText }),
      description: text('risk.task.proposals_description', { register: registerText }),
      context: { items: itemsContext },
    }),
    () => proposalsClosed,
  );

  // ---- 4. the control plan: measures with owners and due dates --------------------------------
  setPhase('planning');
  const proposals = s.proposals.flatMap((p) =>
    ((p.answer?.proposals as { itemKey: string; description: string }[] | undefined) ?? []).map((x) => ({
      ...x,
      proposedBy: p.orgUnitId,
      proposedByName: units.names[p.orgUnitId],
      ownerOrgUnitId: s.register.find((i) => i.key === x.itemKey)?.ownerOrgUnitId ?? p.orgUnitId,
    })),
  );
  await transition(
    { status: 'planning' },
    'proposals_closed',
    'SafeLoop',
    { proposals: proposals.length, gaps: s.proposals.filter((p) => p.status === 'gap').map((p) => p.department) },
    'proposals-closed',
  );
  const plan = await safetyTask(
    s.plan,
    'risk.plan',
    text('risk.task.plan', { header: headerText }),
    text('risk.task.plan_description', {
      proposals: proposals.length
        ? lines(proposals.map((p) => text('risk.plan.proposal', { item: p.itemKey, description: p.description, by: p.proposedByName })))
        : text('risk.plan.none'),
    }),
    { items: itemsContext, proposals, units: [...participatingUnits, { id: units.safety, name: units.names[units.safety] }] },
    pol.sla.riskPlan,
  );
  proposalsClosed = true;
  withdrawGaps(s.proposals);
  const planned = plan.payload.measures as { itemKey: string; description: string; ownerOrgUnitId: string; dueAt: string }[];
  const ownerUnits = [...new Set(planned.map((m) => m.ownerOrgUnitId))];
  const owners = oneStep ? await lookups.resolveUnitHeads(ownerUnits) : await ra.resolveUnitHeads(ownerUnits);
  s.measures = planned.map((m, i): MeasureState => ({
    id: `${request.assessmentId}/${i + 1}`,
    n: i + 1,
    itemKey: m.itemKey,
    description: m.description,
    ownerOrgUnitId: m.ownerOrgUnitId,
    dueAt: new Date(Date.parse(m.dueAt)).toISOString(),
    status: 'planned',
    taskId: taskId(workflowId, `measure-${i + 1}`),
    verifyTaskId: taskId(workflowId, `verify-${i + 1}`),
    doneAt: null,
    doneBy: null,
    verifiedAt: null,
    verifiedBy: null,
    reason: null,
    hazardId: null,
  }));
  s.verificationDueAt = verificationDueAt(
    pol,
    s.measures.map((m) => m.dueAt),
  );
  setPhase('executing');
  await transition(
    { status: 'executing', measureCount: s.measures.length, dueAt: s.verificationDueAt, escalationLevel: 0, overdue: false },
    'plan_approved',
    plan.by,
    {
      measures: s.measures.map((m) => ({ n: m.n, itemKey: m.itemKey, description: m.description, owner: owners.names[m.ownerOrgUnitId], dueAt: m.dueAt })),
      verificationDueAt: s.verificationDueAt,
      note: plan.payload.note ?? null,
    },
    'plan',
    { plan: s.measures.map((m) => ({ id: m.id, n: m.n, itemKey: m.itemKey, description: m.description, ownerOrgUnitId: m.ownerOrgUnitId, dueAt: m.dueAt })) },
  );
  upsertSearchAttributes([
    { key: SA.slaDeadline, value: new Date(s.verificationDueAt) },
    { key: SA.overdue, value: false },
  ]);
  if (oneStep) await writes.flush(); // the plan's rows exist before its measures run

  // ---- 5. execution and joint verification, measure by measure ----------------------------------
  const verificationDue = s.verificationDueAt;

  /** Each measure is a child workflow that owns its tasks, SLA and hazard; the assessment waits for their results. */
  async function measuresAsChildren(): Promise<void> {
    const atVerification = new Set<number>();
    setHandler(measureAtVerificationSignal, (u) => {
      const m = s.measures.find((x) => x.n === u.n);
      if (!m || m.status === 'passed' || m.status === 'failed') return;
      Object.assign(m, u.changes);
      atVerification.add(u.n);
    });
    const opened = awaitedLater(
      (async () => {
        await condition(() => atVerification.size === s.measures.length);
        setPhase('verifying');
        await transition({ status: 'verifying' }, 'verification_open', 'SafeLoop', { dueAt: verificationDue }, 'verification-open');
        if (oneStep) await writes.flush();
      })(),
    );
    let failed = 0;
    await Promise.all(
      s.measures.map(async (m, i) => {
        const item = s.register.find((x) => x.key === m.itemKey) ?? null;
        const result = await executeChild(RiskMeasureWorkflow, {
          workflowId: riskMeasureWorkflowId(workflowId, m.n),
          args: [
            {
              assessmentWorkflowId: workflowId,
              assessmentId: request.assessmentId,
              area: request.area,
              header,
              link,
              measure: m,
              item,
              owners,
              safetyOrgUnitId: units.safety,
              planAt: plan.at,
              verificationDueAt: verificationDue,
              policy: pol,
              policyVersion,
            },
          ],
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
          cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
        });
        s.measures[i] = result;
        atVerification.add(m.n);
        if (result.status === 'failed' && oneStep) {
          writes.next.transitions.push({ changes: { failedMeasures: ++failed } });
          await writes.flush();
        } else if (result.status === 'failed')
          await ra.recordRiskTransition({ assessmentId: request.assessmentId, workflowId, changes: { failedMeasures: ++failed } });
      }),
    );
    await opened;
  }

  // Assessments that reached their plan before the patch run each measure inline, as recorded.
  let atVerification = 0;
  async function runMeasure(m: MeasureState): Promise<void> {
    let verified = false;
    const item = s.register.find((i) => i.key === m.itemKey);
    const execution = humanTask(
      { id: m.taskId, taskType: 'risk.measure', ...measureTaskText(m, item, header), orgUnitId: m.ownerOrgUnitId, context: null },
      secondsUntil(m.dueAt),
      () => completed.has(m.taskId) || verified,
      () => undefined,
    ).then(async () => {
      if (!completed.has(m.taskId)) return cancelTask(m.taskId, 'verified before it was reported done');
      const c = completed.get(m.taskId)!;
      const onTime = c.at <= m.dueAt;
      Object.assign(m, { status: m.status === 'planned' ? 'done' : m.status, doneAt: c.at, doneBy: c.by });
      await transition({}, 'measure_done', c.by, measureDoneData(m, c, owners.names[m.ownerOrgUnitId], onTime), `measure-${m.n}-done`, {
        measure: { id: m.id, changes: { status: m.status, doneAt: c.at } },
        facts: [
          fact('risk.measure_completed', `measure-${m.n}`, secondsBetween(plan.at, c.at), m.ownerOrgUnitId, { n: m.n, onTime, dueAt: m.dueAt }, owners.heads),
        ],
      });
    });
    // Verification opens when the measure is reported done or its due date passes.
    await condition(() => completed.has(m.taskId), Math.max(1, Date.parse(m.dueAt) - Date.now()));
    if (completed.has(m.taskId)) await execution;
    if (++atVerification === s.measures.length) {
      setPhase('verifying');
      await transition({ status: 'verifying' }, 'verification_open', 'SafeLoop', { dueAt: verificationDue }, 'verification-open');
    }
    const v: SafetyStep = { taskId: m.verifyTaskId, status: 'open', dueAt: null, doneAt: null, by: null, escalationLevel: 0, overdue: false };
    await humanTask(
      { id: m.verifyTaskId, taskType: 'risk.verify', ...verifyTaskText(m, item, owners.names[m.ownerOrgUnitId]), orgUnitId: units.safety, context: null },
      secondsUntil(verificationDue),
      () => completed.has(m.verifyTaskId),
      (h) => Object.assign(v, { dueAt: h.dueAt, escalationLevel: h.escalationLevel, overdue: h.breached }),
    );
    const c = completed.get(m.verifyTaskId)!;
    verified = true;
    await execution;
    const passed = settleVerification(m, c);
    if (!passed)
      await startFailedMeasureHazard(m, c, ra.resolveUser, { item, header, assessmentWorkflowId: workflowId, area: request.area, policy: pol, policyVersion });
    const failed = s.measures.filter((x) => x.status === 'failed').length;
    await transition(
      { failedMeasures: failed },
      passed ? 'measure_passed' : 'measure_failed',
      c.by,
      { n: m.n, description: m.description, reason: m.reason, hazardId: m.hazardId },
      `measure-${m.n}-verified`,
      {
        measure: { id: m.id, changes: { status: m.status, verifiedAt: c.at, verifiedBy: c.by, reason: m.reason, hazardId: m.hazardId } },
        facts: [fact('risk.measure_verified', `verify-${m.n}`, passed ? 1 : 0, m.ownerOrgUnitId, { n: m.n, passed, hazardId: m.hazardId }, owners.heads)],
      },
    );
  }
  if (patched(MEASURE_CHILDREN)) await measuresAsChildren();
  else await Promise.all(s.measures.map((m) => runMeasure(m)));

  // ---- 6. closed ------------------------------------------------------------------------------
  await Promise.all(background);
  s.closedAt = now();
  setPhase('closed');
  const failed = s.measures.filter((m) => m.status === 'failed');
  await transition(
    { status: 'closed', closedAt: s.closedAt, dueAt: null, overdue: false, escalationLevel: 0 },
    'closed',
    'SafeLoop',
    { measures: s.measures.length, failed: failed.length, hazards: failed.map((m) => m.hazardId), gaps: s.gaps.length },
    'closed',
  );
  if (oneStep) writes.next.withdraw!.push({ reason: 'the risk assessment is closed' });
  else await tasks.cancelOpenTasks({ workflowId, reason: 'the risk assessment is closed' });
  s.openTasks = [];
  upsertSearchAttributes([{ key: SA.overdue, value: false }]);
  await tell({
    dedupKey: `${workflowId}/closed`,
    audience: { kind: 'unit', orgUnitId: units.safety },
    severity: 'info',
    subject: text('risk.notice.closed', { header: headerText }),
    body: text(failed.length ? 'risk.notice.closed_body_hazards' : 'risk.notice.closed_body', {
      risks: s.register.length,
      measures: s.measures.length,
      failed: failed.length,
      gaps: s.gaps.length,
    }),
    link,
    source: workflowId,
  });
  if (oneStep) await writes.flush(); // the close: its record, the tasks withdrawn, its notice
  await condition(allHandlersFinished);
  return s;
}

export const RiskAssessmentWorkflow = cancellable(runRiskAssessmentWorkflow);
