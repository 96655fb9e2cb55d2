import { allHandlersFinished, condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { runHumanTask, type HumanTaskState } from '../shared/human-task';
import { adjustmentReason, signed } from '../../domain/score-requests/texts';
import { text } from '../../domain/texts/text';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { openScoreRequest, scoring, sr } from '../shared/score-requests';
import { taskId, whoDid } from '../shared/tasks';
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
      title: text('adjustment.task.approve', {
        subject: input.subjectName,
        delta: signed(input.delta),
        line: input.lineCode ?? text('adjustment.total_short'),
      }),
      description: text('adjustment.task.approve_description', {
        by: input.proposedBy,
        delta: signed(input.delta),
        line: input.lineCode ? text('adjustment.line', { line: input.lineCode }) : text('adjustment.total'),
        subject: input.subjectName,
        period: input.cycleId.split(':').pop() ?? '',
        code: adjustmentReason(input.reasonCode),
        reason: input.text,
      }),
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
    subject: text(s.phase === 'approved' ? 'adjustment.notice.approved' : 'adjustment.notice.rejected', {
      subject: input.subjectName,
      delta: signed(input.delta),
    }),
    body: s.newVersion
      ? text('adjustment.notice.body_applied', { reason: String(c.payload.reason), by: whoDid(c), version: s.newVersion })
      : text('adjustment.notice.body', { reason: String(c.payload.reason), by: whoDid(c) }),
    link,
    source: workflowId,
  });
  // An update still recording its completion finishes before the process ends (its caller gets its answer).
  await condition(allHandlersFinished);
  return s;
}

export const ManualAdjustmentWorkflow = cancellable(runManualAdjustmentWorkflow);
