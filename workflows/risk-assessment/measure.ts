import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
  WorkflowIdReusePolicy,
  workflowInfo,
} from '@temporalio/workflow';
import type { HazardActivities } from '../../activities/hazards';
import type { RiskAssessmentActivities } from '../../activities/risk-assessments';
import { secondsBetween } from '../../domain/emergency/rules';
import type { HazardInput } from '../hazard/messages';
import { hazardWorkflowId } from '../hazard/messages';
import { cancellable } from '../shared/cancellation';
import { runHumanTask, type HumanTaskState } from '../shared/human-task';
import { acceptTaskCompletions } from '../shared/task-completions';
import { measureAtVerificationSignal, riskMeasureStateQuery, type MeasureState, type RiskMeasureInput } from './messages';

const retry = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;
const ra = proxyActivities<Pick<RiskAssessmentActivities, 'recordRiskTransition' | 'resolveUser'>>({ startToCloseTimeout: '30 seconds', retry });
const hz = proxyActivities<Pick<HazardActivities, 'cancelTasks'>>({ startToCloseTimeout: '30 seconds', retry });

const SUSPECTED: Record<string, 'low' | 'medium' | 'high'> = { low: 'low', medium: 'medium', high: 'high', extreme: 'high' };

/**
 * One control measure of a risk assessment, run as its child: the owner reports it done (due
 * date, reminders, escalation), the safety hub verifies it once it is reported done or its due
 * date passed, and a failed verification starts a hazard process. Returns the measure's final state.
 */
async function runRiskMeasureWorkflow(input: RiskMeasureInput): Promise<MeasureState> {
  const { assessmentWorkflowId: parent, measure: m, item, owners, policy, header, link } = input;
  const { workflowId } = workflowInfo();
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
    const head = owners.heads[m.ownerOrgUnitId] ?? null;
    await ra.recordRiskTransition({
      assessmentId: input.assessmentId,
      workflowId: parent,
      changes: {},
      event: { id: `${parent}/${step}`, type, actor, at: now(), data },
      measure: { id: m.id, changes: measure },
      facts: [
        {
          id: `${parent}/${fact.step}`,
          kind: fact.kind,
          personId: head,
          attribution: head ? 'department_head' : 'none',
          orgUnitId: m.ownerOrgUnitId,
          departmentHeadPersonId: head,
          sourceWorkflowId: parent,
          subjectId: input.assessmentId,
          value: fact.value,
          occurredAt: now(),
          data: { ...fact.data, assessmentId: input.assessmentId, area: input.area },
          policyVersion: input.policyVersion,
        },
      ],
    });
  }

  function humanTask(
    task: { id: string; taskType: string; title: string; description: string; orgUnitId: string },
    slaSeconds: number,
    done: () => boolean,
  ): Promise<void> {
    open.add(task.id);
    const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
    return runHumanTask({
      policy,
      task: { ...task, context: null, processType: 'risk_assessment', candidateRole: null, priority: 'normal' },
      slaSeconds,
      done,
      state: h,
      link,
    });
  }

  // ---- execution: the owner reports it done by its due date ------------------------------------
  const execution = humanTask(
    {
      id: m.taskId,
      taskType: 'risk.measure',
      title: `Control measure: ${m.description}`,
      description: `Risk: ${item?.title ?? m.itemKey} (${item?.level ?? ''})\nAssessment: ${header}\nDue ${m.dueAt}; verification by the safety hub follows.`,
      orgUnitId: m.ownerOrgUnitId,
    },
    Math.max(1, Math.round((Date.parse(m.dueAt) - Date.now()) / 1000)),
    () => completed.has(m.taskId) || verified,
  ).then(async () => {
    if (!completed.has(m.taskId)) {
      await hz.cancelTasks({ workflowId, ids: [m.taskId], reason: 'verified before it was reported done' });
      open.delete(m.taskId);
      return;
    }
    const c = completed.get(m.taskId)!;
    const onTime = c.at <= m.dueAt;
    Object.assign(m, { status: m.status === 'planned' ? 'done' : m.status, doneAt: c.at, doneBy: c.by });
    await transition(
      'measure_done',
      c.by,
      {
        n: m.n,
        description: m.description,
        orgUnitName: owners.names[m.ownerOrgUnitId],
        summary: c.payload.summary,
        evidenceIds: c.payload.evidenceIds ?? [],
        onTime,
      },
      `measure-${m.n}-done`,
      { status: m.status, doneAt: c.at },
      {
        kind: 'risk.measure_completed',
        step: `measure-${m.n}`,
        value: secondsBetween(input.planAt, c.at),
        data: { n: m.n, onTime, dueAt: m.dueAt },
      },
    );
  });

  // ---- verification: opens when it is reported done or its due date passes -----------------------
  await condition(() => completed.has(m.taskId), Math.max(1, Date.parse(m.dueAt) - Date.now()));
  if (completed.has(m.taskId)) await execution;
  await getExternalWorkflowHandle(parent).signal(measureAtVerificationSignal, { n: m.n, changes: { status: m.status, doneAt: m.doneAt, doneBy: m.doneBy } });
  const done = m.status === 'done';
  await humanTask(
    {
      id: m.verifyTaskId,
      taskType: 'risk.verify',
      title: `Verify control measure: ${m.description}`,
      description: `Joint verification with ${owners.names[m.ownerOrgUnitId] ?? 'the owner'}.\nRisk: ${item?.title ?? m.itemKey}\n${done ? `Reported done ${m.doneAt} by ${m.doneBy}.` : `Not reported done by its due date ${m.dueAt}.`}\nA failed verification starts a hazard process.`,
      orgUnitId: input.safetyOrgUnitId,
    },
    Math.max(1, Math.round((Date.parse(input.verificationDueAt) - Date.now()) / 1000)),
    () => completed.has(m.verifyTaskId),
  );
  const c = completed.get(m.verifyTaskId)!;
  verified = true;
  await execution;
  const passed = c.payload.passed === true;
  Object.assign(m, { status: passed ? 'passed' : 'failed', verifiedAt: c.at, verifiedBy: c.by, reason: passed ? null : String(c.payload.reason ?? '') });
  if (!passed) {
    m.hazardId = uuid4();
    const reporter = await ra.resolveUser(c.by);
    const hazard: HazardInput = {
      report: {
        hazardId: m.hazardId,
        title: `Failed control measure: ${m.description}`.slice(0, 200),
        description: `The control measure "${m.description}" for the risk "${item?.title ?? m.itemKey}" failed joint verification: ${m.reason}\nFrom the risk assessment "${header}" (${parent}).`,
        category: 'other',
        area: input.area.slice(0, 200),
        orgUnitId: m.ownerOrgUnitId,
        suspectedSeverity: SUSPECTED[item?.level ?? 'medium'] ?? 'medium',
        evidenceIds: [],
        reporterUserId: reporter.userId,
        reporterPersonId: reporter.personId,
        reporterUsername: c.by,
        reportedAt: now(),
      },
      policy,
      policyVersion: input.policyVersion,
    };
    await startChild('HazardWorkflow', {
      workflowId: hazardWorkflowId(m.hazardId),
      args: [hazard],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  }
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
  await condition(allHandlersFinished);
  return m;
}

export const RiskMeasureWorkflow = cancellable(runRiskMeasureWorkflow);
