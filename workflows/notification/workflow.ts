import { proxyActivities, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { NotificationActivities } from '../../activities/notifications';
import { deliveryTime } from '../../domain/quiet-hours';
import { SA } from '../shared/search-attributes';
import type { DeliverNotificationInput, DeliveryOutcome } from './messages';

const acts = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Delivers one alert to its audience over the channels its severity calls for. Quiet hours
 * defer non-critical messages with a durable timer (a restart loses nothing); critical ones go at
 * once. The workflow ID carries the de-duplication key, so the same alert is delivered once.
 */
export async function DeliverNotificationWorkflow(input: DeliverNotificationInput): Promise<DeliveryOutcome> {
  upsertSearchAttributes([
    { key: SA.processType, value: 'notification' },
    { key: SA.severity, value: input.severity },
    { key: SA.status, value: 'delivering' },
  ]);
  const channels = input.policy.notifications.channels[input.severity];
  const recipients = await acts.resolveAudience(input.audience);
  const personal = channels.filter((c): c is 'inapp' | 'email' => c !== 'webhook');
  let deferred = 0;

  const perRecipient = recipients.map(async (r) => {
    const deliverAt = deliveryTime(new Date(), r.quietHours ?? input.policy.quietHours.default, input.severity);
    const items = personal
      .filter((channel) => channel === 'inapp' || r.email)
      .map((channel) => ({ id: `${input.dedupKey}|${r.userId}|${channel}`, channel, recipientUserId: r.userId, address: channel === 'email' ? r.email : null }));
    if (items.length === 0) return;
    if (deliverAt) {
      deferred++;
      await acts.recordDeferred({ items, request: input, deliverAfter: deliverAt.toISOString() });
      await sleep(deliverAt.getTime() - Date.now());
    }
    for (const item of items) await acts.deliver({ item, request: input });
  });

  const hook = channels.includes('webhook') && input.policy.notifications.webhookUrl ? [acts.deliver({ item: { id: `${input.dedupKey}|webhook`, channel: 'webhook', recipientUserId: null, address: input.policy.notifications.webhookUrl }, request: input })] : [];

  await Promise.all([...perRecipient, ...hook]);
  upsertSearchAttributes([{ key: SA.status, value: 'delivered' }]);
  return { recipients: recipients.length, deferred, delivered: recipients.length };
}
