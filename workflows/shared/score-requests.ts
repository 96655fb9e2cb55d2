import { proxyActivities } from '@temporalio/workflow';
import type { ScoreRequestActivities } from '../../activities/score-requests';

/*
 * The activities of the score-request processes (appeal, manual adjustment, declaration),
 * proxied once with the timeouts they share.
 */
const retry = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;
/** Short database writes: a worker that dies in one is replaced within 30 s. */
export const sr = proxyActivities<ScoreRequestActivities>({ startToCloseTimeout: '30 seconds', retry });
/** Rescoring the cycle may take minutes on a large group; it heartbeats, so a dead worker is noticed within a minute. */
export const scoring = proxyActivities<Pick<ScoreRequestActivities, 'applyScoreAdjustment'>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry,
});
