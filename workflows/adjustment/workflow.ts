import { allHandlersFinished, condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { runHumanTask, type HumanTaskState } from '../shared/human-task';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { openScoreRequest, scoring, sr } from '../shared/score-requests';
import { taskId } from '../shared/tasks';
import { adjustmentStateQuery, type AdjustmentInput, type AdjustmentState } from './messages';
import { cancellable } from '../shared/cancellation';

async function runManualAdjustmentWorkflow(input: AdjustmentInput): Promise<AdjustmentState> {
  const { workflowId } = workflowInfo();
  const { policy } = input;
  const s: AdjustmentState = { phase: 'pending', taskId: null, decidedBy: null, newVersion: null };
  const completed = openScoreRequest({
    processType: 'adjustment',
    state: s,
    query: adjustmentStateQuery,
    orgUnitId: input.scopeOrgUnitId,
    refuse: (c) =>
      c.by === input.proposedBy || c.onBehalfOf === input.proposedBy ? 'self-approval is not possible: a second person approves an adjustment' : null,
  });
  const link = `/scores/${encodeURIComponent(input.cycleId)}/${input.subjectType}/${input.subjectId}`;
  const id = taskId(workflowId, 'approve');
  s.taskId = id;
  const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
  await runHumanTask({
    policy,
    task: {
      id,
      processType: 'adjustment',
      taskType: 'adjustment.approve',
      title: `Approve a score adjustment: ${input.subjectName} ${input.delta > 0 ? '+' : ''}${input.delta} (${input.lineCode ?? 'total'})`,
      description: `${input.proposedBy} proposes ${input.delta > 0 ? '+' : ''}${input.delta} points on ${input.lineCode ? `the line "${input.lineCode}"` : 'the total'} of ${input.subjectName} (${input.cycleId.split(':').pop()}).\nReason (${input.reasonCode}): ${input.text}`,
      orgUnitId: input.scopeOrgUnitId,
      candidateRole: input.approverRole,
      priority: 'normal',
      context: { cycleId: input.cycleId, subjectType: input.subjectType, subjectId: input.subjectId, delta: input.delta, lineCode: input.lineCode },
    },
    slaSeconds: policy.sla.approval,
    done: () => completed.has(id),
    state: h,
    link,
  });
  const c = completed.get(id)!;
  s.decidedBy = c.by;
  if (c.payload.approved === true) {
    s.newVersion = await scoring.applyScoreAdjustment({
      workflowId,
      cycleId: input.cycleId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      lineCode: input.lineCode,
      delta: input.delta,
      reasonCode: input.reasonCode,
      text: input.text,
      proposedBy: input.proposedBy,
      approvedBy: c.by,
      kind: 'adjustment',
    });
    s.phase = 'approved';
  } else s.phase = 'rejected';
  await sr.recordAdjustmentDecision({
    adjustmentId: input.adjustmentId,
    approved: s.phase === 'approved',
    by: c.by,
    reason: String(c.payload.reason),
    newVersion: s.newVersion,
  });
  upsertSearchAttributes([{ key: SA.status, value: s.phase }]);
  await notify(policy, {
    dedupKey: `${workflowId}/decided`,
    audience: { kind: 'users', userIds: [input.proposerUserId] },
    severity: 'normal',
    subject: `Score adjustment ${s.phase}: ${input.subjectName} ${input.delta > 0 ? '+' : ''}${input.delta}`,
    body: `${String(c.payload.reason)}\nDecided by ${c.by}.${s.newVersion ? ` Applied as snapshot version ${s.newVersion}.` : ''}`,
    link,
    source: workflowId,
  });
  // An update still recording its completion finishes before the process ends (its caller gets its answer).
  await condition(allHandlersFinished);
  return s;
}

export const ManualAdjustmentWorkflow = cancellable(runManualAdjustmentWorkflow);
