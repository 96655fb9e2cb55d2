import { allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ImprovementPlanActivities } from '../../activities/improvement-plans';
import { runHumanTask, type HumanTaskState } from '../shared/human-task';
import { term, text, when, type Text } from '../../domain/texts/text';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { acceptTaskCompletions } from '../shared/task-completions';
import { taskId } from '../shared/tasks';
import { improvementPlanStateQuery, type ImprovementPlanInput, type ImprovementPlanState } from './messages';
import { cancellable } from '../shared/cancellation';
import { SHORT } from '../shared/activity-options';

const plans = proxyActivities<ImprovementPlanActivities>(SHORT);

async function runImprovementPlanWorkflow(input: ImprovementPlanInput): Promise<ImprovementPlanState> {
  const { workflowId } = workflowInfo();
  const { policy } = input;
  const s: ImprovementPlanState = { phase: 'planning', targets: null, measures: null, dueAt: null, checkedBy: null, openTasks: [] };
  const link = `/tasks`;
  setHandler(improvementPlanStateQuery, () => s);
  const completed = acceptTaskCompletions({
    workflowId,
    what: 'improvement plan',
    isOpen: (id) => s.openTasks.includes(id),
    onCompleted: (id) => (s.openTasks = s.openTasks.filter((t) => t !== id)),
  });
  upsertSearchAttributes([
    { key: SA.processType, value: 'improvement_plan' },
    { key: SA.status, value: s.phase },
    { key: SA.orgUnit, value: input.orgUnitId },
  ]);

  async function task(step: string, taskType: string, title: Text, description: Text, slaSeconds: number) {
    const id = taskId(workflowId, step);
    s.openTasks.push(id);
    const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
    await runHumanTask({
      policy,
      task: {
        id,
        processType: 'improvement_plan',
        taskType,
        title,
        description,
        orgUnitId: input.orgUnitId,
        candidateRole: 'department_head',
        priority: 'normal',
      },
      slaSeconds,
      done: () => completed.has(id),
      state: h,
      link,
    });
    return completed.get(id)!;
  }

  const plan = await task(
    'plan',
    'improvement.plan',
    text('plan.task.plan', { person: input.personName }),
    input.shortfall
      ? text('plan.task.plan_description_weakest', {
          person: input.personName,
          total: input.total,
          period: input.period,
          dimension: term(`dimension.${input.shortfall}`),
        })
      : text('plan.task.plan_description', { person: input.personName, total: input.total, period: input.period }),
    policy.sla.approval,
  );
  s.targets = String(plan.payload.targets);
  s.measures = String(plan.payload.measures);
  s.dueAt = String(plan.payload.dueAt);
  s.phase = 'in_progress';
  upsertSearchAttributes([
    { key: SA.status, value: s.phase },
    { key: SA.slaDeadline, value: new Date(s.dueAt) },
  ]);
  await plans.recordPlanEvent({
    workflowId,
    personId: input.personId,
    orgUnitId: input.orgUnitId,
    cycleId: input.cycleId,
    step: 'agreed',
    by: plan.by,
    data: { targets: s.targets, measures: s.measures, dueAt: s.dueAt },
  });

  // Reminders before the deadline (to the person and their department), then the supervisor checks completion.
  const due = Date.parse(s.dueAt);
  for (const offset of [...policy.reminders.beforeDeadline].sort((x, y) => y - x)) {
    const at = due - offset * 1000;
    if (at <= Date.now()) continue;
    await condition(() => false, at - Date.now());
    await notify(policy, {
      dedupKey: `${workflowId}/reminder/${offset}`,
      audience: { kind: 'unit', orgUnitId: input.orgUnitId },
      severity: 'normal',
      subject: text('plan.notice.reminder', { person: input.personName, due: when(s.dueAt) }),
      body: text('plan.notice.reminder_body', { targets: s.targets, measures: s.measures }),
      link,
      source: workflowId,
    });
    if (input.personUserId) {
      await notify(policy, {
        dedupKey: `${workflowId}/reminder/${offset}/person`,
        audience: { kind: 'users', userIds: [input.personUserId] },
        severity: 'normal',
        subject: text('plan.notice.reminder_own', { due: when(s.dueAt) }),
        body: text('plan.notice.reminder_body', { targets: s.targets, measures: s.measures }),
        link,
        source: workflowId,
      });
    }
  }
  await condition(() => false, Math.max(1000, due - Date.now()));
  s.phase = 'checking';
  const check = await task(
    'check',
    'improvement.check',
    text('plan.task.check', { person: input.personName }),
    text('plan.task.check_description', { targets: s.targets, measures: s.measures, due: when(s.dueAt) }),
    policy.sla.approval,
  );
  s.checkedBy = check.by;
  s.phase = check.payload.completed === true ? 'completed' : 'not_completed';
  upsertSearchAttributes([{ key: SA.status, value: s.phase }]);
  await plans.recordPlanEvent({
    workflowId,
    personId: input.personId,
    orgUnitId: input.orgUnitId,
    cycleId: input.cycleId,
    step: 'checked',
    by: check.by,
    data: { completed: check.payload.completed === true, note: check.payload.note },
    completed: check.payload.completed === true,
    policyVersion: input.policyVersion,
  });
  // An update still recording its completion finishes before the process ends (its caller gets its answer).
  await condition(allHandlersFinished);
  return s;
}

export const ImprovementPlanWorkflow = cancellable(runImprovementPlanWorkflow);
