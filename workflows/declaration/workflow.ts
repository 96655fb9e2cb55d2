import { proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ScoreRequestActivities } from '../../activities/score-requests';
import type { TaskActivities } from '../../activities/tasks';
import { runHumanTask, type HumanTaskState } from '../shared/human-task';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { completeTaskUpdate, taskId, type TaskCompletion } from '../shared/tasks';
import { declarationStateQuery, type DeclarationInput, type DeclarationState } from './messages';

const retry = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;
const tasks = proxyActivities<TaskActivities>({ startToCloseTimeout: '30 seconds', retry });
const sr = proxyActivities<ScoreRequestActivities>({ startToCloseTimeout: '30 seconds', retry });

export async function DeclarationWorkflow(input: DeclarationInput): Promise<DeclarationState> {
  const { workflowId } = workflowInfo();
  const { policy } = input;
  const completed = new Map<string, { by: string; at: string; payload: Record<string, unknown> }>();
  const s: DeclarationState = { phase: 'reviewing', taskId: null, reviewedBy: null, points: null };
  setHandler(declarationStateQuery, () => s);
  setHandler(
    completeTaskUpdate,
    async (c: TaskCompletion) => {
      const at = await tasks.recordTaskCompletion({ ...c, workflowId });
      completed.set(c.taskId, { by: c.by, at, payload: c.payload });
      return { taskId: c.taskId, completedAt: at };
    },
    {
      validator: (c) => {
        if (c.taskId !== s.taskId || completed.has(c.taskId)) throw new Error('this task is not open in the declaration');
        if (c.by === input.declarant || c.onBehalfOf === input.declarant) throw new Error('self-approval is not possible: someone else reviews a declaration');
      },
    },
  );
  upsertSearchAttributes([
    { key: SA.processType, value: 'declaration' },
    { key: SA.status, value: s.phase },
    { key: SA.orgUnit, value: input.departmentId },
  ]);
  const id = taskId(workflowId, 'review');
  s.taskId = id;
  const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
  await runHumanTask({
    policy,
    task: { id, processType: 'declaration', taskType: 'declaration.review', title: `Declaration by ${input.personName}: ${input.title}`, description: `${input.personName} declares (${input.kind.replace('_', ' ')}) for ${input.period}: ${input.title}. Approve with bonus points (the ruleset caps them per period) or reject, with a reason.`, orgUnitId: input.departmentId, candidateRole: 'department_head', priority: 'info', context: { declarationId: input.declarationId, personId: input.personId, period: input.period } },
    slaSeconds: policy.sla.approval,
    done: () => completed.has(id),
    state: h,
    link: '/my-score',
  });
  const c = completed.get(id)!;
  s.reviewedBy = c.by;
  s.phase = c.payload.approved === true ? 'approved' : 'rejected';
  s.points = s.phase === 'approved' ? Number(c.payload.points) : null;
  await sr.recordDeclarationDecision({ declarationId: input.declarationId, workflowId, approved: s.phase === 'approved', points: s.points, by: c.by, reason: String(c.payload.reason), periodEnd: input.periodEnd, policyVersion: input.policyVersion });
  upsertSearchAttributes([{ key: SA.status, value: s.phase }]);
  await notify(policy, { dedupKey: `${workflowId}/decided`, audience: { kind: 'users', userIds: [input.declarantUserId] }, severity: 'info', subject: `Your declaration was ${s.phase}${s.points ? `: +${s.points}` : ''}`, body: `${input.title}\n${String(c.payload.reason)}\nReviewed by ${c.by}.`, link: '/my-score', source: workflowId });
  return s;
}
