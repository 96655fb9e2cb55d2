import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { HazardActivities } from '../../activities/hazards';
import type { RiskAssessmentActivities, RiskAssessmentStep } from '../../activities/risk-assessments';
import { secondsBetween } from '../../domain/emergency/rules';
import type { Text } from '../../domain/texts/text';
import { cancellable } from '../shared/cancellation';
import { startDetached } from '../shared/children';
import { correctiveActionWorkflowId } from '../corrective-action/messages';
import { CorrectiveActionWorkflow } from '../corrective-action/workflow';
import { headFact } from '../shared/facts';
import { assignedNotice, runHumanTask, type HumanTaskState } from '../shared/human-task';
import { notifyInput } from '../shared/notify';
import type { NewTask } from '../shared/tasks';
import { StepWrites, settleOnCancellation, type CancelledWrites } from '../shared/step-writes';
import { acceptTaskCompletions, type Completed } from '../shared/task-completions';
import { awaitedLater, failedMeasureHazard, measureDoneData, measureTaskText, secondsUntil, settleVerification, verifyTaskText } from './measure-steps';
import { HazardWorkflow } from '../hazard/workflow';
import { measureAtVerificationSignal, riskMeasureStateQuery, type MeasureState, type RiskMeasureInput } from './messages';
import { SHORT } from '../shared/activity-options';
import { SA } from '../shared/search-attributes';

const ra = proxyActivities<Pick<RiskAssessmentActivities, 'recordRiskTransition' | 'resolveUser'>>(SHORT);
const hz = proxyActivities<Pick<HazardActivities, 'cancelTasks'>>(SHORT);
/** Patch marker: a measure that passed its verification is watched by a CorrectiveActionWorkflow running its effectiveness re-checks (a failed one reopens it for its owner). */
const MEASURE_RECHECKS = 'risk-measure-rechecks';
/** The verifier's look-up (ONE_STEP) as a local activity. */
const lookups = proxyLocalActivities<Pick<RiskAssessmentActivities, 'resolveUser'>>(SHORT);
/** A step's writes in one transaction (ONE_STEP). */
const steps = proxyLocalActivities<Pick<RiskAssessmentActivities, 'recordRiskAssessmentStep'>>(SHORT);
/**
 * Patch marker (issue 22, the assessment's `risk-assessment-one-step`): each step of a measure —
 * its task handed out with its notice; the report of it done with the verification task that
 * follows; the verification with the task it withdraws — is written by one local activity
 * (`recordRiskAssessmentStep`) in one transaction. Measures started before it replay unchanged.
 */
const ONE_STEP = 'risk-assessment-one-step';

/**
 * One control measure of a risk assessment, run as its child: the owner reports it done (due
 * date, reminders, escalation), the safety hub verifies it once it is reported done or its due
 * date passed, and a failed verification starts a hazard process. Returns the measure's final state.
 */
async function runRiskMeasureWorkflow(input: RiskMeasureInput): Promise<MeasureState> {
  return settleOnCancellation((cancelled) => riskMeasureProcess(input, cancelled));
}

async function riskMeasureProcess(input: RiskMeasureInput, cancelled: CancelledWrites): Promise<MeasureState> {
  const { assessmentWorkflowId: parent, measure: m, item, owners, policy, header, link } = input;
  const { workflowId } = workflowInfo();
  /** Whether this execution writes each step in one local activity (ONE_STEP); asked once, before any command of its own. */
  const oneStep = patched(ONE_STEP);
  const writes = new StepWrites<Omit<RiskAssessmentStep, 'assessmentId' | 'workflowId' | 'assessmentWorkflowId'>>(
    () => ({ transitions: [], withdraw: [], tasks: [], notifications: [] }),
    (batch) => steps.recordRiskAssessmentStep({ assessmentId: input.assessmentId, workflowId, assessmentWorkflowId: parent, ...batch }),
  );
  if (oneStep) cancelled.writes = writes;
  /** oneStep: set while the main line will flush the step the execution's end adds to (it then only adds its writes). */
  let mainFlushes = false;
  const now = () => new Date().toISOString();
  let verified = false;
  const open = new Set<string>();
  const completed = acceptTaskCompletions({ workflowId, what: 'risk assessment', isOpen: (id) => open.has(id), onCompleted: (id) => open.delete(id) });
  setHandler(riskMeasureStateQuery, () => m);

  async function transition(
    type: string,
    actor: string,
    data: Record<string, unknown>,
    step: string,
    measure: Record<string, unknown>,
    fact: { kind: string; step: string; value: number | null; data: Record<string, unknown> },
  ): Promise<void> {
    const t = {
      changes: {},
      event: { id: `${parent}/${step}`, type, actor, at: now(), data },
      measure: { id: m.id, changes: measure },
      facts: [
        headFact({
          workflowId: parent,
          step: fact.step,
          kind: fact.kind,
          value: fact.value,
          orgUnitId: m.ownerOrgUnitId,
          heads: owners.heads,
          subjectId: input.assessmentId,
          data: { ...fact.data, assessmentId: input.assessmentId, area: input.area },
          policyVersion: input.policyVersion,
        }),
      ],
    };
    if (oneStep) writes.next.transitions.push(t);
    else await ra.recordRiskTransition({ assessmentId: input.assessmentId, workflowId: parent, ...t });
  }

  function humanTask(
    task: { id: string; taskType: string; title: Text; description: Text; orgUnitId: string },
    slaSeconds: number,
    done: () => boolean,
  ): Promise<void> {
    open.add(task.id);
    const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
    const full = { ...task, context: null, processType: 'risk_assessment', candidateRole: null, priority: 'normal' } as const;
    let resume: { dueAt: string; escalationLevel: number } | undefined;
    if (oneStep) {
      // The task and its candidates' notice with the step's writes (the caller flushes); the helper runs it as resumed.
      const dueAt = new Date(Date.now() + slaSeconds * 1000).toISOString();
      const row: NewTask = { ...full, workflowId, dueAt };
      writes.next.tasks.push(row);
      writes.next.notifications.push(notifyInput(policy, assignedNotice(row, dueAt, link)));
      upsertSearchAttributes([
        { key: SA.slaDeadline, value: new Date(dueAt) },
        { key: SA.overdue, value: false },
      ]);
      resume = { dueAt, escalationLevel: 0 };
    }
    return runHumanTask({ policy, task: full, slaSeconds, done, state: h, link, ...(resume ? { resume } : {}) });
  }

  // ---- execution: the owner reports it done by its due date ------------------------------------
  const execution = awaitedLater(
    humanTask(
      { id: m.taskId, taskType: 'risk.measure', ...measureTaskText(m, item, header), orgUnitId: m.ownerOrgUnitId },
      secondsUntil(m.dueAt),
      () => completed.has(m.taskId) || verified,
    ).then(async () => {
      if (!completed.has(m.taskId)) {
        if (oneStep) writes.next.withdraw!.push({ ids: [m.taskId], reason: 'verified before it was reported done' });
        else await hz.cancelTasks({ workflowId, ids: [m.taskId], reason: 'verified before it was reported done' });
        open.delete(m.taskId);
        return;
      }
      const c = completed.get(m.taskId)!;
      const onTime = c.at <= m.dueAt;
      Object.assign(m, { status: m.status === 'planned' ? 'done' : m.status, doneAt: c.at, doneBy: c.by });
      await transition(
        'measure_done',
        c.by,
        measureDoneData(m, c, owners.names[m.ownerOrgUnitId], onTime),
        `measure-${m.n}-done`,
        { status: m.status, doneAt: c.at },
        {
          kind: 'risk.measure_completed',
          step: `measure-${m.n}`,
          value: secondsBetween(input.planAt, c.at),
          data: { n: m.n, onTime, dueAt: m.dueAt },
        },
      );
      if (oneStep && !mainFlushes) await writes.flush(); // reported done after its verification opened: a step of its own
    }),
  );
  if (oneStep) await writes.flush(); // the measure's task and its notice

  // ---- verification: opens when it is reported done or its due date passes -----------------------
  await condition(() => completed.has(m.taskId), Math.max(1, Date.parse(m.dueAt) - Date.now()));
  // (oneStep: the report of it done goes with the verification task that follows.)
  mainFlushes = true;
  if (completed.has(m.taskId)) await execution;
  await getExternalWorkflowHandle(parent).signal(measureAtVerificationSignal, { n: m.n, changes: { status: m.status, doneAt: m.doneAt, doneBy: m.doneBy } });
  const verification = awaitedLater(
    humanTask(
      { id: m.verifyTaskId, taskType: 'risk.verify', ...verifyTaskText(m, item, owners.names[m.ownerOrgUnitId]), orgUnitId: input.safetyOrgUnitId },
      secondsUntil(input.verificationDueAt),
      () => completed.has(m.verifyTaskId),
    ),
  );
  if (oneStep) await writes.flush();
  mainFlushes = false;
  await verification;
  const c = completed.get(m.verifyTaskId)!;
  verified = true;
  // (oneStep: the measure's task withdrawn, if it was never reported done, goes with the verification.)
  mainFlushes = true;
  await execution;
  const passed = settleVerification(m, c);
  if (!passed) await startFailedMeasureHazard(m, c, oneStep ? lookups.resolveUser : ra.resolveUser, input);
  await transition(
    passed ? 'measure_passed' : 'measure_failed',
    c.by,
    { n: m.n, description: m.description, reason: m.reason, hazardId: m.hazardId },
    `measure-${m.n}-verified`,
    { status: m.status, verifiedAt: c.at, verifiedBy: c.by, reason: m.reason, hazardId: m.hazardId },
    {
      kind: 'risk.measure_verified',
      step: `verify-${m.n}`,
      value: passed ? 1 : 0,
      data: { n: m.n, passed, hazardId: m.hazardId },
    },
  );
  if (oneStep) await writes.flush();
  if (passed && patched(MEASURE_RECHECKS)) {
    const actionId = `${input.assessmentId}-m${m.n}`;
    await startDetached(CorrectiveActionWorkflow, correctiveActionWorkflowId(actionId), [
      {
        actionId,
        n: m.n,
        source: { type: 'risk_assessment', id: input.assessmentId, workflowId: parent, title: header, link },
        kind: 'preventive',
        description: m.description,
        orgUnitId: m.ownerOrgUnitId,
        verifierOrgUnitId: input.safetyOrgUnitId,
        dueAt: m.dueAt,
        doneAt: c.at,
        policy,
        policyVersion: input.policyVersion,
      },
    ]);
  }
  await condition(allHandlersFinished);
  return m;
}

export const RiskMeasureWorkflow = cancellable(runRiskMeasureWorkflow);

/**
 * A failed verification's hazard process: a new `m.hazardId`, reported by the verifier (looked up
 * with `resolveUser`) and started detached. Shared with the assessments that run their measures
 * inline, so both record the same commands in the same order.
 */
export async function startFailedMeasureHazard(
  m: MeasureState,
  c: Completed,
  resolveUser: (username: string) => Promise<{ userId: string; personId: string | null }>,
  ctx: Parameters<typeof failedMeasureHazard>[3],
): Promise<void> {
  m.hazardId = uuid4();
  const reporter = await resolveUser(c.by);
  await startChild(HazardWorkflow, failedMeasureHazard(m, c, reporter, ctx));
}
