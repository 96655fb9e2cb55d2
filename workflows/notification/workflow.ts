import { allHandlersFinished, condition, proxyLocalActivities, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { DeliveryItem, NotificationActivities, Recipient } from '../../activities/notifications';
import { deliveryTime } from '../../domain/quiet-hours';
import { proxyActivitiesOn } from '../shared/activity-options';
import { SA } from '../shared/search-attributes';
import type { DeliverNotificationInput, DeliveryOutcome } from './messages';

/** Sending (and recording deferred items) on the notifications queue, whose workers are rate-limited for the mail server. */
const acts = proxyActivitiesOn<Pick<NotificationActivities, 'deliverMany' | 'recordDeferred'>>('notifications', {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/** The audience look-up is read-only: a local activity, run inside the workflow task. */
const lookups = proxyLocalActivities<Pick<NotificationActivities, 'resolveAudience'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/*
 * Versioning example (docs/VERSIONING.md): the patch `notification-batched-delivery` (audience
 * looked up locally, everything due now sent in one activity) went through all three stages and is
 * gone: `patched()` beside the old per-item path, then `deprecatePatch()` alone once no delivery
 * started before it was running, then nothing once none started under `patched()` was running.
 * Histories recorded with its marker replay without a call (test/replay).
 */

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
  return deliverBatched(input, channels);
}

async function deliverBatched(input: DeliverNotificationInput, channels: Channels): Promise<DeliveryOutcome> {
  const recipients = await lookups.resolveAudience(input.audience);
  const personal = channels.filter((c): c is 'inapp' | 'email' => c !== 'webhook');
  const now: DeliveryItem[] = [];
  const later = new Map<number, DeliveryItem[]>();
  for (const r of recipients) {
    const items = itemsFor(input, personal, r);
    if (items.length === 0) continue;
    const deliverAt = deliveryTime(new Date(), r.quietHours ?? input.policy.quietHours.default, input.severity);
    if (deliverAt) later.set(deliverAt.getTime(), [...(later.get(deliverAt.getTime()) ?? []), ...items]);
    else now.push(...items);
  }
  const webhook = webhookItem(input, channels);
  if (webhook) now.push(webhook);
  const deferredRecipients = new Set([...later.values()].flat().map((i) => i.recipientUserId)).size;
  await allDelivered([
    now.length ? acts.deliverMany({ items: now, request: input }) : Promise.resolve(),
    ...[...later].map(async ([at, items]) => {
      await acts.recordDeferred({ items, request: input, deliverAfter: new Date(at).toISOString() });
      await sleep(at - Date.now());
      await acts.deliverMany({ items, request: input });
    }),
  ]);
  upsertSearchAttributes([{ key: SA.status, value: 'delivered' }]);
  await condition(allHandlersFinished);
  return { recipients: recipients.length, deferred: deferredRecipients, delivered: recipients.length };
}

/**
 * Waits for every delivery, also when one fails: a delivery that failed for good (a webhook
 * refusing the message) does not abandon the others, deferred ones included. The first failure
 * then fails the workflow (status `failed`), so it shows in Temporal with its reason.
 * (Deliveries retry until they succeed or fail for good, so histories recorded before this
 * have no failed delivery and replay unchanged.)
 */
async function allDelivered(deliveries: Promise<unknown>[]): Promise<void> {
  const failures: unknown[] = [];
  await Promise.all(
    deliveries.map((d) =>
      d.catch((err: unknown) => {
        failures.push(err);
      }),
    ),
  );
  if (failures.length) {
    upsertSearchAttributes([{ key: SA.status, value: 'failed' }]);
    throw failures[0];
  }
}

type Channels = DeliverNotificationInput['policy']['notifications']['channels'][DeliverNotificationInput['severity']];

/** One delivery item per personal channel a recipient can be reached on; its ID is the de-duplication key. */
function itemsFor(input: DeliverNotificationInput, personal: ('inapp' | 'email')[], r: Recipient): DeliveryItem[] {
  return personal
    .filter((channel) => channel === 'inapp' || r.email)
    .map((channel): DeliveryItem => ({
      id: `${input.dedupKey}|${r.userId}|${channel}`,
      channel,
      recipientUserId: r.userId,
      address: channel === 'email' ? r.email : null,
    }));
}

function webhookItem(input: DeliverNotificationInput, channels: Channels): DeliveryItem | null {
  const url = input.policy.notifications.webhookUrl;
  return channels.includes('webhook') && url ? { id: `${input.dedupKey}|webhook`, channel: 'webhook', recipientUserId: null, address: url } : null;
}
