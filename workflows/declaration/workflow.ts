import { allHandlersFinished, condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { runHumanTask, type HumanTaskState } from '../shared/human-task';
import { declarationKind } from '../../domain/score-requests/texts';
import { text } from '../../domain/texts/text';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { openScoreRequest, sr } from '../shared/score-requests';
import { taskId, whoDid } from '../shared/tasks';
import { declarationStateQuery, type DeclarationInput, type DeclarationState } from './messages';
import { cancellable } from '../shared/cancellation';

async function runDeclarationWorkflow(input: DeclarationInput): Promise<DeclarationState> {
  const { workflowId } = workflowInfo();
  const { policy } = input;
  const s: DeclarationState = { phase: 'reviewing', taskId: null, reviewedBy: null, points: null };
  const completed = openScoreRequest({
    processType: 'declaration',
    state: s,
    query: declarationStateQuery,
    orgUnitId: input.departmentId,
    refuse: (c) => (c.by === input.declarant || c.onBehalfOf === input.declarant ? 'self-approval is not possible: someone else reviews a declaration' : null),
  });
  const id = taskId(workflowId, 'review');
  s.taskId = id;
  const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
  await runHumanTask({
    policy,
    task: {
      id,
      processType: 'declaration',
      taskType: 'declaration.review',
      title: text('declaration.task.review', { person: input.personName, title: input.title }),
      description: text('declaration.task.review_description', {
        person: input.personName,
        kind: declarationKind(input.kind),
        period: input.period,
        title: input.title,
      }),
      orgUnitId: input.departmentId,
      candidateRole: 'department_head',
      priority: 'info',
      context: { declarationId: input.declarationId, personId: input.personId, period: input.period },
    },
    slaSeconds: policy.sla.approval,
    done: () => completed.has(id),
    state: h,
    link: '/my-score',
  });
  const c = completed.get(id)!;
  s.reviewedBy = c.by;
  s.phase = c.payload.approved === true ? 'approved' : 'rejected';
  s.points = s.phase === 'approved' ? Number(c.payload.points) : null;
  await sr.recordDeclarationDecision({
    declarationId: input.declarationId,
    workflowId,
    approved: s.phase === 'approved',
    points: s.points,
    by: c.by,
    reason: String(c.payload.reason),
    periodEnd: input.periodEnd,
    policyVersion: input.policyVersion,
  });
  upsertSearchAttributes([{ key: SA.status, value: s.phase }]);
  await notify(policy, {
    dedupKey: `${workflowId}/decided`,
    audience: { kind: 'users', userIds: [input.declarantUserId] },
    severity: 'info',
    subject:
      s.phase === 'rejected'
        ? text('declaration.notice.rejected')
        : s.points
          ? text('declaration.notice.approved_points', { points: s.points })
          : text('declaration.notice.approved'),
    body: text('declaration.notice.body', { title: input.title, reason: String(c.payload.reason), by: whoDid(c) }),
    link: '/my-score',
    source: workflowId,
  });
  // An update still recording its completion finishes before the process ends (its caller gets its answer).
  await condition(allHandlersFinished);
  return s;
}

export const DeclarationWorkflow = cancellable(runDeclarationWorkflow);
