import { allHandlersFinished, condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { runHumanTask, trackHumanTask, type HumanTaskState } from '../shared/human-task';
import { signed } from '../../domain/score-requests/texts';
import { text } from '../../domain/texts/text';
import { notify } from '../shared/notify';
import { SA } from '../shared/search-attributes';
import { openScoreRequest, scoring, sr } from '../shared/score-requests';
import { taskId, whoDid } from '../shared/tasks';
import { appealStateQuery, type AppealInput, type AppealState } from './messages';
import { cancellable } from '../shared/cancellation';

async function runAppealWorkflow(input: AppealInput): Promise<AppealState> {
  const { workflowId } = workflowInfo();
  const { policy } = input;
  const s: AppealState = { phase: 'reviewing', reviewer: null, taskId: null, escalationLevel: 0, decidedBy: null, delta: null, newVersion: null };
  const completed = openScoreRequest({
    processType: 'appeal',
    state: s,
    query: appealStateQuery,
    orgUnitId: input.personOrgUnitId,
    refuse: (c) => (c.by === input.appellant ? 'an appeal is decided by someone other than the appellant' : null),
  });
  const link = `/scores/${encodeURIComponent(input.cycleId)}/person/${input.personId}`;

  s.reviewer = await sr.resolveAppealReviewer({ personOrgUnitId: input.personOrgUnitId, level: input.level });
  const id = taskId(workflowId, 'review');
  s.taskId = id;
  const h: HumanTaskState = { escalationLevel: 0, breached: false, dueAt: '' };
  await trackHumanTask(
    runHumanTask({
      policy,
      task: {
        id,
        processType: 'appeal',
        taskType: 'appeal.review',
        title: text(input.level === 2 ? 'appeal.task.review_second' : 'appeal.task.review', {
          appellant: input.appellant,
          line: input.lineCode,
          period: input.cycleId.split(':').pop() ?? '',
        }),
        description: text('appeal.task.review_description', {
          appellant: input.appellant,
          line: input.lineCode,
          version: input.snapshotVersion,
          reason: input.reason,
        }),
        orgUnitId: s.reviewer.orgUnitId,
        candidateRole: s.reviewer.role,
        priority: 'normal',
        context: { cycleId: input.cycleId, personId: input.personId, lineCode: input.lineCode, snapshotVersion: input.snapshotVersion, level: input.level },
      },
      slaSeconds: policy.sla.appealReview,
      done: () => completed.has(id),
      state: h,
      link,
    }),
    h,
    async () => {
      s.escalationLevel = h.escalationLevel;
    },
  );
  const c = completed.get(id)!;
  s.decidedBy = c.by;
  const evidenceIds = (c.payload.evidenceIds as string[] | undefined) ?? [];
  if (c.payload.decision === 'adjust') {
    s.delta = Number(c.payload.delta);
    s.newVersion = await scoring.applyScoreAdjustment({
      workflowId,
      cycleId: input.cycleId,
      subjectType: 'person',
      subjectId: input.personId,
      lineCode: input.lineCode,
      delta: s.delta,
      reasonCode: 'appeal',
      text: String(c.payload.reason),
      proposedBy: input.appellant,
      approvedBy: c.by,
      kind: 'appeal',
    });
    s.phase = 'adjusted';
  } else s.phase = 'upheld';
  await sr.recordAppealDecision({
    appealId: input.appealId,
    status: s.phase,
    by: c.by,
    reason: String(c.payload.reason),
    delta: s.delta,
    evidenceIds,
    newVersion: s.newVersion,
  });
  upsertSearchAttributes([
    { key: SA.status, value: s.phase },
    { key: SA.overdue, value: false },
  ]);
  await notify(policy, {
    dedupKey: `${workflowId}/decided`,
    audience: { kind: 'users', userIds: [input.appellantUserId] },
    severity: 'normal',
    subject: s.phase === 'adjusted' ? text('appeal.notice.accepted', { delta: signed(s.delta!) }) : text('appeal.notice.rejected'),
    body: text('appeal.notice.body', {
      reason: String(c.payload.reason),
      by: whoDid(c),
      version: s.newVersion ? text('appeal.notice.new_version', { version: s.newVersion }) : '',
      again: input.level === 1 ? text('appeal.notice.again') : '',
    }),
    link,
    source: workflowId,
  });
  // An update still recording its completion finishes before the process ends (its caller gets its answer).
  await condition(allHandlersFinished);
  return s;
}

export const AppealWorkflow = cancellable(runAppealWorkflow);
