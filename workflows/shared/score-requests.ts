import { proxyActivities, setHandler, upsertSearchAttributes, workflowInfo, type QueryDefinition } from '@temporalio/workflow';
import type { ScoreRequestActivities } from '../../activities/score-requests';
import { LONG, proxyActivitiesOn, SHORT } from './activity-options';
import { SA } from './search-attributes';
import { acceptTaskCompletions, type Completed } from './task-completions';
import type { TaskCompletion } from './tasks';

/*
 * The activities of the score-request processes (appeal, manual adjustment, declaration),
 * proxied once with the timeouts they share.
 */
/** Short database writes: a worker that dies in one is replaced within 30 s. */
export const sr = proxyActivities<ScoreRequestActivities>(SHORT);
/** Rescoring the cycle may take minutes on a large group: on the scoring queue; it heartbeats, so a dead worker is noticed within a minute. */
export const scoring = proxyActivitiesOn<Pick<ScoreRequestActivities, 'applyScoreAdjustment'>>('scoring', LONG);

/**
 * The start of a score request, which waits on one inbox task at a time (`state.taskId`): its
 * state query, the completions of that task (`refuse`: who may not decide it, such as the person
 * who asked), and its search attributes. Returns the completions by task ID.
 */
export function openScoreRequest<S extends { phase: string; taskId: string | null }>(opts: {
  processType: 'appeal' | 'adjustment' | 'declaration';
  state: S;
  query: QueryDefinition<S>;
  orgUnitId: string;
  refuse: (c: TaskCompletion) => string | null;
}): Map<string, Completed> {
  const { processType, state: s } = opts;
  setHandler(opts.query, () => s);
  const completed = acceptTaskCompletions({ workflowId: workflowInfo().workflowId, what: processType, isOpen: (id) => id === s.taskId, refuse: opts.refuse });
  upsertSearchAttributes([
    { key: SA.processType, value: processType },
    { key: SA.status, value: s.phase },
    { key: SA.orgUnit, value: opts.orgUnitId },
  ]);
  return completed;
}
