import { proxyActivities } from '@temporalio/workflow';
import type { ScoreRequestActivities } from '../../activities/score-requests';
import { RETRY, SHORT } from './activity-options';

/*
 * The activities of the score-request processes (appeal, manual adjustment, declaration),
 * proxied once with the timeouts they share.
 */
/** Short database writes: a worker that dies in one is replaced within 30 s. */
export const sr = proxyActivities<ScoreRequestActivities>(SHORT);
/** Rescoring the cycle may take minutes on a large group; it heartbeats, so a dead worker is noticed within a minute. */
export const scoring = proxyActivities<Pick<ScoreRequestActivities, 'applyScoreAdjustment'>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: RETRY,
});
