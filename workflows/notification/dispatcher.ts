import { condition, continueAsNew, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { NotificationActivities } from '../../activities/notifications';
import { NOTIFICATION_DISPATCHER_WAKE, type NotificationDispatcherInput } from './messages';

/** "Messages are due": sent by `recordNotification` with signal-with-start, so it also starts the dispatcher. */
export const wakeDispatcher = defineSignal(NOTIFICATION_DISPATCHER_WAKE);

/** Rounds before the dispatcher continues as new (a round is about ten events), unless the server suggests it sooner. */
const ROUNDS_PER_RUN = 300;
/**
 * The longest it sleeps with nothing due. Every message is followed by a wake signal, so this is
 * only a safety net (an hourly look at the outbox), not polling.
 */
const IDLE_MS = 3600_000;

/**
 * The notification dispatcher: one long-lived workflow per worker task queue
 * (`NotificationDispatcher:<queue>`), started and woken by signal-with-start whenever a step puts
 * notifications in the outbox (`recordNotification`, db/entities/notification-outbox.ts). Each
 * round runs one delivery activity on the notification queue that sends everything due; then it
 * sleeps until the next message falls due (quiet hours ending, a retry's backoff) or the next
 * wake signal, whichever comes first. Signals during a round are not lost: the flag they set
 * makes the next round start at once. Its state lives in the outbox, so a restart of workers or
 * of the server, a continue-as-new or even a terminated dispatcher loses nothing: the next wake
 * starts a new one, which finds the rows.
 */
export async function NotificationDispatcherWorkflow(input: NotificationDispatcherInput): Promise<void> {
  let woken = true;
  setHandler(wakeDispatcher, () => {
    woken = true;
  });
  const acts = proxyActivities<Pick<NotificationActivities, 'deliverDueNotifications'>>({
    taskQueue: input.deliveryQueue,
    // A round may send many messages; it heartbeats per message, so a dead worker is noticed in half a minute.
    startToCloseTimeout: '15 minutes',
    heartbeatTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  for (let round = 0; round < ROUNDS_PER_RUN && !workflowInfo().continueAsNewSuggested; round++) {
    woken = false;
    const { nextDueAt } = await acts.deliverDueNotifications();
    if (woken) continue;
    const wait = nextDueAt === null ? IDLE_MS : Math.min(Math.max(Date.parse(nextDueAt) - Date.now(), 0), IDLE_MS);
    if (wait > 0) await condition(() => woken, wait);
  }
  await continueAsNew<typeof NotificationDispatcherWorkflow>(input);
}
