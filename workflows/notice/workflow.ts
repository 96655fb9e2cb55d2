import { allHandlersFinished, condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { runHumanTask, type HumanTaskState } from '../shared/human-task';
import { text, when } from '../../domain/texts/text';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { TaskClaims } from '../shared/task-completions';
import { completeTaskUpdate, taskId } from '../shared/tasks';
import { noticeStateQuery, type NoticeInput, type NoticeState } from './messages';
import { cancellable } from '../shared/cancellation';
import { tasks } from '../shared/activity-options';

async function runSafetyNoticeWorkflow(input: NoticeInput): Promise<NoticeState> {
  const { workflowId } = workflowInfo();
  const ackTaskId = taskId(workflowId, 'acknowledge');
  const human: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
  let acknowledgedBy: string | null = null;
  let acknowledgedAt: string | null = null;

  const state = (): NoticeState => ({
    noticeId: input.noticeId,
    status: acknowledgedAt ? 'acknowledged' : 'awaiting_acknowledgement',
    taskId: ackTaskId,
    dueAt: human.dueAt,
    escalationLevel: human.escalationLevel,
    overdue: human.breached,
    acknowledgedBy,
    acknowledgedAt,
    policyVersion: input.policyVersion,
  });
  const claims = new TaskClaims();
  setHandler(noticeStateQuery, state);
  setHandler(
    completeTaskUpdate,
    async (c) => {
      const completedAt = await claims.take(c, () => tasks.recordTaskCompletion({ ...c, workflowId }));
      if (!acknowledgedAt) {
        acknowledgedBy = c.onBehalfOf ?? c.by;
        acknowledgedAt = completedAt;
      }
      return { taskId: c.taskId, completedAt };
    },
    {
      validator: (c) => {
        if (c.taskId !== ackTaskId) throw new Error(`task ${c.taskId} does not belong to this notice`);
        claims.refuseTaken(c.taskId);
      },
    },
  );

  upsertSearchAttributes([
    { key: SA.processType, value: 'notice' },
    { key: SA.status, value: 'awaiting_acknowledgement' },
    { key: SA.severity, value: input.severity },
    { key: SA.orgUnit, value: input.orgUnitId },
    { key: SA.department, value: input.orgUnitId },
  ]);

  await runHumanTask({
    policy: input.policy,
    task: {
      id: ackTaskId,
      processType: 'notice',
      taskType: 'notice.acknowledge',
      title: input.title,
      description: input.body,
      orgUnitId: input.orgUnitId,
      candidateRole: null,
      priority: input.severity,
    },
    slaSeconds: input.policy.sla.noticeAcknowledge,
    done: () => acknowledgedAt !== null,
    state: human,
    link: '/tasks',
  });
  await condition(allHandlersFinished);

  upsertSearchAttributes([{ key: SA.status, value: 'acknowledged' }]);
  await notify(input.policy, {
    dedupKey: `${workflowId}/acknowledged`,
    audience: { kind: 'unit', orgUnitId: input.orgUnitId, role: 'department_head' },
    severity: 'info',
    subject: text('notice.acknowledged', { title: input.title }),
    body: text('notice.acknowledged_body', { by: acknowledgedBy ?? '', at: when(acknowledgedAt ?? new Date()) }),
    link: '/tasks',
    source: workflowId,
  });
  await condition(allHandlersFinished);
  return state();
}

export const SafetyNoticeWorkflow = cancellable(runSafetyNoticeWorkflow);
